/**
 * The shapes `lib/diagram` hands to the renderer. They are plain,
 * JSON-serialisable objects that happen to match what React Flow expects
 * (`id`, `type`, `position`, `width`, `height`, `handles`, `data`), so a server
 * component can compute them at build time and pass them to the client as
 * props — and so React Flow can draw the whole diagram on the server.
 *
 * This module imports no React and no React Flow: the handle `position`
 * strings are React Flow's `Position` enum values written out.
 */
import type { InterfaceKind, LinkKind, MachineKind, NamespaceRole } from '@/lib/netsim';

/** A point in diagram coordinates (pixels at zoom 1). */
export interface Point {
  x: number;
  y: number;
}

/** A rectangle in diagram coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A connection point React Flow needs on the server (its `NodeHandle`). */
export interface DiagramHandle {
  id: string;
  type: 'source' | 'target';
  position: 'top' | 'bottom' | 'left' | 'right';
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A server box around the namespaces that live on it. */
export interface MachineData {
  [key: string]: unknown;
  label: string;
  kind: MachineKind;
}

/** Where a namespace's iptables rules are, so the diagram can mark them. */
export interface NetfilterSummary {
  /** `table/CHAIN` names that hold rules or a DROP policy, e.g. `nat/POSTROUTING`. */
  chains: string[];
  ruleCount: number;
}

/** A namespace boundary (or a whole single-namespace device such as the LAN switch). */
export interface NamespaceData {
  [key: string]: unknown;
  label: string;
  /** The machine label, when the box stands for the whole machine (switch, router, laptop, internet). */
  machineLabel?: string;
  machineKind: MachineKind;
  role: NamespaceRole;
  /** `net.ipv4.ip_forward`, shown for namespaces that could route. */
  ipForward: boolean;
  netfilter: NetfilterSummary | null;
  /** The heading's lines: 2 when the badges and role go under the name. */
  headLines: 1 | 2;
}

/** Which border of its namespace a port sits on. */
/** `corner`: the small `lo` chip in a namespace's top-right corner. */
export type PortSide = 'top' | 'bottom' | 'left' | 'right' | 'middle' | 'corner';

/** A network interface: a port on its namespace, or a bar for a bridge. */
export interface InterfaceData {
  [key: string]: unknown;
  name: string;
  kind: InterfaceKind;
  /** `address/prefix` strings. */
  addresses: string[];
  mac: string;
  mtu: number;
  side: PortSide;
  namespace: string;
  description?: string;
  /** vlan devices: the VLAN id; vxlan devices: the VNI. */
  vlanId?: number;
  vni?: number;
  /** Bridge ports: the bridge they are plugged into (interface id). */
  master?: string;
}

export type DiagramNodeType = 'machine' | 'namespace' | 'port' | 'bridge';

interface NodeBase<T extends DiagramNodeType, D> {
  id: string;
  type: T;
  position: Point;
  width: number;
  height: number;
  handles: DiagramHandle[];
  data: D;
  draggable: false;
  selectable: false;
  connectable: false;
  focusable: false;
}

export type MachineNode = NodeBase<'machine', MachineData>;
export type NamespaceNode = NodeBase<'namespace', NamespaceData>;
export type PortNode = NodeBase<'port', InterfaceData>;
export type BridgeNode = NodeBase<'bridge', InterfaceData>;
export type DiagramNode = MachineNode | NamespaceNode | PortNode | BridgeNode;

/** What an edge draws: one topology link, with its path already routed. */
export interface LinkData {
  [key: string]: unknown;
  kind: LinkKind;
  label?: string;
  taggedVlans?: number[];
  /** The routed polyline from the `source` end to the `target` end. */
  points: Point[];
  /** The same polyline as an SVG path `d`. */
  path: string;
  /** Where the label's centre sits: beside the line, clear of every box. */
  labelAt: Point;
  /** The label's extent (diagram coordinates), when there is a label. */
  labelBox?: Box;
  /** Interface ids at the two ends, in the order of `points`. */
  ends: [string, string];
}

export interface DiagramEdge {
  /** The topology link id. */
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
  type: 'link';
  data: LinkData;
  /** Set for labelled links: drawn above the nodes. */
  zIndex?: number;
  selectable: false;
  focusable: false;
}

/** A laid-out topology. */
export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Size of the whole drawing (its bounding box starts at 0,0). */
  width: number;
  height: number;
}
