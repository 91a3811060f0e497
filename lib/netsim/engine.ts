/**
 * The packet-walk engine: send a packet from a socket in a namespace and get a
 * {@link Trace} of every step Linux takes with it.
 *
 * The path through one namespace follows the kernel's order
 * (https://docs.kernel.org/networking/ — and the classic netfilter diagram,
 * https://en.wikipedia.org/wiki/Netfilter#/media/File:Netfilter-packet-flow.svg):
 *
 *   local out:  route → conntrack → raw OUTPUT → nat OUTPUT (DNAT, reroute) → filter OUTPUT → nat POSTROUTING → xfrm → neighbour → transmit
 *   receive:    raw PREROUTING → conntrack → nat PREROUTING (DNAT) → route → filter INPUT → socket
 *                                                                          → filter FORWARD → nat POSTROUTING → neighbour → transmit
 *
 * Layer 2 follows the devices: a veth pair hands the frame to its peer, a
 * bridge learns and looks up its FDB (or floods), a macvlan lower device
 * demultiplexes by destination MAC, a VLAN device pushes/pops 802.1Q tags, a
 * VXLAN device wraps the frame in UDP and hands the outer packet to the
 * routing table of its underlay namespace.
 *
 * Speed: everything the walk looks up is indexed once per topology (Maps by
 * address, MAC, port, VNI), so a hop costs a few Map lookups; only ARP and
 * unknown-unicast flooding visit a bridge's ports, as the real bridge does.
 */
import { BROADCAST_MAC, describePacket, diffPackets, ethernet, frame, ipIndex, outerIp, popVlan, pushVlan, rewrite, stripLinkLayer, transport, vlanOf } from './packet';
import { hexFromSeed } from './ids';
import { ipToInt, isLoopback, parseCidr } from './ip';
import { linkId } from './ids';
import { DEFAULT_DESTINATION_PORT, EPHEMERAL_PORT, LOCAL_PORT_RANGE, proxySourcePort } from './ports';
import { walkChain, type ChainWalk, type MatchContext } from './netfilter';
import type { VerdictCode, Hop, HopDetail, HopKind, IcmpHeader, IcmpUnreachableCode, Ipv4, Mac, Namespace, NeighbourEntry, NetInterface, Packet, Route, Socket, TableName, Topology, Trace, Verdict, VxlanFdbEntry, XfrmTransport, DnsHeader } from './types';

/** What to send: a packet described by the socket that sends it. */
export interface SendSpec {
  /** Namespace id of the sending process. */
  from: string;
  protocol: 'tcp' | 'udp' | 'icmp';
  /** Destination address. */
  dst: Ipv4;
  dport?: number;
  /** Source port; defaults to a fixed ephemeral port so traces are stable. */
  sport?: number;
  /** Force a source address (like `ping -I`); otherwise routing picks it. */
  src?: Ipv4;
  /** Make the UDP payload a DNS A query for this name. */
  dnsQuery?: string;
  /** Also walk the reply (TCP SYN-ACK, ICMP echo reply, DNS answer). */
  withReply?: boolean;
  /** Initial TTL (default 64). */
  ttl?: number;
}

/** Upper bound on hops per walk: a forwarding loop ends here (TTL usually ends it first). */
export const MAX_HOPS = 400;

// ------------------------------------------------------------------ index

interface CompiledRoute {
  route: Route;
  network: number;
  mask: number;
  prefixLength: number;
}

interface Index {
  namespaces: Map<string, Namespace>;
  interfaces: Map<string, NetInterface>;
  /** ns id → local address (as int) → interface. */
  localAddresses: Map<string, Map<number, NetInterface>>;
  /** ns id → routes, longest prefix first. */
  routes: Map<string, CompiledRoute[]>;
  bridgePorts: Map<string, NetInterface[]>;
  macvlanChildren: Map<string, NetInterface[]>;
  macvlanByMac: Map<string, Map<Mac, NetInterface>>;
  vlanChildren: Map<string, Map<number, NetInterface>>;
  /** `${underlayNs}|${udpPort}|${vni}` → vxlan device. */
  vxlanBySocket: Map<string, NetInterface>;
  vxlanPorts: Set<number>;
  /** `${vni}|${local underlay address}` → vxlan device, to name the tunnel a packet takes. */
  vxlanByLocal: Map<string, NetInterface>;
  vxlanFdb: Map<string, Map<Mac, VxlanFdbEntry>>;
  /** `${dev}|${ip}` → permanent neighbour. */
  neighbours: Map<string, NeighbourEntry>;
  /** ns → `${proto}:${port}` → sockets. */
  sockets: Map<string, Map<string, Socket[]>>;
  xfrm: Map<string, XfrmTransport[]>;
}

const indexCache = new WeakMap<Topology, Index>();

/**
 * Build (once) the lookup index the engine walks with: Maps by address, MAC,
 * port, VNI. `NetworkBuilder.build()` calls it; a topology that arrived as
 * JSON is indexed on its first walk. Mutating a topology after it was indexed
 * is not supported.
 * @example indexTopology(topology); // later tracePacket(topology, …) calls skip the indexing
 */
export function indexTopology(topology: Topology): void {
  compile(topology);
}

