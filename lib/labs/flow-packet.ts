/**
 * A lab flow's packet, walked: the one translation from a {@link FlowPacket} (what a lab
 * says a flow sends) to the engine's {@link SendSpec}, shared by the site (`traceFlow`), the
 * real-kernel check and the benches, so all of them walk exactly the same packet.
 */
import { traceBind, tracePacket, type SendSpec, type Topology, type Trace } from '@/lib/netsim';
import type { FlowPacket } from './types';

/** How to walk a flow packet: with its reply, and from another source port than the flow's own. */
export interface FlowPacketOptions {
  withReply?: boolean;
  /** Overrides the flow's source port (the kernel check gives each extra flow a port of its own). */
  sport?: number;
}

/**
 * The engine's send spec for a flow's packet.
 * @example sendSpecOf({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: '192.168.1.10', dport: 8080 }, { withReply: true })
 * // { from: 'laptop', protocol: 'tcp', dst: '192.168.1.10', dport: 8080, withReply: true }
 */
export function sendSpecOf(packet: Extract<FlowPacket, { kind: 'packet' }>, options: FlowPacketOptions = {}): SendSpec {
  const sport = options.sport ?? packet.sport;
  return {
    from: packet.from,
    protocol: packet.protocol,
    dst: packet.dst,
    ...(packet.dport !== undefined ? { dport: packet.dport } : {}),
    ...(sport !== undefined ? { sport } : {}),
    ...(packet.dnsQuery ? { dnsQuery: packet.dnsQuery } : {}),
    ...(options.withReply !== undefined ? { withReply: options.withReply } : {}),
  };
}

/**
 * Walk a flow's packet (or its `bind()` call) through a built topology.
 * @example traceFlowPacket(built.topology, flow.packet(built), { withReply: flow.showReply }).verdict.outcome // 'delivered'
 */
export function traceFlowPacket(topology: Topology, packet: FlowPacket, options: FlowPacketOptions = {}): Trace {
  return packet.kind === 'bind' ? traceBind(topology, packet.namespace, packet.socket) : tracePacket(topology, sendSpecOf(packet, options));
}
