/**
 * Phase 4 of the layout: how big every namespace box is, before anything is
 * placed. A box is as wide as its widest row of ports (or its bridge bars, or
 * its heading) and as tall as its rows; one width serves every port of the
 * topology, so rows line up across boxes.
 */
import type { Namespace, NetInterface, Topology } from '@/lib/netsim';
import { namespaceHeadWidths, portTextWidth } from '../labels';
import type { NamespaceData, NetfilterSummary } from '../types';
import type { NamespaceSize, NamespaceSlot, Sides } from './plan';
import { SIZES, bridgeMinWidth, columnHeight, rowWidth } from './sizes';

/** Space between a heading's name and its badges. */
const PAD_GAP = 6;
/** A heading's horizontal padding and borders (8 px and 3 px each side). */
const HEAD_PAD = 2 * 8 + 2 * 3;

/**
 * One width for every port, so rows line up: the widest port text decides, never under `SIZES.portWidth`.
 * @example portWidthFor(buildLab('default-bridge').topology) // 163: its widest port text needs more than 140
 */
export function portWidthFor(topology: Topology): number {
  return Math.ceil(
    Math.max(
      SIZES.portWidth,
      ...topology.interfaces
        .filter((iface) => iface.kind !== 'bridge' && iface.kind !== 'loopback')
        .map((iface) => portTextWidth({ name: iface.name, kind: iface.kind, ...(iface.vlanId !== undefined ? { vlanId: iface.vlanId } : {}), addresses: iface.addresses.map((a) => `${a.address}/${a.prefixLength}`), ...(iface.vxlan ? { vni: iface.vxlan.vni } : {}), mac: iface.mac })),
    ),
  );
}

/**
 * What a namespace box shows in its heading (and the renderer draws).
 * @example namespaceData(rootSlot, SIZES.nsTwoLineLabelHeight).headLines // 2
 */
export function namespaceData(slot: NamespaceSlot, headHeight: number): NamespaceData {
  return {
    label: slot.ns.label,
    ...(slot.standsForMachine && slot.machine.label !== slot.ns.label ? { machineLabel: slot.machine.label } : {}),
    machineKind: slot.machine.kind,
    role: slot.ns.role,
    ipForward: slot.ns.ipForward,
    netfilter: summariseNetfilter(slot.ns),
    headLines: headHeight > SIZES.nsLabelHeight ? 2 : 1,
  };
}

/**
 * The chains of a namespace that hold rules or drop by default, and how many rules there are; null when none.
 * @example summariseNetfilter(defaultBridgeHost1) // { chains: ['raw/PREROUTING', 'nat/PREROUTING', …, 'filter/DOCKER-FORWARD'], ruleCount: 14 }
 */
export function summariseNetfilter(ns: Namespace): NetfilterSummary | null {
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

/**
 * The size of one namespace box: its rows of ports (top, middle with bridges
 * and side columns, bottom) and its heading. The heading's name, badges and
 * role go on one line when they fit beside the lo chip; else the badges and
 * role go on a second line; the box grows to whichever line is longest (and
 * to the name at overview size).
 *
 * @example measureNamespace(slot, sides, 140).width // ≥ 170, and wide enough for its heading
 */
export function measureNamespace(slot: NamespaceSlot, sides: Sides, portWidth: number): NamespaceSize {
  const S = SIZES;
  const { top, bottom, left, right, middle } = sides;
  const bridges = middle.filter((i) => i.kind === 'bridge');
  const others = middle.filter((i) => i.kind !== 'bridge');
  // A bridge spans the ports plugged into it (they sit in one run above or below it).
  const bridgeWidth = (bridge: NetInterface) =>
    Math.max(bridgeMinWidth(bridge), rowWidth(Math.max(...[top, bottom].map((row) => row.filter((port) => port.master === bridge.id).length)), portWidth));
  const middleWidth =
    bridges.reduce((sum, bridge) => sum + bridgeWidth(bridge), 0) + rowWidth(others.length, portWidth) + Math.max(0, bridges.length + (others.length ? 1 : 0) - 1) * S.portGap;
  const sideColumns = (left.length ? portWidth + S.portGap : 0) + (right.length ? portWidth + S.portGap : 0);
  const inner = Math.max(rowWidth(top.length, portWidth), rowWidth(bottom.length, portWidth), middleWidth);
  const hasMiddleRow = middle.length > 0 || left.length > 0 || right.length > 0;
  const sideStack = Math.max(left.length, right.length);
  const middleHeight = hasMiddleRow ? Math.max(S.portHeight, columnHeight(sideStack)) : 0;
  const rows = [top.length ? S.portHeight : 0, middleHeight, bottom.length ? S.portHeight : 0].filter((h) => h > 0);
  const head = namespaceHeadWidths(namespaceData(slot, S.nsLabelHeight));
  const chip = sides.corner.length * (S.loopbackWidth + 4) + 4;
  const byPorts = Math.max(S.minNamespaceWidth, inner + sideColumns + 2 * S.nsPadding);
  const oneLine = head.title + PAD_GAP + head.rest + chip + HEAD_PAD;
  const twoLines = oneLine > byPorts;
  const headHeight = twoLines ? S.nsTwoLineLabelHeight : S.nsLabelHeight;
  const headNeeds = twoLines ? Math.max(head.title + chip, head.rest) + HEAD_PAD : oneLine;
  const height = headHeight + rows.reduce((sum, h) => sum + h, 0) + Math.max(0, rows.length - 1) * S.rowGap + S.nsPadding;
  return {
    width: Math.ceil(Math.max(byPorts, headNeeds, head.overview + HEAD_PAD)),
    height: Math.max(height, headHeight + S.portHeight + S.nsPadding),
    headHeight,
  };
}

/**
 * Every namespace box's size (independent of where its ports go in their row).
 * @example measureNamespaces(slots, sides, portWidthFor(topology)).get('host1')?.headHeight // 30 or 48
 */
export function measureNamespaces(namespaces: readonly NamespaceSlot[], sides: ReadonlyMap<string, Sides>, portWidth: number): Map<string, NamespaceSize> {
  return new Map(namespaces.map((slot) => [slot.ns.id, measureNamespace(slot, sides.get(slot.ns.id) as Sides, portWidth)]));
}
