/**
 * The output path (net/ipv4/ip_output.c, and the local-out hooks of netfilter): a process
 * sends a packet — route, conntrack, raw/nat/filter OUTPUT, nat POSTROUTING — and a packet
 * leaves through a device after xfrm and neighbour resolution.
 *
 *   local out: route → conntrack → raw OUTPUT → nat OUTPUT (DNAT, reroute) → filter OUTPUT → nat POSTROUTING → xfrm → neighbour → transmit
 */
import { describePacket, frame, outerIp, rewrite } from '../packet';
import { isLoopback } from '../ip';
import type { WalkEvent } from '../events';
import type { Ipv4, Namespace, NetInterface, Packet, Verdict } from '../types';
import type { Walk } from '../walk';
import { conntrackIn, conntrackOut, undoSnat } from './conntrack';
import { filterHook, natDestination, natSource } from './netfilter-hooks';
import { resolveNeighbour } from './neighbour';
import { lookupRoute, routeHop, sourceFor } from './routing';
import { xfrmOut } from './xfrm';

/**
 * A process (or, with `sender`, the kernel) in `nsId` sends `packet` (an IP packet without
 * link-layer headers); returns the verdict of its walk.
 */
export function localOut(walk: Walk, nsId: string, packet: Packet, explicitSource: boolean, sender?: WalkEvent): Verdict {
  const ns = walk.ns(nsId);
  const dst = outerIp(packet).dst;
  let decision = lookupRoute(walk, nsId, dst);
  if (!decision) return walk.drop(nsId, 'route.unreachable-local', { namespace: ns.label, dst }, packet, {}, 'unreachable');
  if (!explicitSource && outerIp(packet).src === '0.0.0.0') {
    const src = decision.local ? (isLoopback(dst) ? '127.0.0.1' : dst) : sourceFor(walk, decision.route, decision.dev, nsId);
    packet = rewrite(packet, { src });
  }
  if (sender) walk.record('send', nsId, sender, packet);
  else walk.hop('send', nsId, 'send.packet', { namespace: ns.label, reply: walk.direction === 'reply', packet: describePacket(packet) }, packet);
  routeHop(walk, nsId, decision, packet);
  const conn = conntrackIn(walk, ns, packet, true);
  const pass = conn.pass;
  packet = conn.packet;
  const raw = filterHook(walk, pass, 'raw', 'OUTPUT', packet);
  if (raw) return raw;
  const beforeNat = packet;
  packet = undoSnat(walk, pass, packet);
  packet = natDestination(walk, pass, 'OUTPUT', packet);
  if (packet !== beforeNat) {
    decision = lookupRoute(walk, nsId, outerIp(packet).dst);
    if (!decision) return walk.drop(nsId, 'route.unreachable-after-dnat', { dst: outerIp(packet).dst }, packet, {}, 'unreachable');
    routeHop(walk, nsId, decision, packet, 'after-dnat');
  }
  const outIf = decision.local ? walk.iface(`${nsId}:lo`) : decision.dev;
  const filtered = filterHook(walk, pass, 'filter', 'OUTPUT', packet, undefined, outIf.name);
  if (filtered) return filtered;
  if (decision.local) {
    // Looped-back packets still pass nat POSTROUTING (a rule like `! -o docker0 -j MASQUERADE`
    // matches `-o lo`), as every locally sent packet does before it reaches a device.
    packet = natSource(walk, pass, packet, outIf);
    packet = conntrackOut(walk, pass, packet);
    walk.hop('transmit', nsId, 'loopback.local', { namespace: ns.label }, packet, { interface: outIf.id });
    const input = filterHook(walk, pass, 'filter', 'INPUT', packet, 'lo');
    if (input) return input;
    return walk.stack.localDeliver(walk, ns, pass, packet, outIf);
  }
  if (isLoopback(outerIp(packet).src) && !ns.routeLocalnet.includes(outIf.id)) {
    return walk.drop(nsId, 'route.martian-loopback', { src: outerIp(packet).src, dev: outIf.name }, packet, {}, 'martian');
  }
  packet = natSource(walk, pass, packet, outIf);
  packet = conntrackOut(walk, pass, packet);
  return output(walk, ns, outIf, decision.route.via ?? outerIp(packet).dst, packet);
}

/**
 * Transmit an IP packet out of `outIf` towards `nextHop`: xfrm, neighbour resolution, framing.
 * `forwarded`: routed through this namespace, not sent from it.
 */
export function output(walk: Walk, ns: Namespace, outIf: NetInterface, nextHop: Ipv4, packet: Packet, forwarded = false): Verdict {
  packet = xfrmOut(walk, ns, packet);
  const neighbour = resolveNeighbour(walk, ns, outIf, nextHop, packet, forwarded);
  if (neighbour.ended) return neighbour.verdict;
  const framed = frame(packet, outIf.mac, neighbour.mac);
  walk.hop('neighbour', ns.id, 'neighbour.frame', { dev: outIf.name, src: outIf.mac, dst: neighbour.mac }, framed, { interface: outIf.id, detail: neighbour.arp });
  return walk.transmit(outIf, framed);
}
