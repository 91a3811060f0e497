/**
 * A small dockerd: what Docker Engine 29 configures on a Linux host, expressed
 * as calls on the `lib/netsim` model. No packets here — this module only sets
 * up namespaces, interfaces, routes and the iptables rules Docker installs.
 *
 * Ground truth for the rules: Docker's own generated dumps
 * (moby/moby integration/network/bridge/iptablesdoc/generated/, Engine 29.x),
 * and https://docs.docker.com/engine/network/packet-filtering-firewalls/.
 *
 * Chain layout by Engine version (the model builds today's):
 *  - ≤ 27: FORWARD → DOCKER-USER, DOCKER-ISOLATION-STAGE-1 (→ STAGE-2, which
 *    dropped traffic between different bridge networks), then per-bridge
 *    ACCEPT/DOCKER rules directly in FORWARD; DOCKER-USER ended with `-j RETURN`.
 *  - 28.0.0: raw PREROUTING drops direct access to a published container port
 *    from outside its bridge (`-d <ip> ! -i br -p tcp --dport <port> -j DROP`);
 *    since 28.2.0 one port-less rule per container (`-d <ip> ! -i br -j DROP`).
 *  - 28.0.1 – 28.x: FORWARD → DOCKER-USER, DOCKER-FORWARD; DOCKER-FORWARD →
 *    DOCKER-CT (established), DOCKER-ISOLATION-STAGE-1 (→ STAGE-2),
 *    DOCKER-BRIDGE (→ DOCKER per bridge), then per-network ACCEPT.
 *  - 29: the isolation chains are gone, DOCKER-FORWARD jumps to DOCKER-INTERNAL
 *    (the --internal fences) in their place, and the DOCKER chain's per-bridge
 *    `! -i br -o br -j DROP` stops traffic between networks.
 */
import { NetworkBuilder, cidrContains, hexFromSeed, nthAddress, parseCidr, intToIp, type Ipv4, type PhysicalInterface, type Socket, type MacvlanMode, type IpvlanMode, type NetInterface } from '@/lib/netsim';
import type { AddressedNetwork, BridgeNetwork, Container, DaemonOptions, DockerHostSpec, DockerNetwork, Endpoint, IpvlanNetwork, MacvlanNetwork, PublishSpec, RunOptions } from './types';

import { installBridgeRules, publishPort, ruleWriters, type WrittenRule } from './bridge-rules';

export type * from './types';


/** The embedded DNS server's address inside every container on a user-defined network. */
export const EMBEDDED_DNS = '127.0.0.11';

/** Docker's default local address pools: 172.17–31.0.0/16, then 192.168.0.0/16 in /20s (https://docs.docker.com/engine/network/#default-address-pools). */
function* defaultLocalPools(): Generator<string> {
  for (let second = 17; second <= 31; second++) yield `172.${second}.0.0/16`;
  for (let third = 0; third < 256; third += 16) yield `192.168.${third}.0/20`;
}

/** What joining one network wrote beside the container's interface, so leaving it can undo exactly that. */
interface EndpointRecord {
  /** The endpoint id (64 hex), as `docker network inspect` shows. */
  id: string;
  /** iptables rules in the host namespace: the raw direct-access DROP, the published ports' DNAT/ACCEPT/… */
  rules: WrittenRule[];
  /** docker-proxy listeners in the host namespace. */
  sockets: Socket[];
}

/**
 * The daemon options dockerd refuses to start with, in its own words (moby daemon/daemon_unix.go,
 * verifyDaemonSettings): `--iptables=false` with `--icc=false`.
 * @throws the refusal.
 * @example verifyDaemonOptions({ iptables: false, icc: false }) // throws "You specified --iptables=false with --icc=false. …"
 */
export function verifyDaemonOptions(options: DaemonOptions): void {
  if (options.iptables === false && options.icc === false) throw new Error('You specified --iptables=false with --icc=false. ICC=false uses iptables to function. Please set --icc or --iptables to true');
}

/** The predefined networks `docker network rm` refuses (moby daemon/network.go, deleteNetwork). */
const PREDEFINED_NETWORKS = new Set(['bridge', 'host', 'none']);

/**
 * One Docker host: a machine on the LAN, its root namespace, and a daemon that
 * starts with the three networks every engine has (`docker network ls`:
 * bridge, host, none).
 *
 * @example
 * const net = new NetworkBuilder();
 * const host1 = new DockerHost(net, { id: 'host1', lanAddress: '192.168.1.10/24', gateway: '192.168.1.1' });
 * host1.run('web', { network: 'bridge', publish: [{ hostPort: 8080, containerPort: 80 }], listen: [{ port: 80, process: 'nginx' }] });
 * const topology = net.build();
 */
