/**
 * br_netfilter (net/bridge/br_netfilter_hooks.c): with `bridge-nf-call-iptables = 1`, IPv4
 * frames a bridge handles also traverse the IP hooks, with the bridge as the in and out
 * interface. https://elixir.bootlin.com/linux/latest/source/net/bridge/br_netfilter_hooks.c
 */
import { ethernet, frame, outerIp } from '../packet';
import type { NetInterface, Packet, Verdict } from '../types';
import type { NsPass, Walk } from '../walk';
import { conntrackIn, conntrackOut, undoSnat } from './conntrack';
import { filterHook, natDestination, natSource } from './netfilter-hooks';
import { resolveNeighbour } from './neighbour';
import { lookupRoute, routeHop } from './routing';

/** Where a frame for the bridge's own MAC goes after br_netfilter's PREROUTING. */
export type BridgeNfPrerouting =
  /** DNAT (or a restored masqueraded destination) sent it back out of the same bridge: bridge `frame` out again. */
  | { kind: 'bridge-back'; frame: Packet }
  /** Up to the bridge device's IP stack, PREROUTING already done (`pass`). */
  | { kind: 'up'; packet: Packet; pass: NsPass }
  | { kind: 'ended'; verdict: Verdict };

/**
 * br_netfilter for a frame addressed to the bridge itself: IP PREROUTING — conntrack, raw,
 * nat — already runs at the bridge port, before the frame goes up to the bridge device
 * (br_nf_pre_routing), so a capture on the bridge device sees the packet after DNAT or after
 * conntrack restored a masqueraded destination. When a DNAT sends it back out of the same
 * bridge, the kernel bridges it there instead of routing it (br_nf_pre_routing_finish_bridge):
 * the TTL and the source MAC stay, only the destination MAC changes.
 */
export function bridgeNfPrerouting(walk: Walk, bridge: NetInterface, packet: Packet): BridgeNfPrerouting {
  const ns = walk.ns(bridge.namespace);
  const conn = conntrackIn(walk, ns, packet, true);
  const pass = conn.pass;
  packet = conn.packet;
  const raw = filterHook(walk, pass, 'raw', 'PREROUTING', packet, bridge.name, undefined, bridge.id);
  if (raw) return { kind: 'ended', verdict: raw };
  // br_nf_pre_routing_finish compares the destination with the one saved before the hooks, so
  // conntrack restoring a masqueraded reply's destination counts as a DNAT here too.
  const beforeNat = packet;
  packet = undoSnat(walk, pass, packet);
  packet = natDestination(walk, pass, 'PREROUTING', packet, bridge.name);
  const decision = lookupRoute(walk, ns.id, outerIp(packet).dst);
  if (packet !== beforeNat && decision && !decision.local && decision.dev.id === bridge.id) {
    const reply = pass.ref?.direction === 'reply';
    routeHop(walk, ns.id, decision, packet, reply ? 'br-netfilter-conntrack' : 'br-netfilter-dnat');
    // The neighbour is resolved first (br_nf_pre_routing_finish_bridge); FORWARD and
    // POSTROUTING run afterwards, in the bridge's forwarding path (br_nf_forward_ip,
    // br_nf_post_routing), so a capture on the bridge device shows the packet before SNAT.
    const neighbour = resolveNeighbour(walk, ns, bridge, decision.route.via ?? outerIp(packet).dst, packet);
    if (neighbour.ended) return { kind: 'ended', verdict: neighbour.verdict };
    const { mac, arp } = neighbour;
    if (arp.arp?.how === 'arp' || neighbour.stale) {
      // Unless the neighbour entry is already confirmed (NUD_CONNECTED), the packet leaves
      // through the bridge device's neighbour output (with the bridge's MAC, where tcpdump on
      // the bridge sees it) — after an ARP exchange, or through an entry that is still STALE;
      // br_netfilter then puts the original source MAC back (br_nf_pre_routing_finish_bridge,
      // br_nf_pre_routing_finish_bridge_slow).
      walk.hop('neighbour', ns.id, 'br-netfilter.frame', { bridge: bridge.name, via: arp.arp?.how === 'arp' ? 'arp' : 'stale', dst: outerIp(packet).dst, namespace: ns.label, src: bridge.mac, mac }, frame(packet, bridge.mac, mac), { interface: bridge.id, detail: arp });
    }
    const forward = filterHook(walk, pass, 'filter', 'FORWARD', packet, bridge.name, bridge.name, bridge.id);
    if (forward) return { kind: 'ended', verdict: forward };
    packet = natSource(walk, pass, packet, bridge);
    packet = conntrackOut(walk, pass, packet);
    const framed = frame(packet, ethernet(beforeNat)?.src ?? bridge.mac, mac);
    walk.hop('bridge', ns.id, 'br-netfilter.bridge-back', { reply, dst: outerIp(packet).dst, bridge: bridge.name, mac }, framed, { interface: bridge.id, detail: arp });
    return { kind: 'bridge-back', frame: framed };
  }
  walk.hop('bridge', bridge.namespace, 'bridge.local', { bridge: bridge.name, namespace: walk.label(bridge.namespace), brNetfilter: true }, packet, { interface: bridge.id, detail: { fdb: { mac: ethernet(packet)?.dst ?? '', how: 'local' } } });
  return { kind: 'up', packet, pass };
}

/**
 * br_netfilter: a bridged IPv4 frame traverses the IP hooks too, with the bridge as the
 * in and out interface — PREROUTING (conntrack, raw, nat) at the port (br_nf_pre_routing),
 * filter FORWARD (br_nf_forward_ip) and nat POSTROUTING (br_nf_post_routing), then
 * conntrack confirms it. A DNAT here rewrites the addresses of a frame that is still bridged
 * by its MAC (the model does not re-route it: no Docker setup DNATs a bridged frame).
 * Returns the packet as it leaves the hooks, or the verdict when a chain drops it.
 */
export function bridgeNetfilter(walk: Walk, bridge: NetInterface, packet: Packet): { packet: Packet } | { verdict: Verdict } {
  const ns = walk.ns(bridge.namespace);
  const conn = conntrackIn(walk, ns, packet, true);
  let current = conn.packet;
  const raw = filterHook(walk, conn.pass, 'raw', 'PREROUTING', current, bridge.name, undefined, bridge.id);
  if (raw) return { verdict: raw };
  current = undoSnat(walk, conn.pass, current);
  current = natDestination(walk, conn.pass, 'PREROUTING', current, bridge.name);
  const forward = filterHook(walk, conn.pass, 'filter', 'FORWARD', current, bridge.name, bridge.name, bridge.id);
  if (forward) return { verdict: forward };
  current = natSource(walk, conn.pass, current, bridge);
  current = conntrackOut(walk, conn.pass, current);
  return { packet: current };
}
