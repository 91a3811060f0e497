/**
 * 802.1Q sub-interfaces (net/8021q): `eth0.10` tags what it sends with VID 10 and hands it to
 * `eth0`; a frame tagged 10 arriving on `eth0` is untagged and received on `eth0.10`.
 */
import { linkId } from '../ids';
import { popVlan, pushVlan, vlanOf } from '../packet';
import { receive } from '../stages/link';
import type { Device } from '../walk';

export const vlan: Device<'vlan'> = {
  transmit(walk, iface, packet) {
    const parent = walk.iface(iface.parent);
    const tagged = pushVlan(packet, iface.vlanId);
    walk.hop('vlan-push', iface.namespace, 'vlan.push', { dev: iface.name, vid: iface.vlanId, parent: parent.name }, tagged, { interface: iface.id, link: linkId('vlan', iface.id, parent.id), detail: { vlan: { vid: iface.vlanId } } });
    return walk.transmit(parent, tagged);
  },
  receiveOnLower(walk, lower, packet) {
    const vid = vlanOf(packet);
    if (vid === undefined) return undefined;
    const child = walk.index.vlanChildren.get(lower.id)?.get(vid);
    if (!child) return walk.drop(lower.namespace, 'vlan.no-subinterface', { dev: lower.name, vid }, packet, { interface: lower.id });
    const untagged = popVlan(packet);
    walk.hop('vlan-pop', child.namespace, 'vlan.pop', { dev: child.name, vid }, untagged, { interface: child.id, link: linkId('vlan', child.id, lower.id), detail: { vlan: { vid } } });
    return receive(walk, child, untagged);
  },
  probeTransmit(step, event) {
    step.enqueue('tx', step.walk.iface(event.iface.parent), event.iface.vlanId);
    return undefined;
  },
  probeReceiveOnLower(step, event) {
    if (event.vid === undefined) return undefined;
    const child = step.walk.index.vlanChildren.get(event.iface.id)?.get(event.vid);
    if (child) step.enqueue('rx', child, undefined);
    return 'taken';
  },
  script: {
    section: 'vlan',
    create(iface, ctx) {
      const parent = ctx.byId.get(iface.parent);
      return parent ? [`ip -n ${ctx.nsOf(parent)} link add link ${parent.name} name ${iface.name} type vlan id ${iface.vlanId}`] : [];
    },
    // A VLAN device keeps its parent's MAC.
    setsMac: false,
    configured: true,
  },
};