function compile(topology: Topology): Index {
  const cached = indexCache.get(topology);
  if (cached) return cached;
  const index: Index = {
    namespaces: new Map(),
    interfaces: new Map(),
    localAddresses: new Map(),
    routes: new Map(),
    bridgePorts: new Map(),
    macvlanChildren: new Map(),
    macvlanByMac: new Map(),
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
    for (const socket of ns.sockets) {
      const key = `${socket.protocol}:${socket.port}`;
      const list = sockets.get(key) ?? [];
      list.push(socket);
      sockets.set(key, list);
    }
    index.sockets.set(ns.id, sockets);
    for (const entry of ns.neighbours) index.neighbours.set(`${entry.dev}|${entry.address}`, entry);
    if (ns.xfrm.length) index.xfrm.set(ns.id, ns.xfrm);
  }
  for (const iface of topology.interfaces) {
    index.interfaces.set(iface.id, iface);
    const local = index.localAddresses.get(iface.namespace);
    for (const a of iface.addresses) local?.set(ipToInt(a.address), iface);
    if (iface.master) push(index.bridgePorts, iface.master, iface);
    if (iface.kind === 'macvlan' && iface.parent) {
      push(index.macvlanChildren, iface.parent, iface);
      let byMac = index.macvlanByMac.get(iface.parent);
      if (!byMac) index.macvlanByMac.set(iface.parent, (byMac = new Map()));
      byMac.set(iface.mac, iface);
    }
    if (iface.kind === 'vlan' && iface.parent && iface.vlanId !== undefined) {
      let byVid = index.vlanChildren.get(iface.parent);
      if (!byVid) index.vlanChildren.set(iface.parent, (byVid = new Map()));
      byVid.set(iface.vlanId, iface);
    }
    if (iface.vxlan) {
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
  indexCache.set(topology, index);
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ------------------------------------------------------------------ session state

interface Tuple {
  src: Ipv4;
  sport: number;
  dst: Ipv4;
  dport: number;
}

interface Connection {
  protocol: string;
  original: Tuple;
  /** Set when a DNAT/REDIRECT rewrote the destination of the original direction. */
  dnat?: { rule: string };
  /** Set when SNAT/MASQUERADE rewrote the source of the original direction. */
  snat?: { rule: string };
}

interface ConnRef {
  conn: Connection;
  direction: 'original' | 'reply';
}

/** Dynamic state shared by a request and its reply: conntrack, ARP caches, bridge FDBs. */
class Session {
  readonly conntrack = new Map<string, Map<string, ConnRef>>();
  readonly neighbourCache = new Map<string, Mac>();
  /**
   * Cache entries learned only from a peer's own ARP request: the kernel creates them STALE,
   * not REACHABLE (arp_process → neigh_event_ns), and sends through them via the slow
   * neighbour output until a reply confirms them.
   */
  readonly staleNeighbours = new Set<string>();
  readonly fdb = new Map<string, Map<Mac, { port: string; how: 'hit' | 'flood' }>>();

  table(ns: string): Map<string, ConnRef> {
    let table = this.conntrack.get(ns);
    if (!table) this.conntrack.set(ns, (table = new Map()));
    return table;
  }

  bridgeFdb(bridge: string): Map<Mac, { port: string; how: 'hit' | 'flood' }> {
    let table = this.fdb.get(bridge);
    if (!table) this.fdb.set(bridge, (table = new Map()));
    return table;
  }
}

function tupleOf(packet: Packet): { protocol: string; tuple: Tuple } {
  const ip = outerIp(packet);
  const l4 = transport(packet);
  const sport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.srcPort ?? 0);
  const dport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.dstPort ?? 0);
  return { protocol: ip.protocol, tuple: { src: ip.src, sport, dst: ip.dst, dport } };
}

/** The ICMP error header of a packet (destination unreachable), if it is one. */
function icmpError(packet: Packet): IcmpHeader | undefined {
  const l4 = transport(packet);
  return l4?.layer === 'icmp' && l4.type === 'unreachable' && l4.quotedSrc && l4.quotedDst ? l4 : undefined;
}

/** Rewrite the quoted packet inside an ICMP error (NAT translates it with the outer header). */
function rewriteQuoted(packet: Packet, fields: Pick<IcmpHeader, 'quotedSrc' | 'quotedDst' | 'quotedSrcPort' | 'quotedDstPort'>): Packet {
  const index = ipIndex(packet) + 1;
  const l4 = packet[index];
  if (l4?.layer !== 'icmp') return packet;
  const copy = packet.slice();
  copy[index] = { ...l4, ...fields };
  return copy;
}

function tupleKey(protocol: string, t: Tuple): string {
  return `${protocol}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;
}

/** Per-packet netfilter state while it is inside one namespace. */
interface NsPass {
  ns: Namespace;
  ref?: ConnRef;
  /** A new connection, not yet confirmed in the conntrack table. */
  pending?: Connection;
  originalKey?: string;
  /** RELATED: an ICMP error about a packet of a tracked connection (nf_conntrack_icmp, icmp_error_message). */
  ctState: 'NEW' | 'ESTABLISHED' | 'RELATED';
}

/** One delivered leg of a connection (more than one when a user-space proxy relays). */
interface Leg {
  ns: string;
  packet: Packet;
  socket?: Socket;
  iface?: string;
  /** The kernel refused the packet here and answers with an error: a TCP reset or an ICMP destination unreachable. */
  error?: 'rst' | IcmpUnreachableCode;
}

class Stop extends Error {}

// ------------------------------------------------------------------ the walk

class Walk {
  readonly hops: Hop[] = [];
  verdict?: Verdict;
  readonly legs: Leg[] = [];
  private last: Packet = [];

  constructor(
    readonly index: Index,
    readonly topology: Topology,
    readonly session: Session,
    readonly direction: 'request' | 'reply',
  ) {}

  ns(id: string): Namespace {
    const ns = this.index.namespaces.get(id);
    if (!ns) throw new Error(`unknown namespace "${id}"`);
    return ns;
  }

  iface(id: string): NetInterface {
    const found = this.index.interfaces.get(id);
    if (!found) throw new Error(`unknown interface "${id}"`);
    return found;
  }

  hop(kind: HopKind, namespace: string, caption: string, packet: Packet, extra: { interface?: string; link?: string; detail?: HopDetail } = {}): void {
    if (this.hops.length >= MAX_HOPS) this.end({ outcome: 'dropped', code: 'hop-limit', reason: `stopped after ${MAX_HOPS} hops: the packet is going round in a loop`, namespace });
    this.hops.push({ step: this.hops.length, kind, namespace, caption, packet, changed: diffPackets(this.last, packet), ...extra });
    this.last = packet;
  }

  end(verdict: Verdict): never {
    this.verdict = verdict;
    throw new Stop();
  }

  drop(namespace: string, reason: string, packet: Packet, extra: { interface?: string; detail?: HopDetail } = {}, code: VerdictCode = 'link'): never {
    this.hop('drop', namespace, reason, packet, extra);
    this.end({ outcome: 'dropped', code, reason, namespace, ...(extra.interface ? { interface: extra.interface } : {}) });
  }

  label(nsId: string): string {
    return this.ns(nsId).label;
  }

  // ------------------------------------------------------------ routing

  isLocal(nsId: string, address: Ipv4): boolean {
    return isLoopback(address) || (this.index.localAddresses.get(nsId)?.has(ipToInt(address)) ?? false);
  }

  lookupRoute(nsId: string, dst: Ipv4): { local: true } | { local: false; route: Route; dev: NetInterface } | undefined {
    if (this.isLocal(nsId, dst)) return { local: true };
    const target = ipToInt(dst);
    for (const compiled of this.index.routes.get(nsId) ?? []) {
      if (((target & compiled.mask) >>> 0) === compiled.network) return { local: false, route: compiled.route, dev: this.iface(compiled.route.dev) };
    }
    return undefined;
  }

  routeText(route: Route): string {
    const dev = this.iface(route.dev);
    return `${route.destination}${route.via ? ` via ${route.via}` : ''} dev ${dev.name}${route.proto === 'kernel' ? ' proto kernel scope link' : ''}${route.src ? ` src ${route.src}` : ''}`;
  }

  sourceFor(route: Route, dev: NetInterface, nsId: string): Ipv4 {
    if (route.src) return route.src;
    const first = dev.addresses[0];
    if (first) return first.address;
    for (const id of this.ns(nsId).interfaces) {
      const address = this.iface(id).addresses.find((a) => !isLoopback(a.address));
      if (address) return address.address;
    }
    return '0.0.0.0';
  }

  // ------------------------------------------------------------ netfilter

  matchContext(pass: NsPass, packet: Packet, inIf?: string, outIf?: string): MatchContext {
    const { protocol, tuple } = tupleOf(packet);
    return {
      ...(inIf ? { inInterface: inIf } : {}),
      ...(outIf ? { outInterface: outIf } : {}),
      src: tuple.src,
      dst: tuple.dst,
      protocol,
      ...(protocol === 'tcp' || protocol === 'udp' ? { sourcePort: tuple.sport, destinationPort: tuple.dport } : {}),
      ctState: pass.ctState,
      isLocal: (address) => this.isLocal(pass.ns.id, address),
    };
  }

  /** Walk a filtering chain (raw or filter table); drops the packet when it says DROP. */
  filterHook(pass: NsPass, table: TableName, chain: string, packet: Packet, inIf?: string, outIf?: string, where?: string): void {
    const walk = walkChain(pass.ns.netfilter, table, chain, this.matchContext(pass, packet, inIf, outIf));
    if (walk.matched.length === 0 && walk.target.kind !== 'DROP') return;
    const detail: HopDetail = { rule: { table, chain: walk.chain, text: walk.text, verdict: walk.target.kind }, matchedRules: walk.matched.map((m) => ({ table, ...m })) };
    const extra = where ? { interface: where, detail } : { detail };
    if (walk.target.kind === 'DROP') {
      const why = walk.byPolicy ? `the ${chain} chain's policy is DROP` : `rule \`${walk.text}\``;
      this.drop(pass.ns.id, `dropped by the ${walk.chain} chain (${table} table) in ${pass.ns.label}: ${why}`, packet, extra, 'filtered');
    }
    this.hop('netfilter', pass.ns.id, `${table} ${chain}: ${describeWalk(walk)}`, packet, extra);
  }

  /** Start conntrack for a packet entering a namespace's netfilter (PREROUTING or OUTPUT); undo SNAT for replies. */
  conntrackIn(ns: Namespace, packet: Packet, deferReverseNat = false): { pass: NsPass; packet: Packet } {
    const error = icmpError(packet);
    if (error) {
      // An ICMP error belongs to the connection of the packet it quotes: invert the quoted
      // tuple and look it up. It is RELATED to it, and never starts a connection of its own.
      const quoted = { src: error.quotedDst ?? '', sport: error.quotedDstPort ?? 0, dst: error.quotedSrc ?? '', dport: error.quotedSrcPort ?? 0 };
      const related = this.session.table(ns.id).get(tupleKey(error.quotedProtocol ?? 'tcp', quoted));
      const pass: NsPass = related ? { ns, ref: related, ctState: 'RELATED' } : { ns, ctState: 'NEW' };
      return { pass, packet: deferReverseNat ? packet : this.undoSnat(pass, packet) };
    }
    const { protocol, tuple } = tupleOf(packet);
    const key = tupleKey(protocol, tuple);
    const ref = this.session.table(ns.id).get(key);
    if (ref) {
      const pass: NsPass = { ns, ref, ctState: 'ESTABLISHED' };
      return { pass, packet: deferReverseNat ? packet : this.undoSnat(pass, packet) };
    }
    const conn: Connection = { protocol, original: tuple };
    return { pass: { ns, pending: conn, originalKey: key, ctState: 'NEW' }, packet };
  }

  /**
   * For a reply of a source-NATed connection, put the original source back as destination.
   * The kernel does this in the nat hook (priority -100), after the raw table (-300) has seen
   * the packet with the NATed destination — so a raw rule about the inner address (Docker's
   * `-d <container> ! -i <bridge> -j DROP`) never sees a reply to a masqueraded connection.
   */
  undoSnat(pass: NsPass, packet: Packet): Packet {
    const ref = pass.ref;
    if (ref?.direction !== 'reply' || !ref.conn.snat) return packet;
    const orig = ref.conn.original;
    const icmp = ref.conn.protocol === 'icmp';
    if (pass.ctState === 'RELATED') {
      // nf_nat_icmp_reply_translation: the outer destination and the quoted source together.
      const rewritten = rewriteQuoted(rewrite(packet, { dst: orig.src }), { quotedSrc: orig.src, quotedSrcPort: orig.sport });
      this.hop('conntrack', pass.ns.id, `conntrack: an ICMP error RELATED to a source-NATed connection — destination restored to ${orig.src}, and the quoted packet's source to ${orig.src}${icmp ? '' : `:${orig.sport}`} (undoing ${ref.conn.snat.rule})`, rewritten);
      return rewritten;
    }
    const rewritten = rewrite(packet, { dst: orig.src }, icmp ? undefined : { dstPort: orig.sport });
    this.hop('conntrack', pass.ns.id, `conntrack: reply of a source-NATed connection — destination restored to ${orig.src}${icmp ? '' : `:${orig.sport}`} (undoing ${ref.conn.snat.rule})`, rewritten);
    return rewritten;
  }

  /** Confirm a new connection (end of POSTROUTING / INPUT); undo DNAT for replies. */
  conntrackOut(pass: NsPass, packet: Packet): Packet {
    if (pass.pending && pass.originalKey) {
      const { protocol, tuple } = tupleOf(packet);
      const table = this.session.table(pass.ns.id);
      const conn = pass.pending;
      table.set(pass.originalKey, { conn, direction: 'original' });
      table.set(tupleKey(protocol, { src: tuple.dst, sport: tuple.dport, dst: tuple.src, dport: tuple.sport }), { conn, direction: 'reply' });
      pass.ref = { conn, direction: 'original' };
      pass.pending = undefined;
      return packet;
    }
    if (pass.ref?.direction === 'reply' && pass.ref.conn.dnat && pass.ctState === 'RELATED') {
      const orig = pass.ref.conn.original;
      const icmp = pass.ref.conn.protocol === 'icmp';
      const rewritten = rewriteQuoted(rewrite(packet, { src: orig.dst }), { quotedDst: orig.dst, quotedDstPort: orig.dport });
      this.hop('conntrack', pass.ns.id, `conntrack: an ICMP error RELATED to a destination-NATed connection — source restored to ${orig.dst}, and the quoted packet's destination to ${orig.dst}${icmp ? '' : `:${orig.dport}`} (undoing ${pass.ref.conn.dnat.rule})`, rewritten);
      return rewritten;
    }
    if (pass.ref?.direction === 'reply' && pass.ref.conn.dnat) {
      const orig = pass.ref.conn.original;
      const protocol = pass.ref.conn.protocol;
      const rewritten = rewrite(packet, { src: orig.dst }, protocol === 'icmp' ? undefined : { srcPort: orig.dport });
      this.hop('conntrack', pass.ns.id, `conntrack: reply of a destination-NATed connection — source restored to ${orig.dst}${protocol === 'icmp' ? '' : `:${orig.dport}`} (undoing ${pass.ref.conn.dnat.rule})`, rewritten);
      return rewritten;
    }
    return packet;
  }

  /** nat PREROUTING or OUTPUT for a new connection: may DNAT/REDIRECT. */
  natDestination(pass: NsPass, chain: 'PREROUTING' | 'OUTPUT', packet: Packet, inIf?: string): Packet {
    if (!pass.pending) return packet;
    const walk = walkChain(pass.ns.netfilter, 'nat', chain, this.matchContext(pass, packet, inIf));
    const target = walk.target;
    if (target.kind === 'DNAT' || target.kind === 'REDIRECT') {
      const { tuple } = tupleOf(packet);
      const toAddress = target.kind === 'DNAT' ? target.toAddress : chain === 'OUTPUT' ? '127.0.0.1' : (this.firstAddress(inIf, pass.ns.id) ?? tuple.dst);
      const toPort = target.toPort ?? tuple.dport;
      const rewritten = rewrite(packet, { dst: toAddress }, { dstPort: toPort });
      pass.pending.dnat = { rule: walk.text };
      this.hop('nat', pass.ns.id, `nat ${chain}: ${target.kind} ${tuple.dst}:${tuple.dport} → ${toAddress}:${toPort} (${walk.chain})`, rewritten, {
        detail: { rule: { table: 'nat', chain: walk.chain, text: walk.text, verdict: target.kind }, matchedRules: walk.matched.map((m) => ({ table: 'nat' as const, ...m })) },
        ...(inIf ? { interface: `${pass.ns.id}:${inIf}` } : {}),
      });
      return rewritten;
    }
    if (walk.matched.length > 0) {
      this.hop('netfilter', pass.ns.id, `nat ${chain}: ${walk.visited.join(' → ')} — no rule rewrites the destination, it stays ${tupleOf(packet).tuple.dst}`, packet, {
        ...(inIf ? { interface: `${pass.ns.id}:${inIf}` } : {}),
        detail: { rule: { table: 'nat', chain: walk.chain, text: walk.text, verdict: target.kind }, matchedRules: walk.matched.map((m) => ({ table: 'nat' as const, ...m })) },
      });
    }
    return packet;
  }

  firstAddress(ifName: string | undefined, nsId: string): Ipv4 | undefined {
    if (!ifName) return undefined;
    return this.index.interfaces.get(`${nsId}:${ifName}`)?.addresses[0]?.address;
  }

  /**
   * The source MASQUERADE picks, as the kernel's inet_select_addr(out, …, RT_SCOPE_UNIVERSE):
   * a global address of the outgoing device, or — for lo, whose 127.0.0.1 has host scope — the
   * first global address of the namespace.
   */
  masqueradeAddress(ns: Namespace, outIf: NetInterface): Ipv4 | undefined {
    const own = outIf.addresses.find((a) => !isLoopback(a.address));
    if (own) return own.address;
    for (const id of ns.interfaces) {
      const found = this.index.interfaces.get(id)?.addresses.find((a) => !isLoopback(a.address));
      if (found) return found.address;
    }
    return undefined;
  }

  /** nat POSTROUTING for a new connection: may SNAT/MASQUERADE. */
  natSource(pass: NsPass, packet: Packet, outIf: NetInterface): Packet {
    if (!pass.pending) return packet;
    const walk = walkChain(pass.ns.netfilter, 'nat', 'POSTROUTING', this.matchContext(pass, packet, undefined, outIf.name));
    const target = walk.target;
    if (target.kind === 'MASQUERADE' || target.kind === 'SNAT') {
      const { tuple } = tupleOf(packet);
      // MASQUERADE takes the primary address of the outgoing interface; the source port is kept when free.
      const toAddress = target.kind === 'SNAT' ? (target.toAddress ?? tuple.src) : (this.masqueradeAddress(pass.ns, outIf) ?? tuple.src);
      const toPort = target.kind === 'SNAT' && target.toPort !== undefined ? target.toPort : tuple.sport;
      const rewritten = rewrite(packet, { src: toAddress }, pass.pending.protocol === 'icmp' ? undefined : { srcPort: toPort });
      pass.pending.snat = { rule: walk.text };
      this.hop('nat', pass.ns.id, `nat POSTROUTING: ${target.kind} source ${tuple.src} → ${toAddress} as it leaves ${outIf.name} (${walk.chain})`, rewritten, {
        interface: outIf.id,
        detail: { rule: { table: 'nat', chain: walk.chain, text: walk.text, verdict: target.kind }, matchedRules: walk.matched.map((m) => ({ table: 'nat' as const, ...m })) },
      });
      return rewritten;
    }
    return packet;
  }

  // ------------------------------------------------------------ layer 3

  /** A process (or, with `sender`, the kernel) in `nsId` sends `packet` (an IP packet without link-layer headers). */
  localOut(nsId: string, packet: Packet, explicitSource: boolean, sender?: string): void {
    const ns = this.ns(nsId);
    const dst = outerIp(packet).dst;
    let decision = this.lookupRoute(nsId, dst);
    if (!decision) this.drop(nsId, `connect: Network is unreachable — ${ns.label} has no route to ${dst}`, packet, {}, 'unreachable');
    if (!explicitSource && outerIp(packet).src === '0.0.0.0') {
      const src = decision.local ? (isLoopback(dst) ? '127.0.0.1' : dst) : this.sourceFor(decision.route, decision.dev, nsId);
      packet = rewrite(packet, { src });
    }
    this.hop('send', nsId, sender ?? `${this.direction === 'reply' ? 'reply' : 'a process'} in ${ns.label} sends ${describePacket(packet)}`, packet);
    this.routeHop(nsId, decision, packet);
    const conn = this.conntrackIn(ns, packet, true);
    const pass = conn.pass;
    packet = conn.packet;
    this.filterHook(pass, 'raw', 'OUTPUT', packet);
    const beforeNat = packet;
    packet = this.undoSnat(pass, packet);
    packet = this.natDestination(pass, 'OUTPUT', packet);
    if (packet !== beforeNat) {
      decision = this.lookupRoute(nsId, outerIp(packet).dst);
      if (!decision) this.drop(nsId, `no route to ${outerIp(packet).dst} after DNAT`, packet, {}, 'unreachable');
      this.routeHop(nsId, decision, packet, 'rerouted after DNAT');
    }
    const outIf = decision.local ? this.loopbackOf(nsId) : decision.dev;
    this.filterHook(pass, 'filter', 'OUTPUT', packet, undefined, outIf.name);
    if (decision.local) {
      // Looped-back packets still pass nat POSTROUTING (a rule like `! -o docker0 -j MASQUERADE`
      // matches `-o lo`), as every locally sent packet does before it reaches a device.
      packet = this.natSource(pass, packet, outIf);
      packet = this.conntrackOut(pass, packet);
      this.hop('transmit', nsId, `looped back on lo inside ${ns.label}: the packet never leaves the namespace`, packet, { interface: outIf.id });
      this.filterHook(pass, 'filter', 'INPUT', packet, 'lo');
      this.localDeliver(ns, pass, packet, outIf);
      return;
    }
    if (isLoopback(outerIp(packet).src) && !ns.routeLocalnet.includes(outIf.id)) {
      this.drop(nsId, `a packet from ${outerIp(packet).src} may not be routed out of ${outIf.name}: 127.0.0.0/8 is local-only (route_localnet=0)`, packet, {}, 'martian');
    }
    packet = this.natSource(pass, packet, outIf);
    packet = this.conntrackOut(pass, packet);
    const gateway = decision.route.via ?? outerIp(packet).dst;
    this.output(ns, outIf, gateway, packet);
  }

  loopbackOf(nsId: string): NetInterface {
    return this.iface(`${nsId}:lo`);
  }

  routeHop(nsId: string, decision: { local: true } | { local: false; route: Route; dev: NetInterface }, packet: Packet, note?: string): void {
    const dst = outerIp(packet).dst;
    if (decision.local) {
      this.hop('route', nsId, `route lookup${note ? ` (${note})` : ''}: ${dst} is a local address of ${this.label(nsId)} (local table)`, packet, { detail: { route: `local ${dst} dev lo table local` } });
    } else {
      const text = this.routeText(decision.route);
      this.hop('route', nsId, `route lookup${note ? ` (${note})` : ''}: ${dst} matches \`${text}\`${decision.route.via ? ` — next hop ${decision.route.via}` : ' — on-link'}`, packet, { interface: decision.dev.id, detail: { route: text } });
    }
  }

  /** Transmit an IP packet out of `outIf` towards `nextHop`: xfrm, neighbour resolution, framing. `forwarded`: routed through this namespace, not sent from it. */
  output(ns: Namespace, outIf: NetInterface, nextHop: Ipv4, packet: Packet, forwarded = false): void {
    packet = this.xfrmOut(ns, packet);
    const mac = this.resolveNeighbour(ns, outIf, nextHop, packet, forwarded);
    const framed = frame(packet, outIf.mac, mac);
    this.hop('neighbour', ns.id, `${outIf.name} frames it: ${outIf.mac} → ${mac}`, framed, { interface: outIf.id, detail: this.lastArp });
    this.transmit(outIf, framed);
  }

  private lastArp: HopDetail = {};
  /** Whether the last neighbour lookup used a STALE cache entry (see Session.staleNeighbours). */
  private lastNeighbourStale = false;

  xfrmOut(ns: Namespace, packet: Packet): Packet {
    const policies = this.index.xfrm.get(ns.id);
    if (!policies) return packet;
    const { protocol, tuple } = tupleOf(packet);
    const policy = policies.find((p) => p.local === tuple.src && p.remote === tuple.dst && p.protocol === protocol && p.port === tuple.dport);
    if (!policy) return packet;
    const index = ipIndex(packet);
    const ip = outerIp(packet);
    const encrypted: Packet = [...packet.slice(0, index), { ...ip, protocol: 'esp' }, { layer: 'esp', spi: policy.spiOut }, ...packet.slice(index + 1)];
    this.hop('encrypt', ns.id, `IPsec (xfrm policy ${policy.local} → ${policy.remote} udp/${policy.port}): ESP transport mode, SPI ${policy.spiOut} — everything after the ESP header is encrypted`, encrypted);
    return encrypted;
  }

  /** Find the MAC for `nextHop` on `outIf`: permanent entry, cache, or an ARP exchange. */
  resolveNeighbour(ns: Namespace, outIf: NetInterface, nextHop: Ipv4, packet: Packet, forwarded = false): Mac {
    const permanent = this.index.neighbours.get(`${outIf.id}|${nextHop}`);
    const sender = outIf.addresses[0]?.address ?? '0.0.0.0';
    if (permanent) {
      this.lastArp = { arp: { op: 'request', senderIp: sender, senderMac: outIf.mac, targetIp: nextHop, targetMac: permanent.mac, how: 'permanent' } };
      return permanent.mac;
    }
    const cacheKey = `${outIf.id}|${nextHop}`;
    const cached = this.session.neighbourCache.get(cacheKey);
    if (cached) {
      this.lastArp = { arp: { op: 'request', senderIp: sender, senderMac: outIf.mac, targetIp: nextHop, targetMac: cached, how: 'cached' } };
      this.lastNeighbourStale = this.session.staleNeighbours.has(cacheKey);
      return cached;
    }
    const found = this.probe(outIf, { kind: 'arp', ip: nextHop }, outIf.mac);
    if (!found) {
      const reason = this.arpFailureReason(outIf, nextHop);
      this.hop('neighbour', ns.id, `ARP: who has ${nextHop}? tell ${sender} — broadcast on ${outIf.name}, no answer`, packet, { interface: outIf.id, detail: { arp: { op: 'request', senderIp: sender, senderMac: outIf.mac, targetIp: nextHop, how: 'arp' } } });
      // A router gives up after its ARP probes and answers the sender with ICMP host unreachable
      // (arp_error_report → icmp_send); a sender's own failed ARP is a local error, not a packet.
      if (forwarded) this.legs.push({ ns: ns.id, packet: stripLinkLayer(packet), iface: outIf.id, error: 'host-unreachable' });
      this.drop(ns.id, reason, packet, { interface: outIf.id }, 'no-arp-reply');
    }
    this.session.neighbourCache.set(cacheKey, found.mac);
    this.session.staleNeighbours.delete(cacheKey);
    // The responder also learns the requester (Linux creates a STALE neighbour entry from the ARP request).
    const learned = `${found.responder.id}|${sender}`;
    if (found.responder.kind !== 'vxlan' && !this.session.neighbourCache.has(learned)) {
      this.session.neighbourCache.set(learned, outIf.mac);
      this.session.staleNeighbours.add(learned);
    }
    this.lastArp = {
      arp: { op: 'request', senderIp: sender, senderMac: outIf.mac, targetIp: nextHop, targetMac: found.mac, how: found.proxy ? 'proxy-arp' : 'arp' },
    };
    this.hop(
      'neighbour',
      ns.id,
      found.proxy
        ? `ARP: who has ${nextHop}? — answered by ${found.responder.name} from its neighbour table (proxy ARP, entry installed by ${found.proxySource ?? 'the control plane'}): ${found.mac}`
        : `ARP: who has ${nextHop}? tell ${sender} — broadcast on ${outIf.name}; ${found.responder.name} in ${this.label(found.responder.namespace)} answers ${found.mac}`,
      packet,
      { interface: outIf.id, detail: this.lastArp },
    );
    return found.mac;
  }

  /** Explain an unanswered ARP request as specifically as the topology allows. */
  arpFailureReason(outIf: NetInterface, target: Ipv4): string {
    if (outIf.kind === 'macvlan' && outIf.parent) {
      const sibling = (this.index.macvlanChildren.get(outIf.parent) ?? []).find((c) => c.addresses.some((a) => a.address === target));
      if (sibling && outIf.macvlanMode === 'private') return `no ARP reply for ${target}: ${outIf.name} in ${this.label(outIf.namespace)} and ${sibling.name} in ${this.label(sibling.namespace)} are macvlan siblings in private mode, and the driver passes a sibling's broadcast to no other child — not inside the driver, and not when the switch sends it back — so the ARP request never reaches ${sibling.name} (unicast would pass a hairpin switch, with static neighbour entries)`;
      if (sibling) return `no ARP reply for ${target}: in ${outIf.macvlanMode} mode ${outIf.name} in ${this.label(outIf.namespace)} sends everything to the switch, which does not send a frame back out of the port it came in (no hairpin / reflective relay), so ${sibling.name} never hears it`;
    } else {
      const owner = this.macvlanChildOwning(outIf, target);
      if (owner) return `no ARP reply for ${target}: it belongs to ${owner.name} in ${this.label(owner.namespace)}, a macvlan child of ${this.iface(owner.parent ?? '').name} — a macvlan parent cannot reach its own children (the parent's frames go out to the wire, and the switch does not send them back)`;
    }
    if (this.probeDrops.length > 0) return `no ARP reply for ${target}: ${this.probeDrops[0]}`;
    return `no ARP reply for ${target} on ${outIf.name}: nothing on that segment has the address (Destination Host Unreachable)`;
  }

  /** Why frames of the last probe were dropped on the way (VLAN membership), for failure reasons. */
  probeDrops: string[] = [];

  macvlanChildOwning(parent: NetInterface, address: Ipv4): NetInterface | undefined {
    const lowers = [parent.id];
    if (parent.parent) lowers.push(parent.parent);
    for (const lower of lowers) {
      for (const child of this.index.macvlanChildren.get(lower) ?? []) if (child.addresses.some((a) => a.address === address)) return child;
    }
    return undefined;
  }

  /** Receive an IP packet (still framed) on `inIf`: PREROUTING, routing, then INPUT or FORWARD. */
  ipReceive(inIf: NetInterface, packet: Packet, prerouted?: NsPass): void {
    const ns = this.ns(inIf.namespace);
    let pass: NsPass;
    if (prerouted) pass = prerouted;
    else {
      const conn = this.conntrackIn(ns, packet, true);
      pass = conn.pass;
      packet = conn.packet;
      this.filterHook(pass, 'raw', 'PREROUTING', packet, inIf.name, undefined, inIf.id);
      packet = this.undoSnat(pass, packet);
      packet = this.natDestination(pass, 'PREROUTING', packet, inIf.name);
    }
    const ip = outerIp(packet);
    const decision = this.lookupRoute(ns.id, ip.dst);
    if (decision?.local) {
      this.routeHop(ns.id, decision, packet);
      this.filterHook(pass, 'filter', 'INPUT', packet, inIf.name, undefined, inIf.id);
      packet = this.conntrackOut(pass, packet);
      this.localDeliver(ns, pass, packet, inIf);
      return;
    }
    if (!ns.ipForward) {
      this.drop(ns.id, `${ns.label} does not forward packets (net.ipv4.ip_forward = 0), and ${ip.dst} is not one of its addresses`, packet, { interface: inIf.id }, 'not-forwarding');
    }
    if (!decision) {
      // A forwarding router answers with ICMP net unreachable (ip_error → icmp_send).
      this.legs.push({ ns: ns.id, packet: stripLinkLayer(packet), iface: inIf.id, error: 'net-unreachable' });
      this.drop(ns.id, `no route to host: ${ns.label} has no route to ${ip.dst}`, packet, { interface: inIf.id }, 'unreachable');
    }
    this.routeHop(ns.id, decision, packet, 'forwarding');
    if (ip.ttl <= 1) this.drop(ns.id, `TTL exceeded in ${ns.label}: the packet ran out of hops (a routing loop?)`, packet, {}, 'ttl-exceeded');
    packet = rewrite(packet, { ttl: ip.ttl - 1 });
    this.hop('route', ns.id, `${ns.label} forwards it (ip_forward = 1): TTL ${ip.ttl} → ${ip.ttl - 1}`, packet, { interface: decision.dev.id });
    this.filterHook(pass, 'filter', 'FORWARD', packet, inIf.name, decision.dev.name, decision.dev.id);
    packet = this.natSource(pass, packet, decision.dev);
    packet = this.conntrackOut(pass, packet);
    this.output(ns, decision.dev, decision.route.via ?? outerIp(packet).dst, packet, true);
  }

  /** Hand a packet addressed to this namespace to a socket (or to VXLAN/ESP decapsulation). */
  localDeliver(ns: Namespace, pass: NsPass, packet: Packet, inIf: NetInterface): void {
    const ip = outerIp(packet);
    const l4 = transport(packet);
    if (ip.protocol === 'esp') {
      this.decryptEsp(ns, packet, inIf);
      return;
    }
    if (l4?.layer === 'udp' && this.index.vxlanPorts.has(l4.dstPort)) {
      const vxlanHeader = packet[ipIndex(packet) + 2];
      if (vxlanHeader?.layer === 'vxlan') {
        const device = this.index.vxlanBySocket.get(`${ns.id}|${l4.dstPort}|${vxlanHeader.vni}`);
        if (!device) this.drop(ns.id, `VXLAN packet for VNI ${vxlanHeader.vni} but ${ns.label} has no VXLAN device with that VNI`, packet);
        const inner = packet.slice(ipIndex(packet) + 3);
        const sender = this.index.vxlanByLocal.get(`${vxlanHeader.vni}|${ip.src}`);
        this.hop('decapsulate', device.namespace, `${device.name} (VNI ${vxlanHeader.vni}) strips the outer Ethernet/IP/UDP ${l4.dstPort}/VXLAN headers; the inner frame appears on ${device.name} in ${this.label(device.namespace)}`, inner, {
          interface: device.id,
          ...(sender ? { link: linkId('vxlan-tunnel', sender.id, device.id) } : {}),
          detail: { vxlan: { vni: vxlanHeader.vni, remote: ip.src, local: ip.dst } },
        });
        this.l2Receive(device, inner);
        return;
      }
    }
    if (this.direction === 'reply' && l4?.layer === 'tcp' && l4.flags === 'RST' && !this.socketFor(ns.id, packet)) {
      this.hop('deliver', ns.id, `the reset reaches the connecting socket in ${ns.label}: connect() fails with “Connection refused”`, packet, { interface: inIf.id });
      this.legs.push({ ns: ns.id, packet, iface: inIf.id });
      // The packet arrived, but the exchange is over: the verdict is the refusal the client sees.
      this.end({ outcome: 'dropped', code: 'refused', reason: `the TCP reset reached the client in ${ns.label}: connect() fails with “Connection refused”`, namespace: ns.id, interface: inIf.id });
    }
    if (this.direction === 'reply' && l4?.layer === 'icmp' && l4.type === 'unreachable') {
      const error = l4.code === 'port-unreachable' ? 'Connection refused' : l4.code === 'host-unreachable' ? 'No route to host' : 'Network is unreachable';
      this.hop('deliver', ns.id, `the kernel in ${ns.label} matches the quoted ${l4.quotedProtocol?.toUpperCase() ?? ''} header (${l4.quotedSrc}:${l4.quotedSrcPort} → ${l4.quotedDst}:${l4.quotedDstPort}) to the socket that sent it, which reports “${error}”`, packet, { interface: inIf.id });
      this.legs.push({ ns: ns.id, packet, iface: inIf.id });
      this.end({ outcome: 'dropped', code: l4.code === 'port-unreachable' ? 'refused' : 'unreachable', reason: `the ICMP ${l4.code} from ${ip.src} reached the sender in ${ns.label}: ${error}`, namespace: ns.id, interface: inIf.id });
    }
    if (this.direction === 'reply' && l4?.layer !== 'icmp' && !this.socketFor(ns.id, packet)) {
      // The original sender's socket: an ephemeral, connected socket the model does not list.
      this.hop('deliver', ns.id, `delivered to the connection's socket in ${ns.label}: ${describePacket(packet)}`, packet, { interface: inIf.id });
      this.legs.push({ ns: ns.id, packet, iface: inIf.id });
      this.end({ outcome: 'delivered', code: 'delivered', reason: `reply delivered to the client in ${ns.label}`, namespace: ns.id, interface: inIf.id });
    }
    if (l4?.layer === 'icmp') {
      if (l4.type === 'echo-request') {
        this.hop('deliver', ns.id, `the kernel in ${ns.label} answers the echo request itself (no process needed)`, packet, { interface: inIf.id });
        this.legs.push({ ns: ns.id, packet, iface: inIf.id });
        this.end({ outcome: 'delivered', code: 'delivered', reason: `echo request reached ${ip.dst} in ${ns.label}`, namespace: ns.id, interface: inIf.id, process: 'kernel' });
      }
      this.hop('deliver', ns.id, `echo reply delivered to ping in ${ns.label}`, packet, { interface: inIf.id });
      this.end({ outcome: 'delivered', code: 'delivered', reason: `ping got its reply in ${ns.label}`, namespace: ns.id, interface: inIf.id, process: 'ping' });
    }
    const socket = this.socketFor(ns.id, packet);
    const port = l4 ? l4.dstPort : 0;
    if (!socket) {
      const reason =
        l4?.layer === 'tcp'
          ? `connection refused: nothing in ${ns.label} listens on ${ip.dst}:${port}/tcp (the kernel answers with a TCP reset)`
          : `port unreachable: nothing in ${ns.label} listens on ${ip.dst}:${port}/udp`;
      this.hop('deliver', ns.id, reason, packet, { interface: inIf.id });
      this.legs.push({ ns: ns.id, packet: stripLinkLayer(packet), iface: inIf.id, error: l4?.layer === 'tcp' ? 'rst' : 'port-unreachable' });
      this.end({ outcome: 'dropped', code: 'refused', reason, namespace: ns.id, interface: inIf.id });
    }
    const detail: HopDetail = { socket: { process: socket.process, address: socket.address, port: socket.port, protocol: socket.protocol } };
    this.hop('deliver', ns.id, `delivered to ${socket.process} listening on ${socket.address}:${socket.port}/${socket.protocol} in ${ns.label}`, packet, { interface: inIf.id, detail });
    this.legs.push({ ns: ns.id, packet, socket, iface: inIf.id });
    void pass;
    if (socket.proxyTo) {
      const next = buildPacket({ protocol: socket.protocol, src: '0.0.0.0', dst: socket.proxyTo.address, sport: proxySourcePort(socket.port), dport: socket.proxyTo.port, ttl: 64 });
      this.hop('proxy', ns.id, `${socket.process} accepts the connection and opens a new one to ${socket.proxyTo.address}:${socket.proxyTo.port}`, next, { detail });
      this.localOut(ns.id, next, false);
      return;
    }
    this.end({ outcome: 'delivered', code: 'delivered', reason: `delivered to ${socket.process} on ${socket.address === '0.0.0.0' ? ip.dst : socket.address}:${socket.port} in ${ns.label}`, namespace: ns.id, interface: inIf.id, process: socket.process });
  }

  socketFor(nsId: string, packet: Packet): Socket | undefined {
    const ip = outerIp(packet);
    const l4 = transport(packet);
    if (!l4 || l4.layer === 'icmp') return undefined;
    const candidates = this.index.sockets.get(nsId)?.get(`${l4.layer}:${l4.dstPort}`);
    return candidates?.find((s) => s.address === ip.dst) ?? candidates?.find((s) => s.address === '0.0.0.0');
  }

  decryptEsp(ns: Namespace, packet: Packet, inIf: NetInterface): void {
    const index = ipIndex(packet);
    const esp = packet[index + 1];
    const ip = outerIp(packet);
    const state = this.index.xfrm.get(ns.id)?.find((p) => esp?.layer === 'esp' && p.spiIn === esp.spi && p.remote === ip.src);
    if (!state || esp?.layer !== 'esp') this.drop(ns.id, `ESP packet with no matching IPsec state in ${ns.label}`, packet);
    const decrypted: Packet = [...packet.slice(0, index), { ...ip, protocol: 'udp' }, ...packet.slice(index + 2)];
    this.hop('decrypt', ns.id, `IPsec: ESP SPI ${esp.spi} decrypted; the VXLAN UDP packet inside continues up the stack`, decrypted, { interface: inIf.id });
    this.localDeliver(ns, { ns, ctState: 'ESTABLISHED' }, decrypted, inIf);
  }

  // ------------------------------------------------------------ layer 2

  /** Put a frame on the wire of `iface` (or into the device's transmit path). */
  transmit(iface: NetInterface, packet: Packet): void {
    switch (iface.kind) {
      case 'loopback':
        this.ipReceive(iface, packet);
        return;
      case 'veth':
      case 'physical': {
        if (!iface.peer) this.drop(iface.namespace, `${iface.name} has no carrier: nothing is plugged in`, packet, { interface: iface.id });
        const peer = this.iface(iface.peer);
        const kind = iface.kind === 'veth' ? 'veth' : 'cable';
        this.hop('transmit', iface.namespace, iface.kind === 'veth' ? `out of ${iface.name} → through the veth pair to ${peer.name} in ${this.label(peer.namespace)}` : `out of ${iface.name} onto the cable to ${peer.name} (${this.label(peer.namespace)})`, packet, {
          interface: iface.id,
          link: linkId(kind, iface.id, peer.id),
        });
        this.l2Receive(peer, packet);
        return;
      }
      case 'bridge':
        this.bridgeForward(iface, undefined, packet);
        return;
      case 'macvlan':
        this.macvlanTransmit(iface, packet);
        return;
      case 'vlan': {
        const parent = this.iface(iface.parent ?? '');
        const tagged = pushVlan(packet, iface.vlanId ?? 0);
        this.hop('vlan-push', iface.namespace, `${iface.name} adds an 802.1Q tag, VID ${iface.vlanId}, and hands the frame to ${parent.name}`, tagged, { interface: iface.id, link: linkId('vlan', iface.id, parent.id), detail: { vlan: { vid: iface.vlanId ?? 0 } } });
        this.transmit(parent, tagged);
        return;
      }
      case 'vxlan':
        this.vxlanEncapsulate(iface, packet);
        return;
    }
  }

  macvlanTransmit(iface: NetInterface, packet: Packet): void {
    const parent = this.iface(iface.parent ?? '');
    const dst = ethernet(packet)?.dst ?? '';
    const sibling = this.index.macvlanByMac.get(parent.id)?.get(dst);
    if (sibling && iface.macvlanMode === 'bridge' && sibling.macvlanMode === 'bridge') {
      this.hop('macvlan', iface.namespace, `macvlan (bridge mode): ${dst} is a sibling on ${parent.name}, so the driver switches the frame straight to ${sibling.name} in ${this.label(sibling.namespace)} — it never reaches the wire`, packet, {
        interface: iface.id,
        link: linkId('macvlan', iface.id, parent.id),
      });
      // The driver does not skip the parent entirely: it hands the frame to the parent's receive
      // path first "for its network taps" (macvlan_queue_xmit → dev_forward_skb(lowerdev)), so
      // tcpdump on the parent sees it arrive; the parent's macvlan handler then passes it up.
      this.hop('receive', parent.namespace, `${parent.name} sees it arrive from inside (the macvlan driver loops it through ${parent.name}'s receive path, where tcpdump on ${parent.name} sees it) — it does not go out on the cable`, packet, {
        interface: parent.id,
        link: linkId('macvlan', iface.id, parent.id),
      });
      this.hop('receive', sibling.namespace, `${sibling.name} receives it`, packet, { interface: sibling.id, link: linkId('macvlan', sibling.id, parent.id) });
      this.l3Endpoint(sibling, packet);
      return;
    }
    this.hop('macvlan', iface.namespace, `macvlan (${iface.macvlanMode} mode): ${iface.name} sends through its parent ${parent.name} in ${this.label(parent.namespace)}`, packet, { interface: iface.id, link: linkId('macvlan', iface.id, parent.id) });
    this.transmit(parent, packet);
  }

  vxlanEncapsulate(iface: NetInterface, packet: Packet): void {
    const vx = iface.vxlan;
    if (!vx) throw new Error(`${iface.id} has no VXLAN config`);
    const dst = ethernet(packet)?.dst ?? '';
    const fdb = this.index.vxlanFdb.get(iface.id);
    const entry = fdb?.get(dst) ?? fdb?.get('00:00:00:00:00:00');
    if (!entry) this.drop(iface.namespace, `${iface.name} has no forwarding entry for ${dst} (no remote VTEP known: the control plane has not announced it)`, packet, { interface: iface.id });
    // Linux picks the outer UDP source port from a hash of the inner flow, in the local port
    // range, 32768–60999 by default (net.ipv4.ip_local_port_range "32768 60999").
    const sport = LOCAL_PORT_RANGE.first + (parseInt(hexFromSeed(describePacket(packet), 6), 16) % (LOCAL_PORT_RANGE.last + 1 - LOCAL_PORT_RANGE.first));
    const outer: Packet = [{ layer: 'ipv4', src: vx.local, dst: entry.remote, ttl: 64, protocol: 'udp' }, { layer: 'udp', srcPort: sport, dstPort: vx.dstPort }, { layer: 'vxlan', vni: vx.vni }, ...packet];
    const remoteVtep = this.index.vxlanByLocal.get(`${vx.vni}|${entry.remote}`);
    this.hop('encapsulate', iface.namespace, `${iface.name} wraps the frame: VXLAN VNI ${vx.vni} in UDP ${sport} → ${vx.dstPort}, outer IP ${vx.local} → ${entry.remote} (FDB entry for ${dst} from ${entry.source}); the outer packet is routed in ${this.label(vx.underlayNamespace)}`, outer, {
      interface: iface.id,
      ...(remoteVtep ? { link: linkId('vxlan-tunnel', iface.id, remoteVtep.id) } : {}),
      detail: { vxlan: { vni: vx.vni, remote: entry.remote, local: vx.local, source: entry.source }, fdb: { mac: dst, how: 'hit' } },
    });
    const underlay = this.ns(vx.underlayNamespace);
    const decision = this.lookupRoute(underlay.id, entry.remote);
    if (!decision || decision.local) this.drop(underlay.id, `no underlay route from ${underlay.label} to VTEP ${entry.remote}`, outer, {}, 'unreachable');
    this.routeHop(underlay.id, decision, outer, 'outer packet');
    const conn = this.conntrackIn(underlay, outer);
    let routed = conn.packet;
    this.filterHook(conn.pass, 'filter', 'OUTPUT', routed, undefined, decision.dev.name);
    routed = this.natSource(conn.pass, routed, decision.dev);
    routed = this.conntrackOut(conn.pass, routed);
    this.output(underlay, decision.dev, decision.route.via ?? entry.remote, routed);
  }

  /** A frame arrives on `iface`. */
  l2Receive(iface: NetInterface, packet: Packet): void {
    this.hop('receive', iface.namespace, `arrives on ${iface.name} in ${this.label(iface.namespace)}`, packet, { interface: iface.id });
    if (iface.master) {
      this.bridgeIngress(this.iface(iface.master), iface, packet);
      return;
    }
    const vid = vlanOf(packet);
    if (vid !== undefined) {
      const child = this.index.vlanChildren.get(iface.id)?.get(vid);
      if (!child) this.drop(iface.namespace, `${iface.name} received a frame tagged VLAN ${vid} but has no VLAN ${vid} sub-interface: dropped`, packet, { interface: iface.id });
      const untagged = popVlan(packet);
      this.hop('vlan-pop', child.namespace, `${child.name} takes the VLAN ${vid} frame and removes the tag`, untagged, { interface: child.id, link: linkId('vlan', child.id, iface.id), detail: { vlan: { vid } } });
      this.l2Receive(child, untagged);
      return;
    }
    const dst = ethernet(packet)?.dst ?? '';
    const child = this.index.macvlanByMac.get(iface.id)?.get(dst);
    if (child) {
      // Unicast from the wire is delivered by destination MAC in every mode, even when it was a
      // sibling's frame that a hairpin switch sent back: the mode checks of macvlan_handle_frame
      // (drivers/net/macvlan.c) are on the broadcast/multicast path only (see probeStep).
      this.hop('macvlan', child.namespace, `${iface.name}'s macvlan driver (in ${this.label(iface.namespace)}): ${dst} belongs to ${child.name} in ${this.label(child.namespace)}, which gets the frame`, packet, { interface: child.id, link: linkId('macvlan', child.id, iface.id) });
      this.l3Endpoint(child, packet);
      return;
    }
    this.l3Endpoint(iface, packet);
  }

  l3Endpoint(iface: NetInterface, packet: Packet): void {
    const dst = ethernet(packet)?.dst;
    if (dst !== iface.mac && dst !== BROADCAST_MAC) {
      this.drop(iface.namespace, `${iface.name} ignores a frame for ${dst}: not its MAC address`, packet, { interface: iface.id });
    }
    this.ipReceive(iface, packet);
  }

  bridgeIngress(bridge: NetInterface, port: NetInterface, packet: Packet): void {
    let vid: number | undefined;
    if (bridge.vlanFiltering) {
      const tag = vlanOf(packet);
      const vlans = port.portVlans;
      if (tag === undefined) {
        if (vlans?.pvid === undefined) this.drop(bridge.namespace, `${port.name} on ${bridge.name} has no PVID: untagged frames are dropped`, packet, { interface: port.id });
        vid = vlans.pvid;
      } else {
        if (!vlans?.vids.includes(tag)) {
          const what = vlans && vlans.vids.length === 1 && vlans.untagged.length === 1 ? `an access port (VLAN ${vlans.pvid} only)` : `a port without VLAN ${tag}`;
          this.drop(bridge.namespace, `frame tagged VLAN ${tag} arrives on ${port.name}, ${what}: the switch drops tagged frames it does not carry`, packet, { interface: port.id, detail: { vlan: { vid: tag } } });
        }
        vid = tag;
      }
    }
    const eth = ethernet(packet);
    if (eth) this.session.bridgeFdb(bridge.id).set(eth.src, { port: port.id, how: 'hit' });
    this.bridgeForward(bridge, port, packet, vid);
  }

  /** Forward a frame inside a bridge, from `ingress` (or from the bridge device itself when undefined). */
  bridgeForward(bridge: NetInterface, ingress: NetInterface | undefined, packet: Packet, vid?: number, netfilterDone = false): void {
    const dst = ethernet(packet)?.dst ?? '';
    if (ingress && dst === bridge.mac && this.ns(bridge.namespace).bridgeNfCallIptables && ipIndex(packet) >= 0) {
      this.bridgeNfPrerouting(bridge, ingress, popVlan(packet), vid);
      return;
    }
    if (ingress && dst === bridge.mac) {
      this.hop('bridge', bridge.namespace, `${bridge.name}: the frame is for the bridge's own MAC, so it goes up to ${bridge.name}'s IP stack in ${this.label(bridge.namespace)}`, packet, { interface: bridge.id, detail: { fdb: { mac: dst, how: 'local' } } });
      this.ipReceive(bridge, popVlan(packet));
      return;
    }
    const fdb = this.session.bridgeFdb(bridge.id);
    let entry = fdb.get(dst);
    if (!entry) {
      this.probeFromBridge(bridge, ingress, dst, vid);
      entry = fdb.get(dst);
      if (!entry) this.drop(bridge.namespace, `${bridge.name} floods the frame for unknown ${dst} to every port, and nothing answers to that MAC`, packet, { interface: bridge.id, detail: { fdb: { mac: dst, how: 'flood' } } });
    }
    const egress = this.iface(entry.port);
    if (ingress && egress.id === ingress.id && !ingress.hairpin) {
      this.drop(bridge.namespace, `${bridge.name} will not send a frame back out of ${ingress.name}, the port it arrived on (hairpin/reflective relay is off)`, packet, { interface: ingress.id, detail: { fdb: { mac: dst, port: egress.id, how: 'hit' } } });
    }
    if (ingress && !netfilterDone && this.ns(bridge.namespace).bridgeNfCallIptables && ipIndex(packet) >= 0) {
      packet = this.bridgeNetfilter(bridge, packet);
    }
    let out = packet;
    if (bridge.vlanFiltering && vid !== undefined) {
      const vlans = egress.portVlans;
      if (!vlans?.vids.includes(vid)) this.drop(bridge.namespace, `${egress.name} is not a member of VLAN ${vid}: ${bridge.name} does not forward the frame there`, packet, { interface: egress.id });
      const untagged = vlans.untagged.includes(vid);
      out = untagged ? popVlan(packet) : vlanOf(packet) === vid ? packet : pushVlan(popVlan(packet), vid);
    }
    this.hop(
      'bridge',
      bridge.namespace,
      entry.how === 'flood'
        ? `${bridge.name}: ${dst} is not in the FDB yet, so the frame is flooded to every port; the copy out of ${egress.name} reaches it`
        : `${bridge.name}: FDB lookup ${dst} → port ${egress.name}${ingress && egress.id === ingress.id ? `, the port it came in on: hairpin mode is on for ${egress.name}, so it may go back out` : ''}`,
      packet,
      { interface: bridge.id, link: linkId('bridge-port', bridge.id, egress.id), detail: { fdb: { mac: dst, port: egress.id, how: entry.how } } },
    );
    if (out !== packet) {
      const popped = vlanOf(out) === undefined;
      this.hop(popped ? 'vlan-pop' : 'vlan-push', bridge.namespace, popped ? `${egress.name} is an untagged member of VLAN ${vid}: the tag is removed` : `${egress.name} carries VLAN ${vid} tagged: the frame leaves with an 802.1Q tag, VID ${vid}`, out, { interface: egress.id, detail: { vlan: { vid: vid ?? 0 } } });
    }
    this.transmit(egress, out);
  }

  /**
   * br_netfilter (bridge-nf-call-iptables = 1) for a frame addressed to the bridge itself:
   * IP PREROUTING — conntrack, raw, nat — already runs at the bridge port, before the frame
   * goes up to the bridge device (br_nf_pre_routing), so a capture on the bridge device sees
   * the packet after DNAT or after conntrack restored a masqueraded destination. When a DNAT
   * sends it back out of the same bridge, the kernel bridges it there instead of routing it
   * (br_nf_pre_routing_finish_bridge): the TTL and the source MAC stay, only the destination
   * MAC changes. https://elixir.bootlin.com/linux/latest/source/net/bridge/br_netfilter_hooks.c
   */
  bridgeNfPrerouting(bridge: NetInterface, ingress: NetInterface, packet: Packet, vid?: number): void {
    const ns = this.ns(bridge.namespace);
    const conn = this.conntrackIn(ns, packet, true);
    const pass = conn.pass;
    packet = conn.packet;
    this.filterHook(pass, 'raw', 'PREROUTING', packet, bridge.name, undefined, bridge.id);
    // br_nf_pre_routing_finish compares the destination with the one saved before the hooks, so
    // conntrack restoring a masqueraded reply's destination counts as a DNAT here too.
    const beforeNat = packet;
    packet = this.undoSnat(pass, packet);
    packet = this.natDestination(pass, 'PREROUTING', packet, bridge.name);
    const decision = this.lookupRoute(ns.id, outerIp(packet).dst);
    if (packet !== beforeNat && decision && !decision.local && decision.dev.id === bridge.id) {
      this.routeHop(ns.id, decision, packet, pass.ref?.direction === 'reply' ? 'after conntrack, by br_netfilter' : 'after DNAT, by br_netfilter');
      // The neighbour is resolved first (br_nf_pre_routing_finish_bridge); FORWARD and
      // POSTROUTING run afterwards, in the bridge's forwarding path (br_nf_forward_ip,
      // br_nf_post_routing), so a capture on the bridge device shows the packet before SNAT.
      this.lastNeighbourStale = false;
      const mac = this.resolveNeighbour(ns, bridge, decision.route.via ?? outerIp(packet).dst, packet);
      if (this.lastArp.arp?.how === 'arp' || this.lastNeighbourStale) {
        // Unless the neighbour entry is already confirmed (NUD_CONNECTED), the packet leaves
        // through the bridge device's neighbour output (with the bridge's MAC, where tcpdump on
        // the bridge sees it) — after an ARP exchange, or through an entry that is still STALE;
        // br_netfilter then puts the original source MAC back (br_nf_pre_routing_finish_bridge,
        // br_nf_pre_routing_finish_bridge_slow).
        const how = this.lastArp.arp?.how === 'arp' ? 'after ARP' : `through its neighbour output (the entry for ${outerIp(packet).dst} is STALE: ${ns.label} only learned it from that host's own ARP request)`;
        this.hop('neighbour', ns.id, `${bridge.name} frames it ${how}: ${bridge.mac} → ${mac}; br_netfilter then restores the sender's source MAC`, frame(packet, bridge.mac, mac), { interface: bridge.id, detail: this.lastArp });
      }
      const arp = this.lastArp;
      this.filterHook(pass, 'filter', 'FORWARD', packet, bridge.name, bridge.name, bridge.id);
      packet = this.natSource(pass, packet, bridge);
      packet = this.conntrackOut(pass, packet);
      this.lastArp = arp;
      const framed = frame(packet, ethernet(beforeNat)?.src ?? bridge.mac, mac);
      this.hop('bridge', ns.id, `br_netfilter: after ${pass.ref?.direction === 'reply' ? 'conntrack restored the destination' : 'the DNAT'}, ${outerIp(packet).dst} is on ${bridge.name} itself, so the frame is bridged back out, not routed — the TTL and the source MAC stay, only the destination MAC becomes ${mac}`, framed, { interface: bridge.id, detail: this.lastArp });
      this.bridgeForward(bridge, ingress, framed, vid, true);
      return;
    }
    this.hop('bridge', bridge.namespace, `${bridge.name}: the frame is for the bridge's own MAC, so it goes up to ${bridge.name}'s IP stack in ${this.label(bridge.namespace)} (br_netfilter already ran PREROUTING at the port)`, packet, { interface: bridge.id, detail: { fdb: { mac: ethernet(packet)?.dst ?? '', how: 'local' } } });
    this.ipReceive(bridge, packet, pass);
  }

  /**
   * br_netfilter: a bridged IPv4 frame traverses the IP hooks too, with the bridge as the
   * in and out interface — PREROUTING (conntrack, raw, nat) at the port (br_nf_pre_routing),
   * filter FORWARD (br_nf_forward_ip) and nat POSTROUTING (br_nf_post_routing), then
   * conntrack confirms it. A DNAT here rewrites the addresses of a frame that is still bridged
   * by its MAC (the model does not re-route it: no Docker setup DNATs a bridged frame).
   */
  bridgeNetfilter(bridge: NetInterface, packet: Packet): Packet {
    const ns = this.ns(bridge.namespace);
    const conn = this.conntrackIn(ns, packet, true);
    let current = conn.packet;
    this.filterHook(conn.pass, 'raw', 'PREROUTING', current, bridge.name, undefined, bridge.id);
    current = this.undoSnat(conn.pass, current);
    current = this.natDestination(conn.pass, 'PREROUTING', current, bridge.name);
    this.filterHook(conn.pass, 'filter', 'FORWARD', current, bridge.name, bridge.name, bridge.id);
    current = this.natSource(conn.pass, current, bridge);
    current = this.conntrackOut(conn.pass, current);
    return current;
  }

  // ------------------------------------------------------------ flooding probe

  /**
   * Flood from a bridge for an unknown destination MAC and learn where it is,
   * as the replies to a flood would teach the bridges on the way.
   */
  probeFromBridge(bridge: NetInterface, ingress: NetInterface | undefined, mac: Mac, vid?: number): void {
    const starts: ProbeEvent[] = [];
    for (const port of this.index.bridgePorts.get(bridge.id) ?? []) {
      // br_flood → should_deliver: the ingress port gets a copy only in hairpin mode.
      if (ingress && port.id === ingress.id && !ingress.hairpin) continue;
      starts.push({ kind: 'tx', iface: port, vid: egressVid(bridge, port, vid), parent: -1, bridgeEgress: { bridge: bridge.id, port: port.id } });
    }
    this.runProbe(starts, { kind: 'mac', mac }, '', 'flood');
  }

  /** ARP-style broadcast from `start`; returns who answers. */
  probe(start: NetInterface, target: ProbeTarget, requesterMac: Mac): ProbeResult | undefined {
    this.probeSource = start;
    try {
      return this.runProbe([{ kind: 'tx', iface: start, vid: undefined, parent: -1 }], target, requesterMac, 'hit');
    } finally {
      this.probeSource = undefined;
    }
  }

  /** The interface that sent the broadcast being probed (the macvlan driver filters broadcasts by their source). */
  probeSource?: NetInterface;

  /**
   * Whether a broadcast that a macvlan child `source` sent, coming back in from the wire, is
   * passed to its sibling `child` — macvlan_handle_frame / macvlan_process_broadcast in
   * drivers/net/macvlan.c: from a private (or passthru) child, to nobody but the sender itself;
   * from a vepa child, to the vepa and bridge siblings; from a bridge child, to the vepa siblings
   * only (bridge siblings already got it inside the driver on the way out).
   */
  macvlanBroadcastReaches(source: NetInterface, child: NetInterface): boolean {
    if (child.id === source.id) return false;
    if (source.macvlanMode === 'vepa') return child.macvlanMode === 'vepa' || child.macvlanMode === 'bridge';
    if (source.macvlanMode === 'bridge') return child.macvlanMode === 'vepa';
    return false;
  }

  runProbe(starts: ProbeEvent[], target: ProbeTarget, requesterMac: Mac, how: 'hit' | 'flood'): ProbeResult | undefined {
    const events: ProbeEvent[] = [...starts];
    this.probeDrops = [];
    const seen = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as ProbeEvent;
      const key = `${event.kind}|${event.iface.id}|${event.vid ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const found = this.probeStep(event, i, events, target);
      if (found) {
        this.learnPath(events, i, found.mac, requesterMac, how);
        return found;
      }
      if (events.length > 200000) break;
    }
    return undefined;
  }

  learnPath(events: ProbeEvent[], last: number, targetMac: Mac, requesterMac: Mac, how: 'hit' | 'flood'): void {
    for (let i = last; i >= 0; i = (events[i] as ProbeEvent).parent) {
      const event = events[i] as ProbeEvent;
      if (event.bridgeEgress) this.session.bridgeFdb(event.bridgeEgress.bridge).set(targetMac, { port: event.bridgeEgress.port, how });
      if (event.bridgeIngress && requesterMac) this.session.bridgeFdb(event.bridgeIngress.bridge).set(requesterMac, { port: event.bridgeIngress.port, how: 'hit' });
    }
  }

  probeStep(event: ProbeEvent, at: number, queue: ProbeEvent[], target: ProbeTarget): ProbeResult | undefined {
    const iface = event.iface;
    const enqueue = (next: Omit<ProbeEvent, 'parent'>) => queue.push({ ...next, parent: at });
    if (event.kind === 'tx') {
      switch (iface.kind) {
        case 'veth':
        case 'physical':
          if (iface.peer) enqueue({ kind: 'rx', iface: this.iface(iface.peer), vid: event.vid });
          return undefined;
        case 'bridge':
          for (const port of this.index.bridgePorts.get(iface.id) ?? []) enqueue({ kind: 'tx', iface: port, vid: iface.vlanFiltering ? egressVid(iface, port, 1) : undefined, bridgeEgress: { bridge: iface.id, port: port.id } });
          return undefined;
        case 'macvlan': {
          const parent = this.iface(iface.parent ?? '');
          if (iface.macvlanMode === 'bridge') {
            for (const sibling of this.index.macvlanChildren.get(parent.id) ?? []) {
              if (sibling.id !== iface.id && sibling.macvlanMode === 'bridge') enqueue({ kind: 'rx-l3', iface: sibling, vid: undefined });
            }
          }
          enqueue({ kind: 'tx', iface: parent, vid: event.vid });
          return undefined;
        }
        case 'vlan':
          enqueue({ kind: 'tx', iface: this.iface(iface.parent ?? ''), vid: iface.vlanId });
          return undefined;
        case 'vxlan': {
          if (target.kind === 'arp' && iface.vxlan?.proxyArp) {
            const entry = this.index.neighbours.get(`${iface.id}|${target.ip}`);
            if (entry) return { responder: iface, mac: entry.mac, proxy: true, proxySource: entry.source };
          }
          if (target.kind === 'mac' && this.index.vxlanFdb.get(iface.id)?.has(target.mac)) return { responder: iface, mac: target.mac, proxy: false };
          return undefined;
        }
        default:
          return undefined;
      }
    }
    if (event.kind === 'rx' && iface.master) {
      const bridge = this.iface(iface.master);
      let vid = event.vid;
      if (bridge.vlanFiltering) {
        if (vid === undefined) vid = iface.portVlans?.pvid;
        else if (!iface.portVlans?.vids.includes(vid)) {
          this.probeDrops.push(`the broadcast, tagged VLAN ${vid}, was dropped by ${this.label(bridge.namespace)}: port ${iface.name} does not carry VLAN ${vid} (it is ${iface.portVlans?.vids.length === 1 ? `an access port for VLAN ${iface.portVlans.pvid}` : `a member of VLAN ${iface.portVlans?.vids.join(', ')}`}), so tagged frames are dropped`);
          return undefined;
        }
        if (vid === undefined) return undefined;
      }
      const ingress = { bridge: bridge.id, port: iface.id };
      if (!bridge.vlanFiltering) {
        const here = this.l3Match(bridge, target);
        if (here) return here;
      }
      for (const port of this.index.bridgePorts.get(bridge.id) ?? []) {
        if (port.id === iface.id && !iface.hairpin) continue;
        if (bridge.vlanFiltering && vid !== undefined && !port.portVlans?.vids.includes(vid)) continue;
        queue.push({ kind: 'tx', iface: port, vid: bridge.vlanFiltering && vid !== undefined && port.portVlans?.untagged.includes(vid) ? undefined : vid, parent: at, bridgeEgress: { bridge: bridge.id, port: port.id }, bridgeIngress: ingress });
      }
      return undefined;
    }
    if (event.kind === 'rx' && event.vid !== undefined) {
      const child = this.index.vlanChildren.get(iface.id)?.get(event.vid);
      if (child) enqueue({ kind: 'rx', iface: child, vid: undefined });
      return undefined;
    }
    if (event.kind === 'rx') {
      const fromSibling = this.probeSource ? this.index.macvlanByMac.get(iface.id)?.get(this.probeSource.mac) : undefined;
      for (const child of this.index.macvlanChildren.get(iface.id) ?? []) {
        if (target.kind === 'mac' && child.mac === target.mac) return { responder: child, mac: child.mac, proxy: false };
        if (fromSibling && !this.macvlanBroadcastReaches(fromSibling, child)) continue;
        enqueue({ kind: 'rx-l3', iface: child, vid: undefined });
      }
    }
    return this.l3Match(iface, target);
  }

  l3Match(iface: NetInterface, target: ProbeTarget): ProbeResult | undefined {
    if (target.kind === 'mac') return iface.mac === target.mac ? { responder: iface, mac: iface.mac, proxy: false } : undefined;
    // arp_ignore=0 (the default): a namespace answers for any of its addresses on any interface.
    return this.index.localAddresses.get(iface.namespace)?.has(ipToInt(target.ip)) && !isLoopback(target.ip) ? { responder: iface, mac: iface.mac, proxy: false } : undefined;
  }
}

type ProbeTarget = { kind: 'arp'; ip: Ipv4 } | { kind: 'mac'; mac: Mac };

interface ProbeResult {
  responder: NetInterface;
  mac: Mac;
  proxy: boolean;
  proxySource?: string;
}

interface ProbeEvent {
  kind: 'tx' | 'rx' | 'rx-l3';
  iface: NetInterface;
  vid: number | undefined;
  parent: number;
  bridgeEgress?: { bridge: string; port: string };
  bridgeIngress?: { bridge: string; port: string };
}

function egressVid(bridge: NetInterface, port: NetInterface, vid: number | undefined): number | undefined {
  if (!bridge.vlanFiltering || vid === undefined) return vid;
  return port.portVlans?.untagged.includes(vid) ? undefined : vid;
}

function describeWalk(walk: ChainWalk): string {
  const path = walk.visited.length > 1 ? ` (${walk.visited.join(' → ')})` : '';
  return walk.byPolicy ? `no rule decided${path}, so the chain policy ${walk.target.kind} applies` : `${walk.target.kind} by \`${walk.text}\`${path}`;
}

