/**
 * Neighbour resolution (net/ipv4/arp.c, net/core/neighbour.c): the MAC for a next hop from a
 * permanent entry, the cache, or an ARP exchange — and, when nobody answers, why, as
 * specifically as the topology allows.
 */
import { stripLinkLayer } from '../packet';
import type { HopDetail, Ipv4, Mac, Namespace, NetInterface, Packet, Verdict } from '../types';
import type { ProbeDrop, Walk } from '../walk';
import { probe } from './probe';
import { isLocal } from './routing';

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
  if (outIf.kind === 'ipvlan' && outIf.ipvlanMode === 'l3') {
    // An L3 ipvlan device is NOARP (ipvlan_set_port_mode): the neighbour entry is NUD_NOARP with
    // the device's own address (arp_constructor), and the driver routes by IP.
    const arp: HopDetail = { arp: { ...question, targetMac: outIf.mac, how: 'noarp' } };
    walk.hop('neighbour', ns.id, 'arp.noarp', { dev: outIf.name, target: nextHop, mac: outIf.mac }, packet, { interface: outIf.id, detail: arp });
    return { ended: false, mac: outIf.mac, arp, stale: false };
  }
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
  const ipvlanFailure = ipvlanArpFailure(walk, ns, outIf, target, packet);
  if (ipvlanFailure) return ipvlanFailure;
  const first = drops[0];
  if (first) return walk.drop(ns.id, 'arp.vlan-dropped', { target, ...first }, packet, end, 'no-arp-reply');
  return walk.drop(ns.id, 'arp.nobody', { target, dev: outIf.name }, packet, end, 'no-arp-reply');
}

/**
 * Why ARP for `target` failed when ipvlan is involved: an L2 child asking for its parent
 * namespace's own address, a parent asking for its own child, or anyone asking for an L3 child.
 */
function ipvlanArpFailure(walk: Walk, ns: Namespace, outIf: NetInterface, target: Ipv4, packet: Packet): Verdict | undefined {
  const end = { interface: outIf.id };
  if (outIf.kind === 'ipvlan') {
    const parent = walk.iface(outIf.parent);
    if (!isLocal(walk, parent.namespace, target)) return undefined;
    return walk.drop(ns.id, 'arp.ipvlan-host', { target, dev: outIf.name, namespace: walk.label(outIf.namespace), parent: parent.name, parentNamespace: walk.label(parent.namespace) }, packet, end, 'no-arp-reply');
  }
  const lowers = [outIf.id, ...(outIf.parent ? [outIf.parent] : [])];
  for (const lower of lowers) {
    const own = walk.index.ipvlanByAddress.get(lower)?.get(target);
    if (own) return walk.drop(ns.id, 'arp.ipvlan-parent', { target, child: own.name, childNamespace: walk.label(own.namespace), parent: walk.iface(own.parent).name }, packet, end, 'no-arp-reply');
  }
  for (const [parentId, byAddress] of walk.index.ipvlanByAddress) {
    const child = byAddress.get(target);
    if (child?.ipvlanMode !== 'l3') continue;
    const parent = walk.iface(parentId);
    return walk.drop(ns.id, 'arp.ipvlan-l3', { target, child: child.name, childNamespace: walk.label(child.namespace), parent: parent.name, parentNamespace: walk.label(parent.namespace) }, packet, end, 'no-arp-reply');
  }
  return undefined;
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
