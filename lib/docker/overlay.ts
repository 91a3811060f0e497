/**
 * Docker's overlay driver: one VXLAN segment per network, stretched across hosts.
 *
 * On every host that has a container on the network, Docker creates a
 * namespace for the network (named `1-<network id>` under /var/run/docker/netns)
 * holding a bridge `br0` (which carries the subnet's gateway address) and a
 * VXLAN device `vxlan0`. The VXLAN device is created in the host namespace
 * and moved in, so its UDP socket — and the outer packets — stay in the host
 * namespace. Containers get `eth0` on the overlay (MTU 1450: 1500 minus 50
 * bytes of outer Ethernet + IP + UDP + VXLAN headers) and `eth1` on the local
 * `docker_gwbridge`, which is their default route to everything else.
 * See https://docs.docker.com/engine/network/drivers/overlay/ and
 * https://docs.docker.com/engine/network/tutorials/overlay/.
 *
 * The control plane decides how each `vxlan0` learns where remote MACs live.
 * Docker installs static FDB entries (MAC → remote VTEP) and permanent ARP
 * entries, and `vxlan0` answers ARP from them (proxy ARP), so no broadcast
 * ever crosses the tunnel:
 *  - `kv-store` (Docker 1.9 – 1.12 era): daemons started with
 *    `--cluster-store=consul://…` and `--cluster-advertise=eth0:2376` kept
 *    networks and endpoints in an external key-value store (Consul, etcd or
 *    ZooKeeper) and told each other about endpoints with Serf; that driver
 *    allocated VNIs from 256 (libnetwork drivers/overlay, `vxlanIDStart = 256`).
 *    Removed in Engine 23.0. Swarm's allocator starts at 4096 so VNIs never
 *    overlap 802.1Q VLAN ids (libnetwork drivers/overlay/ovmanager).
 *  - `swarm` (today): managers agree on networks through Raft (2377/tcp) and
 *    every node gossips endpoint records through NetworkDB over memberlist
 *    (7946/tcp+udp). https://docs.docker.com/engine/swarm/networking/
 */
import { hexFromSeed, nthAddress, parseCidr, type Ipv4, type NetInterface } from '@/lib/netsim';
import type { DockerHost } from './daemon';
import type { Container, Endpoint, OverlayDriver, OverlayNetworkRecord } from './types';

/** How VXLAN forwarding entries are distributed. */
export type ControlPlane = 'swarm' | 'kv-store';

/** Options of `docker network create -d overlay`. */
export interface OverlayOptions {
  /** Defaults to the next /24 of the swarm pool 10.0.0.0/8 (10.0.0.0/24 belongs to `ingress`). */
  subnet?: string;
  /** VNI; swarm allocates from 4096 (4096 is `ingress`), the 1.9-era driver started at 256. */
  vni?: number;
  controlPlane?: ControlPlane;
  /**
   * `--opt encrypted`: IPsec ESP between hosts (swarm mode only). Docker also installs
   * iptables rules (u32 + policy matches) that drop unencrypted VXLAN packets for an
   * encrypted VNI; the model does not include those matches.
   */
  encrypted?: boolean;
}

interface HostState {
  host: DockerHost;
  sandbox: string;
  br0: NetInterface;
  vxlan0: NetInterface;
}

const VXLAN_PORT = 4789;

/** 1500 minus 50 bytes of VXLAN encapsulation (inner Ethernet 14 + outer IPv4 20 + UDP 8 + VXLAN 8). */
const OVERLAY_MTU = 1450;
/**
 * With `--opt encrypted` the driver also leaves room for ESP (26 bytes) and rounds
 * down to a multiple of 4: 1424 (moby libnetwork drivers/overlay encryption.go, maxMTU).
 */
const ENCRYPTED_OVERLAY_MTU = 1424;

/**
 * The overlay driver derives a container's MAC from its IP when none is given
 * (`netutils.GenerateMACFromIP`: 02:42 followed by the four address bytes), unlike
 * the bridge and macvlan drivers, which use random MACs since Engine 28.
 * moby daemon/libnetwork/drivers/overlay/ov_endpoint.go, CreateEndpoint.
 */
