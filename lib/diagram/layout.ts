/**
 * Topology → diagram: where every machine, namespace, interface and link is
 * drawn. Pure and deterministic (the same topology always gives the same
 * layout), and complete enough for React Flow to render on the server: every
 * node has a size and handles, every edge a routed path.
 *
 * The picture, top to bottom:
 *
 *   server machines, side by side     (host1, host2 …)
 *     containers                        tier 0
 *     root namespace + sandboxes        tier 1 (the overlay sandbox faces the other host)
 *   the LAN row                        laptop · switch · router · internet
 *
 * Inside a namespace box, interfaces are ports on the side facing what they
 * connect to (a container's eth0 at its bottom, the host end of that veth at
 * the top of the root namespace, a NIC at the bottom facing the switch, a
 * VXLAN device on the side facing the other host); bridges are bars in the
 * middle, under their ports. Links are orthogonal polylines between ports.
 */
import type { Link, Machine, Namespace, NetInterface, Topology } from '@/lib/netsim';
import { bridgeTextWidth, edgeLabelWidth, FONT, machineHeadWidth, namespaceHeadWidths, portTextWidth } from './labels';
import { alongCandidates, pickFree } from './placement';
import type {
  Box,
  Diagram,
  NamespaceData,
  DiagramEdge,
  DiagramHandle,
  DiagramNode,
  InterfaceData,
  NetfilterSummary,
  Point,
  PortSide,
} from './types';

/**
 * Sizes in diagram pixels. Ports are at least `portWidth` wide and grow, all
 * together, to the widest port text of the topology; a namespace heading
 * takes a second line when its badges do not fit beside its name.
 * `rowGap` leaves room for the packet token between two rows of ports.
 */
export const SIZES = {
  portWidth: 140,
  portHeight: 42,
  portGap: 10,
  bridgeHeight: 36,
  bridgeMinWidth: 136,
  nsPadding: 10,
  nsLabelHeight: 30,
  nsTwoLineLabelHeight: 48,
  rowGap: 34,
  nsGap: 24,
  tierGap: 64,
  machinePadding: 12,
  machineLabelHeight: 30,
  machineGap: 40,
  lanRowGap: 84,
  minNamespaceWidth: 170,
  loopbackWidth: 34,
  loopbackHeight: 20,
} as const;

/**
 * React Flow node id of a machine box. Machines, namespaces and interfaces
 * may share an id in the topology (host1 is both), so node ids are prefixed.
 * @example machineNodeId('host1') // 'm:host1'
 */
export const machineNodeId = (machineId: string) => `m:${machineId}`;
/**
 * React Flow node id of a namespace box.
 * @example namespaceNodeId('host1/web') // 'ns:host1/web'
 */
export const namespaceNodeId = (namespaceId: string) => `ns:${namespaceId}`;
/**
 * React Flow node id of an interface (port or bridge bar).
 * @example interfaceNodeId('host1:docker0') // 'if:host1:docker0'
 */
export const interfaceNodeId = (interfaceId: string) => `if:${interfaceId}`;

const SERVER_ROW = 0;
const LAN_ROW = 1;

/** Order of LAN-row devices, left to right. */
const LAN_ORDER: Record<string, number> = { 'lan-host': 0, switch: 1, router: 2, internet: 3, server: 4 };

interface NamespacePlan {
  ns: Namespace;
  machine: Machine;
  row: number;
  tier: number;
  /** Order among namespaces of the same tier of the same machine. */
  orderInTier: number;
  sides: Record<Exclude<PortSide, 'middle' | 'corner'>, NetInterface[]> & { middle: NetInterface[]; corner: NetInterface[] };
  box: Box;
  /** Whether this box stands for its whole machine (no separate machine box). */
  standsForMachine: boolean;
  /** Height of the heading: one line, or two when the badges go under the name. */
  headHeight: number;
}

interface MachinePlan {
  machine: Machine;
  row: number;
  orderInRow: number;
  box: Box;
  framed: boolean;
  /** Namespace plans per tier, in drawing order. */
  tiers: NamespacePlan[][];
}

/**
 * Lay a topology out as React Flow nodes and edges.
 *
 * @example
 * const diagram = layoutTopology(buildLab('default-bridge').topology);
 * diagram.nodes.find((n) => n.id === 'if:host1:docker0')?.type; // 'bridge'
 * diagram.edges.length; // one per drawn link
 */