// ------------------------------------------------------------------ packets and entry points

/**
 * Build the IP packet a socket would send (no link-layer headers yet).
 * @example buildPacket({ protocol: 'tcp', src: '0.0.0.0', dst: '172.17.0.3', sport: 43512, dport: 80, ttl: 64 })
 */
export function buildPacket(spec: { protocol: 'tcp' | 'udp' | 'icmp'; src: Ipv4; dst: Ipv4; sport?: number; dport?: number; ttl: number; dnsQuery?: string }): Packet {
  const ip = { layer: 'ipv4' as const, src: spec.src, dst: spec.dst, ttl: spec.ttl, protocol: spec.protocol };
  if (spec.protocol === 'icmp') return [ip, { layer: 'icmp', type: 'echo-request', id: 1 }];
  if (spec.protocol === 'tcp') return [ip, { layer: 'tcp', srcPort: spec.sport ?? EPHEMERAL_PORT.tcp, dstPort: spec.dport ?? DEFAULT_DESTINATION_PORT.tcp, flags: 'SYN' }];
  const udp: Packet = [ip, { layer: 'udp', srcPort: spec.sport ?? EPHEMERAL_PORT.udp, dstPort: spec.dport ?? DEFAULT_DESTINATION_PORT.udp }];
  return spec.dnsQuery ? [...udp, { layer: 'dns', response: false, question: spec.dnsQuery, answers: [] }] : udp;
}