export class DockerHost {
  readonly id: string;
  readonly label: string;
  readonly eth0: PhysicalInterface;
  readonly lanIp: Ipv4;
  readonly options: Required<DaemonOptions>;
  readonly networks = new Map<string, DockerNetwork>();
  readonly containers = new Map<string, Container>();
  readonly nameservers: Ipv4[];
  private readonly usedSubnets = new Set<string>();
  /** Rules each network's creation wrote (deleted with `docker network rm`). */
  private readonly networkRules = new Map<string, WrittenRule[]>();
  /** By `${container id}/${network}`. */
  private readonly endpointRecords = new Map<string, EndpointRecord>();
  /** The listeners each container's processes opened, by container id. */
  private readonly listeners = new Map<string, Socket[]>();
  /**
   * Names in each DNS zone, oldest first, by the endpoint that registered them: a name two
   * endpoints share (an alias) resolves to the newest one left when one of them goes.
   */
  private readonly dnsNames = new Map<string, { name: string; address: Ipv4; endpoint: string }[]>();
  /**
   * The next `ethN` of each container namespace: libnetwork's sandbox counts up and never
   * reuses a number (moby daemon/libnetwork/osl, AddInterface: `nextIfIndex[dstPrefix]++`),
   * so a container that leaves eth0's network and joins another gets eth1.
   */
  private readonly nextIfIndex = new Map<string, number>();
  /** How many networks of each name this daemon has created (seeds their ids). */
  private readonly networkGenerations = new Map<string, number>();
  /** How many containers this daemon has created (seeds their ids). */
  private created = 0;

  constructor(
    readonly net: NetworkBuilder,
    spec: DockerHostSpec,
  ) {
    this.id = spec.id;
    this.label = spec.label ?? spec.id;
    verifyDaemonOptions(spec.daemon ?? {});
    this.options = { icc: spec.daemon?.icc ?? true, userlandProxy: spec.daemon?.userlandProxy ?? true, iptables: spec.daemon?.iptables ?? true };
    // The host's resolv.conf is assumed to name the LAN router. (A host that uses a loopback
    // resolver such as systemd-resolved's 127.0.0.53 gets Docker's fallback 8.8.8.8/8.8.4.4
    // in containers instead, since a container cannot reach the host's loopback.)
    this.nameservers = spec.nameservers ?? (spec.gateway ? [spec.gateway] : []);
    net.addMachine(this.id, this.label, 'server');
    net.addNamespace({ id: this.id, label: this.label, role: 'root', machine: this.id });
    this.eth0 = net.addPhysical(this.id, 'eth0', { description: 'the host NIC on the LAN' });
    net.addAddress(this.eth0.id, spec.lanAddress);
    this.lanIp = spec.lanAddress.split('/')[0] ?? '';
    if (spec.gateway) net.addRoute(this.id, { destination: 'default', via: spec.gateway, dev: this.eth0.id });
    this.startDaemon();
  }

  /** What dockerd does at start-up before any network exists. */
  private startDaemon(): void {
    const ns = this.id;
    // Docker turns on forwarding (`--ip-forward`, default true) whatever `--iptables` says.
    this.net.setForwarding(ns, true);
    if (this.options.iptables) this.installDaemonRules();
    this.networks.set('host', { id: hexFromSeed(`${this.id}/net/host`, 64), name: 'host', driver: 'host', scope: 'local', internal: false, icc: true, dnsZone: '', nextHost: 0 });
    this.networks.set('none', { id: hexFromSeed(`${this.id}/net/none`, 64), name: 'none', driver: 'null', scope: 'local', internal: false, icc: true, dnsZone: '', nextHost: 0 });
    this.createBridge('bridge', { bridgeName: 'docker0', subnet: '172.17.0.0/16', icc: this.options.icc, builtin: true });
  }

  /**
   * The chains and jumps dockerd writes at start-up with `--iptables` (the default). Because it
   * turned forwarding on, it also sets the FORWARD policy to DROP so the host does not start
   * routing for everyone; with `--iptables=false` it leaves the policy alone
   * (moby daemon/libnetwork/drivers/bridge/setup_ip_forwarding.go, setFilterForwardDrop).
   */
  private installDaemonRules(): void {
    const ns = this.id;
    const { filter, nat } = ruleWriters(this);
    // https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-on-a-router
    this.net.setPolicy(ns, 'filter', 'FORWARD', 'DROP');
    for (const chain of ['DOCKER', 'DOCKER-BRIDGE', 'DOCKER-CT', 'DOCKER-FORWARD', 'DOCKER-INTERNAL', 'DOCKER-USER']) this.net.ensureChain(ns, 'filter', chain);
    // DOCKER-USER is for the administrator's own rules and runs first; Docker
    // never adds to it (≤ 27 it held a lone `-j RETURN`).
    filter('FORWARD', { match: {}, target: { kind: 'JUMP', chain: 'DOCKER-USER' } });
    filter('FORWARD', { match: {}, target: { kind: 'JUMP', chain: 'DOCKER-FORWARD' } });
    filter('DOCKER-FORWARD', { match: {}, target: { kind: 'JUMP', chain: 'DOCKER-CT' } });
    filter('DOCKER-FORWARD', { match: {}, target: { kind: 'JUMP', chain: 'DOCKER-INTERNAL' } });
    filter('DOCKER-FORWARD', { match: {}, target: { kind: 'JUMP', chain: 'DOCKER-BRIDGE' } });
    this.net.ensureChain(ns, 'nat', 'DOCKER');
    nat('PREROUTING', { match: { destinationTypeLocal: true }, target: { kind: 'JUMP', chain: 'DOCKER' } });
    // With the userland proxy, connections to 127.0.0.0/8 are left to docker-proxy;
    // without it, DNAT must catch them too (the rule loses its `! -d 127.0.0.0/8`).
    nat('OUTPUT', {
      match: { ...(this.options.userlandProxy ? { destination: { value: '127.0.0.0/8', negate: true } } : {}), destinationTypeLocal: true },
      target: { kind: 'JUMP', chain: 'DOCKER' },
    });
  }

