/**
 * Trace → animation timeline: for every hop, where on the diagram it happens
 * (which nodes and edge light up), the polyline the packet token travels to
 * get there, and whether the walk should pause on it.
 *
 * The renderer only follows this plan; it never decides where a packet goes.
 */
import type { Hop, HopKind, Trace, Verdict } from '@/lib/netsim';
import { HOP_KIND_TEXT } from './hop-kinds';
import { FONT, PAD } from './labels';
import { interfaceNodeId, namespaceNodeId } from './layout';
import { bridgeTextBox, textBoxes } from './obstacles';
import { tokenText } from './packet-view';
import { besideCandidates, pickFree } from './placement';
import { sansWidth } from './text';
import type { Box, Diagram, DiagramEdge, Point } from './types';

/** A hop of a flow, request first and then (when shown) the reply. */
export interface FlowHop extends Hop {
  /** Position in the whole flow (request and reply hops numbered together). */
  index: number;
  phase: 'request' | 'reply';
}

/** One step of the animation; `steps[i]` belongs to `hops[i]`. */
export interface TimelineStep {
  /** The token's polyline from where the previous step left it to where this one rests. */
  path: Point[];
  /** Where on the diagram the hop happens (an interface's centre, a namespace's heading). */
  at: Point;
  /** The box of what the hop happens at: the interface (a bridge's name), or the namespace's heading. */
  target: Box;
  /** The whole device the hop happens at: the interface, or the whole namespace box. The camera keeps it in view when it fits. */
  device: Box;
  /** Where the token rests: beside `target`, covering no text. `path` ends at its centre. */
  token: Box;
  /** What the token says: an icon for the hop kind and the packet's protocol. */
  tokenText: string;
  /** Nodes to highlight: the namespace, and the interface when there is one. */
  nodeIds: string[];
  /** Edges to highlight: the link the packet is on (and the VXLAN tunnel it travels inside). */
  edgeIds: string[];
  /** Something happens here worth a pause (routing, NAT, encapsulation, a drop …). */
  pause: 'long' | 'short';
  /** Where, in words: the namespace label and the interface name, e.g. `host1 · docker0`. */
  where: string;
}

/** A flow ready to be walked on a diagram. */
export interface Timeline {
  hops: FlowHop[];
  steps: TimelineStep[];
  /** The request's verdict, and the reply's when the reply was walked. */
  verdicts: { phase: 'request' | 'reply'; verdict: Verdict; afterHop: number }[];
}

const LONG_PAUSE: ReadonlySet<HopKind> = new Set([
  'send',
  'route',
  'neighbour',
  'netfilter',
  'nat',
  'conntrack',
  'encapsulate',
  'decapsulate',
  'encrypt',
  'decrypt',
  'vlan-push',
  'vlan-pop',
  'proxy',
  'deliver',
  'drop',
]);

/**
 * Request hops then reply hops, numbered together.
 * @example flattenHops(trace).map((h) => `${h.phase}:${h.kind}`) // ['request:send', …, 'reply:deliver']
 */
export function flattenHops(trace: Trace): FlowHop[] {
  const request = trace.hops.map((hop, i) => ({ ...hop, index: i, phase: 'request' as const }));
  const reply = (trace.reply?.hops ?? []).map((hop, i) => ({ ...hop, index: request.length + i, phase: 'reply' as const }));
  return [...request, ...reply];
}

const centreOf = (box: Box): Point => ({ x: round(box.x + box.width / 2), y: round(box.y + box.height / 2) });
const round = (value: number) => Math.round(value * 10) / 10;
const same = (a: Point, b: Point) => Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5;

/**
 * Plan the packet walk of `trace` over `diagram`.
 *
 * @example
 * const diagram = layoutTopology(built.topology);
 * const timeline = buildTimeline(diagram, trace);
 * timeline.steps.length === timeline.hops.length; // true
 * timeline.steps[3].edgeIds; // ['veth:host1:vethb3c91ea~host1/c1:eth0'] on a transmit hop
 */