function runWalk(walk: Walk, body: () => void): void {
  try {
    body();
    if (!walk.verdict) walk.verdict = { outcome: 'dropped', code: 'link', reason: 'the walk ended without a verdict (model bug)', namespace: '' };
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
}

function answerFor(topology: Topology, socket: Socket | undefined, query: DnsHeader): DnsHeader {
  for (const zone of socket?.dnsZones ?? []) {
    const address = topology.dnsZones[zone]?.[query.question];
    if (address) return { layer: 'dns', response: true, question: query.question, rcode: 'NOERROR', answers: [address] };
  }
  return { layer: 'dns', response: true, question: query.question, rcode: 'NXDOMAIN', answers: [] };
}

/**
 * The error the kernel sends back for a packet it refused (`leg.error`): a TCP reset from the
 * refused address (tcp_v4_send_reset; the model's flag stands for the kernel's RST+ACK), or an
 * ICMP destination unreachable quoting the packet's IP and transport headers (icmp_send, RFC 792).
 * The reset and a port unreachable come from the address the packet was sent to; a router's
 * net/host unreachable takes the source its route back to the sender picks (source 0.0.0.0 here).
 */
function errorFor(leg: Leg): { packet: Packet; explicitSource: boolean; caption: (label: string) => string } {
  const ip = outerIp(leg.packet);
  const l4 = transport(leg.packet);
  const sport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.srcPort ?? 0);
  const dport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.dstPort ?? 0);
  if (leg.error === 'rst') {
    return {
      packet: [{ layer: 'ipv4', src: ip.dst, dst: ip.src, ttl: 64, protocol: 'tcp' }, { layer: 'tcp', srcPort: dport, dstPort: sport, flags: 'RST' }],
      explicitSource: true,
      caption: (label) => `the kernel in ${label} answers the SYN for ${ip.dst}:${dport} with a TCP reset: TCP ${ip.dst}:${dport} → ${ip.src}:${sport} RST`,
    };
  }
  const code = leg.error ?? 'port-unreachable';
  const quoted: IcmpHeader = { layer: 'icmp', type: 'unreachable', code, quotedSrc: ip.src, quotedDst: ip.dst, quotedProtocol: ip.protocol === 'esp' ? 'udp' : ip.protocol, quotedSrcPort: sport, quotedDstPort: dport };
  const fromLocal = code === 'port-unreachable';
  return {
    packet: [{ layer: 'ipv4', src: fromLocal ? ip.dst : '0.0.0.0', dst: ip.src, ttl: 64, protocol: 'icmp' }, quoted],
    explicitSource: fromLocal,
    caption: (label) =>
      `the kernel in ${label} answers with ICMP destination unreachable (${code}) to ${ip.src}, quoting the packet it could not deliver: ${ip.protocol.toUpperCase()} ${ip.src}:${sport} → ${ip.dst}:${dport}`,
  };
}

