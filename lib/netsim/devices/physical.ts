/**
 * A physical NIC: what it sends goes down its cable to the interface at the other end (none:
 * no carrier). The shell script builds a cable as a veth pair, and an unplugged NIC as a dummy.
 */
import { linkId } from '../ids';
import { receive } from '../stages/link';
import type { Device } from '../walk';
import { vethPairLines } from './veth';

export const physical: Device<'physical'> = {
  transmit(walk, iface, packet) {
    if (!iface.peer) return walk.drop(iface.namespace, 'link.no-carrier', { dev: iface.name }, packet, { interface: iface.id });
    const peer = walk.iface(iface.peer);
    walk.hop('transmit', iface.namespace, 'physical.transmit', { dev: iface.name, peer: peer.name, peerNamespace: walk.label(peer.namespace) }, packet, { interface: iface.id, link: linkId('cable', iface.id, peer.id) });
    return receive(walk, peer, packet);
  },
  probeTransmit(step, event) {
    if (event.iface.peer) step.enqueue('rx', step.walk.iface(event.iface.peer), event.vid);
    return undefined;
  },
  script: {
    section: 'links',
    create(iface, ctx) {
      if (ctx.done.has(iface.id)) return [];
      if (iface.peer) return vethPairLines(iface, iface.peer, ctx, '   # a cable');
      ctx.done.add(iface.id);
      return [`ip -n ${ctx.nsOf(iface)} link add ${iface.name} type dummy   # an unplugged NIC`];
    },
    setsMac: true,
    configured: true,
  },
};
