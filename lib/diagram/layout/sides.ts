/**
 * Phase 3 of the layout: on which side of its namespace box each interface
 * is drawn. A port sits on the side facing what it connects to — a
 * container's eth0 at its bottom, the host end of that veth at the top of the
 * root namespace, a NIC at the bottom facing the switch, a VXLAN device on
 * the side facing the other host; bridges are bars in the middle; beside
 * other interfaces, lo is a small chip in the box's corner.
 */
import type { NetInterface, Topology } from '@/lib/netsim';
import type { PortSide } from '../types';
import { SERVER_ROW, type FacingSide, type MachineSlot, type NamespaceSlot, type Sides } from './plan';

/**
 * Each VXLAN device's far end: the device at the other end of its tunnel link.
 * @example tunnelPeers(buildLab('overlay').topology).get('host1/ov-ov:vxlan0') // 'host2/ov-ov:vxlan0'
 */
export function tunnelPeers(topology: Topology): Map<string, string> {
  const peers = new Map<string, string>();
  for (const link of topology.links) {
    if (link.kind === 'vxlan-tunnel') {
      peers.set(link.a, link.b);
      peers.set(link.b, link.a);
    }
  }
  return peers;
}

/**
 * Where `other` is, seen from `self`: compares rows, then machines left to right, then tiers, then order in the tier.
 * @example direction(containerSlot, rootSlotOfSameHost, machines) // 'bottom'
 */
export function direction(self: NamespaceSlot, other: NamespaceSlot, machines: readonly MachineSlot[]): FacingSide {
  const orderOf = (machineId: string) => machines.find((slot) => slot.machine.id === machineId)?.orderInRow ?? 0;
  if (self.row !== other.row) return other.row < self.row ? 'top' : 'bottom';
  if (self.machine.id !== other.machine.id) return orderOf(other.machine.id) < orderOf(self.machine.id) ? 'left' : 'right';
  if (self.tier !== other.tier) return other.tier < self.tier ? 'top' : 'bottom';
  return other.orderInTier < self.orderInTier ? 'left' : 'right';
}

/**
 * Every namespace's interfaces by side, each side in the namespace's own interface order.
 *
 * @example
 * const sides = assignSides(topology, machines, allNamespaces(tiers)); // buildLab('default-bridge')
 * sides.get('host1')?.top.length // 2: the host ends of the two containers' veths face them
 * sides.get('host1')?.middle.map((i) => i.name) // ['docker0']
 * sides.get('host1')?.bottom.map((i) => i.name) // ['eth0'], facing the switch below
 */
export function assignSides(topology: Topology, machines: readonly MachineSlot[], namespaces: readonly NamespaceSlot[]): Map<string, Sides> {
  const interfaces = new Map(topology.interfaces.map((iface) => [iface.id, iface]));
  const slotOf = new Map(namespaces.map((slot) => [slot.ns.id, slot]));
  const peers = tunnelPeers(topology);
  const farEnd = (id: string | undefined) => {
    const other = id ? interfaces.get(id) : undefined;
    return other ? slotOf.get(other.namespace) : undefined;
  };
  const sideOf = (iface: NetInterface, slot: NamespaceSlot): PortSide => {
    switch (iface.kind) {
      case 'loopback':
      case 'bridge':
        return 'middle';
      case 'veth':
      case 'physical': {
        const peer = farEnd(iface.peer);
        if (peer) return direction(slot, peer, machines);
        return slot.row === SERVER_ROW ? 'bottom' : 'top';
      }
      case 'vxlan': {
        const peer = farEnd(peers.get(iface.id));
        return peer ? direction(slot, peer, machines) : 'middle';
      }
      case 'macvlan':
      case 'ipvlan':
      case 'vlan': {
        const parent = farEnd(iface.parent);
        return parent && parent.ns.id !== slot.ns.id ? direction(slot, parent, machines) : 'middle';
      }
      default:
        return 'middle';
    }
  };
  const bySlot = new Map<string, Sides>();
  for (const slot of namespaces) {
    const sides: Sides = { top: [], bottom: [], left: [], right: [], middle: [], corner: [] };
    const own = slot.ns.interfaces.map((id) => interfaces.get(id)).filter((i): i is NetInterface => !!i);
    const onlyLoopback = !own.some((i) => i.kind !== 'loopback');
    for (const iface of own) {
      // Beside other interfaces, lo is a small chip in the namespace's corner:
      // packets to 127.0.0.1 visibly stay inside, without widening the box.
      if (iface.kind === 'loopback' && !onlyLoopback) sides.corner.push(iface);
      else sides[sideOf(iface, slot)].push(iface);
    }
    bySlot.set(slot.ns.id, sides);
  }
  return bySlot;
}