export function layoutTopology(topology: Topology): Diagram {
  const interfaces = new Map(topology.interfaces.map((iface) => [iface.id, iface]));
  const namespaces = new Map(topology.namespaces.map((ns) => [ns.id, ns]));

  // ── machines: rows and order ───────────────────────────────────────────
  const servers = topology.machines.filter((m) => m.kind === 'server');
  // With one Docker host the top row has room: the internet goes up there,
  // above the router, so the drawing is not one long row of LAN devices.
  const internetUp = servers.length <= 1 ? topology.machines.filter((m) => m.kind === 'internet') : [];
  const topRow = [...servers, ...internetUp];
  const lanDevices = topology.machines
    .map((machine, index) => ({ machine, index }))
    .filter(({ machine }) => machine.kind !== 'server' && !internetUp.includes(machine))
    .sort((a, b) => (LAN_ORDER[a.machine.kind] ?? 9) - (LAN_ORDER[b.machine.kind] ?? 9) || a.index - b.index)
    .map(({ machine }) => machine);
  const machinePlans = new Map<string, MachinePlan>();
  topRow.forEach((machine, i) =>
    machinePlans.set(machine.id, { machine, row: SERVER_ROW, orderInRow: i, box: zeroBox(), framed: machine.kind === 'server' || machine.namespaces.length > 1, tiers: [] }),
  );
  lanDevices.forEach((machine, i) =>
    machinePlans.set(machine.id, { machine, row: LAN_ROW, orderInRow: i, box: zeroBox(), framed: machine.namespaces.length > 1, tiers: [] }),
  );

  // ── namespaces: tiers inside their machine ─────────────────────────────
  const nsPlans = new Map<string, NamespacePlan>();
  for (const plan of machinePlans.values()) {
    const { machine } = plan;
    const members = machine.namespaces.map((id) => namespaces.get(id)).filter((ns): ns is Namespace => !!ns);
    const containers = members.filter((ns) => ns.role === 'container');
    const rest = members.filter((ns) => ns.role !== 'container');
    // The overlay sandbox sits on the side facing the other hosts, so the
    // VXLAN tunnel between two hosts is a short straight line.
    const faceLeft = plan.row === SERVER_ROW && servers.length > 1 && plan.orderInRow >= servers.length / 2;
    const roots = rest.filter((ns) => ns.role === 'root');
    const others = rest.filter((ns) => ns.role !== 'root');
    // Sandboxes (an overlay network's namespace) get a tier of their own between
    // the containers and the root namespace: the host stays narrow, so the
    // whole network fits a laptop at a readable size, and the VXLAN tunnels
    // between hosts run straight across the gap at that tier. Links from the
    // containers to the root namespace go round the sandbox (see detours below).
    const sandboxes = others.filter((ns) => ns.role === 'sandbox');
    const otherRest = others.filter((ns) => ns.role !== 'sandbox');
    const lowerTier = faceLeft ? [...otherRest, ...roots] : [...roots, ...otherRest];
    plan.tiers = [containers, sandboxes, lowerTier]
      .filter((tier) => tier.length > 0)
      .map((tier, tierIndex) =>
        tier.map((ns, orderInTier) => {
          const nsPlan: NamespacePlan = {
            ns,
            machine,
            row: plan.row,
            tier: tierIndex,
            orderInTier,
            sides: { top: [], bottom: [], left: [], right: [], middle: [], corner: [] },
            box: zeroBox(),
            standsForMachine: !plan.framed,
            headHeight: SIZES.nsLabelHeight,
          };
          nsPlans.set(ns.id, nsPlan);
          return nsPlan;
        }),
      );
  }

  // ── interfaces: which side of their namespace ──────────────────────────
  const tunnelPeer = new Map<string, string>();
  for (const link of topology.links) {
    if (link.kind === 'vxlan-tunnel') {
      tunnelPeer.set(link.a, link.b);
      tunnelPeer.set(link.b, link.a);
    }
  }
  /** Where `other` is, seen from `self`: compares rows, tiers, then left/right order. */
  const direction = (self: NamespacePlan, other: NamespacePlan): Exclude<PortSide, 'middle' | 'corner'> => {
    const selfMachine = machinePlans.get(self.machine.id) as MachinePlan;
    const otherMachine = machinePlans.get(other.machine.id) as MachinePlan;
    if (self.row !== other.row) return other.row < self.row ? 'top' : 'bottom';
    if (self.machine.id !== other.machine.id) return otherMachine.orderInRow < selfMachine.orderInRow ? 'left' : 'right';
    if (self.tier !== other.tier) return other.tier < self.tier ? 'top' : 'bottom';
    return other.orderInTier < self.orderInTier ? 'left' : 'right';
  };
  for (const plan of nsPlans.values()) {
    const own = plan.ns.interfaces.map((id) => interfaces.get(id)).filter((i): i is NetInterface => !!i);
    const onlyLoopback = !own.some((i) => i.kind !== 'loopback');
    for (const iface of own) {
      // Beside other interfaces, lo is a small chip in the namespace's corner:
      // packets to 127.0.0.1 visibly stay inside, without widening the box.
      if (iface.kind === 'loopback' && !onlyLoopback) plan.sides.corner.push(iface);
      else plan.sides[sideOf(iface, plan)].push(iface);
    }
  }
  function sideOf(iface: NetInterface, plan: NamespacePlan): PortSide {
    const farEnd = (id: string | undefined) => {
      const other = id ? interfaces.get(id) : undefined;
      return other ? nsPlans.get(other.namespace) : undefined;
    };
    switch (iface.kind) {
      case 'loopback':
      case 'bridge':
        return 'middle';
      case 'veth':
      case 'physical': {
        const peer = farEnd(iface.peer);
        if (peer) return direction(plan, peer);
        return plan.row === SERVER_ROW ? 'bottom' : 'top';
      }
      case 'vxlan': {
        const peer = farEnd(tunnelPeer.get(iface.id));
        return peer ? direction(plan, peer) : 'middle';
      }
      case 'macvlan':
      case 'vlan': {
        const parent = farEnd(iface.parent);
        return parent && parent.ns.id !== plan.ns.id ? direction(plan, parent) : 'middle';
      }
      default:
        return 'middle';
    }
  }

  // ── sizes of namespace boxes (independent of port order) ───────────────
  const S = SIZES;
  // One width for every port, so rows line up: the widest port text decides.
  const portWidth = Math.ceil(
    Math.max(
      S.portWidth,
      ...topology.interfaces
        .filter((iface) => iface.kind !== 'bridge' && iface.kind !== 'loopback')
        .map((iface) => portTextWidth({ name: iface.name, kind: iface.kind, ...(iface.vlanId !== undefined ? { vlanId: iface.vlanId } : {}), addresses: iface.addresses.map((a) => `${a.address}/${a.prefixLength}`), ...(iface.vxlan ? { vni: iface.vxlan.vni } : {}), mac: iface.mac })),
    ),
  );
  const PAD_GAP = 6;
  const HEAD_PAD = 2 * 8 + 2 * 3;
  const bridgeMinWidth = (bridge: NetInterface) => Math.max(S.bridgeMinWidth, Math.ceil(bridgeTextWidth({ name: bridge.name, addresses: bridge.addresses.map((a) => `${a.address}/${a.prefixLength}`) })));
  const rowWidth = (count: number) => (count > 0 ? count * portWidth + (count - 1) * S.portGap : 0);
  for (const plan of nsPlans.values()) {
    const { top, bottom, left, right, middle } = plan.sides;
    const bridges = middle.filter((i) => i.kind === 'bridge');
    const others = middle.filter((i) => i.kind !== 'bridge');
    // A bridge spans the ports plugged into it (they sit in one run above or below it).
    const bridgeWidth = (bridge: NetInterface) =>
      Math.max(bridgeMinWidth(bridge), rowWidth(Math.max(...[top, bottom].map((row) => row.filter((port) => port.master === bridge.id).length))));
    const middleWidth =
      bridges.reduce((sum, bridge) => sum + bridgeWidth(bridge), 0) + rowWidth(others.length) + Math.max(0, bridges.length + (others.length ? 1 : 0) - 1) * S.portGap;
    const sideColumns = (left.length ? portWidth + S.portGap : 0) + (right.length ? portWidth + S.portGap : 0);
    const inner = Math.max(rowWidth(top.length), rowWidth(bottom.length), middleWidth);
    const hasMiddleRow = middle.length > 0 || left.length > 0 || right.length > 0;
    const sideStack = Math.max(left.length, right.length);
    const middleHeight = hasMiddleRow ? Math.max(S.portHeight, rowWidthVertical(sideStack)) : 0;
    const rows = [top.length ? S.portHeight : 0, middleHeight, bottom.length ? S.portHeight : 0].filter((h) => h > 0);
    // The heading: name, badges and role on one line when they fit beside the
    // lo chip; else the badges and role go on a second line; the box grows to
    // whichever line is longest (and to the name at overview size).
    const head = namespaceHeadWidths(namespaceData(plan));
    const chip = plan.sides.corner.length * (S.loopbackWidth + 4) + 4;
    const byPorts = Math.max(S.minNamespaceWidth, inner + sideColumns + 2 * S.nsPadding);
    const oneLine = head.title + PAD_GAP + head.rest + chip + HEAD_PAD;
    const twoLines = oneLine > byPorts;
    plan.headHeight = twoLines ? S.nsTwoLineLabelHeight : S.nsLabelHeight;
    const headNeeds = twoLines ? Math.max(head.title + chip, head.rest) + HEAD_PAD : oneLine;
    const height = plan.headHeight + rows.reduce((sum, h) => sum + h, 0) + Math.max(0, rows.length - 1) * S.rowGap + S.nsPadding;
    plan.box.width = Math.ceil(Math.max(byPorts, headNeeds, head.overview + HEAD_PAD));
    plan.box.height = Math.max(height, plan.headHeight + S.portHeight + S.nsPadding);
  }
  function rowWidthVertical(count: number) {
    return count > 0 ? count * S.portHeight + (count - 1) * S.portGap : 0;
  }
  function namespaceData(plan: NamespacePlan): NamespaceData {
    return {
      label: plan.ns.label,
      ...(plan.standsForMachine && plan.machine.label !== plan.ns.label ? { machineLabel: plan.machine.label } : {}),
      machineKind: plan.machine.kind,
      role: plan.ns.role,
      ipForward: plan.ns.ipForward,
      netfilter: summariseNetfilter(plan.ns),
      headLines: plan.headHeight > S.nsLabelHeight ? 2 : 1,
    };
  }

  // ── machines: sizes, then rows placed left to right ────────────────────
  for (const plan of machinePlans.values()) {
    const tierWidths = plan.tiers.map((tier) => tier.reduce((sum, ns) => sum + ns.box.width, 0) + (tier.length - 1) * S.nsGap);
    const tierHeights = plan.tiers.map((tier) => Math.max(...tier.map((ns) => ns.box.height)));
    const pad = plan.framed ? S.machinePadding : 0;
    const heading = plan.framed ? machineHeadWidth({ label: plan.machine.label, kind: plan.machine.kind }) + 24 - 2 * pad : 0;
    const inner = Math.max(0, heading, ...tierWidths);
    const labelHeight = plan.framed ? S.machineLabelHeight : 0;
    // A host with a tier between its containers and its root namespace keeps a
    // corridor each side of it for the links that pass it.
    const corridor = plan.tiers.length > 2 ? 2 * DETOUR_CORRIDOR : 0;
    plan.box.width = inner + corridor + 2 * pad;
    plan.box.height = labelHeight + tierHeights.reduce((sum, h) => sum + h, 0) + (plan.tiers.length - 1) * S.tierGap + (plan.framed ? pad : 0);
    // Namespace positions relative to the machine, each tier centred.
    let y = labelHeight;
    plan.tiers.forEach((tier, t) => {
      let x = pad + ((inner + corridor - (tierWidths[t] ?? 0)) / 2);
      const tierHeight = tierHeights[t] ?? 0;
      for (const ns of tier) {
        ns.box.x = x;
        ns.box.y = y + (tierHeight - ns.box.height) / 2;
        x += ns.box.width + S.nsGap;
      }
      y += tierHeight + S.tierGap;
    });
  }
  // A labelled link between two neighbours of a row (a VXLAN tunnel between
  // hosts, an 802.1Q trunk between router and switch) crosses the gap between
  // their boxes; its label sits in that gap, so the gap is as wide as the label.
  const machineOf = new Map<string, string>();
  for (const plan of nsPlans.values()) for (const id of plan.ns.interfaces) machineOf.set(id, plan.machine.id);
  const gapBetween = (left: MachinePlan, right: MachinePlan) => {
    const pair = new Set([left.machine.id, right.machine.id]);
    const labels = topology.links
      .filter((link) => pair.has(machineOf.get(link.a) ?? '') && pair.has(machineOf.get(link.b) ?? '') && machineOf.get(link.a) !== machineOf.get(link.b))
      .map((link) => linkLabel(link))
      .filter((label): label is string => !!label);
    return Math.ceil(Math.max(S.machineGap, ...labels.map((label) => edgeLabelWidth(label) + 28)));
  };
  const gapsOf = (plans: MachinePlan[]) => plans.map((plan, i) => (i + 1 < plans.length ? gapBetween(plan, plans[i + 1] as MachinePlan) : 0));
  const rowsOf = (row: number) => [...machinePlans.values()].filter((p) => p.row === row).sort((a, b) => a.orderInRow - b.orderInRow);
  const rowExtent = (row: number) => {
    const plans = rowsOf(row);
    return {
      width: plans.reduce((sum, p) => sum + p.box.width, 0) + gapsOf(plans).reduce((sum, gap) => sum + gap, 0),
      height: Math.max(0, ...plans.map((p) => p.box.height)),
    };
  };
  const serverExtent = rowExtent(SERVER_ROW);
  const lanExtent = rowExtent(LAN_ROW);
  const totalWidth = Math.max(serverExtent.width, lanExtent.width);
  const lanY = serverExtent.height > 0 ? serverExtent.height + S.lanRowGap : 0;
  for (const [row, extent, y] of [
    [SERVER_ROW, serverExtent, 0],
    [LAN_ROW, lanExtent, lanY],
  ] as const) {
    let x = (totalWidth - extent.width) / 2;
    const plans = rowsOf(row);
    const gaps = gapsOf(plans);
    for (const [index, plan] of plans.entries()) {
      plan.box.x = x;
      // LAN devices line up on their vertical centres; servers on their tops;
      // a lone device in the top row sits low, near the LAN it is cabled to.
      plan.box.y = row === LAN_ROW ? y + (extent.height - plan.box.height) / 2 : plan.framed ? y : y + extent.height - plan.box.height;
      x += plan.box.width + (gaps[index] ?? 0);
      for (const tier of plan.tiers) {
        for (const ns of tier) {
          ns.box.x += plan.box.x;
          ns.box.y += plan.box.y;
        }
      }
    }
  }

  // ── ports: order within each side, then positions ──────────────────────
  const ifaceBoxes = new Map<string, Box>();
  const placedCentre = (id: string | undefined): number | undefined => {
    const box = id ? ifaceBoxes.get(id) : undefined;
    return box ? box.x + box.width / 2 : undefined;
  };
  const topologyIndex = new Map(topology.interfaces.map((iface, i) => [iface.id, i]));
  const bridgeIndex = (iface: NetInterface) => (iface.master ? (topologyIndex.get(iface.master) ?? 0) : Number.MAX_SAFE_INTEGER);
  const farEndOf = (iface: NetInterface) => iface.peer ?? iface.parent ?? tunnelPeer.get(iface.id);
  // Place in reading order so a port can line up with a peer already placed above it.
  const placementOrder = [...nsPlans.values()].sort((a, b) => a.row - b.row || a.tier - b.tier || a.box.x - b.box.x);
  for (const plan of placementOrder) {
    const { box, sides } = plan;
    const order = (list: NetInterface[]) =>
      [...list].sort(
        (a, b) =>
          bridgeIndex(a) - bridgeIndex(b) ||
          (placedCentre(farEndOf(a)) ?? Infinity) - (placedCentre(farEndOf(b)) ?? Infinity) ||
          (topologyIndex.get(a.id) ?? 0) - (topologyIndex.get(b.id) ?? 0),
      );
    const leftColumn = sides.left.length ? portWidth + S.portGap : 0;
    const contentLeft = box.x + S.nsPadding + leftColumn;
    const contentWidth = box.width - 2 * S.nsPadding - leftColumn - (sides.right.length ? portWidth + S.portGap : 0);
    let y = box.y + plan.headHeight;
    const placeRow = (list: NetInterface[], rowY: number) => {
      const width = rowWidth(list.length);
      let x = contentLeft + (contentWidth - width) / 2;
      for (const iface of order(list)) {
        ifaceBoxes.set(iface.id, { x, y: rowY, width: portWidth, height: S.portHeight });
        x += portWidth + S.portGap;
      }
    };
    if (sides.top.length) {
      placeRow(sides.top, y);
      y += S.portHeight + S.rowGap;
    }
    const hasMiddleRow = sides.middle.length > 0 || sides.left.length > 0 || sides.right.length > 0;
    const middleHeight = hasMiddleRow ? Math.max(S.portHeight, rowWidthVertical(Math.max(sides.left.length, sides.right.length))) : 0;
    const bottomY = box.y + box.height - S.nsPadding - S.portHeight;
    if (sides.bottom.length) placeRow(sides.bottom, bottomY);
    if (hasMiddleRow) {
      const middleY = sides.top.length ? y : sides.bottom.length ? Math.min(y, bottomY - S.rowGap - middleHeight) : y;
      const centreY = middleY + middleHeight / 2;
      const stack = (list: NetInterface[], x: number) => {
        let stackY = centreY - rowWidthVertical(list.length) / 2;
        for (const iface of order(list)) {
          ifaceBoxes.set(iface.id, { x, y: stackY, width: portWidth, height: S.portHeight });
          stackY += S.portHeight + S.portGap;
        }
      };
      stack(sides.left, box.x + S.nsPadding);
      stack(sides.right, box.x + box.width - S.nsPadding - portWidth);
      // Bridges span the ports plugged into them; other devices follow.
      let cursor = contentLeft;
      const bridges = sides.middle.filter((i) => i.kind === 'bridge');
      const others = sides.middle.filter((i) => i.kind !== 'bridge');
      const spanOf = (bridge: NetInterface) => {
        const xs = [...sides.top, ...sides.bottom]
          .filter((port) => port.master === bridge.id)
          .map((port) => ifaceBoxes.get(port.id))
          .filter((b): b is Box => !!b);
        return xs.length ? { from: Math.min(...xs.map((b) => b.x)), to: Math.max(...xs.map((b) => b.x + b.width)) } : undefined;
      };
      // Bridges with ports go under them first; bridges with none follow.
      const withSpans = bridges.map((bridge) => ({ bridge, span: spanOf(bridge) }));
      const ordered = [...withSpans.filter((b) => b.span).sort((a, b) => (a.span?.from ?? 0) - (b.span?.from ?? 0)), ...withSpans.filter((b) => !b.span)];
      for (const { bridge, span } of ordered) {
        const x = Math.max(cursor, span?.from ?? cursor);
        const width = Math.max(bridgeMinWidth(bridge), (span?.to ?? 0) - x);
        ifaceBoxes.set(bridge.id, { x, y: centreY - S.bridgeHeight / 2, width, height: S.bridgeHeight });
        cursor = x + width + S.portGap;
      }
      const othersStart = bridges.length ? cursor : contentLeft + (contentWidth - rowWidth(others.length)) / 2;
      others.forEach((iface, i) => {
        ifaceBoxes.set(iface.id, { x: othersStart + i * (portWidth + S.portGap), y: centreY - S.portHeight / 2, width: portWidth, height: S.portHeight });
      });
      // A bridge lined up under its ports may push the devices after it out of
      // the box: slide the middle row back in.
      const middleBoxes = sides.middle.map((iface) => ifaceBoxes.get(iface.id)).filter((b): b is Box => !!b);
      const overflow = Math.max(0, ...middleBoxes.map((b) => b.x + b.width)) - (contentLeft + contentWidth);
      const room = Math.min(...middleBoxes.map((b) => b.x)) - contentLeft;
      const shift = Math.min(overflow, room);
      if (shift > 0) for (const b of middleBoxes) b.x -= shift;
    }
  }

  for (const plan of placementOrder) {
    plan.sides.corner.forEach((iface, i) => {
      ifaceBoxes.set(iface.id, {
        x: plan.box.x + plan.box.width - S.nsPadding - (i + 1) * (S.loopbackWidth + 4) + 4,
        y: plan.box.y + (S.nsLabelHeight - S.loopbackHeight) / 2,
        width: S.loopbackWidth,
        height: S.loopbackHeight,
      });
    });
  }

  // ── nodes ──────────────────────────────────────────────────────────────
  const nodes: DiagramNode[] = [];
  const fixed = { draggable: false, selectable: false, connectable: false, focusable: false } as const;
  for (const plan of [...machinePlans.values()].sort((a, b) => a.row - b.row || a.orderInRow - b.orderInRow)) {
    if (!plan.framed) continue;
    nodes.push({
      id: machineNodeId(plan.machine.id),
      type: 'machine',
      ...geometry(plan.box),
      data: { label: plan.machine.label, kind: plan.machine.kind },
      ...fixed,
    });
  }
  for (const plan of placementOrder) {
    nodes.push({
      id: namespaceNodeId(plan.ns.id),
      type: 'namespace',
      ...geometry(plan.box),
      data: namespaceData(plan),
      ...fixed,
    });
  }
  for (const plan of placementOrder) {
    for (const side of ['corner', 'top', 'left', 'middle', 'right', 'bottom'] as const) {
      for (const iface of plan.sides[side]) {
        const box = ifaceBoxes.get(iface.id);
        if (!box) continue;
        const data: InterfaceData = {
          name: iface.name,
          kind: iface.kind,
          addresses: iface.addresses.map((a) => `${a.address}/${a.prefixLength}`),
          mac: iface.mac,
          mtu: iface.mtu,
          side,
          namespace: iface.namespace,
          ...(iface.description ? { description: iface.description } : {}),
          ...(iface.vlanId !== undefined ? { vlanId: iface.vlanId } : {}),
          ...(iface.vxlan ? { vni: iface.vxlan.vni } : {}),
          ...(iface.master ? { master: iface.master } : {}),
        };
        const common = { id: interfaceNodeId(iface.id), ...geometry(box), data, ...fixed };
        nodes.push(iface.kind === 'bridge' ? { ...common, type: 'bridge' } : { ...common, type: 'port' });
      }
    }
  }

  // ── edges ──────────────────────────────────────────────────────────────
  // A link's label goes beside its line where it covers no box and no other
  // label: the middle of the longest run first, then other spots along it.
  const labelObstacles: Box[] = nodes
    .filter((node) => node.type !== 'machine')
    .map((node) => ({ ...node.position, width: node.width, height: node.height }));
  for (const plan of machinePlans.values()) {
    if (plan.framed) labelObstacles.push({ x: plan.box.x, y: plan.box.y, width: machineHeadWidth({ label: plan.machine.label, kind: plan.machine.kind }) + 24, height: S.machineLabelHeight });
  }
  const edges: DiagramEdge[] = [];
  let bend = 0;
  for (const link of topology.links) {
    const a = ifaceBoxes.get(link.a);
    const b = ifaceBoxes.get(link.b);
    if (!a || !b) continue;
    const points = routeLink(a, b, bend++);
    const label = linkLabel(link);
    let labelBox: Box | undefined;
    if (label) {
      const width = Math.ceil(edgeLabelWidth(label)) + 8;
      const height = Math.ceil(FONT.edge * FONT.lineHeight) + 4;
      labelBox = roundBox(pickFree(alongCandidates(points, width, height, 4), labelObstacles));
      labelObstacles.push(labelBox);
    }
    edges.push({
      id: link.id,
      source: interfaceNodeId(link.a),
      target: interfaceNodeId(link.b),
      sourceHandle: 'out',
      targetHandle: 'in',
      type: 'link',
      data: {
        kind: link.kind,
        ...(label ? { label } : {}),
        ...(link.taggedVlans?.length ? { taggedVlans: link.taggedVlans } : {}),
        points,
        path: toPath(points),
        labelAt: labelBox ? { x: round(labelBox.x + labelBox.width / 2), y: round(labelBox.y + labelBox.height / 2) } : labelPoint(points),
        ...(labelBox ? { labelBox } : {}),
        ends: [link.a, link.b],
      },
      // Labelled links are drawn above the boxes, so no box hides their label.
      ...(label ? { zIndex: 1 } : {}),
      selectable: false,
      focusable: false,
    });
  }

  // Links that would pass under a namespace box they do not belong to (a
  // container's veth down to the root namespace, past the overlay sandbox)
  // go round it instead, on the side where they cross fewer other links.
  const nsBoxes = [...nsPlans.values()].map((plan) => ({ id: plan.ns.id, box: plan.box }));
  const namespaceOf = (ifaceId: string) => interfaces.get(ifaceId)?.namespace;
  for (const edge of edges) {
    const [endA, endB] = edge.data.ends;
    const own = new Set([namespaceOf(endA), namespaceOf(endB)]);
    const blocker = nsBoxes.find(({ id, box }) => !own.has(id) && crossesBox(edge.data.points, box));
    if (!blocker) continue;
    const p = edge.data.points[0] as Point;
    const q = edge.data.points[edge.data.points.length - 1] as Point;
    const { box } = blocker;
    const leavesSideways = Math.abs((edge.data.points[1] as Point).y - p.y) < 0.5;
    let candidates: Point[][];
    if (leavesSideways) {
      // A cable between two boxes of a row, with another box between them: under it or over it.
      const step = q.x > p.x ? 12 : -12;
      candidates = [box.y + box.height + DETOUR_CORRIDOR / 2, box.y - DETOUR_CORRIDOR / 2].map((y) => [p, { x: p.x + step, y: p.y }, { x: p.x + step, y }, { x: q.x - step, y }, { x: q.x - step, y: q.y }, q]);
    } else {
      // A link down past a middle tier: round its left or right side.
      const above = (p.y + box.y) / 2;
      const below = (box.y + box.height + q.y) / 2;
      candidates = [box.x - DETOUR_CORRIDOR / 2, box.x + box.width + DETOUR_CORRIDOR / 2].map((x) => [p, { x: p.x, y: above }, { x, y: above }, { x, y: below }, { x: q.x, y: below }, q]);
    }
    candidates = candidates.map((points) => points.map((point) => ({ x: round(point.x), y: round(point.y) })));
    const others = edges.filter((other) => other !== edge);
    const underBoxes = (points: Point[]) => nsBoxes.filter(({ id, box: b }) => !own.has(id) && crossesBox(points, b)).length;
    const crossings = (points: Point[]) => others.reduce((sum, other) => sum + countCrossings(points, other.data.points), 0);
    const best = candidates.sort((m, n) => underBoxes(m) - underBoxes(n) || crossings(m) - crossings(n))[0] as Point[];
    edge.data.points = best;
    edge.data.path = toPath(best);
    if (!edge.data.labelBox) edge.data.labelAt = labelPoint(best);
  }

  // A margin all round, so the packet token has room beside the outermost boxes.
  const M = MARGIN;
  for (const node of nodes) node.position = { x: round(node.position.x + M), y: round(node.position.y + M) };
  for (const edge of edges) {
    const move = (p: Point): Point => ({ x: round(p.x + M), y: round(p.y + M) });
    edge.data.points = edge.data.points.map(move);
    edge.data.path = toPath(edge.data.points);
    edge.data.labelAt = move(edge.data.labelAt);
    if (edge.data.labelBox) edge.data.labelBox = { ...edge.data.labelBox, ...move(edge.data.labelBox) };
  }
  const width = Math.ceil(Math.max(totalWidth, ...nodes.map((n) => n.position.x - M + n.width)) + 2 * M);
  const height = Math.ceil(Math.max(lanY + lanExtent.height, ...nodes.map((n) => n.position.y - M + n.height)) + 2 * M);
  return { nodes, edges, width, height };
}

