/**
 * The state of one walk and the types every stage and device shares: the hops written so
 * far, the legs delivered (for the reply), the session (conntrack, ARP caches, bridge FDBs)
 * a request shares with its reply, and the device table the stages reach devices through.
 *
 * Each stage and device is a function of a {@link Walk} that returns what it found: a
 * rewritten packet, a neighbour's MAC, or — when the walk ends there — its {@link Verdict}.
 * Nothing is thrown to stop a walk.
 */
import { caption } from './captions';
import { event, type EventCode, type EventParams, type WalkEvent } from './events';
import { diffPackets } from './packet';
import type { TopologyIndex } from './topology-index';
import type { Hop, HopDetail, HopKind, IcmpUnreachableCode, InterfaceKind, InterfaceOfKind, Mac, Namespace, NetInterface, Packet, Socket, Topology, Verdict, VerdictCode } from './types';

/** Upper bound on hops per walk: a forwarding loop ends here (TTL usually ends it first). */
export const MAX_HOPS = 400;

// ------------------------------------------------------------------ conntrack and caches

/** A connection's addresses and ports in one direction. */
export interface Tuple {
  src: string;
  sport: number;
  dst: string;
  dport: number;
}

/** A tracked connection (nf_conntrack): its original tuple and the NAT applied to it. */
export interface Connection {
  protocol: string;
  original: Tuple;
  /** Set when a DNAT/REDIRECT rewrote the destination of the original direction. */
  dnat?: { rule: string };
  /** Set when SNAT/MASQUERADE rewrote the source of the original direction. */
  snat?: { rule: string };
}

/** A conntrack table entry: the connection, seen from one of its directions. */
export interface ConnRef {
  conn: Connection;
  direction: 'original' | 'reply';
}

/** Dynamic state shared by a request and its reply: conntrack, ARP caches, bridge FDBs. */
export class Session {
  readonly conntrack = new Map<string, Map<string, ConnRef>>();
  readonly neighbourCache = new Map<string, Mac>();
  /**
   * Cache entries learned only from a peer's own ARP request: the kernel creates them STALE,
   * not REACHABLE (arp_process → neigh_event_ns), and sends through them via the slow
   * neighbour output until a reply confirms them.
   */
  readonly staleNeighbours = new Set<string>();
  readonly fdb = new Map<string, Map<Mac, { port: string; how: 'hit' | 'flood' }>>();

  table(ns: string): Map<string, ConnRef> {
    let table = this.conntrack.get(ns);
    if (!table) this.conntrack.set(ns, (table = new Map()));
    return table;
  }

  bridgeFdb(bridge: string): Map<Mac, { port: string; how: 'hit' | 'flood' }> {
    let table = this.fdb.get(bridge);
    if (!table) this.fdb.set(bridge, (table = new Map()));
    return table;
  }
}

/** Per-packet netfilter state while it is inside one namespace. */
export interface NsPass {
  ns: Namespace;
  ref?: ConnRef;
  /** A new connection, not yet confirmed in the conntrack table. */
  pending?: Connection;
  originalKey?: string;
  /** RELATED: an ICMP error about a packet of a tracked connection (nf_conntrack_icmp, icmp_error_message). */
  ctState: 'NEW' | 'ESTABLISHED' | 'RELATED';
}

/** One delivered leg of a connection (more than one when a user-space proxy relays). */
export interface Leg {
  ns: string;
  packet: Packet;
  socket?: Socket;
  iface?: string;
  /** The kernel refused the packet here and answers with an error: a TCP reset or an ICMP destination unreachable. */
  error?: 'rst' | IcmpUnreachableCode;
}

// ------------------------------------------------------------------ devices

/** What an ARP-style broadcast (or an unknown-unicast flood) looks for. */
export type ProbeTarget = { kind: 'arp'; ip: string } | { kind: 'mac'; mac: Mac };

/** Who answered a probe. */
export interface ProbeResult {
  responder: NetInterface;
  mac: Mac;
  proxy: boolean;
  proxySource?: string;
}