/** The reply a receiving socket (or the kernel) sends for a delivered packet. */
function replyTo(topology: Topology, leg: Leg): Packet {
  const ip = outerIp(leg.packet);
  const l4 = transport(leg.packet);
  const base = { layer: 'ipv4' as const, src: ip.dst, dst: ip.src, ttl: 64, protocol: ip.protocol };
  if (l4?.layer === 'icmp') return [base, { layer: 'icmp', type: 'echo-reply', id: l4.id ?? 0 }];
  if (l4?.layer === 'tcp') return [base, { layer: 'tcp', srcPort: l4.dstPort, dstPort: l4.srcPort, flags: 'SYN-ACK' }];
  const udp = { layer: 'udp' as const, srcPort: l4?.dstPort ?? 0, dstPort: l4?.srcPort ?? 0 };
  const question = leg.packet[ipIndex(leg.packet) + 2];
  if (question?.layer === 'dns') return [base, udp, answerFor(topology, leg.socket, question)];
  return [base, udp];
}

/**
 * Walk one packet (and optionally its reply) through a topology.
 *
 * @example
 * const t = tracePacket(topology, { from: 'host1/web', protocol: 'icmp', dst: '172.17.0.3', withReply: true });
 * t.verdict.outcome;          // 'delivered'
 * t.hops.map((h) => h.kind);  // ['send', 'route', 'neighbour', 'transmit', 'receive', 'bridge', …]
 * t.reply?.verdict.outcome;   // 'delivered'
 */
