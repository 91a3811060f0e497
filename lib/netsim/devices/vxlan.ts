/**
 * VXLAN (drivers/net/vxlan): a VTEP wraps each frame in UDP to the remote VTEP its forwarding
 * database names and hands the outer packet to the routing of its underlay namespace (the
 * "link-netns", where its UDP socket is); the socket on the far side takes the frame back out.
 */
import { hexFromSeed, linkId } from '../ids';
import { describePacket, ethernet, ipIndex, outerIp, transport } from '../packet';
import { LOCAL_PORT_RANGE } from '../ports';
import { conntrackIn, conntrackOut } from '../stages/conntrack';
import { output } from '../stages/ip-output';
import { receive } from '../stages/link';
import { filterHook, natSource } from '../stages/netfilter-hooks';
import { lookupRoute, routeHop } from '../stages/routing';
import type { Packet } from '../types';
import type { Device } from '../walk';

export const vxlan: Device<'vxlan'> = {
  transmit(walk, iface, packet) {
    const vx = iface.vxlan;
    const dst = ethernet(packet)?.dst ?? '';
    const fdb = walk.index.vxlanFdb.get(iface.id);
    const entry = fdb?.get(dst) ?? fdb?.get('00:00:00:00:00:00');
    if (!entry) return walk.drop(iface.namespace, 'vxlan.no-fdb', { dev: iface.name, dst }, packet, { interface: iface.id });
    // Linux picks the outer UDP source port from a hash of the inner flow, in the local port
    // range, 32768–60999 by default (net.ipv4.ip_local_port_range "32768 60999").
    const sport = LOCAL_PORT_RANGE.first + (parseInt(hexFromSeed(describePacket(packet), 6), 16) % (LOCAL_PORT_RANGE.last + 1 - LOCAL_PORT_RANGE.first));
    const outer: Packet = [{ layer: 'ipv4', src: vx.local, dst: entry.remote, ttl: 64, protocol: 'udp' }, { layer: 'udp', srcPort: sport, dstPort: vx.dstPort }, { layer: 'vxlan', vni: vx.vni }, ...packet];
    const remoteVtep = walk.index.vxlanByLocal.get(`${vx.vni}|${entry.remote}`);
    walk.hop('encapsulate', iface.namespace, 'vxlan.encapsulate', { dev: iface.name, vni: vx.vni, sport, dport: vx.dstPort, local: vx.local, remote: entry.remote, dst, source: entry.source, underlayNamespace: walk.label(vx.underlayNamespace) }, outer, {
      interface: iface.id,
      ...(remoteVtep ? { link: linkId('vxlan-tunnel', iface.id, remoteVtep.id) } : {}),
      detail: { vxlan: { vni: vx.vni, remote: entry.remote, local: vx.local, source: entry.source }, fdb: { mac: dst, how: 'hit' } },
    });
    const underlay = walk.ns(vx.underlayNamespace);
    const decision = lookupRoute(walk, underlay.id, entry.remote);
    if (!decision || decision.local) return walk.drop(underlay.id, 'vxlan.no-underlay-route', { namespace: underlay.label, remote: entry.remote }, outer, {}, 'unreachable');
    routeHop(walk, underlay.id, decision, outer, 'outer-packet');
    const conn = conntrackIn(walk, underlay, outer);
    let routed = conn.packet;
    const filtered = filterHook(walk, conn.pass, 'filter', 'OUTPUT', routed, undefined, decision.dev.name);
    if (filtered) return filtered;
    routed = natSource(walk, conn.pass, routed, decision.dev);
    routed = conntrackOut(walk, conn.pass, routed);
    return output(walk, underlay, decision.dev, decision.route.via ?? entry.remote, routed);
  },
  udpEncapReceive(walk, ns, packet) {
    const l4 = transport(packet);
    if (l4?.layer !== 'udp' || !walk.index.vxlanPorts.has(l4.dstPort)) return undefined;
    const header = packet[ipIndex(packet) + 2];
    if (header?.layer !== 'vxlan') return undefined;
    const device = walk.index.vxlanBySocket.get(`${ns.id}|${l4.dstPort}|${header.vni}`);
    if (!device) return walk.drop(ns.id, 'vxlan.no-device', { vni: header.vni, namespace: ns.label }, packet);
    const ip = outerIp(packet);
    const inner = packet.slice(ipIndex(packet) + 3);
    const sender = walk.index.vxlanByLocal.get(`${header.vni}|${ip.src}`);
    walk.hop('decapsulate', device.namespace, 'vxlan.decapsulate', { dev: device.name, vni: header.vni, port: l4.dstPort, namespace: walk.label(device.namespace) }, inner, {
      interface: device.id,
      ...(sender ? { link: linkId('vxlan-tunnel', sender.id, device.id) } : {}),
      detail: { vxlan: { vni: header.vni, remote: ip.src, local: ip.dst } },
    });
    return receive(walk, device, inner);
  },
  probeTransmit(step, event) {
    const iface = event.iface;
    const target = step.target;
    if (target.kind === 'arp' && iface.vxlan.proxyArp) {
      const entry = step.walk.index.neighbours.get(`${iface.id}|${target.ip}`);
      if (entry) return { responder: iface, mac: entry.mac, proxy: true, proxySource: entry.source };
    }
    if (target.kind === 'mac' && step.walk.index.vxlanFdb.get(iface.id)?.has(target.mac)) return { responder: iface, mac: target.mac, proxy: false };
    return undefined;
  },
  script: {
    section: 'vxlan',
    create(iface, ctx) {
      const vx = iface.vxlan;
      const underlay = ctx.netns[vx.underlayNamespace] ?? '';
      const tmp = ctx.tempName('pwvx');
      const flags = `${vx.proxyArp ? ' proxy' : ''}${vx.learning ? '' : ' nolearning'}`;
      if (underlay === ctx.nsOf(iface)) return [`ip -n ${underlay} link add ${iface.name} type vxlan id ${vx.vni} dstport ${vx.dstPort} local ${vx.local}${flags}`];
      return [`ip -n ${underlay} link add ${tmp} type vxlan id ${vx.vni} dstport ${vx.dstPort} local ${vx.local}${flags}`, `ip -n ${underlay} link set ${tmp} netns ${ctx.nsOf(iface)}`, `ip -n ${ctx.nsOf(iface)} link set ${tmp} name ${iface.name}`];
    },
    entries: (iface, ctx) => iface.vxlan.fdb.map((entry) => `bridge -n ${ctx.nsOf(iface)} fdb append ${entry.mac} dev ${iface.name} dst ${entry.remote}`),
    setsMac: true,
    configured: true,
  },
};
