/**
 * The packet-walk engine: send a packet from a socket in a namespace and get a
 * {@link Trace} of every step Linux takes with it.
 *
 * The engine is cut the way the kernel is: `stages/` holds the protocol stages (routing,
 * netfilter hooks, conntrack, neighbour resolution, xfrm, br_netfilter, the input and output
 * paths, error replies) and `devices/` one file per interface kind (`DEVICES`). This file only
 * assembles them and starts walks. The path through one namespace follows the kernel's order
 * (https://docs.kernel.org/networking/ — and the classic netfilter diagram,
 * https://en.wikipedia.org/wiki/Netfilter#/media/File:Netfilter-packet-flow.svg).
 * `lib/netsim/README.md` walks through adding a device kind.
 */
import { DEVICES, RX_HANDLERS } from './devices';
import { buildPacket } from './packet';
import { localDeliver } from './stages/ip-input';
import { localOut } from './stages/ip-output';
import { errorFor, replyTo } from './stages/replies';
import { indexTopology } from './topology-index';
import type { Hop, Ipv4, Socket, Topology, Trace, Verdict } from './types';
import { event } from './events';
import { caption } from './captions';
import { Session, Walk, type Device, type Leg, type Stack } from './walk';

export { indexTopology } from './topology-index';
export { MAX_HOPS } from './walk';

/** What to send: a packet described by the socket that sends it. */
export interface SendSpec {
  /** Namespace id of the sending process. */
  from: string;
  protocol: 'tcp' | 'udp' | 'icmp';
  /** Destination address. */
  dst: Ipv4;
  dport?: number;
  /** Source port; defaults to a fixed ephemeral port so traces are stable. */
  sport?: number;
  /** Force a source address (like `ping -I`); otherwise routing picks it. */
  src?: Ipv4;
  /** Make the UDP payload a DNS A query for this name. */
  dnsQuery?: string;
  /** Also walk the reply (TCP SYN-ACK, ICMP echo reply, DNS answer). */
  withReply?: boolean;
  /** Initial TTL (default 64). */
  ttl?: number;
}

const STACK: Stack = {
  devices: DEVICES,
  rxHandlers: RX_HANDLERS,
  udpTunnels: (Object.values(DEVICES) as Device[]).filter((device) => device.udpEncapReceive),
  localDeliver,
};

/** Walk the replies of a delivered (or refused) request, leg by leg, back to the first sender. */
function walkReplies(reply: Walk, topology: Topology, legs: Leg[]): Verdict {
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i] as Leg;
    if (leg.error) {
      // Error replies are packets too: the reset or ICMP error walks back through the same
      // conntrack (ESTABLISHED for the reset, RELATED for ICMP) and NAT. It ends at the
      // socket that sent the refused packet — a relay's own connection, when there is one.
      const error = errorFor(leg, reply.label(leg.ns));
      return localOut(reply, leg.ns, error.packet, error.explicitSource, error.sender);
    }
    const answer = replyTo(topology, leg);
    const verdict = localOut(reply, leg.ns, answer, true);
    if (i === legs.length - 1) return verdict;
    // Replies of relayed legs end at the relay; the relay then answers on the first connection.
    if (verdict.outcome !== 'delivered') return verdict;
    const relay = legs[i + 1] as Leg;
    reply.hop('proxy', relay.ns, 'proxy.relay-reply', relay.socket ? { process: relay.socket.process } : {}, replyTo(topology, relay));
  }
  return { outcome: 'dropped', code: 'link', reason: 'the walk ended without a verdict (model bug)', namespace: '' };
}

/**
 * Walk one packet (and optionally its reply) through a topology.
 *
 * @example
 * const t = tracePacket(topology, { from: 'host1/web', protocol: 'icmp', dst: '172.17.0.3', withReply: true });
 * t.verdict.outcome;          // 'delivered'
 * t.hops.map((h) => h.kind);  // ['send', 'route', 'neighbour', 'transmit', 'receive', 'bridge', …]
 * t.reply?.verdict.outcome;   // 'delivered'
 */
export function tracePacket(topology: Topology, spec: SendSpec): Trace {
  const index = indexTopology(topology);
  if (!index.namespaces.has(spec.from)) throw new Error(`unknown namespace "${spec.from}"`);
  const session = new Session();
  const request = new Walk(index, topology, session, 'request', STACK);
  const packet = buildPacket({ protocol: spec.protocol, src: spec.src ?? '0.0.0.0', dst: spec.dst, ttl: spec.ttl ?? 64, ...(spec.sport !== undefined ? { sport: spec.sport } : {}), ...(spec.dport !== undefined ? { dport: spec.dport } : {}), ...(spec.dnsQuery ? { dnsQuery: spec.dnsQuery } : {}) });
  const verdict = localOut(request, spec.from, packet, spec.src !== undefined);
  const trace: Trace = { direction: 'request', hops: request.hops, verdict };
  const refused = request.legs[request.legs.length - 1]?.error !== undefined;
  if (spec.withReply && (verdict.outcome === 'delivered' || refused) && request.legs.length > 0) {
    const reply = new Walk(index, topology, session, 'reply', STACK);
    const replyVerdict = walkReplies(reply, topology, [...request.legs].reverse());
    trace.reply = { direction: 'reply', hops: reply.hops, verdict: replyVerdict };
  }
  return trace;
}

/**
 * Walk a `bind()` call instead of a packet: a socket operation whose verdict is
 * either "bound" or "address already in use". Used for port-conflict flows
 * (two servers on :80 in one namespace).
 *
 * @example
 * traceBind(topology, 'host1', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'nginx (web2)' }).verdict.code
 * // 'address-in-use' when web1 already listens on :80 in host1's namespace
 */
export function traceBind(topology: Topology, namespace: string, socket: Socket): Trace {
  const index = indexTopology(topology);
  const ns = index.namespaces.get(namespace);
  if (!ns) throw new Error(`unknown namespace "${namespace}"`);
  const bind = { address: socket.address, port: socket.port };
  const hopOf = (step: number, kind: Hop['kind'], what: ReturnType<typeof event>): Hop => ({ step, kind, namespace, caption: caption(what), packet: [], changed: [], ...what });
  const hops: Hop[] = [hopOf(0, 'send', event('bind.call', { process: socket.process, namespace: ns.label, ...bind, protocol: socket.protocol }))];
  const clash = ns.sockets.find((s) => s !== socket && s.protocol === socket.protocol && s.port === socket.port && (s.address === socket.address || s.address === '0.0.0.0' || socket.address === '0.0.0.0'));
  if (clash) {
    const what = event('bind.in-use', { ...bind, other: clash.process, otherAddress: clash.address, otherPort: clash.port, namespace: ns.label });
    hops.push(hopOf(1, 'drop', what));
    return { direction: 'request', hops, verdict: { outcome: 'dropped', code: 'address-in-use', reason: caption(what), namespace, process: socket.process } };
  }
  hops.push(hopOf(1, 'deliver', event('bind.listening', { process: socket.process, ...bind, protocol: socket.protocol })));
  return { direction: 'request', hops, verdict: { outcome: 'delivered', code: 'delivered', reason: caption(event('verdict.bound', { process: socket.process, ...bind })), namespace, process: socket.process } };
}
