/**
 * Helpers over {@link Packet} header stacks. Packets are immutable: each helper
 * returns a new array and shares the untouched headers, so every hop can keep
 * "the packet after this step" without copying the whole stack.
 */
import { DEFAULT_DESTINATION_PORT, EPHEMERAL_PORT } from './ports';
import type { EthernetHeader, Header, Ipv4, Ipv4Header, Packet, TcpHeader, UdpHeader, IcmpHeader, DnsHeader, VxlanHeader } from './types';

/** Broadcast MAC. */
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

/**
 * Index of the first (outermost) IPv4 header, or -1.
 * @example ipIndex([{ layer: 'ethernet', src, dst }, ip, tcp]) // 1
 */
export function ipIndex(packet: Packet): number {
  for (let i = 0; i < packet.length; i++) if (packet[i]?.layer === 'ipv4') return i;
  return -1;
}

/**
 * The outermost IPv4 header.
 * @throws when the packet has none.
 * @example outerIp(packet).dst // '172.17.0.2'
 */
export function outerIp(packet: Packet): Ipv4Header {
  const header = packet[ipIndex(packet)];
  if (!header || header.layer !== 'ipv4') throw new Error('packet has no IPv4 header');
  return header;
}

/** The transport header right after the outermost IPv4 header, if any. */
export type TransportHeader = TcpHeader | UdpHeader | IcmpHeader;

/**
 * The transport header following the outermost IPv4 header.
 * @example transport(packet)?.layer // 'tcp'
 */
export function transport(packet: Packet): TransportHeader | undefined {
  const next = packet[ipIndex(packet) + 1];
  return next && (next.layer === 'tcp' || next.layer === 'udp' || next.layer === 'icmp') ? next : undefined;
}

/**
 * The outermost Ethernet header, if the packet is framed.
 * @example ethernet(packet)?.dst
 */
export function ethernet(packet: Packet): EthernetHeader | undefined {
  const first = packet[0];
  return first?.layer === 'ethernet' ? first : undefined;
}

/**
 * The VLAN id of the outermost 802.1Q tag, if the frame is tagged.
 * @example vlanOf(packet) // 10
 */
export function vlanOf(packet: Packet): number | undefined {
  const second = packet[1];
  return packet[0]?.layer === 'ethernet' && second?.layer === '802.1q' ? second.vid : undefined;
}

/**
 * Rewrite fields of the outermost IPv4 header and the transport header after it.
 * @example rewrite(packet, { dst: '172.17.0.2' }, { dstPort: 80 })
 */
export function rewrite(packet: Packet, ip: Partial<Omit<Ipv4Header, 'layer'>>, ports?: { srcPort?: number; dstPort?: number }): Packet {
  const index = ipIndex(packet);
  const copy = packet.slice();
  copy[index] = { ...outerIp(packet), ...ip };
  const l4 = copy[index + 1];
  if (ports && l4 && (l4.layer === 'tcp' || l4.layer === 'udp')) copy[index + 1] = { ...l4, ...ports };
  return copy;
}

/**
 * Remove the link-layer headers in front of the outermost IPv4 header.
 * @example stripLinkLayer([eth, ip, tcp]) // [ip, tcp]
 */
export function stripLinkLayer(packet: Packet): Packet {
  const index = ipIndex(packet);
  return index <= 0 ? packet : packet.slice(index);
}

/**
 * Frame an IP packet: drop old link-layer headers and put a new Ethernet header in front.
 * @example frame([ip, tcp], 'aa:…', 'bb:…') // [eth, ip, tcp]
 */
export function frame(packet: Packet, src: string, dst: string): Packet {
  return [{ layer: 'ethernet', src, dst }, ...stripLinkLayer(packet)];
}

/**
 * Insert an 802.1Q tag after the outer Ethernet header.
 * @example pushVlan(frame, 10)
 */
export function pushVlan(packet: Packet, vid: number): Packet {
  const [eth, ...rest] = packet;
  if (!eth) return packet;
  return [eth, { layer: '802.1q', vid }, ...rest];
}

/**
 * Remove the outer 802.1Q tag.
 * @example popVlan(tagged)
 */
export function popVlan(packet: Packet): Packet {
  return vlanOf(packet) === undefined ? packet : [packet[0] as Header, ...packet.slice(2)];
}

