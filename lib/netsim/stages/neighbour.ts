/**
 * Neighbour resolution (net/ipv4/arp.c, net/core/neighbour.c): the MAC for a next hop from a
 * permanent entry, the cache, or an ARP exchange — and, when nobody answers, why, as
 * specifically as the topology allows.
 */
import { stripLinkLayer } from '../packet';
import type { HopDetail, Ipv4, Mac, Namespace, NetInterface, Packet, Verdict } from '../types';
import type { ProbeDrop, Walk } from '../walk';
import { probe } from './probe';

/** What neighbour resolution found: the MAC (with the ARP detail for the hop, and whether the cache entry is STALE), or the end of the walk. */
export type Resolution = { ended: false; mac: Mac; arp: HopDetail; stale: boolean } | { ended: true; verdict: Verdict };

/**
 * Find the MAC for `nextHop` on `outIf`: permanent entry, cache, or an ARP exchange.
 * `forwarded`: a router resolving for a packet it forwards answers the sender with ICMP host
 * unreachable when nobody answers (arp_error_report → icmp_send); a sender's own failed ARP
 * is a local error, not a packet.
 */
export function resolveNeighbour(walk: Walk, ns: Namespace, outIf: NetInterface, nextHop: Ipv4, packet: Packet, forwarded = false): Resolution {
  const permanent = walk.index.neighbours.get(`${outIf.id}|${nextHop}`);
  const sender = outIf.addresses[0]?.address ?? '0.0.0.0';
  const question = { op: 'request' as const, senderIp: sender, senderMac: outIf.mac, targetIp: nextHop };
  if (permanent) return { ended: false, mac: permanent.mac, arp: { arp: { ...question, targetMac: permanent.mac, how: 'permanent' } }, stale: false };
  const cacheKey = `${outIf.id}|${nextHop}`;
  const cached = walk.session.neighbourCache.get(cacheKey);
  if (cached) return { ended: false, mac: cached, arp: { arp: { ...question, targetMac: cached, how: 'cached' } }, stale: walk.session.staleNeighbours.has(cacheKey) };
  const { found, drops } = probe(walk, outIf, { kind: 'arp', ip: nextHop }, outIf.mac);
  if (!found) {
    walk.hop('neighbour', ns.id, 'arp.no-reply', { target: nextHop, sender, dev: outIf.name }, packet, { interface: outIf.id, detail: { arp: { ...question, how: 'arp' } } });
    if (forwarded) walk.legs.push({ ns: ns.id, packet: stripLinkLayer(packet), iface: outIf.id, error: 'host-unreachable' });
    return { ended: true, verdict: arpFailure(walk, ns, outIf, nextHop, drops, packet) };
  }
  walk.session.neighbourCache.set(cacheKey, found.mac);
  walk.session.staleNeighbours.delete(cacheKey);
  // The responder also learns the requester (Linux creates a STALE neighbour entry from the ARP request).
  const learned = `${found.responder.id}|${sender}`;
  if (found.responder.kind !== 'vxlan' && !walk.session.neighbourCache.has(learned)) {
    walk.session.neighbourCache.set(learned, outIf.mac);
    walk.session.staleNeighbours.add(learned);
  }
  const arp: HopDetail = { arp: { ...question, targetMac: found.mac, how: found.proxy ? 'proxy-arp' : 'arp' } };
  if (found.proxy) {
    walk.hop('neighbour', ns.id, 'arp.proxy-reply', { target: nextHop, responder: found.responder.name, ...(found.proxySource ? { source: found.proxySource } : {}), mac: found.mac }, packet, { interface: outIf.id, detail: arp });
  } else {
    walk.hop('neighbour', ns.id, 'arp.reply', { target: nextHop, sender, dev: outIf.name, responder: found.responder.name, responderNamespace: walk.label(found.responder.namespace), mac: found.mac }, packet, { interface: outIf.id, detail: arp });
  }
  return { ended: false, mac: found.mac, arp, stale: false };
}

/** The drop for an unanswered ARP request, explained as specifically as the topology allows. */
function arpFailure(walk: Walk, ns: Namespace, outIf: NetInterface, target: Ipv4, drops: ProbeDrop[], packet: Packet): Verdict {
  const end = { interface: outIf.id };
  if (outIf.kind === 'macvlan') {
    const sibling = (walk.index.macvlanChildren.get(outIf.parent) ?? []).find((c) => c.addresses.some((a) => a.address === target));
    if (sibling && outIf.macvlanMode === 'private') {
      return walk.drop(ns.id, 'arp.macvlan-private', { target, dev: outIf.name, namespace: walk.label(outIf.namespace), sibling: sibling.name, siblingNamespace: walk.label(sibling.namespace) }, packet, end, 'no-arp-reply');
    }
    if (sibling) return walk.drop(ns.id, 'arp.macvlan-no-hairpin', { target, mode: outIf.macvlanMode, dev: outIf.name, namespace: walk.label(outIf.namespace), sibling: sibling.name }, packet, end, 'no-arp-reply');
  } else {
    const owner = macvlanChildOwning(walk, outIf, target);
    if (owner) return walk.drop(ns.id, 'arp.macvlan-parent', { target, child: owner.name, childNamespace: walk.label(owner.namespace), parent: walk.iface(owner.parent).name }, packet, end, 'no-arp-reply');
  }
  const first = drops[0];
  if (first) return walk.drop(ns.id, 'arp.vlan-dropped', { target, ...first }, packet, end, 'no-arp-reply');
  return walk.drop(ns.id, 'arp.nobody', { target, dev: outIf.name }, packet, end, 'no-arp-reply');
}

/** The macvlan child of `parent` (or of its own lower device) that has `address`. */
function macvlanChildOwning(walk: Walk, parent: NetInterface, address: Ipv4) {
  const lowers = [parent.id];
  if (parent.parent) lowers.push(parent.parent);
  for (const lower of lowers) {
    for (const child of walk.index.macvlanChildren.get(lower) ?? []) if (child.addresses.some((a) => a.address === address)) return child;
  }
  return undefined;
}