  /**
   * A new network's id (64 hex, deterministic): a name used again after `docker network rm`
   * gets a new id, and so a new `br-<12 hex>` bridge, as Docker's random ids would.
   * @example host1.networkId('app')
   */
  private networkId(name: string): string {
    const generation = this.networkGenerations.get(name) ?? 0;
    this.networkGenerations.set(name, generation + 1);
    return hexFromSeed(generation === 0 ? `${this.id}/net/${name}` : `${this.id}/net/${name}/${generation}`, 64);
  }

  /**
   * The next free subnet from the default local pools.
   * @example host1.allocateLocalSubnet() // '172.18.0.0/16' after docker0
   */
  allocateLocalSubnet(): string {
    for (const pool of defaultLocalPools()) if (!this.usedSubnets.has(pool)) return pool;
    throw new Error(`${this.id}: the default address pools are exhausted`);
  }

  /**
   * `docker network ls`: names in creation order.
   * @example host1.networkLs() // ['host', 'none', 'bridge']
   */
  networkLs(): string[] {
    return [...this.networks.keys()];
  }

  /**
   * `docker network create -d bridge NAME`.
   * @example host1.createBridge('app', { internal: true })
   */
  createBridge(name: string, options: { subnet?: string; gateway?: Ipv4; bridgeName?: string; internal?: boolean; icc?: boolean; builtin?: boolean } = {}): BridgeNetwork {
    if (this.networks.has(name)) throw new Error(`Error response from daemon: network with name ${name} already exists`);
    const subnet = options.subnet ?? this.allocateLocalSubnet();
    this.usedSubnets.add(subnet);
    const id = this.networkId(name);
    const bridgeName = options.bridgeName ?? `br-${id.slice(0, 12)}`;
    const gateway = options.gateway ?? nthAddress(subnet, 1);
    const prefix = parseCidr(subnet).prefixLength;
    const internal = options.internal ?? false;
    const icc = options.icc ?? true;
    const bridge = this.net.addBridge(this.id, bridgeName, { description: options.builtin ? 'the default bridge network' : `bridge of network "${name}"` });
    this.net.addAddress(bridge.id, `${gateway}/${prefix}`);
    const network: BridgeNetwork = { id, name, driver: 'bridge', scope: 'local', subnet, gateway, internal, icc, bridge: bridge.id, dnsZone: options.builtin ? '' : `net:${id}`, nextHost: 2 };
    this.networks.set(name, network);
    // With --iptables=false the bridge gets no rules at all: no MASQUERADE (dockerd turns
    // --ip-masq off), no DOCKER-CT/BRIDGE/FORWARD, no isolation from other networks, and ICC
    // cannot be turned off per network (moby daemon/daemon_unix.go, verifyDaemonSettings;
    // drivers/bridge/internal/iptabler, which writes nothing when IPv4 is off).
    this.networkRules.set(name, this.options.iptables ? installBridgeRules(this, network, bridgeName) : []);
    // Without docker-proxy, route_localnet lets 127.0.0.1 DNATed to a container leave through the
    // bridge. It follows the hairpin setting, not --iptables (bridge_linux.go, setupLoopbackAddressesRouting).
    if (!this.options.userlandProxy && !internal) this.net.setRouteLocalnet(`${this.id}:${bridgeName}`);
    return network;
  }

  /**
   * `docker network create -d macvlan --subnet … --gateway … -o parent=eth0[.VID] [-o macvlan_mode=…] NAME`.
   * @example host1.createMacvlan('vlan10', { subnet: '192.168.10.0/24', gateway: '192.168.10.1', parent: 'eth0.10' })
   */
  createMacvlan(name: string, options: { subnet: string; gateway: Ipv4; parent: string; mode?: MacvlanMode }): MacvlanNetwork {
    const network: MacvlanNetwork = { ...this.parentedNetwork(name, options.subnet, options.gateway, options.parent), driver: 'macvlan', macvlanMode: options.mode ?? 'bridge' };
    this.networks.set(name, network);
    return network;
  }

  /**
   * `docker network create -d ipvlan --subnet … [--gateway …] -o parent=eth0[.VID] [-o ipvlan_mode=l2|l3] NAME`
   * (https://docs.docker.com/engine/network/drivers/ipvlan/). L2 is the default; its gateway
   * is the LAN router (the subnet's first address unless `--gateway` says otherwise). In L3
   * mode Docker gives each container `default dev eth0` and uses no gateway.
   * @example host1.createIpvlan('ipnet', { subnet: '192.168.50.0/24', parent: 'eth0', mode: 'l3' })
   */
  createIpvlan(name: string, options: { subnet: string; gateway?: Ipv4; parent: string; mode?: IpvlanMode }): IpvlanNetwork {
    const network: IpvlanNetwork = { ...this.parentedNetwork(name, options.subnet, options.gateway ?? nthAddress(options.subnet, 1), options.parent), driver: 'ipvlan', ipvlanMode: options.mode ?? 'l2' };
    this.networks.set(name, network);
    return network;
  }

  /** What a macvlan and an ipvlan network share: a name, a subnet on the LAN, a gateway there, a parent NIC (created when it is `eth0.VID`). */
  private parentedNetwork(name: string, subnet: string, gateway: Ipv4, parentName: string) {
    if (this.networks.has(name)) throw new Error(`Error response from daemon: network with name ${name} already exists`);
    const id = this.networkId(name);
    const { parent, createdParent } = this.parentInterface(name, parentName);
    return { id, name, scope: 'local' as const, subnet, gateway, internal: false, icc: true, parent: parent.id, createdParent, dnsZone: `net:${id}`, nextHost: 2 };
  }

