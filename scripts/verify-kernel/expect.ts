/**
 * What a trace promises a packet capture will show: on which interfaces the
 * packet (and its reply) appear and with which headers, on which interfaces it
 * must not appear, and what the sending and receiving processes will see.
 * Pure functions of a {@link Trace} and its {@link Topology}.
 */
import type { Hop, Packet, Topology, Trace } from '@/lib/netsim';
import { capturePoints } from '@/lib/netsim/captures';
import type { FlowPacket } from '@/lib/labs';
import type { WireHeader } from './pcap';

/** One capture point: "tcpdump on `iface` sees this packet". */
export interface CaptureExpectation {
  /** Interface id, e.g. `host1:docker0`. */
  iface: string;
  direction: 'request' | 'reply';
  /** The hop that put the packet there (its step in its trace). */
  step: number;
  hopKind: Hop['kind'];
  /**
   * The packet as tcpdump on that interface sees it (link-layer headers included): a packet of
   * the walk, or a kernel error the check derives from the verdict ({@link neighbourFailureError}).
   */
  packet: Packet | readonly WireHeader[];
  /** Set when the packet is the only IPv4 packet the interface may show (it stands for a must-not-reach interface). */
  only?: boolean;
  /** Where the packet comes from when no hop of the walk shows it, for reports. */
  note?: string;
}

/** What the processes at either end see. */
export type ClientOutcome = 'connected' | 'answered' | 'replied' | 'refused' | 'unreachable' | 'timeout' | 'bound' | 'in-use';

/** The model's promises for one flow. */
export interface FlowExpectation {
  captures: CaptureExpectation[];
  /** Interfaces that must see none of the flow's packets. */
  mustNotReach: string[];
  /** Sockets that get the request, as `namespace|protocol|port` (proxy legs included), in order. */
  deliveredTo: string[];
  /** Whether the kernel's ICMP echo responder answers. */
  echoAnswered: boolean;
  /** What the sender sees; undefined when the model does not say (no reply walked). */
  client?: ClientOutcome;
  /** The DNS answer the client gets, for DNS flows whose reply is delivered. */
  dns?: { rcode: string; answers: string[] };
}

/**
 * The capture points of a trace and its reply ({@link capturePoints}, shared with the pcapng
 * writer): for every hop, where the frame is visible to a packet socket on that interface.
 * @example captureExpectations(trace, topology).map((c) => c.iface) // ['host1/web:eth0', 'host1:veth…', …]
 */
export function captureExpectations(trace: Trace, topology: Topology): CaptureExpectation[] {
  return capturePoints(trace, topology).map(({ iface, direction, step, hopKind, packet }) => ({ iface, direction, step, hopKind, packet }));
}

/**
 * Interfaces the flow must not reach: every other interface of the namespaces
 * the walk visits, and the far ends of the veth pairs and cables it uses.
 * A packet on one of them means the kernel took a path the trace does not show
 * (or went on after the trace says it was dropped).
 * @example mustNotReach(trace, topology, new Set(['host1:eth0']))
 */
export function mustNotReach(trace: Trace, topology: Topology, crossed: ReadonlySet<string>): string[] {
  const ifaces = new Map(topology.interfaces.map((i) => [i.id, i]));
  const namespaces = new Set<string>();
  const collect = (t: Trace) => {
    for (const hop of t.hops) namespaces.add(hop.namespace);
    if (t.reply) collect(t.reply);
  };
  collect(trace);
  const result = new Set<string>();
  for (const iface of topology.interfaces) if (namespaces.has(iface.namespace)) result.add(iface.id);
  for (const id of crossed) {
    const peer = ifaces.get(id)?.peer;
    if (peer) result.add(peer);
  }
  for (const id of crossed) result.delete(id);
  return [...result].filter((id) => ifaces.has(id)).sort();
}

function deliveries(trace: Trace): string[] {
  return trace.hops.filter((h) => h.kind === 'deliver' && h.detail?.socket).map((h) => `${h.namespace}|${h.detail?.socket?.protocol}|${h.detail?.socket?.port}`);
}

/**
 * Everything the model promises for a flow.
 * @example const expected = expectFlow(flowTrace.trace, built.topology, flowTrace.packet);
 */
