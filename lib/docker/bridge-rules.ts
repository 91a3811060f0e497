/**
 * The iptables rules Docker writes for a bridge network and for each published
 * port (Engine 29; ground truth: moby's generated dumps in
 * integration/network/bridge/iptablesdoc/generated/, and
 * https://docs.docker.com/engine/network/packet-filtering-firewalls/).
 * Kept apart from the daemon (daemon.ts), which decides *when* they are written.
 */
import type { NetworkBuilder, Rule, Socket, TableName } from '@/lib/netsim';
import type { BridgeNetwork, DaemonOptions, DockerNetwork, Endpoint, PublishSpec } from './types';

/** The part of a Docker host the rules are written into. */
export interface RuleHost {
  readonly net: NetworkBuilder;
  /** The host's root namespace id. */
  readonly id: string;
  readonly options: Required<DaemonOptions>;
}

/** A rule Docker wrote, remembered so it can be deleted again (`iptables -D`) with what it belongs to. */
export interface WrittenRule {
  ns: string;
  table: TableName;
  chain: string;
  rule: Rule;
}

/**
 * `iptables -t filter|nat|raw -A` (or `-I` with `insert`) into the host's root namespace; each
 * rule written is also pushed onto `written` when given.
 * @example const { filter } = ruleWriters(host1); filter('FORWARD', { match: {}, target: { kind: 'JUMP', chain: 'DOCKER-USER' } });
 */
export function ruleWriters(host: RuleHost, written?: WrittenRule[]) {
  const writer = (table: TableName) => (chain: string, rule: Rule, insert = false) => {
    if (insert) host.net.insertRule(host.id, table, chain, rule);
    else host.net.appendRule(host.id, table, chain, rule);
    written?.push({ ns: host.id, table, chain, rule });
  };
  return { filter: writer('filter'), nat: writer('nat'), raw: writer('raw') };
}

/**
 * The iptables rules Docker 29 adds for a new bridge network (see usernet-*.md in the reference dumps).
 * @example installBridgeRules(host1, network, 'br-5a1e'); // DOCKER-CT, DOCKER-BRIDGE, DOCKER, DOCKER-FORWARD, MASQUERADE
 */
export function installBridgeRules(host: RuleHost, network: BridgeNetwork, br: string): WrittenRule[] {
  const written: WrittenRule[] = [];
  const { filter, nat } = ruleWriters(host, written);
  const subnet = network.subnet;
  const out = { value: br };
  const notIn = { value: br, negate: true };
  if (network.internal) {
    // --internal: no way in or out of the subnet, no MASQUERADE, no DOCKER rules.
    filter('DOCKER-INTERNAL', { match: { destination: { value: subnet, negate: true }, inInterface: { value: br } }, target: { kind: 'DROP' } }, true);
    filter('DOCKER-INTERNAL', { match: { source: { value: subnet, negate: true }, outInterface: out }, target: { kind: 'DROP' } }, true);
    filter('DOCKER-FORWARD', { match: { inInterface: { value: br }, outInterface: out }, target: { kind: network.icc ? 'ACCEPT' : 'DROP' } });
  } else {
    filter('DOCKER-CT', { match: { outInterface: out, ctState: ['RELATED', 'ESTABLISHED'] }, target: { kind: 'ACCEPT' } });
    filter('DOCKER-BRIDGE', { match: { outInterface: out }, target: { kind: 'JUMP', chain: 'DOCKER' } });
    // Nothing from outside the bridge reaches a container unless a port is published (setDefaultForwardRule).
    filter('DOCKER', { match: { inInterface: notIn, outInterface: out }, target: { kind: 'DROP' } });
    if (network.icc) {
      filter('DOCKER-FORWARD', { match: { inInterface: { value: br } }, target: { kind: 'ACCEPT' } });
    } else {
      filter('DOCKER-FORWARD', { match: { inInterface: { value: br }, outInterface: out }, target: { kind: 'DROP' } });
      filter('DOCKER-FORWARD', { match: { inInterface: { value: br }, outInterface: { value: br, negate: true } }, target: { kind: 'ACCEPT' } });
    }
    nat('POSTROUTING', { match: { source: { value: subnet }, outInterface: { value: br, negate: true } }, target: { kind: 'MASQUERADE' } }, true);
    if (!host.options.userlandProxy || br === 'docker_gwbridge') {
      // docker_gwbridge always has this rule (see swarm-portmap.md in the reference dumps).
      // Without docker-proxy, a host process connecting to 127.0.0.1:<published> is DNATed
      // straight to the container; route_localnet lets 127.0.0.1 leave through the bridge
      // and this rule rewrites that source to the bridge address.
      nat('POSTROUTING', { match: { outInterface: out, sourceTypeLocal: true }, target: { kind: 'MASQUERADE' } }, true);
    }
  }
  // ICC=false is enforced on bridged traffic, and hairpin NAT without the proxy needs
  // bridged packets to see conntrack: both need br_netfilter (bridge-nf-call-iptables=1).
  // Since 27.3 Docker loads it only in those two cases (moby/moby#48492, #48676).
  if (!network.icc || !host.options.userlandProxy) host.net.setBridgeNfCallIptables(host.id, true);
  return written;
}

