/**
 * The shapes `lib/docker` works with: the daemon's options, the networks (one variant per
 * driver), and containers with their endpoints.
 */
import type { IpvlanMode, Ipv4, MacvlanMode, Socket } from '@/lib/netsim';

/** dockerd flags that change networking. */
export interface DaemonOptions {
  /** `--icc` for the default bridge (default true). */
  icc?: boolean;
  /** `--userland-proxy` (default true): docker-proxy relays connections a DNAT rule cannot catch. */
  userlandProxy?: boolean;
  /**
   * `--iptables` (default true). With `--iptables=false` dockerd writes no iptables rules in the
   * host namespace: no DOCKER chains, no FORWARD DROP policy, no MASQUERADE, no DNAT for `-p`
   * (docker-proxy still relays published ports), no isolation between networks. The embedded
   * DNS server's NAT rules inside container namespaces are still written
   * (https://docs.docker.com/engine/network/firewall-iptables/).
   */
  iptables?: boolean;
}

/** How a Docker host is plugged into the LAN. */
export interface DockerHostSpec {
  /** Machine and root-namespace id, e.g. `"host1"`. */
  id: string;
  label?: string;
  /** LAN address of eth0 with prefix, e.g. `"192.168.1.10/24"`. */
  lanAddress: string;
  /** Default gateway on the LAN, e.g. `"192.168.1.1"`. */
  gateway?: Ipv4;
  /** The host's resolvers (copied into containers on the default bridge). */
  nameservers?: Ipv4[];
  daemon?: DaemonOptions;
}

/** What every Docker network has, as `docker network inspect` would describe it. */
interface NetworkBase {
  /** 64 hex characters (deterministic here). */
  id: string;
  name: string;
  scope: 'local' | 'swarm';
  internal: boolean;
  icc: boolean;
  /** DNS zone id holding this network's container names. */
  dnsZone: string;
  nextHost: number;
}

/** A network with addresses: its subnet and the gateway it offers containers. */
export interface AddressedNetwork extends NetworkBase {
  subnet: string;
  gateway: Ipv4;
  /** `--ip-range`: automatic addresses come only from this sub-range of the subnet. */
  ipRange?: string;
  /** `--aux-address name=IP`: addresses IPAM must never hand out (by name, as in `docker network inspect`). */
  auxAddresses?: Record<string, Ipv4>;
  /** Addresses already given to endpoints (so a requested `--ip` cannot be taken twice). */
  allocated?: Set<Ipv4>;
}

/** `-d bridge`: a Linux bridge on the host (`docker0`, `br-<12 hex>`). */
export interface BridgeNetwork extends AddressedNetwork {
  driver: 'bridge';
  /** The bridge interface id. */
  bridge: string;
}

/** `-d macvlan`: children of a parent interface. */
export interface MacvlanNetwork extends AddressedNetwork {
  driver: 'macvlan';
  /** The parent interface id (a VLAN sub-interface for a dotted parent). */
  parent: string;
  macvlanMode: MacvlanMode;
  /** Whether Docker created the parent VLAN sub-interface (and will delete it with the network). */
  createdParent: boolean;
}

/**
 * `-d ipvlan`: children of a parent interface that share its MAC address
 * (https://docs.docker.com/engine/network/drivers/ipvlan/). In L3 mode the
 * containers' default route is the device itself (`default dev eth0`): `gateway`
 * is not used.
 */
export interface IpvlanNetwork extends AddressedNetwork {
  driver: 'ipvlan';
  /** The parent interface id (a VLAN sub-interface for a dotted parent). */
  parent: string;
  ipvlanMode: IpvlanMode;
  /** Whether Docker created the parent VLAN sub-interface (and will delete it with the network). */
  createdParent: boolean;
}

/** What a host asks of the overlay network a container joins (the `OverlayNetwork`). */
export interface OverlayDriver {
  /** Connect a container on the host `hostId` of the overlay's cluster. */
  attach(hostId: string, container: Container, ifName: string, ip?: Ipv4): Endpoint;
}

/** `-d overlay`: a VXLAN segment across the hosts of a cluster. */
export interface OverlayNetworkRecord extends AddressedNetwork {
  driver: 'overlay';
  overlay: OverlayDriver;
}

/** The `host` and `none` networks every daemon has. */
export interface BuiltinNetwork extends NetworkBase {
  driver: 'host' | 'null';
}

/** A Docker network, discriminated by its driver. */
export type DockerNetwork = BridgeNetwork | MacvlanNetwork | IpvlanNetwork | OverlayNetworkRecord | BuiltinNetwork;

/** `-p [hostIp:]hostPort:containerPort[/proto]`. */
export interface PublishSpec {
  hostIp?: Ipv4;
  hostPort: number;
  containerPort: number;
  protocol?: 'tcp' | 'udp';
}

/** A server process the container runs. */
export interface ListenSpec {
  protocol?: 'tcp' | 'udp';
  port: number;
  process: string;
  address?: Ipv4;
}

/** `docker run` options that matter for networking. */
export interface RunOptions {
  /** `bridge` | `host` | `none` | `container:<name>` | a network name. */
  network: string;
  publish?: PublishSpec[];
  /** `--ip`. */
  ip?: Ipv4;
  listen?: ListenSpec[];
}

/** A container's attachment to one network. */
export interface Endpoint {
  network: string;
  /** Container-side interface id. */
  iface: string;
  address: Ipv4;
  mac: string;
  /** Host-side veth id, when there is one. */
  hostIface?: string;
}

/** A running container. */
export interface Container {
  /** 64 hex characters, as `docker inspect` shows (deterministic here). */
  id: string;
  name: string;
  host: string;
  /** Namespace id the container's processes use (the host's for `--network host`). */
  namespace: string;
  networkMode: string;
  endpoints: Endpoint[];
  /** Nameservers in the container's /etc/resolv.conf. */
  nameservers: Ipv4[];
  /** What `docker run` printed as warnings (e.g. published ports discarded in host mode). */
  warnings: string[];
  /** Listeners that failed to bind (their process exited). */
  failedListeners: { socket: Socket; error: string }[];
}