  /**
   * The `-o parent=` interface of a macvlan or ipvlan network. A dotted parent that does not
   * exist yet (`eth0.10`): Docker creates the 802.1Q sub-interface and deletes it again with
   * the network (https://docs.docker.com/engine/network/drivers/macvlan/#8021q-trunk-bridge-mode,
   * and the same for ipvlan).
   */
  private parentInterface(network: string, name: string): { parent: NetInterface; createdParent: boolean } {
    const found = this.net.findInterface(this.id, name);
    if (found) return { parent: found, createdParent: false };
    const dotted = /^(.+)\.(\d+)$/.exec(name);
    if (!dotted) throw new Error(`Error response from daemon: -o parent interface was not found on the host: ${name}`);
    const lower = this.net.findInterface(this.id, dotted[1] ?? '');
    if (!lower) throw new Error(`Error response from daemon: -o parent interface was not found on the host: ${dotted[1]}`);
    const parent = this.net.addVlan(this.id, name, lower.id, Number(dotted[2]), { description: `created by Docker for network "${network}"` });
    return { parent, createdParent: true };
  }

  /**
   * Register an overlay network on this host (called by {@link OverlayNetwork}).
   * @example host1.registerOverlay(overlay.network)
   */
  registerOverlay(network: DockerNetwork): void {
    if (!this.networks.has(network.name)) this.networks.set(network.name, network);
  }

  /**
   * docker_gwbridge: the local bridge that gives overlay containers a way out (created with ICC off).
   * @example host1.gwbridge().subnet // '172.18.0.0/16' on a host with no other user network
   */
  gwbridge(): BridgeNetwork {
    const existing = this.networks.get('docker_gwbridge');
    return existing?.driver === 'bridge' ? existing : this.createBridge('docker_gwbridge', { bridgeName: 'docker_gwbridge', icc: false });
  }

  /**
   * The container with this name. @throws when there is none.
   * @example host1.container('web').endpoints[0]?.address
   */
  container(name: string): Container {
    const found = this.containers.get(name);
    if (!found) throw new Error(`Error response from daemon: No such container: ${name}`);
    return found;
  }

  private network(name: string): DockerNetwork {
    const found = this.networks.get(name);
    if (!found) throw new Error(`Error response from daemon: network ${name} not found`);
    return found;
  }

  /**
   * `docker run --name NAME --network MODE [-p …] IMAGE`.
   * @throws for impossible combinations Docker itself rejects (e.g. `-p` with `container:`).
   * @example host1.run('web', { network: 'app', publish: [{ hostPort: 8080, containerPort: 80 }], listen: [{ port: 80, process: 'nginx' }] })
   */
  run(name: string, options: RunOptions): Container {
    if (this.containers.has(name)) throw new Error(`Error response from daemon: Conflict. The container name "/${name}" is already in use`);
    const mode = options.network;
    const id = hexFromSeed(`${this.id}/container/${name}/${this.created++}`, 64);
    const container: Container = { id, name, host: this.id, namespace: '', networkMode: mode, endpoints: [], nameservers: [], warnings: [], failedListeners: [] };
    if (mode === 'host') {
      container.namespace = this.id;
      container.nameservers = this.nameservers;
      if (options.publish?.length) container.warnings.push('WARNING: Published ports are discarded when using host network mode');
    } else if (mode.startsWith('container:')) {
      const target = this.container(mode.slice('container:'.length));
      if (options.publish?.length) throw new Error('docker: Error response from daemon: conflicting options: port publishing and the container type network mode');
      container.namespace = target.namespace;
      container.nameservers = target.nameservers;
    } else {
      const nsId = `${this.id}/${name}`;
      this.net.addNamespace({ id: nsId, label: name, role: 'container', machine: this.id, netnsName: `${this.id}-${name}` });
      container.namespace = nsId;
      this.containers.set(name, container);
      if (mode !== 'none') this.connect(mode, name, { ...(options.ip ? { ip: options.ip } : {}), publish: options.publish ?? [] });
    }
    this.containers.set(name, container);
    const opened: Socket[] = [];
    this.listeners.set(container.id, opened);
    for (const listen of options.listen ?? []) {
      const socket: Socket = { protocol: listen.protocol ?? 'tcp', address: listen.address ?? '0.0.0.0', port: listen.port, process: listen.process };
      try {
        this.net.addSocket(container.namespace, socket);
        opened.push(socket);
      } catch (error) {
        container.failedListeners.push({ socket, error: (error as Error).message });
      }
    }
    return container;
  }

