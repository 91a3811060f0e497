/**
 * What a topology needs from the kernel, so a configuration this kernel cannot
 * build is reported as "not checkable here" with the missing piece named —
 * never silently passed. Pure.
 */
import type { Topology } from '@/lib/netsim';
import type { FlowPacket } from '@/lib/labs';
import type { KernelFeatures } from './system';

/**
 * Reasons this kernel cannot build the topology as the setup script writes it (empty when it can).
 * @example missingFeatures(topology, script.setup, features) // ['this kernel has no 8021q module for VLAN sub-interfaces']
 */
export function missingFeatures(topology: Topology, setup: string, features: KernelFeatures): string[] {
  const reasons: string[] = [];
  if (!features.iptablesOk) reasons.push(`iptables does not work in a network namespace here (backend ${features.iptablesBackend})`);
  if (topology.interfaces.some((i) => i.kind === 'vlan') && !features.vlan) reasons.push('this kernel has no 8021q module for VLAN sub-interfaces');
  if (/vlan_filtering 1/.test(setup) && !features.bridgeVlanFiltering) reasons.push('this kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING) for the 802.1Q switch');
  if (topology.interfaces.some((i) => i.kind === 'macvlan') && !features.macvlan) reasons.push('this kernel has no macvlan module');
  if (topology.interfaces.some((i) => i.kind === 'ipvlan') && !features.ipvlan) reasons.push('this kernel has no ipvlan module');
  if (topology.interfaces.some((i) => i.kind === 'vxlan') && !features.vxlan) reasons.push('this kernel has no vxlan module');
  if (topology.namespaces.some((ns) => ns.xfrm.length > 0) && !features.esp) reasons.push('this kernel has no IPsec ESP (CONFIG_INET_ESP) for the encrypted overlay');
  if (topology.namespaces.some((ns) => ns.bridgeNfCallIptables) && !features.brNetfilter) reasons.push('br_netfilter is not loaded (the check never loads kernel modules on the host)');
  return reasons;
}

/**
 * Reasons one flow cannot be sent here (empty when it can).
 * @example missingForFlow({ kind: 'packet', protocol: 'icmp', … }, features) // ['ping is not installed (Debian: iputils-ping)']
 */
export function missingForFlow(packet: FlowPacket, features: KernelFeatures): string[] {
  if (packet.kind === 'packet' && packet.protocol === 'icmp' && !features.ping) return ['ping is not installed (Debian package iputils-ping)'];
  if (packet.kind === 'packet' && packet.protocol === 'udp' && !packet.dnsQuery) return ['a UDP flow that is not a DNS query has no sender here'];
  return [];
}
