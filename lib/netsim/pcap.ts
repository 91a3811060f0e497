/**
 * A walk as a packet capture: {@link traceToPcapng} writes a {@link Trace} (and its reply) as a
 * pcapng file that Wireshark and tshark open, one interface per interface the packet is seen on
 * and one packet per sighting, with the bytes of the headers the model computed.
 *
 * The file format is pcapng, "PCAP Now Generic (pcapng) Capture File Format",
 * IETF draft-ietf-opsawg-pcapng (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/):
 * a Section Header Block (§4.1), one Interface Description Block per interface (§4.2, link
 * type 1 = LINKTYPE_ETHERNET, `if_name`, `if_description`, `if_tsresol` 6 = microseconds) and
 * one Enhanced Packet Block per packet (§4.3, with `epb_flags` inbound/outbound and the hop's
 * caption as `opt_comment`). Little-endian, every block padded to 32 bits.
 *
 * Which sightings: the capture points of `captures.ts` — exactly where the real-kernel check
 * runs tcpdump and finds the packet: a veth, cable or lo the packet is transmitted or received
 * on (each end of a veth pair or a cable is its own interface, so a frame crossing a cable is
 * written twice, once per end, as two captures on the two ends would show it), the frame a
 * bridge, macvlan, ipvlan or VLAN device sends or a bridge delivers up to its own stack, the
 * inner frame on a VXLAN device. One packet per interface, direction and identical packet:
 * never the same frame twice on one interface.
 * (So Wireshark, reading all interfaces as one capture, marks a TCP segment seen again further on
 * "TCP Retransmission": it is the same segment at the next interface, not a resend.) `epb_flags`
 * says which way it goes there: outbound for a transmit or a device sending, inbound otherwise.
 *
 * The bytes: Ethernet II, 802.1Q (TPID 0x8100), IPv4 (header checksum computed), ICMP
 * (checksum computed), TCP and UDP (checksums computed over the RFC 768/793 pseudo-header —
 * the VXLAN outer UDP too, although Linux sends it as 0 by default, which RFC 7348 allows),
 * VXLAN (flags 0x08, 24-bit VNI, inside UDP to the device's port, 4789 for Docker), ESP
 * (SPI, sequence number, then opaque bytes standing for the ciphertext) and DNS (the question and
 * the A answers the model has). A packet on `lo` (the model gives it no link-layer header) gets
 * the all-zero Ethernet header Linux's loopback device really has.
 *
 * What the model does not decide (fixed, so files are deterministic): IP id 0, with Don't
 * Fragment set except on a VXLAN outer packet; TCP sequence numbers (client ISN {@link TCP_CLIENT_ISN}, server ISN
 * {@link TCP_SERVER_ISN}), window 64240 and no TCP options; the ICMP echo sequence number 1 and
 * 32 payload bytes 0x00…0x1f; DNS id 0x5057 and answer TTL 600; the ESP sequence number 1 and
 * its ciphertext. Timestamps start at {@link PCAP_EPOCH_US} and are 1 ms apart in walk order.
 *
 * Pure and browser-safe: Uint8Array and DataView only, no Node APIs.
 */
import { capturePoints, type CapturePoint } from './captures';
import { ipToInt } from './ip';
import type { Topology } from './topology-types';
import type { DnsHeader, Header, IcmpHeader, Ipv4Header, Packet, TcpHeader, Trace } from './trace-types';

/** First packet's timestamp: 2025-01-01T00:00:00Z, in microseconds since the Unix epoch. */
export const PCAP_EPOCH_US = 1_735_689_600_000_000;
/** Time between two packets of a capture, in microseconds (1 ms). */
export const PCAP_STEP_US = 1000;
/** Initial sequence number of the connecting side (the model has none). */
export const TCP_CLIENT_ISN = 1_000_000;
/** Initial sequence number of the accepting side. */
export const TCP_SERVER_ISN = 2_000_000;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_VLAN = 0x8100;
const IP_PROTO = { icmp: 1, tcp: 6, udp: 17, esp: 50 } as const;
const ICMP_PAYLOAD = Uint8Array.from({ length: 32 }, (_, i) => i);
const ICMP_SEQ = 1;
const DNS_ID = 0x5057;
const DNS_TTL = 600;
const TCP_WINDOW = 64240;
const ESP_SEQ = 1;
/**
 * AES-GCM (`rfc4106(gcm(aes))`) as Docker's encrypted overlay sets up its xfrm states: an 8-byte
 * IV (RFC 4106 §3.1) and a 64-bit ICV (`ICVLen: 64`, buildAeadAlgo in moby's
 * libnetwork/drivers/overlay/encryption.go).
 */
