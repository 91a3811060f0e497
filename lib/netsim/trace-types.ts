/**
 * The packets and traces of `lib/netsim`: a packet is a stack of headers, and a trace the hops
 * a packet took through a {@link Topology} and the verdict it ended with. Plain,
 * JSON-serialisable data, like the topology (`topology-types.ts`); `types.ts` re-exports both.
 */
import type { EventCode, WalkEvent } from './events';
import type { Ipv4, Mac, TableName } from './topology-types';

/** Ethernet II header. */
export interface EthernetHeader {
  layer: 'ethernet';
  src: Mac;
  dst: Mac;
}
/** 802.1Q tag. */
export interface VlanHeader {
  layer: '802.1q';
  vid: number;
}
/** ARP payload (only used in hop details; frames we trace carry IPv4). */
export interface ArpMessage {
  op: 'request' | 'reply';
  senderIp: Ipv4;
  senderMac: Mac;
  targetIp: Ipv4;
  targetMac?: Mac;
}
/** IPv4 header (the fields the course talks about). */
export interface Ipv4Header {
  layer: 'ipv4';
  src: Ipv4;
  dst: Ipv4;
  ttl: number;
  protocol: 'tcp' | 'udp' | 'icmp' | 'esp';
}
export interface TcpHeader {
  layer: 'tcp';
  srcPort: number;
  dstPort: number;
  flags: 'SYN' | 'SYN-ACK' | 'RST';
}
export interface UdpHeader {
  layer: 'udp';
  srcPort: number;
  dstPort: number;
}
/** The ICMP "destination unreachable" codes the model sends (RFC 792: 0, 1 and 3). */
export type IcmpUnreachableCode = 'net-unreachable' | 'host-unreachable' | 'port-unreachable';

export interface IcmpHeader {
  layer: 'icmp';
  /** `unreachable` is type 3, destination unreachable: an error about another packet. */
  type: 'echo-request' | 'echo-reply' | 'unreachable';
  /** Echo identifier (echo request and reply only). */
  id?: number;
  code?: IcmpUnreachableCode;
  /**
   * An error quotes the start of the packet it is about (RFC 792: its IP header and first
   * 8 data bytes — enough for the ports): conntrack finds the connection from it, and NAT
   * rewrites it along with the outer header.
   */
  quotedSrc?: Ipv4;
  quotedDst?: Ipv4;
  quotedProtocol?: 'tcp' | 'udp' | 'icmp';
  /** Source port (TCP, UDP) or echo id (ICMP) of the quoted packet. */
  quotedSrcPort?: number;
  quotedDstPort?: number;
}
export interface VxlanHeader {
  layer: 'vxlan';
  vni: number;
}
/** ESP (IP protocol 50). Every header after it is encrypted on the wire. */
export interface EspHeader {
  layer: 'esp';
  spi: string;
}
export interface DnsHeader {
  layer: 'dns';
  response: boolean;
  question: string;
  rcode?: 'NOERROR' | 'NXDOMAIN';
  answers: Ipv4[];
}

export type Header =
  | EthernetHeader
  | VlanHeader
  | Ipv4Header
  | TcpHeader
  | UdpHeader
  | IcmpHeader
  | VxlanHeader
  | EspHeader
  | DnsHeader;

/** A packet as a header stack, outermost header first. Never mutated: every change makes a new array. */
export type Packet = readonly Header[];

// ---------------------------------------------------------------- traces

/** What kind of step a hop is; the UI picks an icon and the animation a pause per kind. */
export type HopKind =
  | 'send'
  | 'route'
  | 'neighbour'
  | 'netfilter'
  | 'nat'
  | 'conntrack'
  | 'transmit'
  | 'receive'
  | 'bridge'
  | 'macvlan'
  | 'ipvlan'
  | 'vlan-push'
  | 'vlan-pop'
  | 'encapsulate'
  | 'decapsulate'
  | 'encrypt'
  | 'decrypt'
  | 'deliver'
  | 'proxy'
  | 'drop';

/** Structured facts about a hop, for the header inspector and for tests. */
export interface HopDetail {
  /** route: the route that matched, in `ip route` syntax. */
  route?: string;
  /** netfilter/nat: the rule that decided, in `iptables -A` syntax (or the chain policy). */
  rule?: { table: TableName; chain: string; text: string; verdict: string };
  /** Every rule that matched on the way through one hook, in order (jumps included). */
  matchedRules?: { table: TableName; chain: string; text: string }[];
  /** neighbour: the question asked (`targetIp`) and the answer (`targetMac`), and where the answer came from. */
  arp?: ArpMessage & { how: 'cached' | 'permanent' | 'arp' | 'proxy-arp' | 'noarp' };
  /** bridge: forwarding database decision. */
  fdb?: { mac: Mac; port?: string; how: 'hit' | 'flood' | 'local' };
  /** encapsulate/decapsulate. */
  vxlan?: { vni: number; remote?: Ipv4; local?: Ipv4; source?: string };
  vlan?: { vid: number };
  /** deliver: the socket that got it. */
  socket?: { process: string; address: Ipv4; port: number; protocol: string };
}

/**
 * One step of a packet walk: where it happens, the packet after it, and what happened, as an
 * event `code` with its `params` (e.g. `{ code: 'arp.no-reply', params: { target, sender, dev } }`)
 * beside the caption rendered from them.
 */
export interface Hop {
  /** 0-based position in its trace. */
  step: number;
  kind: HopKind;
  /** Namespace id where the step happens. */
  namespace: string;
  /** Interface id involved (egress for transmit, ingress for receive). */
  interface?: string;
  /** Link id the packet is on (transmit hops). */
  link?: string;
  /** What happened: the event code (`EventParams` lists each code's parameters). */
  code: EventCode;
  /** The event's parameters, as `EventParams[code]`. */
  params: WalkEvent['params'];
  /** One human sentence, rendered from `code` and `params` by `captions.ts`. */
  caption: string;
  detail?: HopDetail;
  /** The whole packet after this step, outermost header first. */
  packet: Packet;
  /** Fields changed by this step, as `layer.field` (`ipv4.dst`, `tcp.dstPort`, `ethernet.dst`) or `+layer`/`-layer`. */
  changed: string[];
}

/** Why a walk ended, for code that branches on it (the reason text is for people). */
export type VerdictCode =
  | 'delivered'
  | 'refused'
  | 'unreachable'
  | 'filtered'
  | 'no-arp-reply'
  | 'not-forwarding'
  | 'ttl-exceeded'
  | 'hop-limit'
  | 'link'
  | 'martian'
  | 'address-in-use';

/** The end of a walk. */
export interface Verdict {
  /**
   * `delivered`: a socket (or the kernel's ICMP echo responder) got it.
   * `dropped`: it never reached a listening process — including a TCP connection
   * refused by the destination's kernel (`code: 'refused'`). The walk of an error
   * reply (a TCP reset, an ICMP destination unreachable) ends `dropped` too, with the
   * code of the error the sender's socket reports, where that error arrives.
   */
  outcome: 'delivered' | 'dropped';
  code: VerdictCode;
  /** A sentence a reader understands. */
  reason: string;
  namespace: string;
  interface?: string;
  process?: string;
}

/** A walk of one packet (and, when asked, of its reply). */
export interface Trace {
  direction: 'request' | 'reply';
  hops: Hop[];
  verdict: Verdict;
  reply?: Trace;
}
