/**
 * IPsec transport mode (net/xfrm, net/ipv4/esp4.c), as much as an encrypted overlay needs:
 * the outbound policy wraps the VXLAN UDP packet in ESP, the inbound state takes it off.
 */
import { ipIndex, outerIp } from '../packet';
import type { Namespace, NetInterface, Packet, Verdict } from '../types';
import type { Walk } from '../walk';
import { tupleOf } from './conntrack';

/** Encrypt a packet an outbound policy covers; returns it, encrypted or not. */
export function xfrmOut(walk: Walk, ns: Namespace, packet: Packet): Packet {
  const policies = walk.index.xfrm.get(ns.id);
  if (!policies) return packet;
  const { protocol, tuple } = tupleOf(packet);
  const policy = policies.find((p) => p.local === tuple.src && p.remote === tuple.dst && p.protocol === protocol && p.port === tuple.dport);
  if (!policy) return packet;
  const index = ipIndex(packet);
  const ip = outerIp(packet);
  const encrypted: Packet = [...packet.slice(0, index), { ...ip, protocol: 'esp' }, { layer: 'esp', spi: policy.spiOut }, ...packet.slice(index + 1)];
  walk.hop('encrypt', ns.id, 'xfrm.encrypt', { local: policy.local, remote: policy.remote, port: policy.port, spi: policy.spiOut }, encrypted);
  return encrypted;
}

/** Decrypt an ESP packet for this namespace: the packet inside, or the drop when no state matches. */
export function xfrmIn(walk: Walk, ns: Namespace, packet: Packet, inIf: NetInterface): { decrypted: Packet } | { verdict: Verdict } {
  const index = ipIndex(packet);
  const esp = packet[index + 1];
  const ip = outerIp(packet);
  const state = walk.index.xfrm.get(ns.id)?.find((p) => esp?.layer === 'esp' && p.spiIn === esp.spi && p.remote === ip.src);
  if (!state || esp?.layer !== 'esp') return { verdict: walk.drop(ns.id, 'xfrm.no-state', { namespace: ns.label }, packet) };
  const decrypted: Packet = [...packet.slice(0, index), { ...ip, protocol: 'udp' }, ...packet.slice(index + 2)];
  walk.hop('decrypt', ns.id, 'xfrm.decrypt', { spi: esp.spi }, decrypted, { interface: inIf.id });
  return { decrypted };
}
