/**
 * macvlan (drivers/net/macvlan.c): children with their own MACs on a lower device. A child
 * sends through its parent — or, in bridge mode, straight to a bridge-mode sibling; the parent
 * hands a frame from the wire to the child whose MAC it is for. Broadcasts between siblings
 * depend on the modes (macvlan_process_broadcast).
 */
import { linkId } from '../ids';
import { ethernet } from '../packet';
import { deliverUp } from '../stages/link';
import type { MacvlanInterface } from '../types';
import type { Device } from '../walk';
import { childLinkLines } from './child-link';

/**
 * Whether a broadcast that a macvlan child `source` sent, coming back in from the wire, is
 * passed to its sibling `child` — macvlan_handle_frame / macvlan_process_broadcast: from a
 * private (or passthru) child, to nobody but the sender itself; from a vepa child, to the vepa
 * and bridge siblings; from a bridge child, to the vepa siblings only (bridge siblings already
 * got it inside the driver on the way out).
 */
function broadcastReaches(source: MacvlanInterface, child: MacvlanInterface): boolean {
  if (child.id === source.id) return false;
  if (source.macvlanMode === 'vepa') return child.macvlanMode === 'vepa' || child.macvlanMode === 'bridge';
  if (source.macvlanMode === 'bridge') return child.macvlanMode === 'vepa';
  return false;
}

export const macvlan: Device<'macvlan'> = {
  transmit(walk, iface, packet) {
    const parent = walk.iface(iface.parent);
    const dst = ethernet(packet)?.dst ?? '';
    const sibling = walk.index.macvlanByMac.get(parent.id)?.get(dst);
    if (sibling && iface.macvlanMode === 'bridge' && sibling.macvlanMode === 'bridge') {
      walk.hop('macvlan', iface.namespace, 'macvlan.bridge-sibling', { dst, parent: parent.name, sibling: sibling.name, siblingNamespace: walk.label(sibling.namespace) }, packet, { interface: iface.id, link: linkId('macvlan', iface.id, parent.id) });
      // The driver does not skip the parent entirely: it hands the frame to the parent's receive
      // path first "for its network taps" (macvlan_queue_xmit → dev_forward_skb(lowerdev)), so
      // tcpdump on the parent sees it arrive; the parent's macvlan handler then passes it up.
      walk.hop('receive', parent.namespace, 'macvlan.parent-tap', { parent: parent.name }, packet, { interface: parent.id, link: linkId('macvlan', iface.id, parent.id) });
      walk.hop('receive', sibling.namespace, 'macvlan.sibling-receive', { dev: sibling.name }, packet, { interface: sibling.id, link: linkId('macvlan', sibling.id, parent.id) });
      return deliverUp(walk, sibling, packet);
    }
    walk.hop('macvlan', iface.namespace, 'macvlan.transmit', { mode: iface.macvlanMode, dev: iface.name, parent: parent.name, parentNamespace: walk.label(parent.namespace) }, packet, { interface: iface.id, link: linkId('macvlan', iface.id, parent.id) });
    return walk.transmit(parent, packet);
  },
  receiveOnLower(walk, lower, packet) {
    const dst = ethernet(packet)?.dst ?? '';
    const child = walk.index.macvlanByMac.get(lower.id)?.get(dst);
    if (!child) return undefined;
    // Unicast from the wire is delivered by destination MAC in every mode, even when it was a
    // sibling's frame that a hairpin switch sent back: the mode checks of macvlan_handle_frame
    // are on the broadcast/multicast path only (see probeReceiveOnLower).
    walk.hop('macvlan', child.namespace, 'macvlan.receive', { parent: lower.name, parentNamespace: walk.label(lower.namespace), dst, child: child.name, childNamespace: walk.label(child.namespace) }, packet, { interface: child.id, link: linkId('macvlan', child.id, lower.id) });
    return deliverUp(walk, child, packet);
  },
  probeTransmit(step, event) {
    const iface = event.iface;
    const parent = step.walk.iface(iface.parent);
    if (iface.macvlanMode === 'bridge') {
      for (const sibling of step.walk.index.macvlanChildren.get(parent.id) ?? []) {
        if (sibling.id !== iface.id && sibling.macvlanMode === 'bridge') step.enqueue('rx-l3', sibling, undefined);
      }
    }
    step.enqueue('tx', parent, event.vid);
    return undefined;
  },
  probeReceiveOnLower(step, event) {
    const lower = event.iface;
    const children = step.walk.index.macvlanChildren.get(lower.id);
    if (!children) return undefined;
    const fromSibling = step.source ? step.walk.index.macvlanByMac.get(lower.id)?.get(step.source.mac) : undefined;
    for (const child of children) {
      if (step.target.kind === 'mac' && child.mac === step.target.mac) return { responder: child, mac: child.mac, proxy: false };
      if (fromSibling && !broadcastReaches(fromSibling, child)) continue;
      step.enqueue('rx-l3', child, undefined);
    }
    return undefined;
  },
  script: {
    section: 'macvlan',
    create: (iface, ctx) => childLinkLines(iface, iface.parent, ctx, `macvlan mode ${iface.macvlanMode}`, 'pwmv'),
    setsMac: true,
    configured: true,
  },
};