/**
 * Which fields differ between two header stacks. Headers are compared by layer
 * name and occurrence counted from the inside, so an encapsulation shows up as
 * `+outer.ipv4` rather than as every field changing.
 * @example diffPackets(before, after) // ['ipv4.dst', 'tcp.dstPort']
 */
export function diffPackets(before: Packet, after: Packet): string[] {
  if (before === after) return [];
  const index = (packet: Packet) => {
    const counts = new Map<string, number>();
    const out = new Map<string, Header>();
    for (let i = packet.length - 1; i >= 0; i--) {
      const header = packet[i] as Header;
      const seen = counts.get(header.layer) ?? 0;
      counts.set(header.layer, seen + 1);
      out.set(`${'outer.'.repeat(seen)}${header.layer}`, header);
    }
    return out;
  };
  const a = index(before);
  const b = index(after);
  const changed: string[] = [];
  for (const [key, header] of b) {
    const old = a.get(key);
    if (!old) {
      changed.push(`+${key}`);
      continue;
    }
    if (old === header) continue;
    const record = header as unknown as Record<string, unknown>;
    const oldRecord = old as unknown as Record<string, unknown>;
    for (const field of Object.keys(record)) {
      if (field === 'layer') continue;
      if (JSON.stringify(record[field]) !== JSON.stringify(oldRecord[field])) changed.push(`${key}.${field}`);
    }
  }
  for (const key of a.keys()) if (!b.has(key)) changed.push(`-${key}`);
  return changed;
}

/**
 * A one-line summary of the innermost flow, e.g. `TCP 172.17.0.2:43512 → 93.184.216.34:80 SYN`.
 * @example describePacket(packet)
 */
export function describePacket(packet: Packet): string {
  let ip: Ipv4Header | undefined;
  let l4: Header | undefined;
  let vx: VxlanHeader | undefined;
  let dns: DnsHeader | undefined;
  for (let i = 0; i < packet.length; i++) {
    const header = packet[i] as Header;
    if (header.layer === 'ipv4') {
      ip = header;
      l4 = packet[i + 1];
    }
    if (header.layer === 'vxlan') vx = header;
    if (header.layer === 'dns') dns = header;
  }
  if (!ip) return 'frame';
  const outer = outerIp(packet);
  const prefix = vx ? `[VXLAN ${vx.vni}: ${outer.src} → ${outer.dst}] ` : '';
  const dnsText = dns ? ` DNS ${dns.response ? `answer ${dns.question} → ${dns.answers.join(', ') || dns.rcode}` : `query A ${dns.question}?`}` : '';
  if (l4?.layer === 'tcp') return `${prefix}TCP ${ip.src}:${l4.srcPort} → ${ip.dst}:${l4.dstPort} ${l4.flags}`;
  if (l4?.layer === 'udp') return `${prefix}UDP ${ip.src}:${l4.srcPort} → ${ip.dst}:${l4.dstPort}${dnsText}`;
  if (l4?.layer === 'icmp') return `${prefix}ICMP ${l4.code ?? l4.type} ${ip.src} → ${ip.dst}`;
  return `${prefix}IPv4 ${ip.src} → ${ip.dst}`;
}

/**
 * Build the IP packet a socket would send (no link-layer headers yet).
 * @example buildPacket({ protocol: 'tcp', src: '0.0.0.0', dst: '172.17.0.3', sport: 43512, dport: 80, ttl: 64 })
 */
export function buildPacket(spec: { protocol: 'tcp' | 'udp' | 'icmp'; src: Ipv4; dst: Ipv4; sport?: number; dport?: number; ttl: number; dnsQuery?: string }): Packet {
  const ip = { layer: 'ipv4' as const, src: spec.src, dst: spec.dst, ttl: spec.ttl, protocol: spec.protocol };
  if (spec.protocol === 'icmp') return [ip, { layer: 'icmp', type: 'echo-request', id: 1 }];
  if (spec.protocol === 'tcp') return [ip, { layer: 'tcp', srcPort: spec.sport ?? EPHEMERAL_PORT.tcp, dstPort: spec.dport ?? DEFAULT_DESTINATION_PORT.tcp, flags: 'SYN' }];
  const udp: Packet = [ip, { layer: 'udp', srcPort: spec.sport ?? EPHEMERAL_PORT.udp, dstPort: spec.dport ?? DEFAULT_DESTINATION_PORT.udp }];
  return spec.dnsQuery ? [...udp, { layer: 'dns', response: false, question: spec.dnsQuery, answers: [] }] : udp;
}