  /**
   * `docker network connect NETWORK CONTAINER` (also used by `run` for the first network).
   * @example host1.connect('app', 'tester')
   */
  connect(networkName: string, containerName: string, options: { ip?: Ipv4; publish?: PublishSpec[] } = {}): Endpoint {
    const network = this.network(networkName);
    const container = this.container(containerName);
    if (container.networkMode === 'host' || container.networkMode.startsWith('container:')) throw new Error(`Error response from daemon: container cannot be disconnected from host network or connected to host network`);
    if (container.endpoints.some((e) => e.network === networkName)) throw new Error(`Error response from daemon: endpoint with name ${containerName} already exists in network ${networkName}`);
    const index = this.nextIfIndex.get(container.namespace) ?? 0;
    const ifName = `eth${index}`;
    // An overlay endpoint brings a second interface (docker_gwbridge): two numbers.
    this.nextIfIndex.set(container.namespace, index + (network.driver === 'overlay' ? 2 : 1));
    const record: EndpointRecord = { id: hexFromSeed(`${container.id}/${networkName}/endpoint`, 64), rules: [], sockets: [] };
    this.endpointRecords.set(`${container.id}/${networkName}`, record);
    let endpoint: Endpoint;
    if (network.driver === 'bridge') endpoint = this.attachBridge(network, container, ifName, options.ip, record);
    else if (network.driver === 'macvlan') endpoint = this.attachMacvlan(network, container, ifName, options.ip);
    else if (network.driver === 'ipvlan') endpoint = this.attachIpvlan(network, container, ifName, options.ip);
    else if (network.driver === 'overlay') endpoint = network.overlay.attach(this.id, container, ifName, options.ip);
    else throw new Error(`Error response from daemon: cannot connect a container to network ${networkName} (${network.driver})`);
    container.endpoints.push(endpoint);
    this.selectGateway(container);
    if (network.dnsZone) {
      this.addDnsName(network.dnsZone, containerName, endpoint.address, `${container.id}/${networkName}`);
      this.ensureEmbeddedDns(container, network.dnsZone);
    } else if (container.nameservers.length === 0) {
      // Default bridge: no embedded DNS; resolv.conf is a copy of the host's.
      container.nameservers = this.nameservers;
    }
    for (const p of options.publish ?? []) {
      if (network.driver === 'overlay') {
        // A container on an overlay publishes through its docker_gwbridge interface.
        const gw = this.gwbridge();
        const gwEndpoint = container.endpoints.find((e) => e.network === gw.name);
        if (!gwEndpoint) throw new Error(`${containerName} has no docker_gwbridge endpoint to publish on`);
        const written = publishPort(this, gw, gwEndpoint, p);
        record.rules.push(...written.rules);
        record.sockets.push(...written.sockets);
      } else {
        const written = publishPort(this, network, endpoint, p);
        record.rules.push(...written.rules);
        record.sockets.push(...written.sockets);
      }
    }
    return endpoint;
  }

  /**
   * `--network-alias` / `docker network connect --alias`: one more name for the container's
   * address on that network (it goes when the endpoint does).
   * @example host1.addAlias('app', 'web', 'www')
   */
  addAlias(networkName: string, containerName: string, alias: string): void {
    const network = this.network(networkName);
    const container = this.container(containerName);
    const endpoint = container.endpoints.find((e) => e.network === networkName);
    if (!endpoint || !network.dnsZone) throw new Error('Error response from daemon: network-scoped alias is supported only for containers in user defined networks');
    this.addDnsName(network.dnsZone, alias, endpoint.address, `${container.id}/${networkName}`);
  }

  private addDnsName(zone: string, name: string, address: Ipv4, endpoint: string): void {
    let names = this.dnsNames.get(zone);
    if (!names) this.dnsNames.set(zone, (names = []));
    names.push({ name, address, endpoint });
    this.net.addDnsRecord(zone, name, address);
  }

  /** Drop the names an endpoint registered in a zone; a name another endpoint also holds now answers with that one. */
  private dropDnsNames(zone: string, endpoint: string): void {
    const names = this.dnsNames.get(zone) ?? [];
    const gone = names.filter((n) => n.endpoint === endpoint);
    const left = names.filter((n) => n.endpoint !== endpoint);
    this.dnsNames.set(zone, left);
    for (const { name } of gone) {
      const still = left.filter((n) => n.name === name).at(-1);
      if (still) this.net.addDnsRecord(zone, name, still.address);
      else this.net.deleteDnsRecord(zone, name);
    }
  }

  /**
   * `docker rm [-f] NAME`. Every container here is running, so without `force` this is
   * Docker's refusal. Removing it kills its processes (their sockets close) and releases its
   * network sandbox: each endpoint leaves its network (see {@link disconnect}) and the
   * namespace is deleted with everything in it. A container that joined this namespace with
   * `--network container:NAME` keeps its processes in it, and the kernel keeps a namespace
   * while a process is inside: it stays, with only `lo` left (and the joiner's sockets), as in
   * Docker, which lets the owner go (moby daemon/container_operations.go, releaseNetwork).
   * @throws `No such container`, the running-container refusal, or for overlay endpoints (not modelled).
   * @example host1.remove('web', { force: true })
   */
  remove(name: string, options: { force?: boolean } = {}): void {
    const container = this.container(name);
    if (!options.force) throw new Error(`Error response from daemon: cannot remove container "/${name}": container is running: stop the container before removing or force remove`);
    this.assertLeavable(container, container.endpoints);
    for (const socket of this.listeners.get(container.id) ?? []) this.net.removeSocket(container.namespace, socket);
    this.listeners.delete(container.id);
    this.containers.delete(name);
    const mode = container.networkMode;
    if (mode === 'host') return;
    for (const endpoint of [...container.endpoints]) this.leave(container, endpoint);
    const inUse = [...this.containers.values()].some((c) => c.namespace === container.namespace);
    if (inUse && !mode.startsWith('container:')) {
      // The owner's sandbox is gone (its resolver too); the joiners' processes hold the namespace.
      const ns = this.net.namespace(container.namespace);
      for (const socket of ns.sockets.filter((s) => s.address === EMBEDDED_DNS && s.dnsZones)) this.net.removeSocket(ns.id, socket);
      return;
    }
    // The last process of the namespace is gone (a joiner whose owner went before it takes it along).
    if (!inUse && this.net.hasNamespace(container.namespace)) {
      this.net.deleteNamespace(container.namespace);
      this.nextIfIndex.delete(container.namespace);
    }
  }

