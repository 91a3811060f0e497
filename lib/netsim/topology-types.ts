/**
 * The topology half of the data model of `lib/netsim` (`types.ts` gathers both halves): the
 * Linux network namespaces, interfaces, routes and iptables rules a walk goes through.
 *
 * Everything here is plain, JSON-serialisable data. The diagram (`lib/diagram`),
 * the hop list, the tests and the real-kernel check all read these shapes, so
 * every namespace, interface and link has a stable string id that does not
 * change between two builds of the same lab with the same options.
 *
 * This module knows nothing about containers: it models what Linux does.
 */

/** Dotted-quad IPv4 address, e.g. `"172.17.0.2"`. */
export type Ipv4 = string;
/** Lower-case colon-separated MAC address, e.g. `"6a:1f:03:9c:e2:41"`. */
export type Mac = string;

/** Where a namespace lives, used by the diagram to group namespaces into boxes. */
export type MachineKind = 'server' | 'lan-host' | 'router' | 'switch' | 'internet';

/** A physical (or virtual) machine: a box in the diagram holding namespaces. */
export interface Machine {
  /** Stable id, e.g. `"host1"`. */
  id: string;
  label: string;
  kind: MachineKind;
  /** Ids of the namespaces inside this machine, root namespace first. */
  namespaces: string[];
}

/** What a namespace is for; only used for drawing and captions. */
export type NamespaceRole = 'root' | 'container' | 'sandbox' | 'lan-host' | 'router' | 'internet' | 'switch';

/** An IPv4 address with its prefix length as configured on an interface (`ip addr`). */
export interface InterfaceAddress {
  address: Ipv4;
  prefixLength: number;
}

/** Interface kinds the model knows, named after `ip link add … type <kind>`. */
export type InterfaceKind = 'loopback' | 'physical' | 'veth' | 'bridge' | 'vxlan' | 'macvlan' | 'ipvlan' | 'vlan';

/**
 * macvlan modes, as in `ip-link(8)` "MACVLAN and MACVTAP Type Support"
 * (https://man7.org/linux/man-pages/man8/ip-link.8.html).
 */
export type MacvlanMode = 'bridge' | 'private' | 'vepa' | 'passthru';

/**
 * ipvlan modes (https://docs.kernel.org/networking/ipvlan.html): `l2`, the children do ARP
 * themselves through the parent; `l3`, the parent routes for them (no ARP, no broadcast).
 * The mode belongs to the parent (the driver's port), so every child of a parent has the same.
 */
export type IpvlanMode = 'l2' | 'l3';

/** 802.1Q membership of a port of a VLAN-filtering bridge (`bridge vlan add`). */
export interface BridgePortVlans {
  /** VLAN that untagged ingress frames are put in; undefined = untagged frames are dropped. */
  pvid?: number;
  /** VLANs this port is a member of; frames of these VLANs leave it tagged, except those listed in `untagged`. */
  vids: number[];
  /** VLANs whose frames leave this port without a tag. */
  untagged: number[];
}

/** A static entry in a VXLAN device's forwarding database (`bridge fdb append … dev vxlan0 dst <ip>`). */
export interface VxlanFdbEntry {
  /** Inner destination MAC; `00:00:00:00:00:00` is the default (flood) entry. */
  mac: Mac;
  /** Underlay address of the remote VTEP. */
  remote: Ipv4;
  /** Who installed the entry, for captions (e.g. "swarm gossip (NetworkDB)"). */
  source: string;
}

/** VXLAN device parameters (`ip link add vxlan0 type vxlan id … dstport … local …`). */
export interface VxlanConfig {
  vni: number;
  /** UDP destination port; 4789 is the IANA port (https://www.rfc-editor.org/rfc/rfc7348). */
  dstPort: number;
  /** Local underlay address the VTEP sends from. */
  local: Ipv4;
  /**
   * Namespace whose routing table and UDP socket carry the outer packets. A VXLAN
   * device created in one namespace and moved to another keeps its socket in the
   * first (the "link-netns").
   */
  underlayNamespace: string;
  /** Answer ARP requests from the namespace's neighbour table instead of flooding them (`proxy`). */
  proxyArp: boolean;
  /** Dynamic learning of remote MACs from received packets (`learning` / `nolearning`). */
  learning: boolean;
  fdb: VxlanFdbEntry[];
}

