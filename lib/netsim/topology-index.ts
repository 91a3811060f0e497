/**
 * The lookup index a walk uses: everything it looks up, by address, MAC, port and VNI, built
 * once per topology, so a hop costs a few Map lookups; only ARP and unknown-unicast flooding
 * visit a bridge's ports, as the real bridge does.
 */
import { ipToInt, parseCidr } from './ip';
import type { IpvlanInterface, Ipv4, MacvlanInterface, Mac, Namespace, NeighbourEntry, NetInterface, Route, Socket, Topology, VlanInterface, VxlanFdbEntry, VxlanInterface, XfrmTransport } from './types';

/** A route with its destination parsed. */
export interface CompiledRoute {
  route: Route;
  network: number;
  mask: number;
  prefixLength: number;
}

/** The lookup tables of one topology. */
export interface TopologyIndex {
  namespaces: Map<string, Namespace>;
  interfaces: Map<string, NetInterface>;
  /** ns id → local address (as int) → interface. */
  localAddresses: Map<string, Map<number, NetInterface>>;
  /** ns id → routes, longest prefix first. */
  routes: Map<string, CompiledRoute[]>;
  bridgePorts: Map<string, NetInterface[]>;
  /** MAC → every interface that has it (macvlan/ipvlan children may share or copy one). */
  interfacesByMac: Map<Mac, NetInterface[]>;
  macvlanChildren: Map<string, MacvlanInterface[]>;
  macvlanByMac: Map<string, Map<Mac, MacvlanInterface>>;
  /** parent id → its ipvlan children. */
  ipvlanChildren: Map<string, IpvlanInterface[]>;
  /** parent id → address → the ipvlan child that has it (the driver demultiplexes by IP). */
  ipvlanByAddress: Map<string, Map<Ipv4, IpvlanInterface>>;
  vlanChildren: Map<string, Map<number, VlanInterface>>;
  /** `${underlayNs}|${udpPort}|${vni}` → vxlan device. */
  vxlanBySocket: Map<string, VxlanInterface>;
  vxlanPorts: Set<number>;
  /** `${vni}|${local underlay address}` → vxlan device, to name the tunnel a packet takes. */
  vxlanByLocal: Map<string, VxlanInterface>;
  vxlanFdb: Map<string, Map<Mac, VxlanFdbEntry>>;
  /** `${dev}|${ip}` → permanent neighbour. */
  neighbours: Map<string, NeighbourEntry>;
  /** ns → `${proto}:${port}` → sockets. */
  sockets: Map<string, Map<string, Socket[]>>;
  xfrm: Map<string, XfrmTransport[]>;
}

const cache = new WeakMap<Topology, TopologyIndex>();

/**
 * Build (once) the lookup index the engine walks with: Maps by address, MAC,
 * port, VNI. `NetworkBuilder.build()` calls it; a topology that arrived as
 * JSON is indexed on its first walk. Mutating a topology after it was indexed
 * is not supported.
 * @example indexTopology(topology); // later tracePacket(topology, …) calls skip the indexing
 */
export function indexTopology(topology: Topology): TopologyIndex {
  const cached = cache.get(topology);
  if (cached) return cached;
  const index: TopologyIndex = {
    namespaces: new Map(),
    interfaces: new Map(),
    localAddresses: new Map(),
    routes: new Map(),
    bridgePorts: new Map(),
    interfacesByMac: new Map(),
    macvlanChildren: new Map(),
    macvlanByMac: new Map(),
    ipvlanChildren: new Map(),
    ipvlanByAddress: new Map(),
    vlanChildren: new Map(),
    vxlanBySocket: new Map(),
    vxlanPorts: new Set(),
    vxlanByLocal: new Map(),
    vxlanFdb: new Map(),
    neighbours: new Map(),
    sockets: new Map(),
    xfrm: new Map(),
  };
  for (const ns of topology.namespaces) {
    index.namespaces.set(ns.id, ns);
    index.localAddresses.set(ns.id, new Map());
    const sockets = new Map<string, Socket[]>();
    for (const socket of ns.sockets) push(sockets, `${socket.protocol}:${socket.port}`, socket);
    index.sockets.set(ns.id, sockets);
    for (const entry of ns.neighbours) index.neighbours.set(`${entry.dev}|${entry.address}`, entry);
    if (ns.xfrm.length) index.xfrm.set(ns.id, ns.xfrm);
    // Parse every rule's addresses now (parseCidr caches them), not on the first walk: Docker
    // adds a raw-table rule per container, thousands on a big host.
    for (const table of Object.values(ns.netfilter)) {
      for (const chain of Object.values(table)) {
        for (const { match } of chain.rules) {
          if (match.source) parseCidr(match.source.value);
          if (match.destination) parseCidr(match.destination.value);
        }
      }
    }
  }
  for (const iface of topology.interfaces) {
    index.interfaces.set(iface.id, iface);
    const local = index.localAddresses.get(iface.namespace);
    for (const a of iface.addresses) local?.set(ipToInt(a.address), iface);
    if (iface.master) push(index.bridgePorts, iface.master, iface);
    if (iface.mac) push(index.interfacesByMac, iface.mac, iface);
    if (iface.kind === 'macvlan') {
      push(index.macvlanChildren, iface.parent, iface);
      let byMac = index.macvlanByMac.get(iface.parent);
      if (!byMac) index.macvlanByMac.set(iface.parent, (byMac = new Map()));
      byMac.set(iface.mac, iface);
    }
    if (iface.kind === 'ipvlan') {
      push(index.ipvlanChildren, iface.parent, iface);
      let byAddress = index.ipvlanByAddress.get(iface.parent);
      if (!byAddress) index.ipvlanByAddress.set(iface.parent, (byAddress = new Map()));
      for (const a of iface.addresses) byAddress.set(a.address, iface);
    }
    if (iface.kind === 'vlan') {
      let byVid = index.vlanChildren.get(iface.parent);
      if (!byVid) index.vlanChildren.set(iface.parent, (byVid = new Map()));
      byVid.set(iface.vlanId, iface);
    }
    if (iface.kind === 'vxlan') {
      index.vxlanBySocket.set(`${iface.vxlan.underlayNamespace}|${iface.vxlan.dstPort}|${iface.vxlan.vni}`, iface);
      index.vxlanPorts.add(iface.vxlan.dstPort);
      index.vxlanByLocal.set(`${iface.vxlan.vni}|${iface.vxlan.local}`, iface);
      index.vxlanFdb.set(iface.id, new Map(iface.vxlan.fdb.map((e) => [e.mac, e])));
    }
  }
  for (const ns of topology.namespaces) {
    const compiled = ns.routes.map((route) => {
      const cidr = parseCidr(route.destination);
      return { route, network: cidr.network, mask: cidr.mask, prefixLength: cidr.prefixLength };
    });
    compiled.sort((x, y) => y.prefixLength - x.prefixLength);
    index.routes.set(ns.id, compiled);
  }
  cache.set(topology, index);
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