export function macFromIp(address: Ipv4): string {
  return ['02', '42', ...address.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0'))].join(':');
}

/**
 * On a swarm node the ingress sandbox joins docker_gwbridge first and holds its
 * first address (172.18.0.2 in the swarm-portmap reference dump: `DNAT
 * --to-destination 172.18.0.2:8080`), so containers on the node start at .3.
 */
const hostsWithIngressSandbox = new WeakSet<DockerHost>();

/**
 * An overlay network spanning several Docker hosts.
 *
 * @example
 * const ov = OverlayNetwork.create([host1, host2], 'ov', { controlPlane: 'swarm' });
 * host1.run('c1', { network: 'ov' });
 * host2.run('c2', { network: 'ov', listen: [{ port: 80, process: 'nginx' }] });
 */
export class OverlayNetwork implements OverlayDriver {
  readonly network: OverlayNetworkRecord;
  readonly controlPlane: ControlPlane;
  readonly encrypted: boolean;
  readonly vni: number;
  private readonly states = new Map<string, HostState>();
  private readonly endpoints: { host: string; mac: string; address: Ipv4 }[] = [];

  private constructor(
    readonly hosts: DockerHost[],
    name: string,
    options: OverlayOptions,
  ) {
    this.controlPlane = options.controlPlane ?? 'swarm';
    // Encryption is a swarm-mode feature; with the old cluster store the option did nothing.
    this.encrypted = (options.encrypted ?? false) && this.controlPlane === 'swarm';
    this.vni = options.vni ?? (this.controlPlane === 'swarm' ? 4097 : 256);
    const subnet = options.subnet ?? '10.0.1.0/24';
    const id = hexFromSeed(`overlay/${name}`, 25);
    this.network = {
      id,
      name,
      driver: 'overlay',
      scope: 'swarm',
      subnet,
      gateway: nthAddress(subnet, 1),
      internal: false,
      icc: true,
      overlay: this,
      dnsZone: `net:${id}`,
      nextHost: 2,
    };
    for (const host of hosts) host.registerOverlay(this.network);
  }

  /**
   * `docker network create -d overlay --attachable NAME` on a cluster of hosts.
   * @example OverlayNetwork.create([host1, host2], 'ov', { controlPlane: 'kv-store' })
   */
  static create(hosts: DockerHost[], name: string, options: OverlayOptions = {}): OverlayNetwork {
    if (hosts.length === 0) throw new Error('an overlay network needs at least one host');
    return new OverlayNetwork(hosts, name, options);
  }

  /**
   * A node that joins the cluster after the network was created (`docker swarm join`) sees it too.
   * @example overlay.addHost(host2)
   */
  addHost(host: DockerHost): void {
    if (!this.hosts.includes(host)) this.hosts.push(host);
    host.registerOverlay(this.network);
  }

  /** The MTU of every interface on the overlay. */
  get mtu(): number {
    return this.encrypted ? ENCRYPTED_OVERLAY_MTU : OVERLAY_MTU;
  }

  /** Where the forwarding entries came from, for captions. */
  get source(): string {
    return this.controlPlane === 'swarm' ? 'swarm gossip (NetworkDB over memberlist, 7946/tcp+udp)' : 'the external key-value store (--cluster-store)';
  }

  /** The per-host namespace with br0 and vxlan0, created on first use. */
  private ensureHost(host: DockerHost): HostState {
    const existing = this.states.get(host.id);
    if (existing) return existing;
    const net = host.net;
    const sandbox = `${host.id}/ov-${this.network.name}`;
    net.addNamespace({ id: sandbox, label: `${host.label} 1-${this.network.id.slice(0, 10)} (overlay ${this.network.name})`, role: 'sandbox', machine: host.id, netnsName: `${host.id}-ov-${this.network.name}`.slice(0, 40) });
    if (this.controlPlane === 'swarm' && !hostsWithIngressSandbox.has(host)) {
      hostsWithIngressSandbox.add(host);
      host.allocateAddress(host.gwbridge());
    }
    const br0 = net.addBridge(sandbox, 'br0', { mtu: this.mtu, description: `bridge of overlay ${this.network.name} on ${host.label}` });
    net.addAddress(br0.id, `${this.network.gateway}/${parseCidr(this.network.subnet).prefixLength}`);
    const vxlan0 = net.addVxlan(sandbox, 'vxlan0', { vni: this.vni, dstPort: VXLAN_PORT, local: host.lanIp, underlayNamespace: host.id, proxyArp: true, learning: true }, { mtu: this.mtu, description: `VTEP for VNI ${this.vni}` });
    net.setMaster(vxlan0.id, br0.id);
    const state: HostState = { host, sandbox, br0, vxlan0 };
    // Tell the new host about endpoints that already exist elsewhere.
    for (const e of this.endpoints) if (e.host !== host.id) this.program(state, e);
    if (this.encrypted) {
      for (const other of this.states.values()) {
        const there = other.host;
        const spi = (from: DockerHost, to: DockerHost) => `0x${hexFromSeed(`spi:${this.network.id}:${from.id}>${to.id}`, 8)}`;
        net.addXfrm(host.id, { local: host.lanIp, remote: there.lanIp, protocol: 'udp', port: VXLAN_PORT, spiOut: spi(host, there), spiIn: spi(there, host) });
        net.addXfrm(there.id, { local: there.lanIp, remote: host.lanIp, protocol: 'udp', port: VXLAN_PORT, spiOut: spi(there, host), spiIn: spi(host, there) });
      }
    }
    this.states.set(host.id, state);
    return state;
  }

  /** Install the forwarding entry and ARP entry for a remote endpoint on one host. */
  private program(state: HostState, endpoint: { host: string; mac: string; address: Ipv4 }): void {
    const remote = this.hosts.find((h) => h.id === endpoint.host);
    if (!remote || !state.vxlan0.vxlan) return;
    state.vxlan0.vxlan.fdb.push({ mac: endpoint.mac, remote: remote.lanIp, source: this.source });
    state.host.net.addNeighbour(state.sandbox, { address: endpoint.address, mac: endpoint.mac, dev: state.vxlan0.id, source: this.source });
  }

  /**
   * Connect a container on `host` (called through `DockerHost.connect`).
   * @example overlay.attach('host1', container, 'eth0') // normally via host1.run('c1', { network: 'ov' })
   */
  attach(hostId: string, container: Container, ifName: string, ip?: Ipv4): Endpoint {
    const host = this.hosts.find((h) => h.id === hostId);
    if (!host) throw new Error(`${hostId} is not part of the cluster of overlay ${this.network.name}`);
    const state = this.ensureHost(host);
    const net = host.net;
    const address = ip ?? nthAddress(this.network.subnet, this.network.nextHost++);
    const prefix = parseCidr(this.network.subnet).prefixLength;
    const [sandboxEnd, inner] = net.addVethPair(state.sandbox, `veth${hexFromSeed(`${container.namespace}/${this.network.name}`, 7)}`, container.namespace, ifName, {
      a: { mtu: this.mtu, description: `${container.name}'s port on br0` },
      b: { mtu: this.mtu, mac: macFromIp(address), description: `${container.name}'s interface on overlay ${this.network.name}` },
    });
    net.setMaster(sandboxEnd.id, state.br0.id);
    net.addAddress(inner.id, `${address}/${prefix}`);
    // The way out: a second interface on docker_gwbridge, which carries the default route.
    const gw = host.gwbridge();
    const gwAddress = host.allocateAddress(gw);
    const gwPrefix = parseCidr(gw.subnet).prefixLength;
    const [hostEnd, eth1] = net.addVethPair(host.id, `veth${hexFromSeed(`${container.namespace}/docker_gwbridge`, 7)}`, container.namespace, `eth${Number(ifName.slice(3)) + 1}`, {
      a: { description: `host end of ${container.name}'s docker_gwbridge veth` },
      b: { description: `${container.name}'s interface on docker_gwbridge` },
    });
    net.setMaster(hostEnd.id, gw.bridge, { hairpin: !host.options.userlandProxy });
    net.addAddress(eth1.id, `${gwAddress}/${gwPrefix}`);
    host.protectDirectAccess(gw, gwAddress);
    // The default route is chosen by DockerHost.selectGateway once the overlay endpoint joins:
    // the overlay gives no gateway, so unless another network sorts first it is docker_gwbridge's.
    container.endpoints.push({ network: gw.name, iface: eth1.id, address: gwAddress, mac: eth1.mac, hostIface: hostEnd.id });
    // The control plane announces the endpoint; every other host programs vxlan0.
    const announced = { host: host.id, mac: inner.mac, address };
    this.endpoints.push(announced);
    for (const other of this.states.values()) if (other.host.id !== host.id) this.program(other, announced);
    return { network: this.network.name, iface: inner.id, address, mac: inner.mac, hostIface: sandboxEnd.id };
  }
}