/**
 * What every interface has, whatever its kind. The fields only some kinds have are declared
 * `?: never` here and given a type by their kind's variant below, so reading `iface.parent`
 * on any interface compiles (it is `undefined` where the kind has none), and after a check
 * of `iface.kind` the compiler knows a macvlan has a parent.
 */
interface InterfaceBase {
  /** Stable id: `<namespace id>:<name>`, e.g. `"host1:br0"`. */
  id: string;
  namespace: string;
  /** Kernel name (≤ 15 characters, IFNAMSIZ). */
  name: string;
  mac: Mac;
  mtu: number;
  addresses: InterfaceAddress[];
  /** The bridge this interface is a port of (`ip link set X master B`). */
  master?: string;
  /** Port of a VLAN-filtering bridge: its VLAN membership. */
  portVlans?: BridgePortVlans;
  /** Bridge port: send frames back out of the port they arrived on (`hairpin on`, a.k.a. reflective relay). */
  hairpin?: boolean;
  /** Free-text description shown in the diagram (e.g. "container end of the veth pair"). */
  description?: string;
  peer?: never;
  parent?: never;
  macvlanMode?: never;
  ipvlanMode?: never;
  vlanId?: never;
  vxlan?: never;
  vlanFiltering?: never;
}

/** An interface of one kind: the common fields, and the kind's own in place of their `never`. */
type InterfaceOf<K extends InterfaceKind, Fields> = Omit<InterfaceBase, keyof Fields> & Fields & { kind: K };

/** `lo`. */
export type LoopbackInterface = InterfaceOf<'loopback', object>;
/** A NIC; `peer` is the interface at the far end of its cable (none: unplugged). */
export type PhysicalInterface = InterfaceOf<'physical', { peer?: string }>;
/** One end of a veth pair; `peer` is the other end. */
export type VethInterface = InterfaceOf<'veth', { peer: string }>;
/** A Linux bridge; `vlanFiltering`: whether it filters by VLAN (`vlan_filtering 1`). */
export type BridgeInterface = InterfaceOf<'bridge', { vlanFiltering?: boolean }>;
/** A VXLAN device (a VTEP). */
export type VxlanInterface = InterfaceOf<'vxlan', { vxlan: VxlanConfig }>;
/** A macvlan child of the lower device `parent`. */
export type MacvlanInterface = InterfaceOf<'macvlan', { parent: string; macvlanMode: MacvlanMode }>;
/** An ipvlan child of the lower device `parent`: it has its parent's MAC address. */
export type IpvlanInterface = InterfaceOf<'ipvlan', { parent: string; ipvlanMode: IpvlanMode }>;
/** An 802.1Q sub-interface of `parent` for VLAN `vlanId` (1–4094). */
export type VlanInterface = InterfaceOf<'vlan', { parent: string; vlanId: number }>;

/** One network interface in one namespace, discriminated by `kind`. */
export type NetInterface = LoopbackInterface | PhysicalInterface | VethInterface | BridgeInterface | VxlanInterface | MacvlanInterface | IpvlanInterface | VlanInterface;

/** The interface variant of one kind. */
export type InterfaceOfKind<K extends InterfaceKind> = Extract<NetInterface, { kind: K }>;

/** A route in a namespace's main table (`ip route`). */
export interface Route {
  /** `"default"` or a CIDR such as `"172.17.0.0/16"`. */
  destination: string;
  /** Interface id the route sends through. */
  dev: string;
  /** Gateway, for routes that are not on-link. */
  via?: Ipv4;
  /** Preferred source address (`src`). */
  src?: Ipv4;
  /** `kernel` for the connected routes that come with an address, `static` for the rest. */
  proto: 'kernel' | 'static';
}

/** A permanent neighbour (ARP) entry (`ip neigh add IP lladdr MAC dev DEV nud permanent`). */
export interface NeighbourEntry {
  address: Ipv4;
  mac: Mac;
  /** Interface id. */
  dev: string;
  /** Who installed it, for captions. */
  source: string;
}

/** netfilter tables modelled (mangle is never used by the setups we teach). */
export type TableName = 'raw' | 'nat' | 'filter';

/** A negatable match value, like `! -i br0`. */
export interface Negatable<T> {
  value: T;
  negate?: boolean;
}

