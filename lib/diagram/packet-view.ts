/**
 * How a packet is shown: the short label on the moving token, and the header
 * stack of the inspector with the fields a hop changed. Plain data, so the
 * hop list, the token and the tests agree on the words.
 */
import type { Header, Packet } from '@/lib/netsim';

/** One field of one header, as the inspector lists it. */
export interface FieldView {
  /** Key as the engine names changes, e.g. `ipv4.dst` or `outer.ipv4.src`. */
  key: string;
  label: string;
  value: string;
  changed: boolean;
}

/** One header of the stack, outermost first. */
export interface HeaderView {
  /** Key as the engine names the header, e.g. `ipv4`, `outer.ipv4`. */
  key: string;
  title: string;
  /** 0 for the outermost packet; 1 inside one encapsulation, and so on. */
  depth: number;
  /** The whole header was added at this hop. */
  added: boolean;
  fields: FieldView[];
}

const TITLES: Record<Header['layer'], string> = {
  ethernet: 'Ethernet',
  '802.1q': '802.1Q VLAN tag',
  ipv4: 'IPv4',
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  vxlan: 'VXLAN',
  esp: 'ESP (IPsec)',
  dns: 'DNS',
};

const FIELD_LABELS: Record<string, string> = {
  src: 'source',
  dst: 'destination',
  ttl: 'TTL',
  protocol: 'protocol',
  srcPort: 'source port',
  dstPort: 'destination port',
  flags: 'flags',
  type: 'type',
  id: 'id',
  vid: 'VLAN id',
  vni: 'VNI',
  spi: 'SPI',
  response: 'response',
  question: 'question',
  rcode: 'rcode',
  answers: 'answers',
  code: 'code',
  quotedSrc: 'quoted source',
  quotedDst: 'quoted destination',
  quotedProtocol: 'quoted protocol',
  quotedSrcPort: 'quoted source port',
  quotedDstPort: 'quoted destination port',
};

