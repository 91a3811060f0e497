/**
 * Phase 7 of the layout: the React Flow nodes — machine frames, namespace
 * boxes, then interfaces — with the size and centre handles React Flow needs
 * to draw them (and their edges) on the server.
 */
import type { Box, DiagramHandle, DiagramNode, InterfaceData, Point } from '../types';
import { interfaceNodeId, machineNodeId, namespaceNodeId } from './ids';
import { namespaceData } from './measure';
import type { MachineSlot, NamespaceSize, NamespaceSlot, Sides } from './plan';
import { round } from './sizes';

/** Nodes are drawn, not edited: nothing to drag, select or connect. */
const FIXED = { draggable: false, selectable: false, connectable: false, focusable: false } as const;

/**
 * Position, size and the two centre handles React Flow needs to draw edges on the server.
 * @example geometry({ x: 0, y: 0, width: 140, height: 42 }).handles[0] // { id: 'out', …, x: 70, y: 21 }
 */
export function geometry(box: Box): { position: Point; width: number; height: number; handles: DiagramHandle[] } {
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

/** Everything the nodes are made from: the earlier phases' results. */
export interface NodeInputs {
  machines: readonly MachineSlot[];
  machineBoxes: ReadonlyMap<string, Box>;
  /** Namespaces in reading order: the order their nodes (and their ports') come in. */
  namespaces: readonly NamespaceSlot[];
  namespaceBoxes: ReadonlyMap<string, Box>;
  sizes: ReadonlyMap<string, NamespaceSize>;
  sides: ReadonlyMap<string, Sides>;
  interfaceBoxes: ReadonlyMap<string, Box>;
}

/**
 * The diagram's nodes, in drawing order: framed machines (row by row, left to
 * right), then namespaces, then each namespace's interfaces side by side
 * (corner, top, left, middle, right, bottom) — later nodes are drawn on top.
 *
 * @example buildNodes(inputs).find((n) => n.id === 'if:host1:docker0')?.type // 'bridge'
 */
export function buildNodes({ machines, machineBoxes, namespaces, namespaceBoxes, sizes, sides, interfaceBoxes }: NodeInputs): DiagramNode[] {
  const nodes: DiagramNode[] = [];
  for (const slot of [...machines].sort((a, b) => a.row - b.row || a.orderInRow - b.orderInRow)) {
    if (!slot.framed) continue;
    nodes.push({
      id: machineNodeId(slot.machine.id),
      type: 'machine',
      ...geometry(machineBoxes.get(slot.machine.id) as Box),
      data: { label: slot.machine.label, kind: slot.machine.kind },
      ...FIXED,
    });
  }
  for (const slot of namespaces) {
    nodes.push({
      id: namespaceNodeId(slot.ns.id),
      type: 'namespace',
      ...geometry(namespaceBoxes.get(slot.ns.id) as Box),
      data: namespaceData(slot, (sizes.get(slot.ns.id) as NamespaceSize).headHeight),
      ...FIXED,
    });
  }
  for (const slot of namespaces) {
    const bySide = sides.get(slot.ns.id) as Sides;
    for (const side of ['corner', 'top', 'left', 'middle', 'right', 'bottom'] as const) {
      for (const iface of bySide[side]) {
        const box = interfaceBoxes.get(iface.id);
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
        const common = { id: interfaceNodeId(iface.id), ...geometry(box), data, ...FIXED };
        nodes.push(iface.kind === 'bridge' ? { ...common, type: 'bridge' } : { ...common, type: 'port' });
      }
    }
  }
  return nodes;
}
