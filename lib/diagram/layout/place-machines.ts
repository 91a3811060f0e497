/**
 * Phase 5 of the layout: machine boxes around their tiers of namespaces,
 * and the two rows of machines placed left to right, centred on each other.
 */
import { machineHeadWidth, edgeLabelWidth } from '../labels';
import type { Topology } from '@/lib/netsim';
import type { Box } from '../types';
import { linkLabel } from './link-labels';
import { LAN_ROW, SERVER_ROW, type MachineSlot, type NamespaceSize, type NamespaceSlot } from './plan';
import { DETOUR_CORRIDOR, SIZES } from './sizes';

/** Where the machines and namespaces went, and how far the drawing reaches. */
export interface MachinePlacement {
  /** Machine boxes by machine id (also of machines drawn without a frame). */
  machines: Map<string, Box>;
  /** Namespace boxes by namespace id. */
  namespaces: Map<string, Box>;
  /** The wider of the two rows. */
  width: number;
  /** The bottom of the LAN row. */
  height: number;
}

/**
 * Place every machine and every namespace. Each tier of a machine is centred
 * in it; a host with a tier between its containers and its root namespace
 * keeps a corridor each side for the links that pass that tier. LAN devices
 * line up on their vertical centres, servers on their tops, and a lone device
 * in the top row sits low, near the LAN it is cabled to. A labelled link
 * between two neighbours of a row (a VXLAN tunnel between hosts, an 802.1Q
 * trunk between router and switch) crosses the gap between their boxes; its
 * label sits in that gap, so the gap is as wide as the label.
 *
 * @example
 * const placed = placeMachines(topology, machines, tiers, sizes);
 * placed.machines.get('host1')!.x < placed.machines.get('host2')!.x // true: host1 is left of host2
 */
export function placeMachines(
  topology: Topology,
  machines: readonly MachineSlot[],
  tiers: ReadonlyMap<string, NamespaceSlot[][]>,
  sizes: ReadonlyMap<string, NamespaceSize>,
): MachinePlacement {
  const S = SIZES;
  const sizeOf = (slot: NamespaceSlot) => sizes.get(slot.ns.id) as NamespaceSize;
  const machineBoxes = new Map<string, Box>();
  /** Namespace positions relative to their machine's corner. */
  const relative = new Map<string, Box>();
  for (const slot of machines) {
    const machineTiers = tiers.get(slot.machine.id) ?? [];
    const tierWidths = machineTiers.map((tier) => tier.reduce((sum, ns) => sum + sizeOf(ns).width, 0) + (tier.length - 1) * S.nsGap);
    const tierHeights = machineTiers.map((tier) => Math.max(...tier.map((ns) => sizeOf(ns).height)));
    const pad = slot.framed ? S.machinePadding : 0;
    const heading = slot.framed ? machineHeadWidth({ label: slot.machine.label, kind: slot.machine.kind }) + 24 - 2 * pad : 0;
    const inner = Math.max(0, heading, ...tierWidths);
    const labelHeight = slot.framed ? S.machineLabelHeight : 0;
    const corridor = machineTiers.length > 2 ? 2 * DETOUR_CORRIDOR : 0;
    machineBoxes.set(slot.machine.id, {
      x: 0,
      y: 0,
      width: inner + corridor + 2 * pad,
      height: labelHeight + tierHeights.reduce((sum, h) => sum + h, 0) + (machineTiers.length - 1) * S.tierGap + (slot.framed ? pad : 0),
    });
    let y = labelHeight;
    machineTiers.forEach((tier, t) => {
      let x = pad + (inner + corridor - (tierWidths[t] ?? 0)) / 2;
      const tierHeight = tierHeights[t] ?? 0;
      for (const ns of tier) {
        const { width, height } = sizeOf(ns);
        relative.set(ns.ns.id, { x, y: y + (tierHeight - height) / 2, width, height });
        x += width + S.nsGap;
      }
      y += tierHeight + S.tierGap;
    });
  }

  const machineOf = new Map<string, string>();
  for (const machineTiers of tiers.values()) for (const tier of machineTiers) for (const slot of tier) for (const id of slot.ns.interfaces) machineOf.set(id, slot.machine.id);
  const gapBetween = (left: MachineSlot, right: MachineSlot) => {
    const pair = new Set([left.machine.id, right.machine.id]);
    const labels = topology.links
      .filter((link) => pair.has(machineOf.get(link.a) ?? '') && pair.has(machineOf.get(link.b) ?? '') && machineOf.get(link.a) !== machineOf.get(link.b))
      .map((link) => linkLabel(link))
      .filter((label): label is string => !!label);
    return Math.ceil(Math.max(S.machineGap, ...labels.map((label) => edgeLabelWidth(label) + 28)));
  };
  const gapsOf = (slots: MachineSlot[]) => slots.map((slot, i) => (i + 1 < slots.length ? gapBetween(slot, slots[i + 1] as MachineSlot) : 0));
  const boxOf = (slot: MachineSlot) => machineBoxes.get(slot.machine.id) as Box;
  const rowOf = (row: number) => machines.filter((slot) => slot.row === row).sort((a, b) => a.orderInRow - b.orderInRow);
  const rowExtent = (row: number) => {
    const slots = rowOf(row);
    return {
      width: slots.reduce((sum, slot) => sum + boxOf(slot).width, 0) + gapsOf(slots).reduce((sum, gap) => sum + gap, 0),
      height: Math.max(0, ...slots.map((slot) => boxOf(slot).height)),
    };
  };
  const serverExtent = rowExtent(SERVER_ROW);
  const lanExtent = rowExtent(LAN_ROW);
  const totalWidth = Math.max(serverExtent.width, lanExtent.width);
  const lanY = serverExtent.height > 0 ? serverExtent.height + S.lanRowGap : 0;
  const namespaceBoxes = new Map<string, Box>();
  for (const [row, extent, y] of [
    [SERVER_ROW, serverExtent, 0],
    [LAN_ROW, lanExtent, lanY],
  ] as const) {
    let x = (totalWidth - extent.width) / 2;
    const slots = rowOf(row);
    const gaps = gapsOf(slots);
    for (const [index, slot] of slots.entries()) {
      const box = boxOf(slot);
      box.x = x;
      box.y = row === LAN_ROW ? y + (extent.height - box.height) / 2 : slot.framed ? y : y + extent.height - box.height;
      x += box.width + (gaps[index] ?? 0);
      for (const tier of tiers.get(slot.machine.id) ?? []) {
        for (const ns of tier) {
          const at = relative.get(ns.ns.id) as Box;
          namespaceBoxes.set(ns.ns.id, { ...at, x: at.x + box.x, y: at.y + box.y });
        }
      }
    }
  }
  return { machines: machineBoxes, namespaces: namespaceBoxes, width: totalWidth, height: lanY + lanExtent.height };
}
