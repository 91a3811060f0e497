/**
 * The Linux bridge (net/bridge): br_input.c (a frame arrives on a port: VLAN ingress, FDB
 * learning), br_forward.c (to the port the FDB names, or flooded), br_fdb.c, and the hand-off
 * to br_netfilter and to the bridge device's own IP stack.
 */
import { linkId } from '../ids';
import { ethernet, ipIndex, popVlan, pushVlan, vlanOf } from '../packet';
import { bridgeNetfilter, bridgeNfPrerouting } from '../stages/bridge-netfilter';
import { ipReceive } from '../stages/ip-input';
import { egressVid, probeFromBridge } from '../stages/probe';
import type { BridgeInterface, NetInterface, Packet, Verdict } from '../types';
import type { Device, Walk } from '../walk';

function bridgeOf(walk: Walk, id: string): BridgeInterface {
  const bridge = walk.iface(id);
  if (bridge.kind !== 'bridge') throw new Error(`${id} is a ${bridge.kind}, not a bridge`);
  return bridge;
}

/** br_handle_frame: a frame arrives on `port` — VLAN ingress filtering, FDB learning, then forwarding. */
function bridgeIngress(walk: Walk, bridge: BridgeInterface, port: NetInterface, packet: Packet): Verdict {
  let vid: number | undefined;
  if (bridge.vlanFiltering) {
    const tag = vlanOf(packet);
    const vlans = port.portVlans;
    if (tag === undefined) {
      if (vlans?.pvid === undefined) return walk.drop(bridge.namespace, 'bridge.no-pvid', { port: port.name, bridge: bridge.name }, packet, { interface: port.id });
      vid = vlans.pvid;
    } else {
      if (!vlans?.vids.includes(tag)) {
        const accessPort = vlans !== undefined && vlans.vids.length === 1 && vlans.untagged.length === 1;
        return walk.drop(bridge.namespace, 'bridge.vlan-not-carried', { vid: tag, port: port.name, accessPort, ...(vlans?.pvid !== undefined ? { pvid: vlans.pvid } : {}) }, packet, { interface: port.id, detail: { vlan: { vid: tag } } });
      }
      vid = tag;
    }
  }
  const eth = ethernet(packet);
  if (eth) walk.session.bridgeFdb(bridge.id).set(eth.src, { port: port.id, how: 'hit' });
  return bridgeForward(walk, bridge, port, packet, vid);
}

