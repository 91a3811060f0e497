/**
 * The input path (net/ipv4/ip_input.c, ip_forward.c): a packet arrives on an interface —
 * PREROUTING, routing, then INPUT and a socket, or FORWARD and out again.
 *
 *   receive: raw PREROUTING → conntrack → nat PREROUTING (DNAT) → route → filter INPUT → socket
 *                                                                    → filter FORWARD → nat POSTROUTING → neighbour → transmit
 */
import { buildPacket, describePacket, outerIp, rewrite, stripLinkLayer, transport } from '../packet';
import { proxySourcePort } from '../ports';
import type { HopDetail, Namespace, NetInterface, Packet, Socket, Verdict } from '../types';
import type { NsPass, Walk } from '../walk';
import { conntrackIn, conntrackOut, undoSnat } from './conntrack';
import { filterHook, natDestination, natSource } from './netfilter-hooks';
import { localOut, output } from './ip-output';
import { lookupRoute, routeHop } from './routing';
import { xfrmIn } from './xfrm';

/**
 * Receive an IP packet (still framed) on `inIf`: PREROUTING, routing, then INPUT or FORWARD.
 * `prerouted`: br_netfilter already ran PREROUTING at the bridge port.
 */
export function ipReceive(walk: Walk, inIf: NetInterface, packet: Packet, prerouted?: NsPass): Verdict {
  const ns = walk.ns(inIf.namespace);
  let pass: NsPass;
  if (prerouted) pass = prerouted;
  else {
    const conn = conntrackIn(walk, ns, packet, true);
    pass = conn.pass;
    packet = conn.packet;
    const raw = filterHook(walk, pass, 'raw', 'PREROUTING', packet, inIf.name, undefined, inIf.id);
    if (raw) return raw;
    packet = undoSnat(walk, pass, packet);
    packet = natDestination(walk, pass, 'PREROUTING', packet, inIf.name);
  }
  const ip = outerIp(packet);
  const decision = lookupRoute(walk, ns.id, ip.dst);
  if (decision?.local) {
    routeHop(walk, ns.id, decision, packet);
    const input = filterHook(walk, pass, 'filter', 'INPUT', packet, inIf.name, undefined, inIf.id);
    if (input) return input;
    packet = conntrackOut(walk, pass, packet);
    return localDeliver(walk, ns, pass, packet, inIf);
  }
  if (!ns.ipForward) return walk.drop(ns.id, 'route.not-forwarding', { namespace: ns.label, dst: ip.dst }, packet, { interface: inIf.id }, 'not-forwarding');
  if (!decision) {
    // A forwarding router answers with ICMP net unreachable (ip_error → icmp_send).
    walk.legs.push({ ns: ns.id, packet: stripLinkLayer(packet), iface: inIf.id, error: 'net-unreachable' });
    return walk.drop(ns.id, 'route.unreachable', { namespace: ns.label, dst: ip.dst }, packet, { interface: inIf.id }, 'unreachable');
  }
  routeHop(walk, ns.id, decision, packet, 'forwarding');
  if (ip.ttl <= 1) return walk.drop(ns.id, 'route.ttl-exceeded', { namespace: ns.label }, packet, {}, 'ttl-exceeded');
  packet = rewrite(packet, { ttl: ip.ttl - 1 });
  walk.hop('route', ns.id, 'route.forward', { namespace: ns.label, ttl: ip.ttl }, packet, { interface: decision.dev.id });
  const forward = filterHook(walk, pass, 'filter', 'FORWARD', packet, inIf.name, decision.dev.name, decision.dev.id);
  if (forward) return forward;
  packet = natSource(walk, pass, packet, decision.dev);
  packet = conntrackOut(walk, pass, packet);
  return output(walk, ns, decision.dev, decision.route.via ?? outerIp(packet).dst, packet, true);
}

/** The listening socket a packet is for: bound to its destination address, or to 0.0.0.0. */
function socketFor(walk: Walk, nsId: string, packet: Packet): Socket | undefined {
  const ip = outerIp(packet);
  const l4 = transport(packet);
  if (!l4 || l4.layer === 'icmp') return undefined;
  const candidates = walk.index.sockets.get(nsId)?.get(`${l4.layer}:${l4.dstPort}`);
  return candidates?.find((s) => s.address === ip.dst) ?? candidates?.find((s) => s.address === '0.0.0.0');
}

