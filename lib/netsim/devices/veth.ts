/**
 * veth (drivers/net/veth.c): a pair of interfaces; what one end sends, the other receives,
 * whichever namespaces the two ends are in.
 */
import { linkId } from '../ids';
import { receive } from '../stages/link';
import type { NetInterface, VethInterface } from '../types';
import type { Device, ScriptContext } from '../walk';

/** `ip link add A type veth peer name B netns …`, once per pair (also used for a cable, which the script builds as a veth pair). */
export function vethPairLines(iface: NetInterface, peerId: string, ctx: ScriptContext, comment = ''): string[] {
  const peer = ctx.byId.get(peerId);
  if (!peer) return [];
  ctx.done.add(iface.id).add(peer.id);
  return [`ip -n ${ctx.nsOf(iface)} link add ${iface.name} type veth peer name ${peer.name} netns ${ctx.nsOf(peer)}${comment}`];
}

export const veth: Device<'veth'> = {
  transmit(walk, iface, packet) {
    const peer = walk.iface(iface.peer);
    walk.hop('transmit', iface.namespace, 'veth.transmit', { dev: iface.name, peer: peer.name, peerNamespace: walk.label(peer.namespace) }, packet, { interface: iface.id, link: linkId('veth', iface.id, peer.id) });
    return receive(walk, peer, packet);
  },
  probeTransmit(step, event) {
    step.enqueue('rx', step.walk.iface(event.iface.peer), event.vid);
    return undefined;
  },
  script: {
    section: 'links',
    create: (iface: VethInterface, ctx) => (ctx.done.has(iface.id) ? [] : vethPairLines(iface, iface.peer, ctx)),
    setsMac: true,
    configured: true,
  },
};