/** Forward a frame inside a bridge, from `ingress` (or from the bridge device itself when undefined). */
function bridgeForward(walk: Walk, bridge: BridgeInterface, ingress: NetInterface | undefined, packet: Packet, vid?: number, netfilterDone = false): Verdict {
  const dst = ethernet(packet)?.dst ?? '';
  const brNetfilter = walk.ns(bridge.namespace).bridgeNfCallIptables && ipIndex(packet) >= 0;
  if (ingress && dst === bridge.mac && brNetfilter) {
    const result = bridgeNfPrerouting(walk, bridge, popVlan(packet));
    if (result.kind === 'ended') return result.verdict;
    if (result.kind === 'bridge-back') return bridgeForward(walk, bridge, ingress, result.frame, vid, true);
    return ipReceive(walk, bridge, result.packet, result.pass);
  }
  if (ingress && dst === bridge.mac) {
    walk.hop('bridge', bridge.namespace, 'bridge.local', { bridge: bridge.name, namespace: walk.label(bridge.namespace), brNetfilter: false }, packet, { interface: bridge.id, detail: { fdb: { mac: dst, how: 'local' } } });
    return ipReceive(walk, bridge, popVlan(packet));
  }
  const fdb = walk.session.bridgeFdb(bridge.id);
  let entry = fdb.get(dst);
  if (!entry) {
    probeFromBridge(walk, bridge, ingress, dst, vid);
    entry = fdb.get(dst);
    if (!entry) return walk.drop(bridge.namespace, 'bridge.flood-unanswered', { bridge: bridge.name, dst }, packet, { interface: bridge.id, detail: { fdb: { mac: dst, how: 'flood' } } });
  }
  const egress = walk.iface(entry.port);
  const hairpin = ingress !== undefined && egress.id === ingress.id;
  if (ingress && hairpin && !ingress.hairpin) {
    return walk.drop(bridge.namespace, 'bridge.no-hairpin', { bridge: bridge.name, port: ingress.name }, packet, { interface: ingress.id, detail: { fdb: { mac: dst, port: egress.id, how: 'hit' } } });
  }
  if (ingress && !netfilterDone && brNetfilter) {
    const filtered = bridgeNetfilter(walk, bridge, packet);
    if ('verdict' in filtered) return filtered.verdict;
    packet = filtered.packet;
  }
  let out = packet;
  if (bridge.vlanFiltering && vid !== undefined) {
    const vlans = egress.portVlans;
    if (!vlans?.vids.includes(vid)) return walk.drop(bridge.namespace, 'bridge.egress-not-member', { port: egress.name, vid, bridge: bridge.name }, packet, { interface: egress.id });
    const untagged = vlans.untagged.includes(vid);
    out = untagged ? popVlan(packet) : vlanOf(packet) === vid ? packet : pushVlan(popVlan(packet), vid);
  }
  const at = { interface: bridge.id, link: linkId('bridge-port', bridge.id, egress.id), detail: { fdb: { mac: dst, port: egress.id, how: entry.how } } };
  if (entry.how === 'flood') walk.hop('bridge', bridge.namespace, 'bridge.flood', { bridge: bridge.name, dst, port: egress.name }, packet, at);
  else walk.hop('bridge', bridge.namespace, 'bridge.forward', { bridge: bridge.name, dst, port: egress.name, hairpin }, packet, at);
  if (out !== packet) {
    const popped = vlanOf(out) === undefined;
    walk.hop(popped ? 'vlan-pop' : 'vlan-push', bridge.namespace, popped ? 'bridge.vlan-untag' : 'bridge.vlan-tag', { port: egress.name, vid }, out, { interface: egress.id, detail: { vlan: { vid: vid ?? 0 } } });
  }
  return walk.transmit(egress, out);
}

export const bridge: Device<'bridge'> = {
  transmit: (walk, iface, packet) => bridgeForward(walk, iface, undefined, packet),
  receiveOnLower: (walk, lower, packet) => (lower.master ? bridgeIngress(walk, bridgeOf(walk, lower.master), lower, packet) : undefined),
  probeTransmit(step, event) {
    const iface = event.iface;
    for (const port of step.walk.index.bridgePorts.get(iface.id) ?? []) step.enqueue('tx', port, iface.vlanFiltering ? egressVid(iface, port, 1) : undefined, { bridge: iface.id, port: port.id });
    return undefined;
  },
  probeReceiveOnLower(step, event) {
    const iface = event.iface;
    if (!iface.master) return undefined;
    const bridge = bridgeOf(step.walk, iface.master);
    let vid = event.vid;
    if (bridge.vlanFiltering) {
      if (vid === undefined) vid = iface.portVlans?.pvid;
      else if (!iface.portVlans?.vids.includes(vid)) {
        step.dropped({ vid, namespace: step.walk.label(bridge.namespace), port: iface.name, ...(iface.portVlans ? { pvid: iface.portVlans.pvid, vids: iface.portVlans.vids } : {}) });
        return 'taken';
      }
      if (vid === undefined) return 'taken';
    }
    const ingress = { bridge: bridge.id, port: iface.id };
    if (!bridge.vlanFiltering) {
      const here = step.l3Match(bridge);
      if (here) return here;
    }
    for (const port of step.walk.index.bridgePorts.get(bridge.id) ?? []) {
      if (port.id === iface.id && !iface.hairpin) continue;
      if (bridge.vlanFiltering && vid !== undefined && !port.portVlans?.vids.includes(vid)) continue;
      step.enqueue('tx', port, bridge.vlanFiltering && vid !== undefined && port.portVlans?.untagged.includes(vid) ? undefined : vid, { bridge: bridge.id, port: port.id }, ingress);
    }
    return 'taken';
  },
  script: {
    section: 'links',
    create(iface, ctx) {
      ctx.done.add(iface.id);
      return [`ip -n ${ctx.nsOf(iface)} link add ${iface.name} type bridge${ctx.filtering.has(iface.id) ? ' vlan_filtering 1' : ''}`];
    },
    setsMac: true,
    configured: true,
  },
};
