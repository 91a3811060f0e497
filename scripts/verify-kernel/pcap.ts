/**
 * Decode what tcpdump captured (`tcpdump -w -`, classic pcap) into header
 * stacks shaped like the model's {@link Packet}, so a capture and a hop can be
 * compared field by field. Pure: no I/O, no root.
 *
 * We read the bytes rather than tcpdump's text output because the text changes
 * with tcpdump versions and verbosity, while the wire format does not; the
 * capture still comes from `tcpdump -e -nn`.
 */

/** One decoded header. Mirrors the layers of `lib/netsim` packets; `other` stands for what we do not decode. */
export type WireHeader =
  | { layer: 'ethernet'; src: string; dst: string }
  | { layer: '802.1q'; vid: number }
  | { layer: 'arp'; op: 'request' | 'reply' | 'other'; senderIp: string; targetIp: string }
  | { layer: 'ipv4'; src: string; dst: string; ttl: number; protocol: 'tcp' | 'udp' | 'icmp' | 'esp' | 'other' }
  | { layer: 'tcp'; srcPort: number; dstPort: number; flags: 'SYN' | 'SYN-ACK' | 'RST' | 'ACK' | 'FIN' | 'other' }
  | { layer: 'udp'; srcPort: number; dstPort: number }
  | { layer: 'icmp'; type: 'echo-request' | 'echo-reply' | 'unreachable' | 'time-exceeded' | 'redirect' | 'other'; id?: number }
  | { layer: 'vxlan'; vni: number }
  | { layer: 'esp'; spi: string }
  | { layer: 'dns'; response: boolean; question: string; rcode?: 'NOERROR' | 'NXDOMAIN' | 'other'; answers: string[] }
  | { layer: 'other'; what: string };

/** A captured frame: its headers, outermost first. */
export interface WireFrame {
  /** Seconds since the epoch (pcap timestamp). */
  time: number;
  headers: WireHeader[];
}

const LINKTYPE_ETHERNET = 1;

/** Which UDP ports carry what. */
export interface DecodeOptions {
  /** UDP destination ports to decode as VXLAN (4789 and whatever the topology uses). */
  vxlanPorts: ReadonlySet<number>;
  /** UDP ports (either side) to decode as DNS: 53 and the ports DNS servers really listen on after a DNAT. */
  dnsPorts: ReadonlySet<number>;
}

const DEFAULTS: DecodeOptions = { vxlanPorts: new Set([4789]), dnsPorts: new Set([53]) };

/**
 * Split a pcap file into decoded frames.
 * @throws on a file that is not classic pcap or uses a link type other than Ethernet.
 * @example decodePcap(readFileSync('eth0.pcap'))[0]?.headers[0] // { layer: 'ethernet', … }
 */
export function decodePcap(data: Uint8Array, options: DecodeOptions = DEFAULTS): WireFrame[] {
  if (data.length === 0) return [];
  if (data.length < 24) throw new Error(`pcap: ${data.length} bytes is shorter than the 24-byte file header`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = view.getUint32(0, false);
  let little: boolean;
  let nano = false;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) little = false;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) little = true;
  else throw new Error(`pcap: unknown magic 0x${magic.toString(16)}`);
  if (magic === 0xa1b23c4d || magic === 0x4d3cb2a1) nano = true;
  const linktype = view.getUint32(20, little) & 0x0fffffff;
  if (linktype !== LINKTYPE_ETHERNET) throw new Error(`pcap: link type ${linktype} is not Ethernet (1)`);
  const frames: WireFrame[] = [];
  let at = 24;
  while (at + 16 <= data.length) {
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const captured = view.getUint32(at + 8, little);
    at += 16;
    if (at + captured > data.length) break; // tcpdump was stopped mid-record
    frames.push({ time: sec + frac / (nano ? 1e9 : 1e6), headers: decodeEthernet(data.subarray(at, at + captured), options) });
    at += captured;
  }
  return frames;
}