/** Room around the drawing for the packet token (a token is about 27 px tall). */
export const MARGIN = 36;
/** Width of the corridor beside a middle tier that links to the tier below it run in. */
const DETOUR_CORRIDOR = 28;

/** Whether an orthogonal polyline runs through the inside of `box`. */
function crossesBox(points: readonly Point[], box: Box): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const x1 = Math.min(a.x, b.x);
    const x2 = Math.max(a.x, b.x);
    const y1 = Math.min(a.y, b.y);
    const y2 = Math.max(a.y, b.y);
    if (x2 > box.x + 1 && x1 < box.x + box.width - 1 && y2 > box.y + 1 && y1 < box.y + box.height - 1) return true;
  }
  return false;
}

/** How many times two orthogonal polylines cross. */
function countCrossings(a: readonly Point[], b: readonly Point[]): number {
  let count = 0;
  for (let i = 1; i < a.length; i++) {
    for (let j = 1; j < b.length; j++) {
      const [p1, p2, q1, q2] = [a[i - 1] as Point, a[i] as Point, b[j - 1] as Point, b[j] as Point];
      const pv = Math.abs(p1.x - p2.x) < 0.5;
      const qv = Math.abs(q1.x - q2.x) < 0.5;
      if (pv === qv) continue;
      const [v1, v2, h1, h2] = pv ? [p1, p2, q1, q2] : [q1, q2, p1, p2];
      const x = v1.x;
      const y = h1.y;
      if (x > Math.min(h1.x, h2.x) && x < Math.max(h1.x, h2.x) && y > Math.min(v1.y, v2.y) && y < Math.max(v1.y, v2.y)) count += 1;
    }
  }
  return count;
}