/** One copy of a probed broadcast: handed to a device (`tx`), arriving on one (`rx`), or arriving at its IP layer (`rx-l3`). */
export interface ProbeEvent {
  kind: 'tx' | 'rx' | 'rx-l3';
  iface: NetInterface;
  vid: number | undefined;
  parent: number;
  bridgeEgress?: { bridge: string; port: string };
  bridgeIngress?: { bridge: string; port: string };
}

/** Why a broadcast copy was dropped on its way: a VLAN-filtering bridge port that does not carry its VLAN. */
export type ProbeDrop = Omit<EventParams['arp.vlan-dropped'], 'target'>;

/** What a device's probe handler may do: queue more copies, note why one was dropped, answer. */
export interface ProbeStep {
  readonly walk: Walk;
  readonly target: ProbeTarget;
  /** The interface that sent the broadcast (the macvlan driver filters broadcasts by their source). */
  readonly source: NetInterface | undefined;
  /** Index of the copy being handled (the parent of those it queues). */
  readonly at: number;
  /** Queue a copy, caused by the copy being handled; `bridgeEgress`/`bridgeIngress`: the bridge port it leaves by / came in on. */
  enqueue(kind: ProbeEvent['kind'], iface: NetInterface, vid: number | undefined, bridgeEgress?: ProbeEvent['bridgeEgress'], bridgeIngress?: ProbeEvent['bridgeIngress']): void;
  /** A copy was dropped on the way by a switch port that does not carry its VLAN (for the failure reason). */
  dropped(why: ProbeDrop): void;
  /** The interface's own address or MAC answers (arp_ignore=0: any address of its namespace). */
  l3Match(iface: NetInterface): ProbeResult | undefined;
}

/**
 * One interface kind: how it sends a frame, how a frame on its lower device reaches it, how
 * a broadcast crosses it, and the lines that create it in the shell script.
 */
export interface Device<K extends InterfaceKind = InterfaceKind> {
  /** dev_queue_xmit: the device is handed a frame to send. */
  transmit(walk: Walk, iface: InterfaceOfKind<K>, packet: Packet): Verdict;
  /**
   * rx_handler: a frame arrived on `lower`; this kind takes it when `lower` is its lower device
   * (a bridge port, a tagged frame for a VLAN sub-interface, a macvlan child's MAC). Returns the
   * verdict of the walk from there, or undefined when this kind does not take it.
   */
  receiveOnLower?(walk: Walk, lower: NetInterface, packet: Packet): Verdict | undefined;
  /** A broadcast copy handed to this device to send. */
  probeTransmit(step: ProbeStep, event: ProbeEvent & { iface: InterfaceOfKind<K> }): ProbeResult | undefined;
  /** A broadcast copy arrived on `event.iface`, possibly this kind's lower device: 'taken' when this kind handled it. */
  probeReceiveOnLower?(step: ProbeStep, event: ProbeEvent): ProbeResult | 'taken' | undefined;
  /** A UDP packet for a local port, which may be this kind's tunnel (udp_tunnel encap_rcv). */
  udpEncapReceive?(walk: Walk, ns: Namespace, packet: Packet): Verdict | undefined;
  /** The device's lines in the shell script. */
  script: DeviceScript<K>;
}

/** The script sections devices are created in, in order. */
export type ScriptSection = 'links' | 'vlan' | 'macvlan' | 'ipvlan' | 'vxlan';

/** What the shell script needs to know to create a device. */
export interface ScriptContext {
  byId: ReadonlyMap<string, NetInterface>;
  netns: Readonly<Record<string, string>>;
  nsOf(iface: NetInterface): string;
  /** A temporary name for a device created in one namespace and moved to another. */
  tempName(prefix: string): string;
  /** Interfaces already created (the other end of a veth pair). */
  done: Set<string>;
  /** Bridges that need `vlan_filtering 1`. */
  filtering: ReadonlySet<string>;
}

