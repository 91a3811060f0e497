/**
 * The one place where the walk's events become English: each event code has one sentence,
 * filled in from its parameters. A translation would replace this file and nothing else.
 */
import type { EventCode, EventParams, RouteNote, WalkEvent } from './events';

const ROUTE_NOTES: Record<RouteNote, string> = {
  'after-dnat': 'rerouted after DNAT',
  forwarding: 'forwarding',
  'outer-packet': 'outer packet',
  'br-netfilter-conntrack': 'after conntrack, by br_netfilter',
  'br-netfilter-dnat': 'after DNAT, by br_netfilter',
};

const SOCKET_ERRORS: Record<string, string> = { 'port-unreachable': 'Connection refused', 'host-unreachable': 'No route to host' };

const note = (value: RouteNote | undefined) => (value ? ` (${ROUTE_NOTES[value]})` : '');
const port = (value: number | undefined) => (value === undefined ? '' : `:${value}`);
const path = (visited: string[]) => (visited.length > 1 ? ` (${visited.join(' → ')})` : '');
const socketError = (code: string | undefined) => SOCKET_ERRORS[code ?? ''] ?? 'Network is unreachable';

const CAPTIONS: { [C in EventCode]: (p: EventParams[C]) => string } = {
  'send.packet': (p) => `${p.reply ? 'reply' : 'a process'} in ${p.namespace} sends ${p.packet}`,
  'send.reset': (p) => `the kernel in ${p.namespace} answers the SYN for ${p.dst}:${p.dport} with a TCP reset: TCP ${p.dst}:${p.dport} → ${p.src}:${p.sport} RST`,
  'send.icmp-error': (p) => `the kernel in ${p.namespace} answers with ICMP destination unreachable (${p.error}) to ${p.src}, quoting the packet it could not deliver: ${p.protocol.toUpperCase()} ${p.src}:${p.sport} → ${p.dst}:${p.dport}`,
  'bind.call': (p) => `${p.process} in ${p.namespace} calls bind(${p.address}:${p.port}/${p.protocol})`,
  'bind.in-use': (p) => `bind ${p.address}:${p.port}: address already in use — ${p.other} already listens on ${p.otherAddress}:${p.otherPort} in ${p.namespace}, and both share that namespace's port space`,
  'bind.listening': (p) => `${p.process} now listens on ${p.address}:${p.port}/${p.protocol}`,
  'route.local': (p) => `route lookup${note(p.note)}: ${p.dst} is a local address of ${p.namespace} (local table)`,
  'route.match': (p) => `route lookup${note(p.note)}: ${p.dst} matches \`${p.route}\`${p.via ? ` — next hop ${p.via}` : ' — on-link'}`,
  'route.forward': (p) => `${p.namespace} forwards it (ip_forward = 1): TTL ${p.ttl} → ${p.ttl - 1}`,
  'route.unreachable-local': (p) => `connect: Network is unreachable — ${p.namespace} has no route to ${p.dst}`,
  'route.unreachable-after-dnat': (p) => `no route to ${p.dst} after DNAT`,
  'route.unreachable': (p) => `no route to host: ${p.namespace} has no route to ${p.dst}`,
  'route.not-forwarding': (p) => `${p.namespace} does not forward packets (net.ipv4.ip_forward = 0), and ${p.dst} is not one of its addresses`,
  'route.ttl-exceeded': (p) => `TTL exceeded in ${p.namespace}: the packet ran out of hops (a routing loop?)`,
  'route.martian-loopback': (p) => `a packet from ${p.src} may not be routed out of ${p.dev}: 127.0.0.0/8 is local-only (route_localnet=0)`,
  'walk.hop-limit': (p) => `stopped after ${p.max} hops: the packet is going round in a loop`,
  'netfilter.verdict': (p) => `${p.table} ${p.chain}: ${p.byPolicy ? `no rule decided${path(p.visited)}, so the chain policy ${p.target} applies` : `${p.target} by \`${p.rule}\`${path(p.visited)}`}`,
  'netfilter.drop': (p) => `dropped by the ${p.decidingChain} chain (${p.table} table) in ${p.namespace}: ${p.byPolicy ? `the ${p.chain} chain's policy is DROP` : `rule \`${p.rule}\``}`,
  'nat.destination': (p) => `nat ${p.chain}: ${p.target} ${p.dst}:${p.dport} → ${p.to}:${p.toPort} (${p.decidingChain})`,
  'nat.destination-kept': (p) => `nat ${p.chain}: ${p.visited.join(' → ')} — no rule rewrites the destination, it stays ${p.dst}`,
  'nat.source': (p) => `nat POSTROUTING: ${p.target} source ${p.src} → ${p.to} as it leaves ${p.dev} (${p.decidingChain})`,
  'conntrack.unsnat': (p) =>
    p.related
      ? `conntrack: an ICMP error RELATED to a source-NATed connection — destination restored to ${p.address}, and the quoted packet's source to ${p.address}${port(p.port)} (undoing ${p.rule})`
      : `conntrack: reply of a source-NATed connection — destination restored to ${p.address}${port(p.port)} (undoing ${p.rule})`,
  'conntrack.undnat': (p) =>
    p.related
      ? `conntrack: an ICMP error RELATED to a destination-NATed connection — source restored to ${p.address}, and the quoted packet's destination to ${p.address}${port(p.port)} (undoing ${p.rule})`
      : `conntrack: reply of a destination-NATed connection — source restored to ${p.address}${port(p.port)} (undoing ${p.rule})`,
  'neighbour.frame': (p) => `${p.dev} frames it: ${p.src} → ${p.dst}`,
  'arp.reply': (p) => `ARP: who has ${p.target}? tell ${p.sender} — broadcast on ${p.dev}; ${p.responder} in ${p.responderNamespace} answers ${p.mac}`,
  'arp.proxy-reply': (p) => `ARP: who has ${p.target}? — answered by ${p.responder} from its neighbour table (proxy ARP, entry installed by ${p.source ?? 'the control plane'}): ${p.mac}`,
  'arp.no-reply': (p) => `ARP: who has ${p.target}? tell ${p.sender} — broadcast on ${p.dev}, no answer`,
  'arp.nobody': (p) => `no ARP reply for ${p.target} on ${p.dev}: nothing on that segment has the address (Destination Host Unreachable)`,
  'arp.macvlan-private': (p) =>
    `no ARP reply for ${p.target}: ${p.dev} in ${p.namespace} and ${p.sibling} in ${p.siblingNamespace} are macvlan siblings in private mode, and the driver passes a sibling's broadcast to no other child — not inside the driver, and not when the switch sends it back — so the ARP request never reaches ${p.sibling} (unicast would pass a hairpin switch, with static neighbour entries)`,
  'arp.macvlan-no-hairpin': (p) => `no ARP reply for ${p.target}: in ${p.mode} mode ${p.dev} in ${p.namespace} sends everything to the switch, which does not send a frame back out of the port it came in (no hairpin / reflective relay), so ${p.sibling} never hears it`,
  'arp.macvlan-parent': (p) => `no ARP reply for ${p.target}: it belongs to ${p.child} in ${p.childNamespace}, a macvlan child of ${p.parent} — a macvlan parent cannot reach its own children (the parent's frames go out to the wire, and the switch does not send them back)`,
  'arp.noarp': (p) => `no ARP: ${p.dev} is an ipvlan device in L3 mode (NOARP), so ${p.target} gets ${p.dev}'s own MAC ${p.mac} — the driver routes by IP address, not by MAC`,
  'arp.ipvlan-parent': (p) => `no ARP reply for ${p.target}: it belongs to ${p.child} in ${p.childNamespace}, an ipvlan child of ${p.parent} — the parent's own frames go out to the wire, never up to its children, and the switch does not send them back`,
  'arp.ipvlan-host': (p) => `no ARP reply for ${p.target}: it is an address of ${p.parentNamespace}, whose ${p.parent} is the parent of ${p.dev} in ${p.namespace} — the ipvlan driver passes a child's broadcast to its siblings and out to the wire, never up to the parent's own stack`,
  'arp.ipvlan-l3': (p) => `no ARP reply for ${p.target}: it belongs to ${p.child} in ${p.childNamespace}, an ipvlan child of ${p.parent} in ${p.parentNamespace} in L3 mode — the driver takes the request for it off ${p.parent}, and an L3 child answers no ARP; the LAN needs a route to it via ${p.parentNamespace}`,
  'arp.vlan-dropped': (p) =>
    `no ARP reply for ${p.target}: the broadcast, tagged VLAN ${p.vid}, was dropped by ${p.namespace}: port ${p.port} does not carry VLAN ${p.vid} (it is ${p.vids?.length === 1 ? `an access port for VLAN ${p.pvid}` : `a member of VLAN ${p.vids?.join(', ')}`}), so tagged frames are dropped`,
  'xfrm.encrypt': (p) => `IPsec (xfrm policy ${p.local} → ${p.remote} udp/${p.port}): ESP transport mode, SPI ${p.spi} — everything after the ESP header is encrypted`,
  'xfrm.decrypt': (p) => `IPsec: ESP SPI ${p.spi} decrypted; the VXLAN UDP packet inside continues up the stack`,
  'xfrm.no-state': (p) => `ESP packet with no matching IPsec state in ${p.namespace}`,
  'deliver.socket': (p) => `delivered to ${p.process} listening on ${p.address}:${p.port}/${p.protocol} in ${p.namespace}`,
  'deliver.refused': (p) =>
    p.protocol === 'tcp'
      ? `connection refused: nothing in ${p.namespace} listens on ${p.dst}:${p.port}/tcp (the kernel answers with a TCP reset)`
      : `port unreachable: nothing in ${p.namespace} listens on ${p.dst}:${p.port}/udp`,
  'deliver.reset': (p) => `the reset reaches the connecting socket in ${p.namespace}: connect() fails with “Connection refused”`,
  'deliver.icmp-error': (p) => `the kernel in ${p.namespace} matches the quoted ${p.protocol?.toUpperCase() ?? ''} header (${p.src}:${p.sport} → ${p.dst}:${p.dport}) to the socket that sent it, which reports “${socketError(p.error)}”`,
  'deliver.connection': (p) => `delivered to the connection's socket in ${p.namespace}: ${p.packet}`,
  'deliver.echo-request': (p) => `the kernel in ${p.namespace} answers the echo request itself (no process needed)`,
  'deliver.echo-reply': (p) => `echo reply delivered to ping in ${p.namespace}`,
  'proxy.connect': (p) => `${p.process} accepts the connection and opens a new one to ${p.address}:${p.port}`,
  'proxy.relay-reply': (p) => `${p.process ?? 'the proxy'} copies the answer back onto the client's connection`,
  'verdict.delivered': (p) => `delivered to ${p.process} on ${p.address}:${p.port} in ${p.namespace}`,
  'verdict.reset': (p) => `the TCP reset reached the client in ${p.namespace}: connect() fails with “Connection refused”`,
  'verdict.icmp-error': (p) => `the ICMP ${p.error} from ${p.from} reached the sender in ${p.namespace}: ${socketError(p.error)}`,
  'verdict.reply-delivered': (p) => `reply delivered to the client in ${p.namespace}`,
  'verdict.echo-request': (p) => `echo request reached ${p.dst} in ${p.namespace}`,
  'verdict.echo-reply': (p) => `ping got its reply in ${p.namespace}`,
  'verdict.bound': (p) => `${p.process} listens on ${p.address}:${p.port}`,
  'link.receive': (p) => `arrives on ${p.dev} in ${p.namespace}`,
  'link.no-carrier': (p) => `${p.dev} has no carrier: nothing is plugged in`,
  'link.not-my-mac': (p) => `${p.dev} ignores a frame for ${p.dst}: not its MAC address`,
  'loopback.local': (p) => `looped back on lo inside ${p.namespace}: the packet never leaves the namespace`,
  'veth.transmit': (p) => `out of ${p.dev} → through the veth pair to ${p.peer} in ${p.peerNamespace}`,
  'physical.transmit': (p) => `out of ${p.dev} onto the cable to ${p.peer} (${p.peerNamespace})`,
  'vlan.push': (p) => `${p.dev} adds an 802.1Q tag, VID ${p.vid}, and hands the frame to ${p.parent}`,
  'vlan.pop': (p) => `${p.dev} takes the VLAN ${p.vid} frame and removes the tag`,
  'vlan.no-subinterface': (p) => `${p.dev} received a frame tagged VLAN ${p.vid} but has no VLAN ${p.vid} sub-interface: dropped`,
  'macvlan.transmit': (p) => `macvlan (${p.mode} mode): ${p.dev} sends through its parent ${p.parent} in ${p.parentNamespace}`,
  'macvlan.bridge-sibling': (p) => `macvlan (bridge mode): ${p.dst} is a sibling on ${p.parent}, so the driver switches the frame straight to ${p.sibling} in ${p.siblingNamespace} — it never reaches the wire`,
  'macvlan.parent-tap': (p) => `${p.parent} sees it arrive from inside (the macvlan driver loops it through ${p.parent}'s receive path, where tcpdump on ${p.parent} sees it) — it does not go out on the cable`,
  'macvlan.sibling-receive': (p) => `${p.dev} receives it`,
  'macvlan.receive': (p) => `${p.parent}'s macvlan driver (in ${p.parentNamespace}): ${p.dst} belongs to ${p.child} in ${p.childNamespace}, which gets the frame`,
  'ipvlan.transmit': (p) => `ipvlan (L2 mode): ${p.dev} sends through its parent ${p.parent} in ${p.parentNamespace}, with ${p.parent}'s MAC address — all ipvlan children share it`,
  'ipvlan.sibling': (p) => `ipvlan (${p.mode} mode): ${p.dst} is the address of ${p.sibling} in ${p.siblingNamespace}, a sibling on ${p.parent}, so the driver hands the packet straight to it — it never reaches the wire`,
  'ipvlan.sibling-receive': (p) => `${p.dev} receives it`,
  'ipvlan.l3-route': (p) => `ipvlan (L3 mode): ${p.dev} hands the packet to ${p.parentNamespace}'s routing table (routes out of ${p.parent}) — the parent routes for its children`,
  'ipvlan.l3-no-route': (p) => `ipvlan (L3 mode): ${p.parentNamespace} has no route to ${p.dst} out of ${p.parent}, so the driver drops the packet`,
  'ipvlan.l3-local': (p) => `ipvlan (L3 mode): ${p.dst} is an address of ${p.parentNamespace} itself, so the routed packet is delivered locally`,
  'ipvlan.receive': (p) => `${p.parent}'s ipvlan driver (${p.mode} mode, in ${p.parentNamespace}): ${p.dst} is the address of ${p.child} in ${p.childNamespace}, which gets the packet — it picks the child by IP address, not by MAC`,
  'vxlan.encapsulate': (p) => `${p.dev} wraps the frame: VXLAN VNI ${p.vni} in UDP ${p.sport} → ${p.dport}, outer IP ${p.local} → ${p.remote} (FDB entry for ${p.dst} from ${p.source}); the outer packet is routed in ${p.underlayNamespace}`,
  'vxlan.decapsulate': (p) => `${p.dev} (VNI ${p.vni}) strips the outer Ethernet/IP/UDP ${p.port}/VXLAN headers; the inner frame appears on ${p.dev} in ${p.namespace}`,
  'vxlan.no-fdb': (p) => `${p.dev} has no forwarding entry for ${p.dst} (no remote VTEP known: the control plane has not announced it)`,
  'vxlan.no-device': (p) => `VXLAN packet for VNI ${p.vni} but ${p.namespace} has no VXLAN device with that VNI`,
  'vxlan.no-underlay-route': (p) => `no underlay route from ${p.namespace} to VTEP ${p.remote}`,
  'bridge.forward': (p) => `${p.bridge}: FDB lookup ${p.dst} → port ${p.port}${p.hairpin ? `, the port it came in on: hairpin mode is on for ${p.port}, so it may go back out` : ''}`,
  'bridge.flood': (p) => `${p.bridge}: ${p.dst} is not in the FDB yet, so the frame is flooded to every port; the copy out of ${p.port} reaches it`,
  'bridge.local': (p) => `${p.bridge}: the frame is for the bridge's own MAC, so it goes up to ${p.bridge}'s IP stack in ${p.namespace}${p.brNetfilter ? ' (br_netfilter already ran PREROUTING at the port)' : ''}`,
  'bridge.flood-unanswered': (p) => `${p.bridge} floods the frame for unknown ${p.dst} to every port, and nothing answers to that MAC`,
  'bridge.no-hairpin': (p) => `${p.bridge} will not send a frame back out of ${p.port}, the port it arrived on (hairpin/reflective relay is off)`,
  'bridge.no-pvid': (p) => `${p.port} on ${p.bridge} has no PVID: untagged frames are dropped`,
  'bridge.vlan-not-carried': (p) => `frame tagged VLAN ${p.vid} arrives on ${p.port}, ${p.accessPort ? `an access port (VLAN ${p.pvid} only)` : `a port without VLAN ${p.vid}`}: the switch drops tagged frames it does not carry`,
  'bridge.egress-not-member': (p) => `${p.port} is not a member of VLAN ${p.vid}: ${p.bridge} does not forward the frame there`,
  'bridge.vlan-untag': (p) => `${p.port} is an untagged member of VLAN ${p.vid}: the tag is removed`,
  'bridge.vlan-tag': (p) => `${p.port} carries VLAN ${p.vid} tagged: the frame leaves with an 802.1Q tag, VID ${p.vid}`,
  'br-netfilter.frame': (p) =>
    `${p.bridge} frames it ${p.via === 'arp' ? 'after ARP' : `through its neighbour output (the entry for ${p.dst} is STALE: ${p.namespace} only learned it from that host's own ARP request)`}: ${p.src} → ${p.mac}; br_netfilter then restores the sender's source MAC`,
  'br-netfilter.bridge-back': (p) => `br_netfilter: after ${p.reply ? 'conntrack restored the destination' : 'the DNAT'}, ${p.dst} is on ${p.bridge} itself, so the frame is bridged back out, not routed — the TTL and the source MAC stay, only the destination MAC becomes ${p.mac}`,
};

/**
 * The English sentence for an event: a hop's caption, or a verdict's reason.
 * @example caption({ code: 'arp.no-reply', params: { target: '172.17.0.9', sender: '172.17.0.2', dev: 'eth0' } })
 * // 'ARP: who has 172.17.0.9? tell 172.17.0.2 — broadcast on eth0, no answer'
 */
export function caption(event: WalkEvent): string {
  const render = CAPTIONS[event.code] as (params: WalkEvent['params']) => string;
  return render(event.params);
}
