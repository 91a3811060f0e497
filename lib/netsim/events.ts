/**
 * What happened at a hop (or why a walk ended), as a code and its parameters: the engine
 * says what it found in these terms, `captions.ts` turns them into the English sentence
 * the reader sees, and tests assert the code and the parameters rather than the sentence.
 *
 * Parameters are plain data: names and labels the engine already looked up (an interface
 * name, a namespace's label), addresses, ports, ids. Nothing here depends on the topology.
 * This module imports nothing, so `types.ts` can use it.
 */

/** Why a route lookup was done again, or for what (the note in brackets after "route lookup"). */
export type RouteNote = 'after-dnat' | 'forwarding' | 'outer-packet' | 'br-netfilter-conntrack' | 'br-netfilter-dnat';

/** Every event and its parameters, by code. Codes are `<stage or device>.<what>`. */
export interface EventParams {
  // sending and binding
  'send.packet': { namespace: string; reply: boolean; packet: string };
  'send.reset': { namespace: string; src: string; sport: number; dst: string; dport: number };
  'send.icmp-error': { namespace: string; error: 'net-unreachable' | 'host-unreachable' | 'port-unreachable'; src: string; sport: number; dst: string; dport: number; protocol: string };
  'bind.call': { process: string; namespace: string; address: string; port: number; protocol: string };
  'bind.in-use': { address: string; port: number; other: string; otherAddress: string; otherPort: number; namespace: string };
  'bind.listening': { process: string; address: string; port: number; protocol: string };
  // routing (net/ipv4/route.c, ip_forward.c)
  'route.local': { dst: string; namespace: string; note?: RouteNote };
  'route.match': { dst: string; route: string; via?: string; note?: RouteNote };
  'route.forward': { namespace: string; ttl: number };
  'route.unreachable-local': { namespace: string; dst: string };
  'route.unreachable-after-dnat': { dst: string };
  'route.unreachable': { namespace: string; dst: string };
  'route.not-forwarding': { namespace: string; dst: string };
  'route.ttl-exceeded': { namespace: string };
  'route.martian-loopback': { src: string; dev: string };
  'walk.hop-limit': { max: number };
  // netfilter
  'netfilter.verdict': { table: string; chain: string; target: string; rule: string; byPolicy: boolean; visited: string[] };
  'netfilter.drop': { table: string; chain: string; decidingChain: string; namespace: string; rule: string; byPolicy: boolean };
  'nat.destination': { chain: string; target: string; dst: string; dport: number; to: string; toPort: number; decidingChain: string };
  'nat.destination-kept': { chain: string; visited: string[]; dst: string };
  'nat.source': { target: string; src: string; to: string; dev: string; decidingChain: string };
  'conntrack.unsnat': { address: string; port?: number; rule: string; related: boolean };
  'conntrack.undnat': { address: string; port?: number; rule: string; related: boolean };
  // neighbours (net/ipv4/arp.c)
  'neighbour.frame': { dev: string; src: string; dst: string };
  'arp.reply': { target: string; sender: string; dev: string; responder: string; responderNamespace: string; mac: string };
  'arp.proxy-reply': { target: string; responder: string; source?: string; mac: string };
  'arp.no-reply': { target: string; sender: string; dev: string };
  'arp.nobody': { target: string; dev: string };
  'arp.macvlan-private': { target: string; dev: string; namespace: string; sibling: string; siblingNamespace: string };
  'arp.macvlan-no-hairpin': { target: string; mode: string; dev: string; namespace: string; sibling: string };
  'arp.macvlan-parent': { target: string; child: string; childNamespace: string; parent: string };
  'arp.noarp': { dev: string; target: string; mac: string };
  'arp.ipvlan-parent': { target: string; child: string; childNamespace: string; parent: string };
  'arp.ipvlan-host': { target: string; dev: string; namespace: string; parent: string; parentNamespace: string };
  'arp.ipvlan-l3': { target: string; child: string; childNamespace: string; parent: string; parentNamespace: string };
  'arp.vlan-dropped': { target: string; vid: number; namespace: string; port: string; pvid?: number; vids?: number[] };
  // IPsec
  'xfrm.encrypt': { local: string; remote: string; port: number; spi: string };
  'xfrm.decrypt': { spi: string };
  'xfrm.no-state': { namespace: string };
  // local delivery (net/ipv4/ip_input.c, tcp_ipv4.c, icmp.c)
  'deliver.socket': { process: string; address: string; port: number; protocol: string; namespace: string };
  'deliver.refused': { protocol: 'tcp' | 'udp'; namespace: string; dst: string; port: number };
  'deliver.reset': { namespace: string };
  'deliver.icmp-error': { namespace: string; error: string | undefined; protocol: string | undefined; src: string | undefined; sport: number | undefined; dst: string | undefined; dport: number | undefined };
  'deliver.connection': { namespace: string; packet: string };
  'deliver.echo-request': { namespace: string };
  'deliver.echo-reply': { namespace: string };
  'proxy.connect': { process: string; address: string; port: number };
  'proxy.relay-reply': { process?: string };
  'verdict.delivered': { process: string; address: string; port: number; namespace: string };
  'verdict.reset': { namespace: string };
  'verdict.icmp-error': { error: string | undefined; from: string; namespace: string };
  'verdict.reply-delivered': { namespace: string };
  'verdict.echo-request': { dst: string; namespace: string };
  'verdict.echo-reply': { namespace: string };
  'verdict.bound': { process: string; address: string; port: number };
  // links and devices
  'link.receive': { dev: string; namespace: string };
  'link.no-carrier': { dev: string };
  'link.not-my-mac': { dev: string; dst: string };
  'loopback.local': { namespace: string };
  'veth.transmit': { dev: string; peer: string; peerNamespace: string };
  'physical.transmit': { dev: string; peer: string; peerNamespace: string };
  'vlan.push': { dev: string; vid: number; parent: string };
  'vlan.pop': { dev: string; vid: number };
  'vlan.no-subinterface': { dev: string; vid: number };
  'macvlan.transmit': { mode: string; dev: string; parent: string; parentNamespace: string };
  'macvlan.bridge-sibling': { dst: string; parent: string; sibling: string; siblingNamespace: string };
  'macvlan.parent-tap': { parent: string };
  'macvlan.sibling-receive': { dev: string };
  'macvlan.receive': { parent: string; parentNamespace: string; dst: string; child: string; childNamespace: string };
  'ipvlan.transmit': { dev: string; parent: string; parentNamespace: string };
  'ipvlan.sibling': { mode: string; dst: string; parent: string; sibling: string; siblingNamespace: string };
  'ipvlan.sibling-receive': { dev: string };
  'ipvlan.l3-route': { dev: string; parent: string; parentNamespace: string };
  'ipvlan.l3-no-route': { dst: string; parent: string; parentNamespace: string };
  'ipvlan.l3-local': { dst: string; parentNamespace: string };
  'ipvlan.receive': { mode: string; parent: string; parentNamespace: string; dst: string; child: string; childNamespace: string };
  'vxlan.encapsulate': { dev: string; vni: number; sport: number; dport: number; local: string; remote: string; dst: string; source: string; underlayNamespace: string };
  'vxlan.decapsulate': { dev: string; vni: number; port: number; namespace: string };
  'vxlan.no-fdb': { dev: string; dst: string };
  'vxlan.no-device': { vni: number; namespace: string };
  'vxlan.no-underlay-route': { namespace: string; remote: string };
  'bridge.forward': { bridge: string; dst: string; port: string; hairpin: boolean };
  'bridge.flood': { bridge: string; dst: string; port: string };
  'bridge.local': { bridge: string; namespace: string; brNetfilter: boolean };
  'bridge.flood-unanswered': { bridge: string; dst: string };
  'bridge.no-hairpin': { bridge: string; port: string };
  'bridge.no-pvid': { port: string; bridge: string };
  'bridge.vlan-not-carried': { vid: number; port: string; accessPort: boolean; pvid?: number };
  'bridge.egress-not-member': { port: string; vid: number; bridge: string };
  'bridge.vlan-untag': { port: string; vid: number | undefined };
  'bridge.vlan-tag': { port: string; vid: number | undefined };
  'br-netfilter.frame': { bridge: string; via: 'arp' | 'stale'; dst: string; namespace: string; src: string; mac: string };
  'br-netfilter.bridge-back': { reply: boolean; dst: string; bridge: string; mac: string };
}

/** An event code. */
export type EventCode = keyof EventParams;

/** One event: its code and the parameters of that code. */
export type WalkEvent = { [C in EventCode]: { code: C; params: EventParams[C] } }[EventCode];

/**
 * An event from its code and parameters (the compiler checks they belong together).
 * @example event('arp.no-reply', { target: '172.17.0.9', sender: '172.17.0.2', dev: 'eth0' })
 */
export function event<C extends EventCode>(code: C, params: EventParams[C]): WalkEvent {
  return { code, params } as WalkEvent;
}
