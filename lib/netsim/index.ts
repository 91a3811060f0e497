/**
 * `lib/netsim` — a model of the Linux network stack and a packet-walk engine.
 * It knows namespaces, interfaces, routes, neighbours, bridges, VXLAN, macvlan, ipvlan,
 * VLANs and iptables; it knows nothing about containers.
 */
export * from './types';
export { NetworkBuilder, linkId, MAX_INTERFACE_NAME, type InterfaceOptions } from './builder';
export { tracePacket, traceBind, indexTopology, MAX_HOPS, type SendSpec } from './engine';
export { buildPacket } from './packet';
export { caption } from './captions';
export { event } from './events';
export { walkChain, ruleMatches, ruleToText, iptablesRules, type MatchContext, type ChainWalk } from './netfilter';
export { diffPackets, describePacket, outerIp, transport, ethernet, vlanOf, ipIndex } from './packet';
export { ipToInt, intToIp, parseCidr, cidrContains, networkOf, nthAddress, isLoopback } from './ip';
export { macFromSeed, hexFromSeed } from './ids';
export { toShellScript, type ShellScriptOptions } from './script';
export { EPHEMERAL_PORT, DEFAULT_DESTINATION_PORT, LOCAL_PORT_RANGE, proxySourcePort } from './ports';