  /**
   * `docker network disconnect NETWORK CONTAINER`: the container's interface on that network
   * goes (a veth takes its host end with it), with its address (free again), its names in the
   * network's DNS, the rules written for it (direct-access DROP, published ports, docker-proxy)
   * and its routes; the default route is chosen again from the endpoints left.
   * @throws Docker's errors for an unknown network or container, or one not connected.
   * @example host1.disconnect('app', 'tester')
   */
  disconnect(networkName: string, containerName: string): void {
    const container = this.container(containerName);
    const network = this.network(networkName);
    if (container.networkMode === 'host' && network.driver === 'host') throw new Error('Error response from daemon: container cannot be disconnected from host network or connected to host network');
    // Docker gives a `--network none` container an endpoint on the null network; the model gives it none.
    if (container.networkMode === 'none' && network.driver === 'null') throw new Error(`docker network disconnect none ${containerName}: the endpoint on the none network is not modelled`);
    const endpoint = container.endpoints.find((e) => e.network === networkName);
    if (!endpoint) throw new Error(`Error response from daemon: container ${container.id} is not connected to network ${networkName}`);
    this.assertLeavable(container, [endpoint]);
    this.leave(container, endpoint);
  }

  /** Removal is modelled for local networks; an overlay endpoint and its docker_gwbridge half are not. */
  private assertLeavable(container: Container, endpoints: Endpoint[]): void {
    const overlay = container.endpoints.find((e) => this.networks.get(e.network)?.driver === 'overlay');
    if (overlay && endpoints.some((e) => e === overlay || e.network === 'docker_gwbridge')) throw new Error(`${container.name} is on the overlay network ${overlay.network}: taking an overlay endpoint away is not modelled yet`);
  }

  /** One endpoint leaves its network (see {@link disconnect}). */
  private leave(container: Container, endpoint: Endpoint): void {
    const key = `${container.id}/${endpoint.network}`;
    const record = this.endpointRecords.get(key);
    for (const { ns, table, chain, rule } of record?.rules ?? []) this.net.deleteRule(ns, table, chain, rule);
    for (const socket of record?.sockets ?? []) this.net.removeSocket(this.id, socket);
    this.endpointRecords.delete(key);
    const network = this.networks.get(endpoint.network);
    if (network?.dnsZone) {
      this.dropDnsNames(network.dnsZone, key);
      const ns = this.net.namespace(container.namespace);
      for (const s of ns.sockets) if (s.dnsZones) s.dnsZones = s.dnsZones.filter((z) => z !== network.dnsZone);
    }
    this.net.deleteInterface(endpoint.iface);
    if (network && 'allocated' in network) network.allocated?.delete(endpoint.address);
    container.endpoints = container.endpoints.filter((e) => e !== endpoint);
    this.selectGateway(container);
  }

  /**
   * `docker network rm NAME`: the bridge goes (`br-…`), with the rules written for it and its
   * DNS zone; its subnet can be used again. A macvlan or ipvlan network takes the VLAN
   * sub-interface Docker created for it. Wording from moby daemon/network.go (deleteNetwork)
   * and daemon/libnetwork/error.go (ActiveEndpointsError).
   * @throws for a predefined network, an unknown one, one with endpoints, or an overlay (not modelled).
   * @example host1.removeNetwork('app')
   */
  removeNetwork(name: string): void {
    if (PREDEFINED_NETWORKS.has(name)) throw new Error(`Error response from daemon: ${name} is a pre-defined network and cannot be removed`);
    const network = this.network(name);
    if (network.driver === 'overlay' || name === 'docker_gwbridge') throw new Error(`docker network rm ${name}: removing ${name === 'docker_gwbridge' ? 'docker_gwbridge (the overlays\' way out)' : 'an overlay network'} is not modelled yet`);
    const attached = [...this.containers.values()].filter((c) => c.endpoints.some((e) => e.network === name));
    if (attached.length) {
      const list = attached.map((c) => `name:"${c.name}" id:"${(this.endpointRecords.get(`${c.id}/${name}`)?.id ?? '').slice(0, 12)}"`).join(', ');
      throw new Error(`Error response from daemon: error while removing network: network ${name} has active endpoints (${list})`);
    }
    for (const { ns, table, chain, rule } of this.networkRules.get(name) ?? []) this.net.deleteRule(ns, table, chain, rule);
    this.networkRules.delete(name);
    if (network.driver === 'bridge') {
      this.net.deleteInterface(network.bridge);
      this.usedSubnets.delete(network.subnet);
    } else if ((network.driver === 'macvlan' || network.driver === 'ipvlan') && network.createdParent) this.net.deleteInterface(network.parent);
    if (network.dnsZone) {
      this.net.deleteDnsZone(network.dnsZone);
      this.dnsNames.delete(network.dnsZone);
    }
    this.networks.delete(name);
  }