function mac(bytes: Uint8Array, at: number): string {
  return Array.from(bytes.subarray(at, at + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}

function ipv4(bytes: Uint8Array, at: number): string {
  return Array.from(bytes.subarray(at, at + 4)).join('.');
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/**
 * Decode one Ethernet frame (with any 802.1Q tags) and what it carries.
 * @example decodeEthernet(frameBytes).map((h) => h.layer) // ['ethernet', 'ipv4', 'tcp']
 */
export function decodeEthernet(bytes: Uint8Array, options: DecodeOptions = DEFAULTS): WireHeader[] {
  if (bytes.length < 14) return [{ layer: 'other', what: 'runt frame' }];
  const headers: WireHeader[] = [{ layer: 'ethernet', dst: mac(bytes, 0), src: mac(bytes, 6) }];
  let type = u16(bytes, 12);
  let at = 14;
  while ((type === 0x8100 || type === 0x88a8) && at + 4 <= bytes.length) {
    headers.push({ layer: '802.1q', vid: u16(bytes, at) & 0x0fff });
    type = u16(bytes, at + 2);
    at += 4;
  }
  if (type === 0x0806) {
    const op = u16(bytes, at + 6);
    headers.push({ layer: 'arp', op: op === 1 ? 'request' : op === 2 ? 'reply' : 'other', senderIp: ipv4(bytes, at + 14), targetIp: ipv4(bytes, at + 24) });
    return headers;
  }
  if (type !== 0x0800) {
    headers.push({ layer: 'other', what: `ethertype 0x${type.toString(16).padStart(4, '0')}` });
    return headers;
  }
  return headers.concat(decodeIpv4(bytes.subarray(at), options));
}

function decodeIpv4(bytes: Uint8Array, options: DecodeOptions): WireHeader[] {
  if (bytes.length < 20) return [{ layer: 'other', what: 'truncated IPv4' }];
  const ihl = ((bytes[0] ?? 0) & 15) * 4;
  const proto = bytes[9] ?? 0;
  const protocol = proto === 6 ? 'tcp' : proto === 17 ? 'udp' : proto === 1 ? 'icmp' : proto === 50 ? 'esp' : 'other';
  const headers: WireHeader[] = [{ layer: 'ipv4', src: ipv4(bytes, 12), dst: ipv4(bytes, 16), ttl: bytes[8] ?? 0, protocol }];
  const l4 = bytes.subarray(ihl);
  if (protocol === 'tcp' && l4.length >= 14) {
    const f = l4[13] ?? 0;
    const syn = (f & 0x02) !== 0;
    const ack = (f & 0x10) !== 0;
    const flags = f & 0x04 ? 'RST' : syn && ack ? 'SYN-ACK' : syn ? 'SYN' : f & 0x01 ? 'FIN' : ack ? 'ACK' : 'other';
    headers.push({ layer: 'tcp', srcPort: u16(l4, 0), dstPort: u16(l4, 2), flags });
  } else if (protocol === 'udp' && l4.length >= 8) {
    const srcPort = u16(l4, 0);
    const dstPort = u16(l4, 2);
    headers.push({ layer: 'udp', srcPort, dstPort });
    const payload = l4.subarray(8);
    if (options.vxlanPorts.has(dstPort) && payload.length >= 8) {
      headers.push({ layer: 'vxlan', vni: ((payload[4] ?? 0) << 16) | ((payload[5] ?? 0) << 8) | (payload[6] ?? 0) });
      return headers.concat(decodeEthernet(payload.subarray(8), options));
    }
    if ((options.dnsPorts.has(srcPort) || options.dnsPorts.has(dstPort)) && payload.length >= 12) headers.push(decodeDns(payload));
  } else if (protocol === 'icmp' && l4.length >= 8) {
    const t = l4[0] ?? 0;
    const type = t === 8 ? 'echo-request' : t === 0 ? 'echo-reply' : t === 3 ? 'unreachable' : t === 11 ? 'time-exceeded' : t === 5 ? 'redirect' : 'other';
    headers.push(t === 8 || t === 0 ? { layer: 'icmp', type, id: u16(l4, 4) } : { layer: 'icmp', type });
  } else if (protocol === 'esp' && l4.length >= 8) {
    // Everything after the SPI and sequence number is encrypted.
    headers.push({ layer: 'esp', spi: `0x${Array.from(l4.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')}` });
  }
  return headers;
}

function decodeDns(msg: Uint8Array): WireHeader {
  const response = ((msg[2] ?? 0) & 0x80) !== 0;
  const rc = (msg[3] ?? 0) & 15;
  const answerCount = u16(msg, 6);
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length && msg[at] !== 0) {
    const len = msg[at] ?? 0;
    labels.push(String.fromCharCode(...msg.subarray(at + 1, at + 1 + len)));
    at += 1 + len;
  }
  at += 5;
  const answers: string[] = [];
  for (let i = 0; i < answerCount && at + 10 < msg.length; i++) {
    if (((msg[at] ?? 0) & 0xc0) === 0xc0) at += 2;
    else {
      while (at < msg.length && msg[at] !== 0) at += 1 + (msg[at] ?? 0);
      at += 1;
    }
    const type = u16(msg, at);
    const len = u16(msg, at + 8);
    if (type === 1 && len === 4) answers.push(ipv4(msg, at + 10));
    at += 10 + len;
  }
  const question = labels.join('.');
  return response ? { layer: 'dns', response, question, rcode: rc === 0 ? 'NOERROR' : rc === 3 ? 'NXDOMAIN' : 'other', answers } : { layer: 'dns', response, question, answers };
}
