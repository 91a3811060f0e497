/**
 * What `NetworkBuilder.build()` checks and derives before a topology is walked: that every
 * interface is complete (a veth has a peer pointing back, a macvlan, ipvlan or VLAN device a parent),
 * that no two interfaces on one segment share an address, and the links the diagram draws.
 */
import { linkId } from './ids';
import type { InterfaceKind, IpvlanMode, Link, MacvlanMode, NetInterface, VxlanConfig } from './types';

/**
 * The unchecked shape `NetworkBuilder.addInterface` takes: any kind with any of the
 * kind-specific fields, so a test can build an incomplete interface for `NetworkBuilder.build` to reject.
 */
export interface InterfaceSpec {
  namespace: string;
  name: string;
  kind: InterfaceKind;
  mac?: string;
  mtu?: number;
  description?: string;
  peer?: string;
  parent?: string;
  macvlanMode?: MacvlanMode;
  ipvlanMode?: IpvlanMode;
  vlanId?: number;
  vxlan?: VxlanConfig;
  vlanFiltering?: boolean;
}


/** @example checkVlanId(10, 'host1:eth0.10') // throws for 0 or 4095 */
export function checkVlanId(vid: number, where: string): void {
  if (!Number.isInteger(vid) || vid < 1 || vid > 4094) throw new Error(`VLAN id ${vid} on ${where} is outside 1–4094 (802.1Q reserves 0 and 4095)`);
}

/**
 * Checks an interface as the unchecked shape it may have been added with (see {@link InterfaceSpec}).
 * @example validateInterface(net.iface('host1:veth0'), interfaces) // throws: veth host1:veth0 has no peer
 */
export function validateInterface(iface: InterfaceSpec & { id: string; master?: string }, all: Map<string, NetInterface>): void {
  switch (iface.kind) {
    case 'veth': {
      const peer = iface.peer ? all.get(iface.peer) : undefined;
      if (!peer) throw new Error(`veth ${iface.id} has no peer: a veth pair always has two ends`);
      if (peer.kind !== 'veth' || peer.peer !== iface.id) throw new Error(`veth ${iface.id}'s peer ${peer.id} does not point back to it`);
      break;
    }
    case 'macvlan':
      if (!iface.parent || !all.has(iface.parent)) throw new Error(`macvlan ${iface.id} has no parent interface`);
      break;
    case 'ipvlan':
      if (!iface.parent || !all.has(iface.parent)) throw new Error(`ipvlan ${iface.id} has no parent interface`);
      if (iface.ipvlanMode !== 'l2' && iface.ipvlanMode !== 'l3') throw new Error(`ipvlan ${iface.id} has no mode (l2 or l3)`);
      break;
    case 'vlan':
      if (!iface.parent || !all.has(iface.parent)) throw new Error(`VLAN sub-interface ${iface.id} has no parent interface`);
      checkVlanId(iface.vlanId ?? -1, iface.id);
      break;
    case 'vxlan':
      if (!iface.vxlan) throw new Error(`vxlan ${iface.id} has no VNI configured`);
      break;
    default:
      break;
  }
  if (iface.master && all.get(iface.master)?.kind !== 'bridge') throw new Error(`${iface.id}'s master ${iface.master} is not a bridge`);
}

/**
 * Two interfaces on one layer-2 segment must not share an address (ARP would
 * answer twice). Segments checked: the ports of each bridge (through veth
 * pairs), a macvlan or ipvlan parent and its children, and each namespace.
 * @example checkDuplicateAddresses(interfaces, byId) // throws: duplicate address 10.0.0.2 in one subnet: …
 */