  /**
   * Allocate the next address of a network (or check a requested one).
   * @example host1.allocateAddress(network) // '172.18.0.2', then '172.18.0.3' …
   */
  allocateAddress(network: AddressedNetwork, requested?: Ipv4): Ipv4 {
    const allocated = (network.allocated ??= new Set<Ipv4>());
    const reserved = new Set([network.gateway, ...Object.values(network.auxAddresses ?? {})]);
    if (requested) {
      // libnetwork's IPAM refuses an address outside the subnet or one already in use
      // (daemon/libnetwork/ipams/defaultipam, RequestAddress → ErrIPOutOfRange / ErrIPAlreadyAllocated).
      if (!cidrContains(network.subnet, requested)) throw new Error(`Error response from daemon: no configured subnet or ip-range contain the IP address ${requested}`);
      if (allocated.has(requested) || reserved.has(requested)) throw new Error('Error response from daemon: Address already in use');
      allocated.add(requested);
      return requested;
    }
    // IPAM hands out the lowest free address of the range (or subnet), skipping the gateway and
    // aux addresses (https://docs.docker.com/reference/cli/docker/network/create/#ip-range): so
    // .2, .3, … and, once a container has gone, its address again. Serial allocation ("the
    // address after the last one handed out") is an IPAM option, com.docker.network.ipam.serial,
    // that swarmkit sets for swarm networks; a local endpoint asks without it
    // (https://github.com/moby/moby/blob/master/daemon/libnetwork/network.go, createEndpoint:
    // ipamOptions holds only the endpoint name; ipams/defaultipam/address_space.go,
    // requestAddress: serial only when that option is "true"; else the first free bit).
    const { network: rangeStart, prefixLength } = parseCidr(network.ipRange ?? network.subnet);
    const size = 2 ** (32 - prefixLength);
    const subnet = parseCidr(network.subnet);
    const subnetBase = subnet.network;
    const subnetLast = subnetBase + 2 ** (32 - subnet.prefixLength) - 1;
    const first = Math.max(rangeStart, subnetBase + 1);
    for (let candidate = first; candidate < Math.min(rangeStart + size, subnetLast); candidate++) {
      const address = intToIp(candidate);
      if (allocated.has(address) || reserved.has(address)) continue;
      allocated.add(address);
      return address;
    }
    throw new Error(`Error response from daemon: no available IPv4 addresses on this network's address pools: ${network.name}`);
  }

  private attachBridge(network: BridgeNetwork, container: Container, ifName: string, ip: Ipv4 | undefined, record: EndpointRecord): Endpoint {
    const bridge = this.net.iface(network.bridge);
    const address = this.allocateAddress(network, ip);
    const prefix = parseCidr(network.subnet).prefixLength;
    const hostEnd = `veth${hexFromSeed(`${container.namespace}/${network.name}`, 7)}`;
    const [host, inner] = this.net.addVethPair(this.id, hostEnd, container.namespace, ifName, {
      a: { description: `host end of ${container.name}'s veth pair` },
      b: { description: `${container.name}'s interface on ${network.name}` },
    });
    // Without docker-proxy, a container reaching its own published port is DNATed back to
    // itself, out of the port the frame came in on: Docker turns on hairpin mode for every
    // bridge port (moby daemon/libnetwork/drivers/bridge/bridge_linux.go, setHairpinMode).
    this.net.setMaster(host.id, bridge.id, { hairpin: !this.options.userlandProxy });
    this.net.addAddress(inner.id, `${address}/${prefix}`);
    record.rules.push(...this.protectDirectAccess(network, address));
    return { network: network.name, iface: inner.id, address, mac: inner.mac, hostIface: host.id };
  }

  /**
   * raw PREROUTING: only the container's own bridge may send to its address
   * (`-A PREROUTING -d <ip>/32 ! -i <bridge> -j DROP`). Since Engine 28.2.0 Docker adds
   * it for every endpoint that joins a non-internal bridge network, published or not
   * (moby daemon/libnetwork/drivers/bridge/internal/iptabler/endpoint.go, AddEndpoint →
   * filterDirectAccess; 28.0.0 had a per-port form added with each published port).
   * @example host1.protectDirectAccess(host1.networks.get('bridge')!, '172.17.0.3')
   */
  protectDirectAccess(network: DockerNetwork, address: Ipv4): WrittenRule[] {
    if (network.driver !== 'bridge' || network.internal || !this.options.iptables) return [];
    const br = this.net.iface(network.bridge).name;
    const written: WrittenRule[] = [];
    ruleWriters(this, written).raw('PREROUTING', { match: { destination: { value: address }, inInterface: { value: br, negate: true } }, target: { kind: 'DROP' } });
    return written;
  }

  private attachMacvlan(network: MacvlanNetwork, container: Container, ifName: string, ip?: Ipv4): Endpoint {
    const address = this.allocateAddress(network, ip);
    const prefix = parseCidr(network.subnet).prefixLength;
    const iface = this.net.addMacvlan(container.namespace, ifName, network.parent, network.macvlanMode, { description: `${container.name}'s macvlan on ${network.name}` });
    this.net.addAddress(iface.id, `${address}/${prefix}`);
    return { network: network.name, iface: iface.id, address, mac: iface.mac };
  }

  private attachIpvlan(network: IpvlanNetwork, container: Container, ifName: string, ip?: Ipv4): Endpoint {
    const address = this.allocateAddress(network, ip);
    const prefix = parseCidr(network.subnet).prefixLength;
    const iface = this.net.addIpvlan(container.namespace, ifName, network.parent, network.ipvlanMode, { description: `${container.name}'s ipvlan (${network.ipvlanMode.toUpperCase()}) on ${network.name}` });
    this.net.addAddress(iface.id, `${address}/${prefix}`);
    return { network: network.name, iface: iface.id, address, mac: iface.mac };
  }

