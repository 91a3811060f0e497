/**
 * ipvlan (drivers/net/ipvlan, https://docs.kernel.org/networking/ipvlan.html): children on a
 * lower device that all have the lower device's MAC address, so the parent tells them apart by
 * IP address, not by MAC (ipvlan_addr_lookup).
 *
 * - L2 mode: a child does its own ARP; its broadcasts go to its siblings and out of the parent
 *   (ipvlan_multicast_enqueue), and a broadcast from the wire reaches every child. A unicast
 *   frame for the shared MAC goes to a sibling when a sibling has the destination address.
 * - L3 mode: a child is NOARP; the driver hands what it sends to the parent namespace's routing
 *   table (ipvlan_process_v4_outbound), and takes from the wire only what is addressed to a
 *   child's IP — an ARP request for a child is taken too, and an L3 child answers none.
 *
 * In both modes the parent's own stack never sees what a child sends, and a child never sees
 * what the parent sends (the default "bridge" flag): host and children cannot reach each other
 * directly, as with macvlan.
 */
import { linkId } from '../ids';
import { ethernet, outerIp, stripLinkLayer } from '../packet';
import { output } from '../stages/ip-output';
import { ipReceive } from '../stages/ip-input';
import { deliverUp } from '../stages/link';
import { lookupRoute, routeHop } from '../stages/routing';
import type { Device } from '../walk';
import { childLinkLines } from './child-link';

export const ipvlan: Device<'ipvlan'> = {
  transmit(walk, iface, packet) {
    const parent = walk.iface(iface.parent);
    const dst = outerIp(packet).dst;
    const at = { interface: iface.id, link: linkId('ipvlan', iface.id, parent.id) };
    const sibling = walk.index.ipvlanByAddress.get(parent.id)?.get(dst);
    const frame = ethernet(packet);
    // L2 looks for a sibling only when the frame is for the shared MAC (ipvlan_xmit_mode_l2);
    // L3 looks up every packet's destination address (ipvlan_xmit_mode_l3).
    const forSibling = sibling && sibling.id !== iface.id && (iface.ipvlanMode === 'l3' || frame?.dst === frame?.src);
    if (sibling && forSibling) {
      walk.hop('ipvlan', iface.namespace, 'ipvlan.sibling', { mode: iface.ipvlanMode.toUpperCase(), dst, parent: parent.name, sibling: sibling.name, siblingNamespace: walk.label(sibling.namespace) }, packet, at);
      walk.hop('receive', sibling.namespace, 'ipvlan.sibling-receive', { dev: sibling.name }, packet, { interface: sibling.id, link: linkId('ipvlan', sibling.id, parent.id) });
      return deliverUp(walk, sibling, packet);
    }
    if (iface.ipvlanMode === 'l2') {
      walk.hop('ipvlan', iface.namespace, 'ipvlan.transmit', { dev: iface.name, parent: parent.name, parentNamespace: walk.label(parent.namespace) }, packet, at);
      return walk.transmit(parent, packet);
    }
    // L3: the packet leaves the child's namespace and is routed in the parent's, restricted to
    // routes out of the parent (flowi4_oif = the parent), then sent by ip_local_out. The parent
    // namespace's netfilter OUTPUT/POSTROUTING chains are not walked here: Docker puts no rule
    // there that matches an ipvlan network's addresses.
    walk.hop('ipvlan', iface.namespace, 'ipvlan.l3-route', { dev: iface.name, parent: parent.name, parentNamespace: walk.label(parent.namespace) }, packet, at);
    const routed = stripLinkLayer(packet);
    const decision = lookupRoute(walk, parent.namespace, dst);
    if (decision?.local) {
      // rt_type RTN_LOCAL is accepted: the packet is delivered to the parent namespace itself.
      walk.hop('ipvlan', parent.namespace, 'ipvlan.l3-local', { dst, parentNamespace: walk.label(parent.namespace) }, routed, { interface: parent.id });
      return ipReceive(walk, walk.iface(`${parent.namespace}:lo`), routed);
    }
    if (!decision || decision.dev.id !== parent.id) return walk.drop(parent.namespace, 'ipvlan.l3-no-route', { dst, parent: parent.name, parentNamespace: walk.label(parent.namespace) }, routed, { interface: parent.id });
    routeHop(walk, parent.namespace, decision, routed);
    return output(walk, walk.ns(parent.namespace), parent, decision.route.via ?? dst, routed);
  },
  receiveOnLower(walk, lower, packet) {
    const children = walk.index.ipvlanByAddress.get(lower.id);
    if (!children) return undefined;
    const dst = outerIp(packet).dst;
    const child = children.get(dst);
    // Not a child's address (the parent's own, say): RX_HANDLER_PASS, the parent's stack gets it.
    if (!child) return undefined;
    walk.hop('ipvlan', child.namespace, 'ipvlan.receive', { mode: child.ipvlanMode.toUpperCase(), parent: lower.name, parentNamespace: walk.label(lower.namespace), dst, child: child.name, childNamespace: walk.label(child.namespace) }, packet, { interface: child.id, link: linkId('ipvlan', child.id, lower.id) });
    return deliverUp(walk, child, packet);
  },
  probeTransmit(step, event) {
    const iface = event.iface;
    // An L3 child is NOARP: the neighbour stage never sends a broadcast from it.
    if (iface.ipvlanMode === 'l3') return undefined;
    const parent = step.walk.iface(iface.parent);
    // ipvlan_process_multicast: a copy to every other child, then out of the parent — not up
    // the parent's own stack.
    for (const sibling of step.walk.index.ipvlanChildren.get(parent.id) ?? []) if (sibling.id !== iface.id) step.enqueue('rx-l3', sibling, undefined);
    step.enqueue('tx', parent, event.vid);
    return undefined;
  },
  probeReceiveOnLower(step, event) {
    const lower = event.iface;
    const children = step.walk.index.ipvlanChildren.get(lower.id);
    if (!children?.length || step.target.kind !== 'arp') return undefined;
    if (children[0]?.ipvlanMode === 'l3') {
      // ipvlan_handle_mode_l3 looks up an ARP request's target address: a child's is taken off
      // the parent, and the NOARP child drops it (arp_rcv); any other goes to the parent.
      return step.walk.index.ipvlanByAddress.get(lower.id)?.has(step.target.ip) ? 'taken' : undefined;
    }
    // L2: every child gets a copy of a broadcast from the wire, and so does the parent.
    for (const child of children) step.enqueue('rx-l3', child, undefined);
    return undefined;
  },
  script: {
    section: 'ipvlan',
    create: (iface, ctx) => childLinkLines(iface, iface.parent, ctx, `ipvlan mode ${iface.ipvlanMode}`, 'pwiv'),
    // An ipvlan child has its parent's MAC and cannot be given another.
    setsMac: false,
    configured: true,
  },
};
