/**
 * The netfilter hooks a packet passes in a namespace (net/netfilter/core.c, nf_hook): a
 * filtering chain of the raw or filter table, and the nat table's destination (PREROUTING,
 * OUTPUT) and source (POSTROUTING) rewrites of a new connection.
 */
import { walkChain, type MatchContext } from '../netfilter';
import { ipToInt, isLoopback } from '../ip';
import { rewrite } from '../packet';
import type { HopDetail, Ipv4, Namespace, NetInterface, Packet, TableName, Verdict } from '../types';
import type { NsPass, Walk } from '../walk';
import { tupleOf } from './conntrack';
import { isLocal } from './routing';

function matchContext(walk: Walk, pass: NsPass, packet: Packet, inIf?: string, outIf?: string): MatchContext {
  const { protocol, tuple } = tupleOf(packet);
  return {
    ...(inIf ? { inInterface: inIf } : {}),
    ...(outIf ? { outInterface: outIf } : {}),
    src: tuple.src,
    dst: tuple.dst,
    srcInt: ipToInt(tuple.src),
    dstInt: ipToInt(tuple.dst),
    protocol,
    ...(protocol === 'tcp' || protocol === 'udp' ? { sourcePort: tuple.sport, destinationPort: tuple.dport } : {}),
    ctState: pass.ctState,
    isLocal: (address) => isLocal(walk, pass.ns.id, address),
  };
}

/**
 * Walk a filtering chain (raw or filter table). Returns the verdict when it drops the packet,
 * undefined when the packet goes on (a hop is recorded when some rule matched).
 */
export function filterHook(walk: Walk, pass: NsPass, table: TableName, chain: string, packet: Packet, inIf?: string, outIf?: string, where?: string): Verdict | undefined {
  const result = walkChain(pass.ns.netfilter, table, chain, matchContext(walk, pass, packet, inIf, outIf));
  if (result.matched.length === 0 && result.target.kind !== 'DROP') return undefined;
  const detail: HopDetail = { rule: { table, chain: result.chain, text: result.text, verdict: result.target.kind }, matchedRules: result.matched.map((m) => ({ table, ...m })) };
  const extra = where ? { interface: where, detail } : { detail };
  if (result.target.kind === 'DROP') {
    return walk.drop(pass.ns.id, 'netfilter.drop', { table, chain, decidingChain: result.chain, namespace: pass.ns.label, rule: result.text, byPolicy: result.byPolicy }, packet, extra, 'filtered');
  }
  walk.hop('netfilter', pass.ns.id, 'netfilter.verdict', { table, chain, target: result.target.kind, rule: result.text, byPolicy: result.byPolicy, visited: result.visited }, packet, extra);
  return undefined;
}

/** nat PREROUTING or OUTPUT for a new connection: may DNAT/REDIRECT. Returns the packet, rewritten or not. */
export function natDestination(walk: Walk, pass: NsPass, chain: 'PREROUTING' | 'OUTPUT', packet: Packet, inIf?: string): Packet {
  if (!pass.pending) return packet;
  const result = walkChain(pass.ns.netfilter, 'nat', chain, matchContext(walk, pass, packet, inIf));
  const target = result.target;
  const detail: HopDetail = { rule: { table: 'nat', chain: result.chain, text: result.text, verdict: target.kind }, matchedRules: result.matched.map((m) => ({ table: 'nat' as const, ...m })) };
  const at = inIf ? { interface: `${pass.ns.id}:${inIf}` } : {};
  if (target.kind === 'DNAT' || target.kind === 'REDIRECT') {
    const { tuple } = tupleOf(packet);
    const toAddress = target.kind === 'DNAT' ? target.toAddress : chain === 'OUTPUT' ? '127.0.0.1' : (firstAddress(walk, inIf, pass.ns.id) ?? tuple.dst);
    const toPort = target.toPort ?? tuple.dport;
    const rewritten = rewrite(packet, { dst: toAddress }, { dstPort: toPort });
    pass.pending.dnat = { rule: result.text };
    walk.hop('nat', pass.ns.id, 'nat.destination', { chain, target: target.kind, dst: tuple.dst, dport: tuple.dport, to: toAddress, toPort, decidingChain: result.chain }, rewritten, { detail, ...at });
    return rewritten;
  }
  if (result.matched.length > 0) {
    walk.hop('netfilter', pass.ns.id, 'nat.destination-kept', { chain, visited: result.visited, dst: tupleOf(packet).tuple.dst }, packet, { ...at, detail });
  }
  return packet;
}

function firstAddress(walk: Walk, ifName: string | undefined, nsId: string): Ipv4 | undefined {
  if (!ifName) return undefined;
  return walk.index.interfaces.get(`${nsId}:${ifName}`)?.addresses[0]?.address;
}

/**
 * The source MASQUERADE picks, as the kernel's inet_select_addr(out, …, RT_SCOPE_UNIVERSE):
 * a global address of the outgoing device, or — for lo, whose 127.0.0.1 has host scope — the
 * first global address of the namespace.
 */
function masqueradeAddress(walk: Walk, ns: Namespace, outIf: NetInterface): Ipv4 | undefined {
  const own = outIf.addresses.find((a) => !isLoopback(a.address));
  if (own) return own.address;
  for (const id of ns.interfaces) {
    const found = walk.index.interfaces.get(id)?.addresses.find((a) => !isLoopback(a.address));
    if (found) return found.address;
  }
  return undefined;
}

/** nat POSTROUTING for a new connection: may SNAT/MASQUERADE. Returns the packet, rewritten or not. */
export function natSource(walk: Walk, pass: NsPass, packet: Packet, outIf: NetInterface): Packet {
  if (!pass.pending) return packet;
  const result = walkChain(pass.ns.netfilter, 'nat', 'POSTROUTING', matchContext(walk, pass, packet, undefined, outIf.name));
  const target = result.target;
  if (target.kind !== 'MASQUERADE' && target.kind !== 'SNAT') return packet;
  const { tuple } = tupleOf(packet);
  // MASQUERADE takes the primary address of the outgoing interface; the source port is kept when free.
  const toAddress = target.kind === 'SNAT' ? (target.toAddress ?? tuple.src) : (masqueradeAddress(walk, pass.ns, outIf) ?? tuple.src);
  const toPort = target.kind === 'SNAT' && target.toPort !== undefined ? target.toPort : tuple.sport;
  const rewritten = rewrite(packet, { src: toAddress }, pass.pending.protocol === 'icmp' ? undefined : { srcPort: toPort });
  pass.pending.snat = { rule: result.text };
  walk.hop('nat', pass.ns.id, 'nat.source', { target: target.kind, src: tuple.src, to: toAddress, dev: outIf.name, decidingChain: result.chain }, rewritten, {
    interface: outIf.id,
    detail: { rule: { table: 'nat', chain: result.chain, text: result.text, verdict: target.kind }, matchedRules: result.matched.map((m) => ({ table: 'nat' as const, ...m })) },
  });
  return rewritten;
}