const ESP_IV = 8;
const ESP_ICV = 8;

// ------------------------------------------------------------------ byte helpers

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function macBytes(mac: string): Uint8Array {
  const parts = mac.split(':').map((h) => parseInt(h, 16));
  if (parts.length !== 6 || parts.some((b) => !(b >= 0 && b <= 255))) throw new Error(`pcap: bad MAC address "${mac}"`);
  return Uint8Array.from(parts);
}

/** The four bytes of an address, parsed (and validated) as the engine parses it. */
function ipBytes(ip: string): Uint8Array {
  const value = ipToInt(ip);
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/**
 * The Internet checksum (RFC 1071) of the bytes, one's complement of the one's-complement sum.
 * @example internetChecksum(ipHeaderWithItsChecksum) // 0: a correct header sums to 0xffff
 */
export function internetChecksum(...parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const part of parts) {
    for (const byte of part) {
      if (odd === undefined) odd = byte;
      else {
        sum += (odd << 8) | byte;
        odd = undefined;
      }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function pseudoHeader(ip: Ipv4Header, protocol: number, length: number): Uint8Array {
  const bytes = new Uint8Array(12);
  bytes.set(ipBytes(ip.src), 0);
  bytes.set(ipBytes(ip.dst), 4);
  bytes[9] = protocol;
  new DataView(bytes.buffer).setUint16(10, length);
  return bytes;
}

// ------------------------------------------------------------------ headers → bytes

/** The bytes of `headers[from…]`; `ip` is the nearest IPv4 header outside them (for pseudo-headers). */
function encodeFrom(headers: readonly Header[], from: number, ip: Ipv4Header | undefined): Uint8Array {
  const header = headers[from];
  if (!header) return new Uint8Array(0);
  switch (header.layer) {
    case 'ethernet': {
      const next = headers[from + 1];
      const out = new Uint8Array(14);
      out.set(macBytes(header.dst), 0);
      out.set(macBytes(header.src), 6);
      new DataView(out.buffer).setUint16(12, next?.layer === '802.1q' ? ETHERTYPE_VLAN : ETHERTYPE_IPV4);
      return concat([out, encodeFrom(headers, from + 1, ip)]);
    }
    case '802.1q': {
      // TCI: priority 0, DEI 0, the 12-bit VLAN id; then the encapsulated EtherType.
      const out = new Uint8Array(4);
      const view = new DataView(out.buffer);
      view.setUint16(0, header.vid & 0x0fff);
      view.setUint16(2, ETHERTYPE_IPV4);
      return concat([out, encodeFrom(headers, from + 1, ip)]);
    }
    case 'ipv4': {
      // A VXLAN device's outer packet leaves DF clear (its `df unset` default, vxlan_xmit_one);
      // a socket's packets set it (path MTU discovery, Linux's default).
      const tunnel = headers[from + 1]?.layer === 'esp' || headers[from + 2]?.layer === 'vxlan';
      return ipv4(header, encodeFrom(headers, from + 1, header), !tunnel);
    }
    case 'tcp':
      return tcp(header, requireIp(ip, 'tcp'));
    case 'udp': {
      const payload = encodeFrom(headers, from + 1, ip);
      const out = new Uint8Array(8 + payload.length);
      const view = new DataView(out.buffer);
      view.setUint16(0, header.srcPort);
      view.setUint16(2, header.dstPort);
      view.setUint16(4, out.length);
      out.set(payload, 8);
      const sum = internetChecksum(pseudoHeader(requireIp(ip, 'udp'), IP_PROTO.udp, out.length), out);
      view.setUint16(6, sum === 0 ? 0xffff : sum);
      return out;
    }
    case 'icmp':
      return icmp(header);
    case 'vxlan': {
      // RFC 7348 §5: flags (I = 0x08), 24 reserved bits, the 24-bit VNI, 8 reserved bits.
      const out = new Uint8Array(8);
      const view = new DataView(out.buffer);
      out[0] = 0x08;
      view.setUint32(4, (header.vni & 0xffffff) << 8);
      return concat([out, encodeFrom(headers, from + 1, undefined)]);
    }
    case 'esp': {
      // RFC 4303 §2: SPI, sequence number, then everything encrypted (IV, payload, padding,
      // pad length, next header, ICV). The plaintext never reaches the wire: stand-in bytes.
      const plain = encodeFrom(headers, from + 1, ip);
      const encrypted = ESP_IV + Math.ceil((plain.length + 2) / 4) * 4 + ESP_ICV;
      const out = new Uint8Array(8 + encrypted);
      const view = new DataView(out.buffer);
      const spi = parseInt(header.spi, 16);
      view.setUint32(0, spi >>> 0);
      view.setUint32(4, ESP_SEQ);
      let x = (spi ^ 0x9e3779b9) >>> 0 || 1;
      for (let i = 8; i < out.length; i++) {
        // xorshift32: deterministic bytes that look like ciphertext.
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        out[i] = x & 0xff;
      }
      return out;
    }
    case 'dns':
      return dns(header);
  }
}

function requireIp(ip: Ipv4Header | undefined, layer: string): Ipv4Header {
  if (!ip) throw new Error(`pcap: a ${layer} header outside an IPv4 packet`);
  return ip;
}

function ipv4(header: Ipv4Header, payload: Uint8Array, dontFragment = true): Uint8Array {
  const out = new Uint8Array(20 + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x45; // version 4, IHL 5 (no options)
  view.setUint16(2, out.length);
  view.setUint16(4, 0); // identification: fixed (the model has none)
  view.setUint16(6, dontFragment ? 0x4000 : 0);
  out[8] = header.ttl;
  out[9] = IP_PROTO[header.protocol];
  out.set(ipBytes(header.src), 12);
  out.set(ipBytes(header.dst), 16);
  view.setUint16(10, internetChecksum(out.subarray(0, 20)));
  out.set(payload, 20);
  return out;
}

function tcpSegment(srcPort: number, dstPort: number, flags: TcpHeader['flags'], ip: Ipv4Header): Uint8Array {
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  view.setUint16(0, srcPort);
  view.setUint16(2, dstPort);
  // SYN: seq = client ISN. SYN-ACK: the server's ISN, acknowledging the SYN. RST (a refused SYN,
  // tcp_v4_send_reset): seq 0, ACK of the SYN, window 0 — as Linux answers a closed port.
  const [seq, ack, bits, window] =
    flags === 'SYN' ? [TCP_CLIENT_ISN, 0, 0x02, TCP_WINDOW] : flags === 'SYN-ACK' ? [TCP_SERVER_ISN, TCP_CLIENT_ISN + 1, 0x12, TCP_WINDOW] : [0, TCP_CLIENT_ISN + 1, 0x14, 0];
  view.setUint32(4, seq);
  view.setUint32(8, ack);
  out[12] = 5 << 4; // data offset: 5 words, no options
  out[13] = bits;
  view.setUint16(14, window);
  view.setUint16(16, internetChecksum(pseudoHeader(ip, IP_PROTO.tcp, out.length), out));
  return out;
}

function tcp(header: TcpHeader, ip: Ipv4Header): Uint8Array {
  return tcpSegment(header.srcPort, header.dstPort, header.flags, ip);
}

function echo(type: number, id: number): Uint8Array {
  const out = new Uint8Array(8 + ICMP_PAYLOAD.length);
  const view = new DataView(out.buffer);
  out[0] = type;
  view.setUint16(4, id);
  view.setUint16(6, ICMP_SEQ);
  out.set(ICMP_PAYLOAD, 8);
  view.setUint16(2, internetChecksum(out));
  return out;
}

const UNREACHABLE_CODE = { 'net-unreachable': 0, 'host-unreachable': 1, 'port-unreachable': 3 } as const;

function icmp(header: IcmpHeader): Uint8Array {
  if (header.type === 'echo-request') return echo(8, header.id ?? 0);
  if (header.type === 'echo-reply') return echo(0, header.id ?? 0);
  // Destination unreachable (RFC 792): type 3, the code, 4 unused bytes, then the offending
  // packet's IP header and its first 8 data bytes (its TTL is not in the model: 64).
  const quoted = quotedPacket(header);
  const out = new Uint8Array(8 + quoted.length);
  out[0] = 3;
  out[1] = UNREACHABLE_CODE[header.code ?? 'host-unreachable'];
  out.set(quoted, 8);
  new DataView(out.buffer).setUint16(2, internetChecksum(out));
  return out;
}

function quotedPacket(header: IcmpHeader): Uint8Array {
  if (!header.quotedSrc || !header.quotedDst || !header.quotedProtocol) return new Uint8Array(0);
  const ip: Ipv4Header = { layer: 'ipv4', src: header.quotedSrc, dst: header.quotedDst, ttl: 64, protocol: header.quotedProtocol };
  const sport = header.quotedSrcPort ?? 0;
  const dport = header.quotedDstPort ?? 0;
  let whole: Uint8Array;
  if (header.quotedProtocol === 'tcp') whole = tcpSegment(sport, dport, 'SYN', ip);
  else if (header.quotedProtocol === 'icmp') whole = echo(8, sport);
  else {
    // The quoted datagram's payload is not in the model: length 8, checksum 0 ("none", RFC 768).
    whole = new Uint8Array(8);
    const view = new DataView(whole.buffer);
    view.setUint16(0, sport);
    view.setUint16(2, dport);
    view.setUint16(4, 8);
  }
  const full = ipv4(ip, whole);
  return full.subarray(0, 28);
}

function dnsName(name: string): Uint8Array {
  const parts: number[] = [];
  for (const label of name.replace(/\.$/, '').split('.')) {
    const bytes = new TextEncoder().encode(label);
    parts.push(bytes.length, ...bytes);
  }
  parts.push(0);
  return Uint8Array.from(parts);
}

/** A DNS message (RFC 1035 §4): one A/IN question, and in a response its A answers. */
function dns(header: DnsHeader): Uint8Array {
  const head = new Uint8Array(12);
  const view = new DataView(head.buffer);
  view.setUint16(0, DNS_ID);
  // Query: RD. Response: QR, RD, RA and the rcode (NXDOMAIN = 3).
  view.setUint16(2, header.response ? 0x8180 | (header.rcode === 'NXDOMAIN' ? 3 : 0) : 0x0100);
  view.setUint16(4, 1);
  const answers = header.response ? header.answers : [];
  view.setUint16(6, answers.length);
  const question = concat([dnsName(header.question), Uint8Array.of(0, 1, 0, 1)]);
  const records = answers.map((address) => {
    const rr = new Uint8Array(16);
    const rv = new DataView(rr.buffer);
    rv.setUint16(0, 0xc00c); // the name: a pointer to the question's
    rv.setUint16(2, 1); // A
    rv.setUint16(4, 1); // IN
    rv.setUint32(6, DNS_TTL);
    rv.setUint16(10, 4);
    rr.set(ipBytes(address), 12);
    return rr;
  });
  return concat([head, question, ...records]);
}

/**
 * The bytes on the wire of a packet of the model, from its outermost header. A packet without
 * a link-layer header (one on `lo`) gets Linux loopback's all-zero Ethernet header.
 * @example encodePacket(hop.packet).length // 54 for Ethernet + IPv4 + a TCP SYN
 */
export function encodePacket(packet: Packet): Uint8Array {
  const framed: readonly Header[] = packet[0]?.layer === 'ethernet' ? packet : [{ layer: 'ethernet', src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00' }, ...packet];
  return encodeFrom(framed, 0, undefined);
}

// ------------------------------------------------------------------ pcapng blocks

class Writer {
  private readonly chunks: Uint8Array[] = [];

  /** A block: type, total length, body (padded to 32 bits), total length again. */
  block(type: number, body: Uint8Array): void {
    const padded = Math.ceil(body.length / 4) * 4;
    const out = new Uint8Array(12 + padded);
    const view = new DataView(out.buffer);
    view.setUint32(0, type, true);
    view.setUint32(4, out.length, true);
    out.set(body, 8);
    view.setUint32(out.length - 4, out.length, true);
    this.chunks.push(out);
  }

  bytes(): Uint8Array {
    return concat(this.chunks);
  }
}

/** Options (§3.5): code, length, value padded to 32 bits; ended by opt_endofopt. */
function options(list: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  const parts = list.map(([code, value]) => {
    const out = new Uint8Array(4 + Math.ceil(value.length / 4) * 4);
    const view = new DataView(out.buffer);
    view.setUint16(0, code, true);
    view.setUint16(2, value.length, true);
    out.set(value, 4);
    return out;
  });
  return concat([...parts, new Uint8Array(4)]);
}

const text = (value: string) => new TextEncoder().encode(value);
const u32 = (value: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
};

/**
 * The name a capture's interface gets: the namespace as the diagram labels it, and the interface.
 * @example captureInterfaceName(topology, 'host1/c1:eth0') // 'c1:eth0'; 'host1:docker0' stays 'host1:docker0'
 */
export function captureInterfaceName(topology: Topology, ifaceId: string): string {
  const iface = topology.interfaces.find((i) => i.id === ifaceId);
  const ns = topology.namespaces.find((n) => n.id === iface?.namespace);
  return `${ns?.label ?? iface?.namespace ?? ''}:${iface?.name ?? ifaceId}`;
}

/**
 * Write a walk (request, then the reply when the trace has one) as a pcapng capture: one
 * Interface Description Block per interface the packet is seen on (named as the diagram
 * names it, `host1:docker0`, `c1:eth0`; the interface id as its description) and one
 * Enhanced Packet Block per capture point ({@link capturePoints}), 1 ms apart.
 *
 * @example
 * const { built, trace } = traceFlow('default-bridge', 'container-to-internet');
 * const file = traceToPcapng(built.topology, trace);
 * new DataView(file.buffer).getUint32(0, true).toString(16); // 'a0d0d0a' (a Section Header Block)
 * // tshark -r file.pcapng -T fields -e frame.interface_name  →  client:eth0, host1:veth…, host1:docker0, …
 */
export function traceToPcapng(topology: Topology, trace: Trace): Uint8Array {
  const points = capturePoints(trace, topology);
  const writer = new Writer();
  // Section Header Block: byte-order magic, version 1.0, section length unknown (-1).
  const shb = new Uint8Array(16);
  const shbView = new DataView(shb.buffer);
  shbView.setUint32(0, 0x1a2b3c4d, true);
  shbView.setUint16(4, 1, true);
  shbView.setUint16(6, 0, true);
  shbView.setBigInt64(8, -1n, true);
  writer.block(0x0a0d0d0a, concat([shb, options([[4, text('Packet Walk (a computed walk, not a live capture)')]])]));

  const interfaceIndex = new Map<string, number>();
  for (const point of points) {
    if (interfaceIndex.has(point.iface)) continue;
    interfaceIndex.set(point.iface, interfaceIndex.size);
    const idb = new Uint8Array(8);
    const view = new DataView(idb.buffer);
    view.setUint16(0, 1, true); // LINKTYPE_ETHERNET
    view.setUint32(4, 0, true); // snaplen: no limit
    writer.block(0x00000001, concat([idb, options([[2, text(captureInterfaceName(topology, point.iface))], [3, text(point.iface)], [9, Uint8Array.of(6)]])]));
  }

  points.forEach((point: CapturePoint, i) => {
    const data = encodePacket(point.packet);
    const ts = PCAP_EPOCH_US + i * PCAP_STEP_US;
    const head = new Uint8Array(20);
    const view = new DataView(head.buffer);
    view.setUint32(0, interfaceIndex.get(point.iface) ?? 0, true);
    view.setUint32(4, Math.floor(ts / 2 ** 32), true);
    view.setUint32(8, ts % 2 ** 32, true);
    view.setUint32(12, data.length, true);
    view.setUint32(16, data.length, true);
    const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
    padded.set(data);
    // epb_flags bits 0–1: 1 inbound, 2 outbound.
    const comment = `${point.direction} step ${point.step} (${point.hopKind}): ${point.hop.caption}`;
    writer.block(0x00000006, concat([head, padded, options([[2, u32(point.io === 'in' ? 1 : 2)], [1, text(comment)]])]));
  });
  return writer.bytes();
}
