/**
 * Connection tracking (net/netfilter/nf_conntrack_core.c) and the reverse NAT it applies:
 * a packet is looked up when it enters a namespace's netfilter, a new connection is confirmed
 * when it leaves (POSTROUTING or INPUT), and replies get their NATed addresses put back.
 */
import { ipIndex, outerIp, rewrite, transport } from '../packet';
import type { IcmpHeader, Namespace, Packet } from '../types';
import type { Connection, NsPass, Tuple, Walk } from '../walk';

/** A packet's protocol and tuple (for ICMP echo, the id stands for both ports). */
export function tupleOf(packet: Packet): { protocol: string; tuple: Tuple } {
  const ip = outerIp(packet);
  const l4 = transport(packet);
  const sport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.srcPort ?? 0);
  const dport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.dstPort ?? 0);
  return { protocol: ip.protocol, tuple: { src: ip.src, sport, dst: ip.dst, dport } };
}

/** The conntrack table key of a tuple. */
export function tupleKey(protocol: string, t: Tuple): string {
  return `${protocol}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;
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

/** Start conntrack for a packet entering a namespace's netfilter (PREROUTING or OUTPUT); undo SNAT for replies. */
export function conntrackIn(walk: Walk, ns: Namespace, packet: Packet, deferReverseNat = false): { pass: NsPass; packet: Packet } {
  const error = icmpError(packet);
  if (error) {
    // An ICMP error belongs to the connection of the packet it quotes: invert the quoted
    // tuple and look it up. It is RELATED to it, and never starts a connection of its own.
    const quoted = { src: error.quotedDst ?? '', sport: error.quotedDstPort ?? 0, dst: error.quotedSrc ?? '', dport: error.quotedSrcPort ?? 0 };
    const related = walk.session.table(ns.id).get(tupleKey(error.quotedProtocol ?? 'tcp', quoted));
    const pass: NsPass = related ? { ns, ref: related, ctState: 'RELATED' } : { ns, ctState: 'NEW' };
    return { pass, packet: deferReverseNat ? packet : undoSnat(walk, pass, packet) };
  }
  const { protocol, tuple } = tupleOf(packet);
  const key = tupleKey(protocol, tuple);
  const ref = walk.session.table(ns.id).get(key);
  if (ref) {
    const pass: NsPass = { ns, ref, ctState: 'ESTABLISHED' };
    return { pass, packet: deferReverseNat ? packet : undoSnat(walk, pass, packet) };
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
export function undoSnat(walk: Walk, pass: NsPass, packet: Packet): Packet {
  const ref = pass.ref;
  if (ref?.direction !== 'reply' || !ref.conn.snat) return packet;
  const orig = ref.conn.original;
  const port = ref.conn.protocol === 'icmp' ? {} : { port: orig.sport };
  const related = pass.ctState === 'RELATED';
  // nf_nat_icmp_reply_translation: for an ICMP error, the outer destination and the quoted source together.
  const rewritten = related ? rewriteQuoted(rewrite(packet, { dst: orig.src }), { quotedSrc: orig.src, quotedSrcPort: orig.sport }) : rewrite(packet, { dst: orig.src }, ref.conn.protocol === 'icmp' ? undefined : { dstPort: orig.sport });
  walk.hop('conntrack', pass.ns.id, 'conntrack.unsnat', { address: orig.src, ...port, rule: ref.conn.snat.rule, related }, rewritten);
  return rewritten;
}

/** Confirm a new connection (end of POSTROUTING / INPUT); undo DNAT for replies. */
export function conntrackOut(walk: Walk, pass: NsPass, packet: Packet): Packet {
  if (pass.pending && pass.originalKey) {
    const { protocol, tuple } = tupleOf(packet);
    const table = walk.session.table(pass.ns.id);
    const conn = pass.pending;
    table.set(pass.originalKey, { conn, direction: 'original' });
    table.set(tupleKey(protocol, { src: tuple.dst, sport: tuple.dport, dst: tuple.src, dport: tuple.sport }), { conn, direction: 'reply' });
    pass.ref = { conn, direction: 'original' };
    pass.pending = undefined;
    return packet;
  }
  const ref = pass.ref;
  if (ref?.direction !== 'reply' || !ref.conn.dnat) return packet;
  const orig = ref.conn.original;
  const icmp = ref.conn.protocol === 'icmp';
  const related = pass.ctState === 'RELATED';
  const rewritten = related ? rewriteQuoted(rewrite(packet, { src: orig.dst }), { quotedDst: orig.dst, quotedDstPort: orig.dport }) : rewrite(packet, { src: orig.dst }, icmp ? undefined : { srcPort: orig.dport });
  walk.hop('conntrack', pass.ns.id, 'conntrack.undnat', { address: orig.dst, ...(icmp ? {} : { port: orig.dport }), rule: ref.conn.dnat.rule, related }, rewritten);
  return rewritten;
}