/** The matches of one iptables rule; all present matches must hold. */
export interface RuleMatch {
  inInterface?: Negatable<string>;
  outInterface?: Negatable<string>;
  source?: Negatable<string>;
  destination?: Negatable<string>;
  protocol?: 'tcp' | 'udp' | 'icmp';
  sourcePort?: number;
  destinationPort?: number;
  /** `-m addrtype --dst-type LOCAL`. */
  destinationTypeLocal?: boolean;
  /** `-m addrtype --src-type LOCAL`. */
  sourceTypeLocal?: boolean;
  /** `-m conntrack --ctstate …`. */
  ctState?: ('NEW' | 'ESTABLISHED' | 'RELATED')[];
}

/** What happens when a rule matches. */
export type RuleTarget =
  | { kind: 'ACCEPT' }
  | { kind: 'DROP' }
  | { kind: 'RETURN' }
  | { kind: 'JUMP'; chain: string }
  | { kind: 'DNAT'; toAddress: Ipv4; toPort?: number }
  | { kind: 'SNAT'; toAddress?: Ipv4; toPort?: number }
  | { kind: 'MASQUERADE' }
  | { kind: 'REDIRECT'; toPort: number };

/** One iptables rule. */
export interface Rule {
  match: RuleMatch;
  target: RuleTarget;
}

/** A chain; built-in chains have a policy. */
export interface Chain {
  name: string;
  policy?: 'ACCEPT' | 'DROP';
  rules: Rule[];
}

/** The iptables state of one namespace: table → chain name → chain. */
export type Netfilter = Record<TableName, Record<string, Chain>>;

/** Record sets a DNS server socket answers from: zone id → (name → address). */
export type DnsZones = Record<string, Record<string, Ipv4>>;

/** A listening socket (or a kernel responder) in a namespace. */
export interface Socket {
  protocol: 'tcp' | 'udp';
  /** Bound address; `0.0.0.0` means every local address. */
  address: Ipv4;
  port: number;
  /** Process name shown in captions, e.g. `"nginx"`, `"a proxy"`, `"a DNS server"`. */
  process: string;
  /** A DNS server: answers A queries from these zones (ids into `Topology.dnsZones`), NXDOMAIN otherwise. */
  dnsZones?: string[];
  /** A user-space proxy: accepts the connection and opens a new one to this address and port. */
  proxyTo?: { address: Ipv4; port: number };
}

/** An IPsec transport-mode policy+state pair (`ip xfrm policy/state`), enough to model ESP around VXLAN. */
export interface XfrmTransport {
  /** Local and remote underlay addresses the policy covers. */
  local: Ipv4;
  remote: Ipv4;
  protocol: 'udp';
  port: number;
  /** Security parameter index of the outbound SA (local → remote), shown in the ESP header. */
  spiOut: string;
  /** SPI of the inbound SA (remote → local). */
  spiIn: string;
}

/** A network namespace. */
export interface Namespace {
  /** Stable id, e.g. `"host1"` (a root namespace) or `"host1/web"`. */
  id: string;
  /** Short name used for `ip netns add` in the script export (before the run prefix). */
  netnsName: string;
  label: string;
  role: NamespaceRole;
  machine: string;
  /** `net.ipv4.ip_forward`. */
  ipForward: boolean;
  /** `net.bridge.bridge-nf-call-iptables`: bridged IPv4 frames also traverse iptables (br_netfilter). */
  bridgeNfCallIptables: boolean;
  /** Interface ids with `net.ipv4.conf.<if>.route_localnet=1`. */
  routeLocalnet: string[];
  /** Interface ids, in creation order. */
  interfaces: string[];
  routes: Route[];
  neighbours: NeighbourEntry[];
  netfilter: Netfilter;
  sockets: Socket[];
  xfrm: XfrmTransport[];
}

/** Kinds of edges the diagram draws. */
export type LinkKind = 'veth' | 'cable' | 'bridge-port' | 'macvlan' | 'ipvlan' | 'vlan' | 'vxlan-tunnel';

/** An edge between two interfaces. */
export interface Link {
  /** Stable id, e.g. `"veth:host1:veth1a2b3c4~host1/web:eth0"`. */
  id: string;
  kind: LinkKind;
  /** Interface ids of the two ends. For bridge-port/macvlan/ipvlan/vlan, `a` is the upper device, `b` the lower one. */
  a: string;
  b: string;
  label?: string;
  /** VLAN ids carried tagged on this link (802.1Q trunks). */
  taggedVlans?: number[];
}

/** A whole built network: what the builder produces and the engine walks. */
export interface Topology {
  machines: Machine[];
  namespaces: Namespace[];
  interfaces: NetInterface[];
  links: Link[];
  dnsZones: DnsZones;
}