export function expectFlow(trace: Trace, topology: Topology, packet: FlowPacket): FlowExpectation {
  const captures = captureExpectations(trace, topology);
  const crossed = new Set(captures.map((c) => c.iface));
  const expectation: FlowExpectation = {
    captures,
    mustNotReach: packet.kind === 'bind' ? [] : mustNotReach(trace, topology, crossed),
    deliveredTo: deliveries(trace),
    echoAnswered: packet.kind === 'packet' && packet.protocol === 'icmp' && trace.verdict.outcome === 'delivered',
  };
  if (packet.kind === 'bind') {
    expectation.client = trace.verdict.outcome === 'delivered' ? 'bound' : 'in-use';
    expectation.captures = [];
    return expectation;
  }
  const verdict = trace.verdict;
  if (verdict.outcome === 'delivered') {
    const reply = trace.reply;
    if (reply) {
      if (reply.verdict.outcome === 'delivered') expectation.client = packet.protocol === 'tcp' ? 'connected' : packet.protocol === 'icmp' ? 'replied' : 'answered';
      // A reply lost on its way back: any ICMP error a router sends about it goes to the reply's
      // source (the server), never to the client, which just waits (RFC 1812 §4.3.2.2).
      else expectation.client = 'timeout';
      const last = reply.hops[reply.hops.length - 1]?.packet ?? [];
      const dns = last.find((h) => h.layer === 'dns');
      if (dns?.layer === 'dns' && reply.verdict.outcome === 'delivered') expectation.dns = { rcode: dns.rcode ?? 'NOERROR', answers: dns.answers };
    }
  } else {
    expectation.client = clientForDrop(verdict.code);
    const error = neighbourFailureError(trace, topology, packet);
    if (error) {
      expectation.captures.push(error);
      expectation.mustNotReach = expectation.mustNotReach.filter((id) => id !== error.iface);
    }
  }
  return expectation;
}

/**
 * The ICMP error the kernel sends itself when it gives up resolving the next hop of a packet
 * its own process sent: after `mcast_solicit` (3) unanswered ARP requests, `retrans_time` (1 s)
 * apart, neigh_timer_handler → neigh_invalidate (net/core/neighbour.c) hands every queued
 * packet to arp_error_report (net/ipv4/arp.c) → ipv4_link_failure (net/ipv4/route.c), which
 * answers it with ICMP host unreachable. The error is addressed to the packet's own source, a
 * local address, so it crosses the sender's `lo` (`From 192.168.1.10 … Destination Host
 * Unreachable`; connect() fails with EHOSTUNREACH, "No route to host"). ICMP errors towards
 * a loopback route are not rate-limited per peer (icmpv4_xrlim_allow, net/ipv4/icmp.c).
 * The walk ends at the drop, so this is derived from the verdict until the model walks error
 * replies as packets; `only` keeps `lo` as strict as the must-not-reach check it replaces.
 * Undefined for every other verdict, for a drop in another namespace (a router's error goes
 * back along the request's own interfaces) and when the trace walks a reply itself.
 * Kernel docs: https://docs.kernel.org/networking/ip-sysctl.html (neigh/default/mcast_solicit, retrans_time_ms).
 * @example neighbourFailureError(traceFlow('macvlan', 'host-to-container').trace, topology, packet)?.iface // 'host1:lo'
 */
export function neighbourFailureError(trace: Trace, topology: Topology, packet: FlowPacket): CaptureExpectation | undefined {
  const verdict = trace.verdict;
  if (packet.kind !== 'packet' || verdict.code !== 'no-arp-reply' || verdict.namespace !== packet.from || trace.reply) return undefined;
  const lo = topology.interfaces.find((i) => i.namespace === packet.from && i.kind === 'loopback');
  const sent = trace.hops.flatMap((h) => h.packet).find((h) => h.layer === 'ipv4');
  const drop = trace.hops[trace.hops.length - 1];
  if (!lo || sent?.layer !== 'ipv4' || !drop) return undefined;
  return {
    iface: lo.id,
    direction: 'reply',
    step: drop.step,
    hopKind: drop.kind,
    packet: [
      { layer: 'ipv4', src: sent.src, dst: sent.src, ttl: 64, protocol: 'icmp' },
      { layer: 'icmp', type: 'unreachable' },
    ],
    only: true,
    note: `the ICMP host unreachable ${sent.src} sends itself when ARP for the next hop fails`,
  };
}

/** What a sender sees when the model drops its packet with this code. */
export function clientForDrop(code: Trace['verdict']['code']): ClientOutcome {
  if (code === 'refused') return 'refused';
  // The kernel answers these with an ICMP error the sender's socket reports at once.
  // Unanswered ARP too: after three tries, one second apart, the kernel answers the queued
  // packet with ICMP host unreachable (see neighbourFailureError), as long as the sender waits.
  if (code === 'unreachable' || code === 'ttl-exceeded' || code === 'no-arp-reply') return 'unreachable';
  // DROP rules, ip_forward=0 and the rest are silent: the sender gives up after its timeout.
  return 'timeout';
}