export function checkDuplicateAddresses(interfaces: NetInterface[], all: Map<string, NetInterface>): void {
  const segmentOf = (iface: NetInterface): string | undefined => {
    if (iface.kind === 'bridge') return iface.id;
    const peer = iface.peer ? all.get(iface.peer) : undefined;
    if (peer?.master) return peer.master;
    if (iface.kind === 'macvlan' && iface.parent) return `macvlan:${iface.parent}`;
    // The ipvlan driver demultiplexes its children by address: two with one address cannot both be reached.
    if (iface.kind === 'ipvlan' && iface.parent) return `ipvlan:${iface.parent}`;
    return undefined;
  };
  const seen = new Map<string, string>();
  for (const iface of interfaces) {
    const segment = segmentOf(iface);
    if (!segment) continue;
    for (const { address } of iface.addresses) {
      const key = `${segment}|${address}`;
      const owner = seen.get(key);
      if (owner && owner !== iface.id) throw new Error(`duplicate address ${address} in one subnet: both ${owner} and ${iface.id} have it`);
      seen.set(key, iface.id);
    }
  }
}

/**
 * The links the diagram draws: veth pairs and cables, bridge ports, macvlan, ipvlan and VLAN devices
 * on their parents, and one VXLAN tunnel per pair of VTEPs that point at each other.
 * @example buildLinks(interfaces, byId).map((l) => l.kind) // ['veth', 'bridge-port', …]
 */
export function buildLinks(interfaces: NetInterface[], all: Map<string, NetInterface>): Link[] {
  const links: Link[] = [];
  for (const iface of interfaces) {
    if ((iface.kind === 'veth' || iface.kind === 'physical') && iface.peer && iface.id < iface.peer) {
      const peer = all.get(iface.peer);
      const kind = iface.kind === 'veth' ? 'veth' : 'cable';
      const tagged = [iface, peer].flatMap((end) => (end?.portVlans ? end.portVlans.vids.filter((v) => !end.portVlans?.untagged.includes(v)) : []));
      links.push({ id: linkId(kind, iface.id, iface.peer), kind, a: iface.id, b: iface.peer, ...(tagged.length ? { taggedVlans: tagged, label: `802.1Q trunk: VLAN ${tagged.join(', ')}` } : {}) });
    }
    if (iface.master) links.push({ id: linkId('bridge-port', iface.master, iface.id), kind: 'bridge-port', a: iface.master, b: iface.id });
    if (iface.kind === 'macvlan' && iface.parent) links.push({ id: linkId('macvlan', iface.id, iface.parent), kind: 'macvlan', a: iface.id, b: iface.parent, label: `macvlan ${iface.macvlanMode}` });
    if (iface.kind === 'ipvlan' && iface.parent) links.push({ id: linkId('ipvlan', iface.id, iface.parent), kind: 'ipvlan', a: iface.id, b: iface.parent, label: `ipvlan ${iface.ipvlanMode.toUpperCase()}` });
    if (iface.kind === 'vlan' && iface.parent) links.push({ id: linkId('vlan', iface.id, iface.parent), kind: 'vlan', a: iface.id, b: iface.parent, label: `802.1Q VID ${iface.vlanId}`, taggedVlans: [iface.vlanId ?? 0] });
  }
  // A VXLAN tunnel is drawn once per pair of VTEPs with the same VNI that point at each other.
  const vteps = interfaces.filter((i) => i.kind === 'vxlan');
  const byLocal = new Map<string, NetInterface>();
  for (const v of vteps) if (v.vxlan) byLocal.set(`${v.vxlan.vni}|${v.vxlan.local}`, v);
  for (const v of vteps) {
    const remotes = new Set(v.vxlan?.fdb.map((e) => e.remote));
    for (const remote of remotes) {
      const other = byLocal.get(`${v.vxlan?.vni}|${remote}`);
      if (other && v.id < other.id) links.push({ id: linkId('vxlan-tunnel', v.id, other.id), kind: 'vxlan-tunnel', a: v.id, b: other.id, label: `VXLAN VNI ${v.vxlan?.vni}, UDP ${v.vxlan?.dstPort}` });
    }
  }
  return links;
}