export function tracePacket(topology: Topology, spec: SendSpec): Trace {
  const index = compile(topology);
  if (!index.namespaces.has(spec.from)) throw new Error(`unknown namespace "${spec.from}"`);
  const session = new Session();
  const request = new Walk(index, topology, session, 'request');
  const packet = buildPacket({ protocol: spec.protocol, src: spec.src ?? '0.0.0.0', dst: spec.dst, ttl: spec.ttl ?? 64, ...(spec.sport !== undefined ? { sport: spec.sport } : {}), ...(spec.dport !== undefined ? { dport: spec.dport } : {}), ...(spec.dnsQuery ? { dnsQuery: spec.dnsQuery } : {}) });
  runWalk(request, () => request.localOut(spec.from, packet, spec.src !== undefined));
  const trace: Trace = { direction: 'request', hops: request.hops, verdict: request.verdict as Verdict };
  const refused = request.legs[request.legs.length - 1]?.error !== undefined;
  if (spec.withReply && (trace.verdict.outcome === 'delivered' || refused) && request.legs.length > 0) {
    const reply = new Walk(index, topology, session, 'reply');
    const legs = [...request.legs].reverse();
    runWalk(reply, () => {
      for (let i = 0; i < legs.length; i++) {
        const leg = legs[i] as Leg;
        if (leg.error) {
          // Error replies are packets too: the reset or ICMP error walks back through the same
          // conntrack (ESTABLISHED for the reset, RELATED for ICMP) and NAT. It ends at the
          // socket that sent the refused packet — a relay's own connection, when there is one.
          const error = errorFor(leg);
          reply.localOut(leg.ns, error.packet, error.explicitSource, error.caption(reply.label(leg.ns)));
          return;
        }
        const answer = replyTo(topology, leg);
        if (i < legs.length - 1) {
          // Replies of relayed legs end at the relay; the relay then answers on the first connection.
          try {
            reply.localOut(leg.ns, answer, true);
          } catch (error) {
            if (!(error instanceof Stop)) throw error;
            if (reply.verdict?.outcome !== 'delivered') return;
            reply.verdict = undefined;
          }
          const relay = legs[i + 1] as Leg;
          reply.hop('proxy', relay.ns, `${relay.socket?.process ?? 'the proxy'} copies the answer back onto the client's connection`, replyTo(topology, relay));
          continue;
        }
        reply.localOut(leg.ns, answer, true);
      }
    });
    trace.reply = { direction: 'reply', hops: reply.hops, verdict: reply.verdict as Verdict };
  }
  return trace;
}