function zeroBox(): Box {
  return { x: 0, y: 0, width: 0, height: 0 };
}

const round = (value: number) => Math.round(value * 10) / 10;
const roundBox = (box: Box): Box => ({ x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) });

/** Position, size and the two centre handles React Flow needs to draw edges on the server. */
function geometry(box: Box): { position: Point; width: number; height: number; handles: DiagramHandle[] } {
  const width = round(box.width);
  const height = round(box.height);
  const centre = { x: round(width / 2), y: round(height / 2), width: 1, height: 1 };
  return {
    position: { x: round(box.x), y: round(box.y) },
    width,
    height,
    handles: [
      { id: 'out', type: 'source', position: 'bottom', ...centre },
      { id: 'in', type: 'target', position: 'top', ...centre },
    ],
  };
}

function summariseNetfilter(ns: Namespace): NetfilterSummary | null {
  const chains: string[] = [];
  let ruleCount = 0;
  for (const [table, byName] of Object.entries(ns.netfilter)) {
    for (const chain of Object.values(byName)) {
      if (chain.rules.length > 0 || chain.policy === 'DROP') chains.push(`${table}/${chain.name}`);
      ruleCount += chain.rules.length;
    }
  }
  return chains.length ? { chains, ruleCount } : null;
}

function linkLabel(link: Link): string | undefined {
  if (link.kind === 'vxlan-tunnel') return link.label ?? 'VXLAN tunnel';
  // A VLAN sub-interface already says its VLAN id on its own box; a trunk
  // cable is where the tags are on the wire, so it carries the label.
  if (link.kind === 'vlan') return undefined;
  if (link.taggedVlans?.length) return `802.1Q trunk · VLAN ${link.taggedVlans.join(', ')}`;
  if (link.kind === 'macvlan') return link.label;
  return undefined;
}

