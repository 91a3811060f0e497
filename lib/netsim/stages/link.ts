/**
 * A frame arriving on an interface (net/core/dev.c, __netif_receive_skb): the upper devices
 * registered on it take it first (rx_handler: a bridge for its ports, a VLAN device for its
 * tag, a macvlan for its MAC — `Device.receiveOnLower`, asked in the order of `Stack.rxHandlers`);
 * otherwise the interface's own IP stack gets it, if the frame is for its MAC.
 */
import { BROADCAST_MAC, ethernet } from '../packet';
import type { NetInterface, Packet, Verdict } from '../types';
import type { Device, Walk } from '../walk';
import { ipReceive } from './ip-input';

/** A frame arrives on `iface`. */
export function receive(walk: Walk, iface: NetInterface, packet: Packet): Verdict {
  walk.hop('receive', iface.namespace, 'link.receive', { dev: iface.name, namespace: walk.label(iface.namespace) }, packet, { interface: iface.id });
  for (const kind of walk.stack.rxHandlers) {
    const taken = (walk.stack.devices[kind] as Device).receiveOnLower?.(walk, iface, packet);
    if (taken) return taken;
  }
  return deliverUp(walk, iface, packet);
}

/** The interface's IP stack takes a frame for its own MAC (or a broadcast); others are ignored. */
export function deliverUp(walk: Walk, iface: NetInterface, packet: Packet): Verdict {
  const dst = ethernet(packet)?.dst;
  if (dst !== iface.mac && dst !== BROADCAST_MAC) return walk.drop(iface.namespace, 'link.not-my-mac', { dev: iface.name, dst: String(dst) }, packet, { interface: iface.id });
  return ipReceive(walk, iface, packet);
}
