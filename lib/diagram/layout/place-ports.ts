/**
 * Phase 6 of the layout: where each interface goes inside its namespace box.
 * Ports form a row on the top and bottom sides and a column on the left and
 * right; bridges are bars in the middle row, each spanning the ports plugged
 * into it; lo is a chip in the heading's corner. Namespaces are placed in
 * reading order, so a port can line up with its peer already placed above it.
 */
import type { NetInterface, Topology } from '@/lib/netsim';
import type { Box } from '../types';
import type { NamespaceSize, NamespaceSlot, Sides } from './plan';
import { tunnelPeers } from './sides';
import { SIZES, bridgeMinWidth, columnHeight, rowWidth } from './sizes';

/**
 * The namespaces top to bottom, then left to right: rows, tiers, then x.
 * @example readingOrder(slots, boxes).map((s) => s.ns.id) // host1's containers, host2's, …, then the roots, then the LAN
 */
export function readingOrder(namespaces: readonly NamespaceSlot[], boxes: ReadonlyMap<string, Box>): NamespaceSlot[] {
  const x = (slot: NamespaceSlot) => (boxes.get(slot.ns.id) as Box).x;
  return [...namespaces].sort((a, b) => a.row - b.row || a.tier - b.tier || x(a) - x(b));
}

/**
 * The box of every interface, by interface id. Within a side, ports plugged
 * into the same bridge stay together, then each goes under (or over) its far
 * end when that is placed already, then topology order.
 *
 * @example
 * const boxes = placeInterfaces(topology, readingOrder(slots, placed.namespaces), sides, placed.namespaces, sizes, portWidth);
 * boxes.get('host1:docker0') // a bar under the veths plugged into docker0
 */
export function placeInterfaces(
  topology: Topology,
  order: readonly NamespaceSlot[],
  sidesOf: ReadonlyMap<string, Sides>,
  namespaceBoxes: ReadonlyMap<string, Box>,
  sizes: ReadonlyMap<string, NamespaceSize>,
  portWidth: number,
): Map<string, Box> {
  const S = SIZES;
  const peers = tunnelPeers(topology);
  const ifaceBoxes = new Map<string, Box>();
  const placedCentre = (id: string | undefined): number | undefined => {
    const box = id ? ifaceBoxes.get(id) : undefined;
    return box ? box.x + box.width / 2 : undefined;
  };
  const topologyIndex = new Map(topology.interfaces.map((iface, i) => [iface.id, i]));
  const bridgeIndex = (iface: NetInterface) => (iface.master ? (topologyIndex.get(iface.master) ?? 0) : Number.MAX_SAFE_INTEGER);
  const farEndOf = (iface: NetInterface) => iface.peer ?? iface.parent ?? peers.get(iface.id);
  const sorted = (list: NetInterface[]) =>
    [...list].sort(
      (a, b) =>
        bridgeIndex(a) - bridgeIndex(b) ||
        (placedCentre(farEndOf(a)) ?? Infinity) - (placedCentre(farEndOf(b)) ?? Infinity) ||
        (topologyIndex.get(a.id) ?? 0) - (topologyIndex.get(b.id) ?? 0),
    );
  for (const slot of order) {
    const box = namespaceBoxes.get(slot.ns.id) as Box;
    const sides = sidesOf.get(slot.ns.id) as Sides;
    const { headHeight } = sizes.get(slot.ns.id) as NamespaceSize;
    const leftColumn = sides.left.length ? portWidth + S.portGap : 0;
    const contentLeft = box.x + S.nsPadding + leftColumn;
    const contentWidth = box.width - 2 * S.nsPadding - leftColumn - (sides.right.length ? portWidth + S.portGap : 0);
    let y = box.y + headHeight;
    const placeRow = (list: NetInterface[], rowY: number) => {
      const width = rowWidth(list.length, portWidth);
      let x = contentLeft + (contentWidth - width) / 2;
      for (const iface of sorted(list)) {
        ifaceBoxes.set(iface.id, { x, y: rowY, width: portWidth, height: S.portHeight });
        x += portWidth + S.portGap;
      }
    };
    if (sides.top.length) {
      placeRow(sides.top, y);
      y += S.portHeight + S.rowGap;
    }
    const hasMiddleRow = sides.middle.length > 0 || sides.left.length > 0 || sides.right.length > 0;
    const middleHeight = hasMiddleRow ? Math.max(S.portHeight, columnHeight(Math.max(sides.left.length, sides.right.length))) : 0;
    const bottomY = box.y + box.height - S.nsPadding - S.portHeight;
    if (sides.bottom.length) placeRow(sides.bottom, bottomY);
    if (!hasMiddleRow) continue;
    const middleY = sides.top.length ? y : sides.bottom.length ? Math.min(y, bottomY - S.rowGap - middleHeight) : y;
    const centreY = middleY + middleHeight / 2;
    const stack = (list: NetInterface[], x: number) => {
      let stackY = centreY - columnHeight(list.length) / 2;
      for (const iface of sorted(list)) {
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
    const othersStart = bridges.length ? cursor : contentLeft + (contentWidth - rowWidth(others.length, portWidth)) / 2;
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
  for (const slot of order) {
    const box = namespaceBoxes.get(slot.ns.id) as Box;
    (sidesOf.get(slot.ns.id) as Sides).corner.forEach((iface, i) => {
      ifaceBoxes.set(iface.id, {
        x: box.x + box.width - S.nsPadding - (i + 1) * (S.loopbackWidth + 4) + 4,
        y: box.y + (S.nsLabelHeight - S.loopbackHeight) / 2,
        width: S.loopbackWidth,
        height: S.loopbackHeight,
      });
    });
  }
  return ifaceBoxes;
}
