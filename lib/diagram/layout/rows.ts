/**
 * Phase 1 of the layout: which row each machine is drawn in, and in what
 * order. Docker hosts go side by side in the top row; the LAN devices form
 * the row below, left to right in a fixed order (laptop · switch · router ·
 * internet), so the same kinds of device are always in the same places.
 */
import type { Topology } from '@/lib/netsim';
import { LAN_ROW, SERVER_ROW, type MachineSlot } from './plan';

/** Order of LAN-row devices, left to right. */
const LAN_ORDER: Record<string, number> = { 'lan-host': 0, switch: 1, router: 2, internet: 3, server: 4 };

/**
 * Rows and order of the machines: the top row first, left to right, then the LAN row.
 * With one Docker host the top row has room, so the internet goes up there,
 * above the router, and the drawing is not one long row of LAN devices.
 *
 * @example
 * arrangeMachines(buildLab('overlay').topology).map((s) => `${s.row}:${s.machine.id}`)
 * // ['0:host1', '0:host2', '1:laptop', '1:switch', '1:router', '1:internet']
 */
export function arrangeMachines(topology: Topology): MachineSlot[] {
  const servers = topology.machines.filter((m) => m.kind === 'server');
  const internetUp = servers.length <= 1 ? topology.machines.filter((m) => m.kind === 'internet') : [];
  const topRow = [...servers, ...internetUp];
  const lanDevices = topology.machines
    .map((machine, index) => ({ machine, index }))
    .filter(({ machine }) => machine.kind !== 'server' && !internetUp.includes(machine))
    .sort((a, b) => (LAN_ORDER[a.machine.kind] ?? 9) - (LAN_ORDER[b.machine.kind] ?? 9) || a.index - b.index)
    .map(({ machine }) => machine);
  return [
    ...topRow.map((machine, i) => ({ machine, row: SERVER_ROW, orderInRow: i, framed: machine.kind === 'server' || machine.namespaces.length > 1 })),
    ...lanDevices.map((machine, i) => ({ machine, row: LAN_ROW, orderInRow: i, framed: machine.namespaces.length > 1 })),
  ];
}
