/**
 * Which cases the kernel check runs: every lab with its defaults and with each
 * option changed one at a time (every other value of an enum), times every
 * flow. Pure.
 */
import { traceFlowPacket, type BuiltLab, type FlowDefinition, type FlowPacket, type Lab } from '@/lib/labs';

/** One lab configuration: the options that differ from the defaults. */
export interface Configuration {
  lab: string;
  /** Changed options only; empty for the defaults. */
  overrides: Record<string, string | boolean>;
  /** `defaults` or `option=value`. */
  label: string;
}

/**
 * The defaults, then each option changed one at a time.
 * @example configurations(getLab('default-bridge')!).map((c) => c.label) // ['defaults', 'publish=true', 'icc=false']
 */
export function configurations(lab: Lab): Configuration[] {
  const list: Configuration[] = [{ lab: lab.id, overrides: {}, label: 'defaults' }];
  for (const option of lab.options) {
    const values = option.type === 'boolean' ? [!option.default] : option.values.map((v) => v.value).filter((v) => v !== option.default);
    for (const value of values) list.push({ lab: lab.id, overrides: { [option.id]: value }, label: `${option.id}=${String(value)}` });
  }
  return list;
}

/**
 * Extra packets for a configuration, beyond the lab's own flows: each flow's
 * packet with the other protocol (a ping where the flow connects over TCP, a
 * TCP connect to port 80 where it pings) and, for TCP flows, a connect to a
 * port nothing uses (9), and a ping back from where a delivered flow ended to
 * the address it came from, so the model is checked on paths the lessons do
 * not show. Ids are `<flow>~icmp`, `~tcp80`, `~closed`, `~reverse`; duplicates
 * of a lab flow or of each other are left out.
 * @example variantFlows(lab.flows, built).map((f) => f.id) // ['container-to-internet~icmp', …]
 */
export function variantFlows(flows: readonly FlowDefinition[], built: BuiltLab): FlowDefinition[] {
  const key = (p: FlowPacket) => (p.kind === 'packet' ? `${p.from}|${p.protocol}|${p.dst}|${p.dport ?? ''}` : '');
  const seen = new Set(flows.map((f) => key(f.packet(built))));
  const out: FlowDefinition[] = [];
  for (const flow of flows) {
    const packet = flow.packet(built);
    if (packet.kind !== 'packet') continue;
    const candidates: [string, string, FlowPacket][] = [];
    if (packet.protocol === 'icmp') candidates.push(['tcp80', 'TCP :80', { kind: 'packet', from: packet.from, protocol: 'tcp', dst: packet.dst, dport: 80 }]);
    else candidates.push(['icmp', 'ping', { kind: 'packet', from: packet.from, protocol: 'icmp', dst: packet.dst }]);
    // A port nothing publishes or listens on: refused where the packet arrives, or dropped on the way.
    if (packet.protocol === 'tcp') candidates.push(['closed', 'TCP :9', { kind: 'packet', from: packet.from, protocol: 'tcp', dst: packet.dst, dport: 9 }]);
    // The other way round: from where the flow ended, a ping back to the address it came from.
    const trace = traceFlowPacket(built.topology, packet);
    const first = trace.hops[0]?.packet.find((h) => h.layer === 'ipv4');
    if (trace.verdict.outcome === 'delivered' && trace.verdict.namespace !== packet.from && first?.layer === 'ipv4' && !first.src.startsWith('127.')) {
      candidates.push(['reverse', `ping back from ${trace.verdict.namespace}`, { kind: 'packet', from: trace.verdict.namespace, protocol: 'icmp', dst: first.src }]);
    }
    for (const [suffix, what, variant] of candidates) {
      if (seen.has(key(variant))) continue;
      seen.add(key(variant));
      out.push({ ...flow, id: `${flow.id}~${suffix}`, label: `${flow.label} (variant: ${what})`, showReply: true, packet: () => variant });
    }
  }
  return out;
}

/**
 * An exploratory sweep (VERIFY_KERNEL_SWEEP=icmp|tcp, not part of `npm test`): a ping (or a
 * TCP connect to port 80) from every endpoint namespace (containers, LAN hosts, the internet
 * server, hosts' root namespaces) to every IPv4 address of every other namespace.
 * Ids are `sweep:<from>→<address>[:80]`.
 * @example sweepFlows(built).length
 */
export function sweepFlows(built: BuiltLab, protocol: 'icmp' | 'tcp' = 'icmp'): FlowDefinition[] {
  const topology = built.topology;
  const endpoints = topology.namespaces.filter((ns) => ns.role !== 'switch' && ns.role !== 'sandbox');
  const addresses = topology.interfaces.flatMap((i) => i.addresses.filter((a) => !a.address.startsWith('127.')).map((a) => ({ ns: i.namespace, address: a.address })));
  const out: FlowDefinition[] = [];
  for (const from of endpoints) {
    for (const target of addresses) {
      if (target.ns === from.id) continue;
      const packet: FlowPacket = protocol === 'icmp' ? { kind: 'packet', from: from.id, protocol: 'icmp', dst: target.address } : { kind: 'packet', from: from.id, protocol: 'tcp', dst: target.address, dport: 80 };
      out.push({ id: `sweep:${from.id}→${target.address}${protocol === 'icmp' ? '' : ':80'}`, label: `${from.label} → ${target.address}${protocol === 'icmp' ? ' (ping)' : ':80'}`, description: 'exploratory sweep', source: from.label, showReply: true, packet: () => packet });
    }
  }
  return out;
}