export function buildTimeline(diagram: Diagram, trace: Trace): Timeline {
  const boxes = new Map<string, Box>(diagram.nodes.map((node) => [node.id, { ...node.position, width: node.width, height: node.height }]));
  const edges = new Map<string, DiagramEdge>(diagram.edges.map((edge) => [edge.id, edge]));
  const tunnels = diagram.edges.filter((edge) => edge.data.kind === 'vxlan-tunnel');
  const vniOf = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const node of diagram.nodes) {
    if (node.type === 'namespace') labels.set(node.id, node.data.label);
    if (node.type === 'port' || node.type === 'bridge') {
      labels.set(node.id, node.data.name);
      if (node.data.vni !== undefined) vniOf.set(node.id, node.data.vni);
    }
  }

  const hops = flattenHops(trace);
  const steps: TimelineStep[] = [];
  const obstacles = textBoxes(diagram);
  // A bridge bar can be wider than a phone: the hop happens at its name.
  const barTexts = new Map(diagram.nodes.filter((node) => node.type === 'bridge').map((node) => [node.id, bridgeTextBox(node)]));
  const bounds: Box = { x: 0, y: 0, width: diagram.width, height: diagram.height };
  let previous: Point | undefined;
  let previousRest: Point | undefined;
  for (const hop of hops) {
    const nsNode = namespaceNodeId(hop.namespace);
    const ifNode = hop.interface ? interfaceNodeId(hop.interface) : undefined;
    const ifBox = ifNode ? boxes.get(ifNode) : undefined;
    const nsBox = boxes.get(nsNode);
    const nodeIds = [nsBox ? nsNode : undefined, ifBox ? ifNode : undefined].filter((id): id is string => !!id);
    const edgeIds: string[] = [];
    let at: Point;
    let path: Point[];

    const edge = hop.link ? edges.get(hop.link) : undefined;
    if (edge) {
      edgeIds.push(edge.id);
      // Travel the link from the end the packet leaves by.
      const forward = !hop.interface || edge.data.ends[0] === hop.interface;
      const points = forward ? edge.data.points : [...edge.data.points].reverse();
      const fromBox = boxes.get(interfaceNodeId(forward ? edge.data.ends[0] : edge.data.ends[1]));
      const toBox = boxes.get(interfaceNodeId(forward ? edge.data.ends[1] : edge.data.ends[0]));
      at = toBox ? centreOf(toBox) : (points[points.length - 1] as Point);
      path = [...(previous ? [previous] : []), ...(fromBox ? [centreOf(fromBox)] : []), ...points, at];
    } else {
      if (ifBox) {
        // A long bar (a bridge) is entered where the packet arrives, not at its middle.
        const wide = ifBox.width > ifBox.height * 4;
        at = wide && previous ? { x: round(Math.min(Math.max(previous.x, ifBox.x + 12), ifBox.x + ifBox.width - 12)), y: centreOf(ifBox).y } : centreOf(ifBox);
      } else if (nsBox) {
        at = centreOf(nsBox);
      } else {
        at = previous ?? { x: 0, y: 0 };
      }
      path = previous ? [previous, at] : [at];
    }

    // An encapsulated packet travels inside the tunnel: light it up too.
    const vxlan = hop.packet.find((header) => header.layer === 'vxlan');
    if (vxlan && vxlan.layer === 'vxlan') {
      for (const tunnel of tunnels) {
        if (vniOf.get(tunnel.source) === vxlan.vni || vniOf.get(tunnel.target) === vxlan.vni) edgeIds.push(tunnel.id);
      }
    }

    const nsLabel = labels.get(nsNode) ?? hop.namespace;
    const ifName = hop.interface ? (labels.get(interfaceNodeId(hop.interface)) ?? hop.interface.split(':').pop()) : undefined;
    const where = ifName ? `${nsLabel} · ${ifName}` : nsLabel;

    // The token rests beside what the hop happens at, never on its words.
    const pause = LONG_PAUSE.has(hop.kind) ? 'long' : 'short';
    // A verdict says its word too: the token then reads "✕ dropped · TCP :80 SYN".
    const kind = HOP_KIND_TEXT[hop.kind];
    const text = hop.kind === 'drop' || hop.kind === 'deliver' ? `${kind.icon} ${kind.text === 'drop' ? 'dropped' : 'delivered'} · ${tokenText(hop.packet)}` : `${kind.icon} ${tokenText(hop.packet)}`;
    const barText = ifNode !== undefined ? barTexts.get(ifNode) : undefined;
    const target = barText ?? targetBox(at, ifBox, nsBox);
    const device = ifBox ?? nsBox ?? target;
    const size = tokenSize(text);
    const token = round4(pickFree(besideCandidates(target, size.width, size.height, 6), obstacles, bounds));
    const rest = centreOf(token);
    const travel = dedupe([...(previousRest ? [previousRest] : []), ...path, rest]);
    steps.push({ path: travel, at, target, device, token, tokenText: text, nodeIds, edgeIds, pause, where });
    previous = at;
    previousRest = rest;
  }

  const verdicts: Timeline['verdicts'] = [{ phase: 'request', verdict: trace.verdict, afterHop: trace.hops.length - 1 }];
  if (trace.reply) verdicts.push({ phase: 'reply', verdict: trace.reply.verdict, afterHop: hops.length - 1 });
  return { hops, steps, verdicts };
}