/** A device kind's lines in the shell script. */
export interface DeviceScript<K extends InterfaceKind> {
  /** The section it is created in; none for `lo`, which every namespace has. */
  section?: ScriptSection;
  create?(iface: InterfaceOfKind<K>, ctx: ScriptContext): string[];
  /** Whether `ip link set … address` applies (a VLAN device keeps its parent's MAC; `lo` is left alone). */
  setsMac: boolean;
  /** Whether the script configures it at all (`lo` comes up by itself). */
  configured: boolean;
  /** Lines after the addresses and routes (a VXLAN device's forwarding entries). */
  entries?(iface: InterfaceOfKind<K>, ctx: ScriptContext): string[];
}

/** The device table: one {@link Device} per interface kind. */
export type DeviceTable = { [K in InterfaceKind]: Device<K> };

/**
 * The entry points stages reach through the walk instead of importing them, as the kernel's
 * netdev_ops and protocol handlers are pointers: the device table, and local delivery (which
 * a looped-back packet reaches from the output path). Set once, in `engine.ts`.
 */
export interface Stack {
  devices: DeviceTable;
  /** Kinds whose `receiveOnLower` / `probeReceiveOnLower` run, in this order, for a frame arriving on an interface. */
  rxHandlers: readonly InterfaceKind[];
  /** Devices with a UDP tunnel socket (`udpEncapReceive`), asked in turn about each UDP packet delivered locally. */
  udpTunnels: readonly Device[];
  localDeliver(walk: Walk, ns: Namespace, pass: NsPass, packet: Packet, inIf: NetInterface): Verdict;
}

// ------------------------------------------------------------------ the walk

/** Optional fields of a hop. */
export interface HopExtra {
  interface?: string;
  link?: string;
  detail?: HopDetail;
}

/** The record of one walk (a request, or its reply). */
export class Walk {
  readonly hops: Hop[] = [];
  readonly legs: Leg[] = [];
  private last: Packet = [];

  constructor(
    readonly index: TopologyIndex,
    readonly topology: Topology,
    readonly session: Session,
    readonly direction: 'request' | 'reply',
    readonly stack: Stack,
  ) {}

  ns(id: string): Namespace {
    const ns = this.index.namespaces.get(id);
    if (!ns) throw new Error(`unknown namespace "${id}"`);
    return ns;
  }

  iface(id: string): NetInterface {
    const found = this.index.interfaces.get(id);
    if (!found) throw new Error(`unknown interface "${id}"`);
    return found;
  }

  label(nsId: string): string {
    return this.ns(nsId).label;
  }

  /** Record a step. */
  hop<C extends EventCode>(kind: HopKind, namespace: string, code: C, params: EventParams[C], packet: Packet, extra: HopExtra = {}): void {
    this.record(kind, namespace, event(code, params), packet, extra);
  }

  /** Record a step whose event was made elsewhere (the kernel's own error reply, for instance). */
  record(kind: HopKind, namespace: string, what: WalkEvent, packet: Packet, extra: HopExtra = {}): void {
    this.hops.push({ step: this.hops.length, kind, namespace, caption: caption(what), packet, changed: diffPackets(this.last, packet), ...extra, ...what });
    this.last = packet;
  }

  /** The sentence for an event, as a verdict's reason. */
  reason<C extends EventCode>(code: C, params: EventParams[C]): string {
    return caption(event(code, params));
  }

  /** Record the packet's end at a drop hop; returns the verdict. */
  drop<C extends EventCode>(namespace: string, code: C, params: EventParams[C], packet: Packet, extra: { interface?: string; detail?: HopDetail } = {}, verdictCode: VerdictCode = 'link'): Verdict {
    const what = event(code, params);
    this.record('drop', namespace, what, packet, extra);
    return { outcome: 'dropped', code: verdictCode, reason: caption(what), namespace, ...(extra.interface ? { interface: extra.interface } : {}) };
  }

  /** Hand a frame to a device (dev_queue_xmit), unless the walk has gone on too long: a forwarding loop. */
  transmit(iface: NetInterface, packet: Packet): Verdict {
    if (this.hops.length >= MAX_HOPS) return { outcome: 'dropped', code: 'hop-limit', reason: caption(event('walk.hop-limit', { max: MAX_HOPS })), namespace: iface.namespace };
    const device = this.stack.devices[iface.kind] as Device;
    return device.transmit(this, iface, packet);
  }
}