/** Where on box `from` a line towards box `to` leaves it, and in which direction. */
function exitPoint(from: Box, to: Box): { point: Point; vertical: boolean } {
  const fromCentre = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const toCentre = { x: to.x + to.width / 2, y: to.y + to.height / 2 };
  // A bar (bridge) is met at the point under the port, not at its centre.
  const alongX = Math.min(Math.max(toCentre.x, from.x + 10), from.x + from.width - 10);
  if (to.y >= from.y + from.height - 1) return { point: { x: alongX, y: from.y + from.height }, vertical: true };
  if (to.y + to.height <= from.y + 1) return { point: { x: alongX, y: from.y }, vertical: true };
  return toCentre.x >= fromCentre.x
    ? { point: { x: from.x + from.width, y: fromCentre.y }, vertical: false }
    : { point: { x: from.x, y: fromCentre.y }, vertical: false };
}

const BEND_FRACTIONS = [0.5, 0.35, 0.65, 0.42, 0.58, 0.28, 0.72];

/** An orthogonal polyline from box `a` to box `b`. `bend` staggers parallel runs. */
function routeLink(a: Box, b: Box, bend: number): Point[] {
  const start = exitPoint(a, b);
  const end = exitPoint(b, a);
  const p = start.point;
  const q = end.point;
  const fraction = BEND_FRACTIONS[bend % BEND_FRACTIONS.length] ?? 0.5;
  let points: Point[];
  if (start.vertical && end.vertical) {
    if (Math.abs(p.x - q.x) < 1) points = [p, { x: p.x, y: q.y }];
    else {
      const midY = p.y + (q.y - p.y) * fraction;
      points = [p, { x: p.x, y: midY }, { x: q.x, y: midY }, q];
    }
  } else if (!start.vertical && !end.vertical) {
    if (Math.abs(p.y - q.y) < 1) points = [p, { x: q.x, y: p.y }];
    else {
      const midX = p.x + (q.x - p.x) * fraction;
      points = [p, { x: midX, y: p.y }, { x: midX, y: q.y }, q];
    }
  } else if (start.vertical) {
    points = [p, { x: p.x, y: q.y }, q];
  } else {
    points = [p, { x: q.x, y: p.y }, q];
  }
  return points.map((point) => ({ x: round(point.x), y: round(point.y) }));
}

/**
 * SVG path data for a polyline.
 * @example toPath([{ x: 0, y: 0 }, { x: 10, y: 0 }]) // 'M0 0 L10 0'
 */
export function toPath(points: Point[]): string {
  return points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' ');
}

/** The middle of the longest segment: where a label interferes least. */
function labelPoint(points: Point[]): Point {
  let best = { length: -1, at: points[0] ?? { x: 0, y: 0 } };
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as Point;
    const to = points[i] as Point;
    const length = Math.hypot(to.x - from.x, to.y - from.y);
    if (length > best.length) best = { length, at: { x: round((from.x + to.x) / 2), y: round((from.y + to.y) / 2) } };
  }
  return best.at;
}