/** What a hop happens at: its interface, else its namespace's heading. */
function targetBox(at: Point, ifBox: Box | undefined, nsBox: Box | undefined): Box {
  if (ifBox) return ifBox;
  if (nsBox) return { x: nsBox.x, y: nsBox.y, width: Math.min(nsBox.width, 220), height: 30 };
  return { x: at.x - 10, y: at.y - 10, width: 20, height: 20 };
}

/**
 * The token's size in diagram pixels for its text (one line, sans-serif).
 * @example tokenSize('✉ ICMP echo-request') // { width: ≈150, height: 27 }
 */
export function tokenSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(sansWidth(text, FONT.token, true) + PAD.token), height: Math.ceil(FONT.token * FONT.lineHeight + 12) };
}

const round4 = (box: Box): Box => ({ x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) });

function dedupe(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const point of points) if (!out.length || !same(out[out.length - 1] as Point, point)) out.push(point);
  return out;
}

/**
 * Length of a polyline, for timing the token's travel.
 * @example pathLength([{ x: 0, y: 0 }, { x: 30, y: 40 }]) // 50
 */
export function pathLength(points: readonly Point[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    length += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return length;
}

/** One step of the walk "by device": the hops the packet takes inside one namespace (or device), folded together. */
export interface DeviceStep {
  /** Index of the first and last hop of the group in the timeline. */
  first: number;
  last: number;
  /** The namespace (or device) the hops happen in. */
  namespace: string;
  /** Its name on the diagram, e.g. `host1` or `LAN switch`. */
  where: string;
  phase: 'request' | 'reply';
}

/**
 * The walk by device: consecutive hops in the same namespace become one step
 * (a packet crossing host1 — receive, bridge, route, netfilter, NAT, transmit
 * — is one step "host1"). Request and reply never share a step.
 *
 * @example
 * deviceSteps(timeline).map((s) => s.where) // ['c1', 'host1', 'LAN switch', 'router', 'the internet', …]
 */
export function deviceSteps(timeline: Timeline): DeviceStep[] {
  const groups: DeviceStep[] = [];
  timeline.hops.forEach((hop, index) => {
    const last = groups[groups.length - 1];
    if (last && last.namespace === hop.namespace && last.phase === hop.phase) {
      last.last = index;
      return;
    }
    const where = timeline.steps[index]?.where.split(' · ')[0] ?? hop.namespace;
    groups.push({ first: index, last: index, namespace: hop.namespace, where, phase: hop.phase });
  });
  return groups;
}

/**
 * The token's travel for a device step: the paths of its hops, one after the other.
 * @example devicePath(timeline, deviceSteps(timeline)[1]).length // ≥ 2
 */
export function devicePath(timeline: Timeline, group: DeviceStep): Point[] {
  const points: Point[] = [];
  for (let i = group.first; i <= group.last; i++) points.push(...(timeline.steps[i]?.path ?? []));
  return dedupe(points);
}
