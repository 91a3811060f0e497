/**
 * Phase 2 of the layout: the tiers of namespaces inside each machine, top to
 * bottom — containers, then overlay sandboxes, then the root namespace (and
 * any other namespace) — and their order left to right within a tier.
 */
import type { Namespace, Topology } from '@/lib/netsim';
import { SERVER_ROW, type MachineSlot, type NamespaceSlot } from './plan';

/**
 * The namespaces of every machine, by tier (top first), each tier left to right.
 * Sandboxes (an overlay network's namespace) get a tier of their own between
 * the containers and the root namespace: the host stays narrow, so the whole
 * network fits a laptop at a readable size, and the VXLAN tunnels between
 * hosts run straight across the gap at that tier (links from the containers
 * to the root namespace go round the sandbox: see detours.ts). In the right
 * half of the server row the root namespace goes last in its tier, so the
 * sandbox side of a host faces the other hosts.
 *
 * @example
 * const topology = buildLab('overlay').topology;
 * arrangeTiers(topology, arrangeMachines(topology)).get('host1')?.map((tier) => tier.map((s) => s.ns.role))
 * // [['container'], ['sandbox'], ['root']]
 */
export function arrangeTiers(topology: Topology, machines: readonly MachineSlot[]): Map<string, NamespaceSlot[][]> {
  const namespaces = new Map(topology.namespaces.map((ns) => [ns.id, ns]));
  const serverCount = machines.filter((slot) => slot.machine.kind === 'server').length;
  const tiersByMachine = new Map<string, NamespaceSlot[][]>();
  for (const slot of machines) {
    const { machine } = slot;
    const members = machine.namespaces.map((id) => namespaces.get(id)).filter((ns): ns is Namespace => !!ns);
    const containers = members.filter((ns) => ns.role === 'container');
    const rest = members.filter((ns) => ns.role !== 'container');
    const faceLeft = slot.row === SERVER_ROW && serverCount > 1 && slot.orderInRow >= serverCount / 2;
    const roots = rest.filter((ns) => ns.role === 'root');
    const others = rest.filter((ns) => ns.role !== 'root');
    const sandboxes = others.filter((ns) => ns.role === 'sandbox');
    const otherRest = others.filter((ns) => ns.role !== 'sandbox');
    const lowerTier = faceLeft ? [...otherRest, ...roots] : [...roots, ...otherRest];
    const tiers = [containers, sandboxes, lowerTier]
      .filter((tier) => tier.length > 0)
      .map((tier, tierIndex) => tier.map((ns, orderInTier) => ({ ns, machine, row: slot.row, tier: tierIndex, orderInTier, standsForMachine: !slot.framed })));
    tiersByMachine.set(machine.id, tiers);
  }
  return tiersByMachine;
}

/**
 * Every namespace slot, machine by machine, tier by tier: the order the later phases walk them in.
 * @example allNamespaces(arrangeTiers(topology, machines)).length // topology.namespaces.length
 */
export function allNamespaces(tiers: ReadonlyMap<string, NamespaceSlot[][]>): NamespaceSlot[] {
  return [...tiers.values()].flat(2);
}