/** Hand a packet addressed to this namespace to a socket (or to ESP decryption, or a UDP tunnel). */
export function localDeliver(walk: Walk, ns: Namespace, pass: NsPass, packet: Packet, inIf: NetInterface): Verdict {
  const ip = outerIp(packet);
  const l4 = transport(packet);
  const at = { interface: inIf.id };
  const end = { namespace: ns.id, interface: inIf.id };
  if (ip.protocol === 'esp') {
    const esp = xfrmIn(walk, ns, packet, inIf);
    return 'verdict' in esp ? esp.verdict : localDeliver(walk, ns, { ns, ctState: 'ESTABLISHED' }, esp.decrypted, inIf);
  }
  if (l4?.layer === 'udp') {
    for (const tunnel of walk.stack.udpTunnels) {
      const tunnelled = tunnel.udpEncapReceive?.(walk, ns, packet);
      if (tunnelled) return tunnelled;
    }
  }
  if (walk.direction === 'reply' && l4?.layer === 'tcp' && l4.flags === 'RST' && !socketFor(walk, ns.id, packet)) {
    walk.hop('deliver', ns.id, 'deliver.reset', { namespace: ns.label }, packet, at);
    walk.legs.push({ ns: ns.id, packet, iface: inIf.id });
    // The packet arrived, but the exchange is over: the verdict is the refusal the client sees.
    return { outcome: 'dropped', code: 'refused', reason: walk.reason('verdict.reset', { namespace: ns.label }), ...end };
  }
  if (walk.direction === 'reply' && l4?.layer === 'icmp' && l4.type === 'unreachable') {
    walk.hop('deliver', ns.id, 'deliver.icmp-error', { namespace: ns.label, error: l4.code, protocol: l4.quotedProtocol, src: l4.quotedSrc, sport: l4.quotedSrcPort, dst: l4.quotedDst, dport: l4.quotedDstPort }, packet, at);
    walk.legs.push({ ns: ns.id, packet, iface: inIf.id });
    return { outcome: 'dropped', code: l4.code === 'port-unreachable' ? 'refused' : 'unreachable', reason: walk.reason('verdict.icmp-error', { error: l4.code, from: ip.src, namespace: ns.label }), ...end };
  }
  if (walk.direction === 'reply' && l4?.layer !== 'icmp' && !socketFor(walk, ns.id, packet)) {
    // The original sender's socket: an ephemeral, connected socket the model does not list.
    walk.hop('deliver', ns.id, 'deliver.connection', { namespace: ns.label, packet: describePacket(packet) }, packet, at);
    walk.legs.push({ ns: ns.id, packet, iface: inIf.id });
    return { outcome: 'delivered', code: 'delivered', reason: walk.reason('verdict.reply-delivered', { namespace: ns.label }), ...end };
  }
  if (l4?.layer === 'icmp') {
    if (l4.type === 'echo-request') {
      walk.hop('deliver', ns.id, 'deliver.echo-request', { namespace: ns.label }, packet, at);
      walk.legs.push({ ns: ns.id, packet, iface: inIf.id });
      return { outcome: 'delivered', code: 'delivered', reason: walk.reason('verdict.echo-request', { dst: ip.dst, namespace: ns.label }), ...end, process: 'kernel' };
    }
    walk.hop('deliver', ns.id, 'deliver.echo-reply', { namespace: ns.label }, packet, at);
    return { outcome: 'delivered', code: 'delivered', reason: walk.reason('verdict.echo-reply', { namespace: ns.label }), ...end, process: 'ping' };
  }
  const socket = socketFor(walk, ns.id, packet);
  if (!socket) {
    const refused = { protocol: l4?.layer === 'tcp' ? ('tcp' as const) : ('udp' as const), namespace: ns.label, dst: ip.dst, port: l4 ? l4.dstPort : 0 };
    walk.hop('deliver', ns.id, 'deliver.refused', refused, packet, at);
    walk.legs.push({ ns: ns.id, packet: stripLinkLayer(packet), iface: inIf.id, error: l4?.layer === 'tcp' ? 'rst' : 'port-unreachable' });
    return { outcome: 'dropped', code: 'refused', reason: walk.reason('deliver.refused', refused), ...end };
  }
  const detail: HopDetail = { socket: { process: socket.process, address: socket.address, port: socket.port, protocol: socket.protocol } };
  walk.hop('deliver', ns.id, 'deliver.socket', { process: socket.process, address: socket.address, port: socket.port, protocol: socket.protocol, namespace: ns.label }, packet, { ...at, detail });
  walk.legs.push({ ns: ns.id, packet, socket, iface: inIf.id });
  if (socket.proxyTo) {
    const next = buildPacket({ protocol: socket.protocol, src: '0.0.0.0', dst: socket.proxyTo.address, sport: proxySourcePort(socket.port), dport: socket.proxyTo.port, ttl: 64 });
    walk.hop('proxy', ns.id, 'proxy.connect', { process: socket.process, address: socket.proxyTo.address, port: socket.proxyTo.port }, next, { detail });
    return localOut(walk, ns.id, next, false);
  }
  return { outcome: 'delivered', code: 'delivered', reason: walk.reason('verdict.delivered', { process: socket.process, address: socket.address === '0.0.0.0' ? ip.dst : socket.address, port: socket.port, namespace: ns.label }), ...end, process: socket.process };
}