/**
 * Walk a `bind()` call instead of a packet: a socket operation whose verdict is
 * either "bound" or "address already in use". Used for port-conflict flows
 * (two servers on :80 in one namespace).
 *
 * @example
 * traceBind(topology, 'host1', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'nginx (web2)' }).verdict.code
 * // 'address-in-use' when web1 already listens on :80 in host1's namespace
 */
export function traceBind(topology: Topology, namespace: string, socket: Socket): Trace {
  const index = compile(topology);
  const ns = index.namespaces.get(namespace);
  if (!ns) throw new Error(`unknown namespace "${namespace}"`);
  const caption = `${socket.process} in ${ns.label} calls bind(${socket.address}:${socket.port}/${socket.protocol})`;
  const hops: Hop[] = [{ step: 0, kind: 'send', namespace, caption, packet: [], changed: [] }];
  const clash = ns.sockets.find((s) => s !== socket && s.protocol === socket.protocol && s.port === socket.port && (s.address === socket.address || s.address === '0.0.0.0' || socket.address === '0.0.0.0'));
  if (clash) {
    const reason = `bind ${socket.address}:${socket.port}: address already in use — ${clash.process} already listens on ${clash.address}:${clash.port} in ${ns.label}, and both share that namespace's port space`;
    hops.push({ step: 1, kind: 'drop', namespace, caption: reason, packet: [], changed: [] });
    return { direction: 'request', hops, verdict: { outcome: 'dropped', code: 'address-in-use', reason, namespace, process: socket.process } };
  }
  hops.push({ step: 1, kind: 'deliver', namespace, caption: `${socket.process} now listens on ${socket.address}:${socket.port}/${socket.protocol}`, packet: [], changed: [] });
  return { direction: 'request', hops, verdict: { outcome: 'delivered', code: 'delivered', reason: `${socket.process} listens on ${socket.address}:${socket.port}`, namespace, process: socket.process } };
}
