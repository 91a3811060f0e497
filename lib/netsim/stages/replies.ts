/**
 * What answers a delivered (or refused) packet: the reply a socket or the kernel sends
 * (SYN-ACK, echo reply, DNS answer), and the error the kernel sends for a packet it refused —
 * a TCP reset (tcp_v4_send_reset) or an ICMP destination unreachable (icmp_send, RFC 792).
 */
import { event, type WalkEvent } from '../events';
import { ipIndex, outerIp, transport } from '../packet';
import type { DnsHeader, IcmpHeader, Packet, Socket, Topology } from '../types';
import type { Leg } from '../walk';

function answerFor(topology: Topology, socket: Socket | undefined, query: DnsHeader): DnsHeader {
  for (const zone of socket?.dnsZones ?? []) {
    const address = topology.dnsZones[zone]?.[query.question];
    if (address) return { layer: 'dns', response: true, question: query.question, rcode: 'NOERROR', answers: [address] };
  }
  return { layer: 'dns', response: true, question: query.question, rcode: 'NXDOMAIN', answers: [] };
}

/**
 * The error the kernel sends back for a packet it refused (`leg.error`): a TCP reset from the
 * refused address (the model's flag stands for the kernel's RST+ACK), or an ICMP destination
 * unreachable quoting the packet's IP and transport headers. The reset and a port unreachable
 * come from the address the packet was sent to; a router's net/host unreachable takes the
 * source its route back to the sender picks (source 0.0.0.0 here).
 */
export function errorFor(leg: Leg, label: string): { packet: Packet; explicitSource: boolean; sender: WalkEvent } {
  const ip = outerIp(leg.packet);
  const l4 = transport(leg.packet);
  const sport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.srcPort ?? 0);
  const dport = l4?.layer === 'icmp' ? (l4.id ?? 0) : (l4?.dstPort ?? 0);
  if (leg.error === 'rst') {
    return {
      packet: [{ layer: 'ipv4', src: ip.dst, dst: ip.src, ttl: 64, protocol: 'tcp' }, { layer: 'tcp', srcPort: dport, dstPort: sport, flags: 'RST' }],
      explicitSource: true,
      sender: event('send.reset', { namespace: label, src: ip.src, sport, dst: ip.dst, dport }),
    };
  }
  const code = leg.error ?? 'port-unreachable';
  const quoted: IcmpHeader = { layer: 'icmp', type: 'unreachable', code, quotedSrc: ip.src, quotedDst: ip.dst, quotedProtocol: ip.protocol === 'esp' ? 'udp' : ip.protocol, quotedSrcPort: sport, quotedDstPort: dport };
  const fromLocal = code === 'port-unreachable';
  return {
    packet: [{ layer: 'ipv4', src: fromLocal ? ip.dst : '0.0.0.0', dst: ip.src, ttl: 64, protocol: 'icmp' }, quoted],
    explicitSource: fromLocal,
    sender: event('send.icmp-error', { namespace: label, error: code, src: ip.src, sport, dst: ip.dst, dport, protocol: ip.protocol }),
  };
}

/** The reply a receiving socket (or the kernel) sends for a delivered packet. */
export function replyTo(topology: Topology, leg: Leg): Packet {
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