/**
 * `-p hostIp:hostPort:containerPort`: DNAT, the filter ACCEPT, loopback protection, docker-proxy.
 * @example publishPort(host1, bridge, endpoint, { hostPort: 8080, containerPort: 80 }); // -A DOCKER … -j DNAT --to-destination 172.17.0.2:80
 */
export function publishPort(host: RuleHost, network: DockerNetwork, endpoint: Endpoint, p: PublishSpec): { rules: WrittenRule[]; sockets: Socket[] } {
  if (network.driver !== 'bridge') throw new Error(`port publishing is only modelled on bridge networks (got ${network.driver})`);
  const br = host.net.iface(network.bridge).name;
  const protocol = p.protocol ?? 'tcp';
  const hostIp = p.hostIp ?? '0.0.0.0';
  const cip = endpoint.address;
  const proxy = host.options.userlandProxy;
  // --iptables=false: no DNAT, no ACCEPT, no loopback DROP (the iptabler's setPerPortIptables
  // does nothing when IPv4 is off), but the nat port mapper still binds the host port and
  // starts docker-proxy (moby daemon/libnetwork/portmappers/nat/mapper_linux.go, MapPorts).
  // Without the proxy too, dockerd holds the port and nothing ever accepts on it.
  if (!host.options.iptables && !proxy) throw new Error(`-p ${p.hostPort}:${p.containerPort} with --iptables=false and --userland-proxy=false is not modelled: dockerd binds host port ${p.hostPort} but nothing forwards it (no DNAT rule, no docker-proxy)`);
  const rules = host.options.iptables ? portRules(host, br, cip, { ...p, protocol, hostIp }) : [];
  const sockets: Socket[] = [];
  if (proxy) {
    const socket: Socket = { protocol, address: hostIp, port: p.hostPort, process: 'docker-proxy', proxyTo: { address: cip, port: p.containerPort } };
    host.net.addSocket(host.id, socket);
    sockets.push(socket);
  }
  return { rules, sockets };
}

/** The iptables rules of one published port on bridge `br` for container address `cip`. */
function portRules(host: RuleHost, br: string, cip: string, p: Required<Pick<PublishSpec, 'protocol' | 'hostIp'>> & PublishSpec): WrittenRule[] {
  const rules: WrittenRule[] = [];
  const { filter, nat, raw } = ruleWriters(host, rules);
  const { protocol, hostIp } = p;
  const proxy = host.options.userlandProxy;
  // filter: per-port ACCEPT, inserted above the network's DROP (setPerPortForwarding).
  filter('DOCKER', { match: { destination: { value: cip }, inInterface: { value: br, negate: true }, outInterface: { value: br }, protocol, destinationPort: p.containerPort }, target: { kind: 'ACCEPT' } }, true);
  // nat: the DNAT. With the proxy, traffic from the bridge itself is left to docker-proxy (`! -i br`).
  nat('DOCKER', {
    match: { ...(hostIp !== '0.0.0.0' ? { destination: { value: hostIp } } : {}), ...(proxy ? { inInterface: { value: br, negate: true } } : {}), protocol, destinationPort: p.hostPort },
    target: { kind: 'DNAT', toAddress: cip, toPort: p.containerPort },
  });
  if (!proxy) {
    // Hairpin: a container reaching its own published port needs its source rewritten.
    nat('POSTROUTING', { match: { source: { value: cip }, destination: { value: cip }, protocol, destinationPort: p.containerPort }, target: { kind: 'MASQUERADE' } });
  }
  // (The raw-table direct-access DROP for cip was added when the container joined the network.)
  if (hostIp === '127.0.0.1') {
    // Packets to a port published on 127.0.0.1 that arrive from another interface are
    // dropped in raw PREROUTING (filterPortMappedOnLoopback, Engine 28+), so LAN neighbours
    // cannot reach it even with route_localnet — see moby's generated iptables doc
    // integration/network/bridge/iptablesdoc/generated/usernet-portmap-lo.md.
    raw('PREROUTING', { match: { destination: { value: '127.0.0.1' }, inInterface: { value: 'lo', negate: true }, protocol, destinationPort: p.hostPort }, target: { kind: 'DROP' } });
  }
  return rules;
}