/** Engine keys of each header of a packet (`ipv4`, `outer.ipv4` …), counted from the inside as `diffPackets` does. */
function headerKeys(packet: Packet): string[] {
  const counts = new Map<string, number>();
  const keys: string[] = new Array<string>(packet.length);
  for (let i = packet.length - 1; i >= 0; i--) {
    const header = packet[i] as Header;
    const seen = counts.get(header.layer) ?? 0;
    counts.set(header.layer, seen + 1);
    keys[i] = `${'outer.'.repeat(seen)}${header.layer}`;
  }
  return keys;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/**
 * The header stack of a hop for the inspector, outermost first, with the
 * changed fields (and added headers) marked.
 *
 * @example
 * headerStack(hop.packet, ['ipv4.dst'])
 *   .flatMap((h) => h.fields).filter((f) => f.changed).map((f) => f.key); // ['ipv4.dst']
 */
export function headerStack(packet: Packet, changed: readonly string[]): HeaderView[] {
  const keys = headerKeys(packet);
  const changedSet = new Set(changed);
  let depth = 0;
  return packet.map((header, i) => {
    const key = keys[i] as string;
    const record = header as unknown as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((field) => field !== 'layer')
      .map((field) => ({
        key: `${key}.${field}`,
        label: FIELD_LABELS[field] ?? field,
        value: formatValue(record[field]),
        changed: changedSet.has(`${key}.${field}`),
      }));
    const view: HeaderView = { key, title: TITLES[header.layer], depth, added: changedSet.has(`+${key}`), fields };
    // Everything after a VXLAN or ESP header is the packet it carries.
    if (header.layer === 'vxlan' || header.layer === 'esp') depth += 1;
    return view;
  });
}

/**
 * Changed-field keys in words, for the inspector's text and the live region.
 * @example describeChanges(['ipv4.dst', '+outer.ipv4']) // ['IPv4 destination', 'added outer IPv4 header']
 */
export function describeChanges(changed: readonly string[]): string[] {
  return changed.map((key) => {
    const added = key.startsWith('+');
    const removed = key.startsWith('-');
    const bare = added || removed ? key.slice(1) : key;
    // Layer names may hold a dot themselves ("802.1q"): take the longest known layer name first.
    let rest = bare;
    let outer = 0;
    while (rest.startsWith('outer.')) {
      outer += 1;
      rest = rest.slice('outer.'.length);
    }
    const layer = (Object.keys(TITLES) as Header['layer'][]).filter((name) => rest === name || rest.startsWith(`${name}.`)).sort((a, b) => b.length - a.length)[0] ?? (rest.split('.')[0] as Header['layer']);
    const field = rest.length > layer.length ? rest.slice(layer.length + 1) : undefined;
    const title = `${outer ? 'outer ' : ''}${TITLES[layer] ?? layer}`;
    if (added) return `added ${title} header`;
    if (removed) return `removed ${title} header`;
    return `${title} ${field ? (FIELD_LABELS[field] ?? field) : ''}`.trim();
  });
}

/** What the moving token says about the packet it stands for. */
export interface TokenLabel {
  /** Outermost addresses, e.g. `172.17.0.2 → 93.184.216.34`. */
  addresses: string;
  /** Protocol and port, e.g. `TCP :80`, `ICMP echo-request`, `UDP 4789`. */
  protocol: string;
  /** For an encapsulated packet: the same for the packet inside. */
  inner?: { addresses: string; protocol: string; vni?: number; encrypted: boolean };
  /** 802.1Q tag on the frame. */
  vlan?: number;
}

function describeFrom(packet: Packet, start: number): { addresses: string; protocol: string; next: number } | undefined {
  for (let i = start; i < packet.length; i++) {
    const header = packet[i] as Header;
    if (header.layer !== 'ipv4') continue;
    const l4 = packet[i + 1];
    let protocol = header.protocol.toUpperCase();
    if (l4?.layer === 'tcp') protocol = `TCP :${l4.dstPort} ${l4.flags}`;
    else if (l4?.layer === 'udp') protocol = `UDP :${l4.dstPort}${packet[i + 2]?.layer === 'dns' ? ' DNS' : ''}`;
    else if (l4?.layer === 'icmp') protocol = `ICMP ${l4.code ?? l4.type}`;
    else if (l4?.layer === 'esp') protocol = 'ESP';
    return { addresses: `${header.src} → ${header.dst}`, protocol, next: i + 1 };
  }
  return undefined;
}

/**
 * The token's label: outer addresses and protocol, the inner packet when
 * encapsulated, the VLAN tag when tagged.
 *
 * @example
 * tokenLabel(hop.packet) // { addresses: '192.168.1.10 → 192.168.1.11', protocol: 'UDP :4789', inner: { addresses: '10.0.1.2 → 10.0.1.3', … } }
 */
export function tokenLabel(packet: Packet): TokenLabel {
  const vlan = packet.find((h) => h.layer === '802.1q');
  const outer = describeFrom(packet, 0);
  const label: TokenLabel = { addresses: outer?.addresses ?? 'no IP packet', protocol: outer?.protocol ?? '' };
  if (vlan?.layer === '802.1q') label.vlan = vlan.vid;
  const tunnelAt = packet.findIndex((h) => h.layer === 'vxlan' || h.layer === 'esp');
  if (tunnelAt >= 0) {
    const inner = describeFrom(packet, tunnelAt + 1);
    const vxlan = packet.find((h) => h.layer === 'vxlan');
    if (inner) {
      label.inner = {
        addresses: inner.addresses,
        protocol: inner.protocol,
        ...(vxlan?.layer === 'vxlan' ? { vni: vxlan.vni } : {}),
        encrypted: packet[tunnelAt]?.layer === 'esp',
      };
    }
  }
  return label;
}

/**
 * The token's one line: the VLAN tag, the tunnel, and the protocol of the
 * packet it stands for (addresses are in the caption beside the diagram).
 *
 * @example
 * tokenText(hop.packet) // 'VXLAN 4097 ▸ TCP :80 SYN', 'VLAN 10 · ICMP echo-request'
 */
export function tokenText(packet: Packet): string {
  const label = tokenLabel(packet);
  const parts: string[] = [];
  if (label.vlan !== undefined) parts.push(`VLAN ${label.vlan}`);
  if (label.inner) parts.push(`${label.inner.encrypted ? 'ESP' : `VXLAN ${label.inner.vni ?? ''}`.trim()} ▸ ${label.inner.protocol}`);
  else parts.push(label.protocol || 'frame');
  return parts.join(' · ');
}