  /**
   * The default route an endpoint offers its container: none on an --internal bridge or an
   * overlay (overlay containers leave through their docker_gwbridge endpoint); a route through
   * the device itself, with no gateway, on an ipvlan L3 network; else via the network's gateway.
   */
  private endpointGateway(endpoint: Endpoint): { via?: Ipv4 } | undefined {
    const network = this.networks.get(endpoint.network);
    if (!network || network.internal || network.driver === 'overlay') return undefined;
    // ipvlan L3: a connected default route through the device, no gateway
    // (moby daemon/libnetwork/drivers/ipvlan/ipvlan_joinleave.go, Join).
    if (network.driver === 'ipvlan' && network.ipvlanMode === 'l3') return {};
    return 'gateway' in network ? { via: network.gateway } : undefined;
  }

  /**
   * Re-select the container's default route, as libnetwork does on every join: the endpoints
   * are sorted by Endpoint.Less — gw-priority (not modelled: all 0), then not docker_gwbridge,
   * then not internal, then network name — and the first with a gateway gives the default
   * route (moby daemon/libnetwork/sandbox.go). So `docker network connect app tester` moves
   * tester's default route to app's gateway when "app" sorts before tester's first network.
   * @example host1.selectGateway(host1.container('tester'))
   */
  selectGateway(container: Container): void {
    const rank = (e: Endpoint): [number, number, string] => [e.network === 'docker_gwbridge' ? 1 : 0, this.networks.get(e.network)?.internal ? 1 : 0, e.network];
    const sorted = [...container.endpoints].sort((x, y) => {
      const [a, b] = [rank(x), rank(y)];
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    const chosen = sorted.find((e) => this.endpointGateway(e));
    this.net.deleteRoute(container.namespace, 'default');
    const gateway = chosen && this.endpointGateway(chosen);
    if (chosen && gateway) this.net.addRoute(container.namespace, { destination: 'default', ...gateway, dev: chosen.iface });
  }

  /**
   * Whether a container namespace has a default route (see {@link DockerHost.selectGateway}).
   * @example host1.hasDefaultRoute('host1/web') // true after `run('web', { network: 'bridge' })`
   */
  hasDefaultRoute(nsId: string): boolean {
    return this.net.namespace(nsId).routes.some((r) => r.destination === 'default');
  }

  /**
   * Docker's embedded DNS: dockerd listens inside the container's namespace on
   * 127.0.0.11 at random ports and DNATs port 53 to them
   * (https://docs.docker.com/engine/network/#dns-services).
   */
  private ensureEmbeddedDns(container: Container, zone: string): void {
    const ns = this.net.namespace(container.namespace);
    const existing = ns.sockets.find((s) => s.address === EMBEDDED_DNS && s.dnsZones);
    if (existing) {
      if (!existing.dnsZones?.includes(zone)) existing.dnsZones?.push(zone);
      for (const s of ns.sockets) if (s.address === EMBEDDED_DNS && s.dnsZones && s !== existing && !s.dnsZones.includes(zone)) s.dnsZones.push(zone);
      return;
    }
    const udpPort = 32768 + (parseInt(hexFromSeed(`${container.namespace}/dns/udp`, 4), 16) % 28000);
    const tcpPort = 32768 + (parseInt(hexFromSeed(`${container.namespace}/dns/tcp`, 4), 16) % 28000);
    const id = container.namespace;
    const dns = { value: EMBEDDED_DNS };
    this.net.appendRule(id, 'nat', 'OUTPUT', { match: { destination: dns }, target: { kind: 'JUMP', chain: 'DOCKER_OUTPUT' } });
    this.net.appendRule(id, 'nat', 'POSTROUTING', { match: { destination: dns }, target: { kind: 'JUMP', chain: 'DOCKER_POSTROUTING' } });
    this.net.appendRule(id, 'nat', 'DOCKER_OUTPUT', { match: { destination: dns, protocol: 'tcp', destinationPort: 53 }, target: { kind: 'DNAT', toAddress: EMBEDDED_DNS, toPort: tcpPort } });
    this.net.appendRule(id, 'nat', 'DOCKER_OUTPUT', { match: { destination: dns, protocol: 'udp', destinationPort: 53 }, target: { kind: 'DNAT', toAddress: EMBEDDED_DNS, toPort: udpPort } });
    this.net.appendRule(id, 'nat', 'DOCKER_POSTROUTING', { match: { source: dns, protocol: 'tcp', sourcePort: tcpPort }, target: { kind: 'SNAT', toPort: 53 } });
    this.net.appendRule(id, 'nat', 'DOCKER_POSTROUTING', { match: { source: dns, protocol: 'udp', sourcePort: udpPort }, target: { kind: 'SNAT', toPort: 53 } });
    this.net.addSocket(id, { protocol: 'udp', address: EMBEDDED_DNS, port: udpPort, process: 'dockerd (embedded DNS)', dnsZones: [zone] });
    this.net.addSocket(id, { protocol: 'tcp', address: EMBEDDED_DNS, port: tcpPort, process: 'dockerd (embedded DNS)', dnsZones: [zone] });
    container.nameservers = [EMBEDDED_DNS];
  }

}

/** Re-exported for convenience in labs. */
export { intToIp };
