/**
 * A mutable builder for {@link Topology}: the `ip` / `iptables` commands of the
 * model. Every method checks its input and throws an error that says what is
 * wrong, so an impossible network cannot be built silently.
 */
import { linkId, macFromSeed } from './ids';
import { indexTopology } from './topology-index';
import { buildLinks, checkDuplicateAddresses, checkVlanId, validateInterface, type InterfaceSpec } from './topology-checks';

export type { InterfaceSpec };
import { networkOf, parseCidr, ipToInt } from './ip';
import type {
  BridgeInterface,
  BridgePortVlans,
  Chain,
  InterfaceOfKind,
  MacvlanInterface,
  PhysicalInterface,
  VethInterface,
  VlanInterface,
  VxlanInterface,
  InterfaceKind,
  Machine,
  MachineKind,
  MacvlanMode,
  IpvlanMode,
  IpvlanInterface,
  Namespace,
  NamespaceRole,
  NeighbourEntry,
  NetInterface,
  Netfilter,
  Route,
  Rule,
  Socket,
  TableName,
  Topology,
  VxlanConfig,
  XfrmTransport,
  Ipv4,
} from './types';

export { linkId };

/** Linux IFNAMSIZ is 16 bytes including the terminating NUL. */
export const MAX_INTERFACE_NAME = 15;

const BUILTIN_CHAINS: Record<TableName, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

function emptyNetfilter(): Netfilter {
  const netfilter = { raw: {}, nat: {}, filter: {} } as Netfilter;
  for (const table of Object.keys(BUILTIN_CHAINS) as TableName[]) {
    for (const name of BUILTIN_CHAINS[table]) netfilter[table][name] = { name, policy: 'ACCEPT', rules: [] };
  }
  return netfilter;
}

/** Options shared by the interface-creating methods. */
export interface InterfaceOptions {
  mac?: string;
  mtu?: number;
  description?: string;
}

/**
 * Builds a topology step by step, like typing `ip` commands.
 *
 * @example
 * const net = new NetworkBuilder();
 * net.addMachine('host1', 'host1', 'server');
 * net.addNamespace({ id: 'host1', label: 'host1', role: 'root', machine: 'host1' });
 * net.addNamespace({ id: 'host1/a', label: 'a', role: 'container', machine: 'host1' });
 * const [, eth0] = net.addVethPair('host1', 'veth0', 'host1/a', 'eth0');
 * net.addAddress(eth0.id, '10.0.0.2/24');
 * const topology = net.build();
 */
export class NetworkBuilder {
  private readonly machines = new Map<string, Machine>();
  private readonly namespaces = new Map<string, Namespace>();
  private readonly interfaces = new Map<string, NetInterface>();
  private readonly dnsZones: Record<string, Record<string, Ipv4>> = {};
  private built = false;

  private assertOpen(): void {
    if (this.built) throw new Error('this NetworkBuilder has already built its topology; start a new builder for changes');
  }

  /**
   * Add a machine (a box in the diagram).
   * @example net.addMachine('host1', 'host1', 'server')
   */
  addMachine(id: string, label: string, kind: MachineKind): Machine {
    this.assertOpen();
    if (this.machines.has(id)) throw new Error(`machine "${id}" already exists`);
    const machine: Machine = { id, label, kind, namespaces: [] };
    this.machines.set(id, machine);
    return machine;
  }

  /**
   * Add a network namespace with its loopback interface (`ip netns add` + `ip link set lo up`).
   * @example net.addNamespace({ id: 'host1/web', label: 'web', role: 'container', machine: 'host1' })
   */
  addNamespace(spec: { id: string; label: string; role: NamespaceRole; machine: string; netnsName?: string; ipForward?: boolean }): Namespace {
    this.assertOpen();
    if (this.namespaces.has(spec.id)) throw new Error(`namespace "${spec.id}" already exists`);
    const machine = this.machines.get(spec.machine);
    if (!machine) throw new Error(`namespace "${spec.id}" is in unknown machine "${spec.machine}"`);
    const ns: Namespace = {
      id: spec.id,
      netnsName: spec.netnsName ?? spec.id.replace(/[^a-zA-Z0-9_-]/g, '-'),
      label: spec.label,
      role: spec.role,
      machine: spec.machine,
      ipForward: spec.ipForward ?? false,
      bridgeNfCallIptables: false,
      routeLocalnet: [],
      interfaces: [],
      routes: [],
      neighbours: [],
      netfilter: emptyNetfilter(),
      sockets: [],
      xfrm: [],
    };
    this.namespaces.set(ns.id, ns);
    machine.namespaces.push(ns.id);
    const lo = this.addInterface({ namespace: ns.id, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536 });
    lo.addresses.push({ address: '127.0.0.1', prefixLength: 8 });
    return ns;
  }

  /**
   * The namespace with this id. @throws when there is none.
   * @example net.namespace('host1').ipForward
   */
  namespace(id: string): Namespace {
    const ns = this.namespaces.get(id);
    if (!ns) throw new Error(`unknown namespace "${id}"`);
    return ns;
  }

  /**
   * Whether a namespace with this id exists.
   * @example net.hasNamespace('host1/web') // true
   */
  hasNamespace(id: string): boolean {
    return this.namespaces.has(id);
  }

  /**
   * The interface with this id. @throws when there is none.
   * @example net.iface('host1:br0').addresses
   */
  iface(id: string): NetInterface {
    const found = this.interfaces.get(id);
    if (!found) throw new Error(`unknown interface "${id}"`);
    return found;
  }

  /**
   * The interface called `name` in namespace `ns`, if any.
   * @example net.findInterface('host1', 'eth0')?.mac
   */
  findInterface(ns: string, name: string): NetInterface | undefined {
    return this.interfaces.get(`${ns}:${name}`);
  }

  /**
   * Low-level: add an interface of any kind. Prefer the typed helpers; this one
   * exists so invalid shapes (a veth without a peer…) can be built and rejected by {@link build}.
   * @example net.addInterface({ namespace: 'host1', name: 'veth0', kind: 'veth' }) // build() will say it has no peer
   */
  addInterface(spec: InterfaceSpec): NetInterface {
    return this.create(spec);
  }

  /** Add an interface; the typed helpers pass each kind's fields, and build() checks the unchecked ones. */
  private create<K extends InterfaceKind>(spec: InterfaceSpec & { kind: K }): InterfaceOfKind<K> {
    this.assertOpen();
    const ns = this.namespace(spec.namespace);
    if (spec.name.length === 0 || spec.name.length > MAX_INTERFACE_NAME) {
      throw new Error(`interface name "${spec.name}" must be 1–${MAX_INTERFACE_NAME} characters (Linux IFNAMSIZ)`);
    }
    const id = `${spec.namespace}:${spec.name}`;
    if (this.interfaces.has(id)) throw new Error(`namespace "${spec.namespace}" already has an interface called "${spec.name}"`);
    // The cast is the unchecked part: build() validates every interface before anything walks it.
    const created = { ...spec, id, mac: spec.mac ?? macFromSeed(id), mtu: spec.mtu ?? 1500, addresses: [] } as unknown as InterfaceOfKind<K>;
    this.interfaces.set(id, created);
    ns.interfaces.push(id);
    return created;
  }

  /**
   * A physical NIC (`eth0`); connect it with {@link connectCable}.
   * @example const eth0 = net.addPhysical('host1', 'eth0')
   */
  addPhysical(ns: string, name: string, options: InterfaceOptions = {}): PhysicalInterface {
    return this.create({ namespace: ns, name, kind: 'physical', ...options });
  }

  /**
   * Plug a cable between two physical interfaces (e.g. a host NIC and a switch port).
   * @example net.connectCable('host1:eth0', 'switch:swp1')
   */
  connectCable(a: string, b: string): void {
    this.assertOpen();
    const unplugged = (id: string): PhysicalInterface => {
      const end = this.iface(id);
      if (end.kind !== 'physical') throw new Error(`a cable connects physical interfaces; ${end.id} is ${end.kind}`);
      if (end.peer) throw new Error(`${end.id} already has a cable`);
      return end;
    };
    const left = unplugged(a);
    const right = unplugged(b);
    left.peer = right.id;
    right.peer = left.id;
  }

  /**
   * `ip link add A type veth peer name B netns …` — returns both ends.
   * @example const [hostEnd, eth0] = net.addVethPair('host1', 'veth1a2b3c4', 'host1/web', 'eth0')
   */
  addVethPair(nsA: string, nameA: string, nsB: string, nameB: string, options: { a?: InterfaceOptions; b?: InterfaceOptions } = {}): [VethInterface, VethInterface] {
    const a = this.create({ namespace: nsA, name: nameA, kind: 'veth', peer: `${nsB}:${nameB}`, ...options.a });
    const b = this.create({ namespace: nsB, name: nameB, kind: 'veth', peer: a.id, ...options.b });
    return [a, b];
  }

  /**
   * `ip link add NAME type bridge [vlan_filtering 1]`.
   * @example const br0 = net.addBridge('host1', 'br0')
   */
  addBridge(ns: string, name: string, options: InterfaceOptions & { vlanFiltering?: boolean } = {}): BridgeInterface {
    const { vlanFiltering, ...rest } = options;
    return this.create({ namespace: ns, name, kind: 'bridge', vlanFiltering: vlanFiltering ?? false, ...rest });
  }

  /**
   * `ip link set PORT master BRIDGE` (+ `bridge vlan add` / `hairpin on` for the port).
   * @example net.setMaster('host1:veth1a2b3c4', 'host1:br0')
   */
  setMaster(port: string, bridge: string, options: { vlans?: BridgePortVlans; hairpin?: boolean } = {}): void {
    this.assertOpen();
    const portIf = this.iface(port);
    const bridgeIf = this.iface(bridge);
    if (bridgeIf.kind !== 'bridge') throw new Error(`${bridge} is a ${bridgeIf.kind}, not a bridge`);
    if (portIf.namespace !== bridgeIf.namespace) throw new Error(`${port} and ${bridge} are in different namespaces; a bridge port must be in the bridge's namespace`);
    if (portIf.kind === 'bridge' || portIf.kind === 'loopback') throw new Error(`${port} (${portIf.kind}) cannot be a bridge port`);
    if (portIf.master) throw new Error(`${port} is already a port of ${portIf.master}`);
    portIf.master = bridge;
    if (options.vlans) {
      for (const vid of options.vlans.vids) checkVlanId(vid, port);
      portIf.portVlans = options.vlans;
    }
    if (options.hairpin) portIf.hairpin = true;
  }

  /**
   * `ip link add NAME type vxlan id VNI dstport PORT local IP [proxy] [nolearning]`.
   * @example net.addVxlan('host1/ov', 'vxlan0', { vni: 4097, dstPort: 4789, local: '192.168.1.10', underlayNamespace: 'host1', proxyArp: true, learning: false })
   */
  addVxlan(ns: string, name: string, config: Omit<VxlanConfig, 'fdb'> & { fdb?: VxlanConfig['fdb'] }, options: InterfaceOptions = {}): VxlanInterface {
    if (!Number.isInteger(config.vni) || config.vni < 1 || config.vni > 0xffffff) throw new Error(`VXLAN id ${config.vni} is outside 1–16777215`);
    this.namespace(config.underlayNamespace);
    return this.create({ namespace: ns, name, kind: 'vxlan', vxlan: { ...config, fdb: config.fdb ?? [] }, ...options });
  }

  /**
   * `ip link add NAME link PARENT type macvlan mode MODE` (the child may live in another namespace).
   * @example net.addMacvlan('host1/m1', 'eth0', 'host1:eth0', 'bridge')
   */
  addMacvlan(ns: string, name: string, parent: string | undefined, mode: MacvlanMode, options: InterfaceOptions = {}): MacvlanInterface {
    if (!parent || !this.interfaces.has(parent)) throw new Error(`macvlan ${ns}:${name} needs a parent interface; "${parent ?? ''}" does not exist`);
    const lower = this.iface(parent);
    if (lower.kind === 'loopback' || lower.kind === 'bridge' || lower.kind === 'macvlan' || lower.kind === 'ipvlan') throw new Error(`macvlan parent ${parent} must be a NIC or VLAN sub-interface, not a ${lower.kind}`);
    if (this.childrenOf(parent, 'ipvlan').length > 0) throw new Error(`${parent} already has ipvlan children: a device takes one of macvlan or ipvlan (one rx_handler)`);
    if (mode === 'passthru' && this.childrenOf(parent, 'macvlan').length > 0) throw new Error(`macvlan passthru allows one child on ${parent}`);
    return this.create({ namespace: ns, name, kind: 'macvlan', parent, macvlanMode: mode, ...options });
  }

  /**
   * `ip link add NAME link PARENT type ipvlan mode l2|l3` (the child may live in another
   * namespace). The child gets its parent's MAC address; the mode belongs to the parent, so
   * every child of one parent has the same (https://docs.kernel.org/networking/ipvlan.html).
   * @example net.addIpvlan('host1/c1', 'eth0', 'host1:eth0', 'l2')
   */
  addIpvlan(ns: string, name: string, parent: string | undefined, mode: IpvlanMode, options: Omit<InterfaceOptions, 'mac'> = {}): IpvlanInterface {
    if (!parent || !this.interfaces.has(parent)) throw new Error(`ipvlan ${ns}:${name} needs a parent interface; "${parent ?? ''}" does not exist`);
    const lower = this.iface(parent);
    if (lower.kind !== 'physical' && lower.kind !== 'vlan') throw new Error(`ipvlan parent ${parent} must be a NIC or VLAN sub-interface, not a ${lower.kind}`);
    if (this.childrenOf(parent, 'macvlan').length > 0) throw new Error(`${parent} already has macvlan children: a device takes one of macvlan or ipvlan (one rx_handler)`);
    const other = this.childrenOf(parent, 'ipvlan').find((child) => child.ipvlanMode !== mode);
    if (other) throw new Error(`${parent}'s ipvlan children are in ${other.ipvlanMode ?? ''} mode: the mode belongs to the parent, so ${ns}:${name} cannot be ${mode}`);
    return this.create({ namespace: ns, name, kind: 'ipvlan', parent, ipvlanMode: mode, ...options, mac: lower.mac });
  }

  /**
   * `ip link add link PARENT name NAME type vlan id VID`.
   * @example net.addVlan('host1', 'eth0.10', 'host1:eth0', 10)
   */
  addVlan(ns: string, name: string, parent: string, vid: number, options: InterfaceOptions = {}): VlanInterface {
    checkVlanId(vid, `${ns}:${name}`);
    const lower = this.iface(parent);
    if (this.childrenOf(parent, 'vlan').some((child) => child.vlanId === vid)) throw new Error(`${parent} already has a VLAN sub-interface for VID ${vid}`);
    // A VLAN device inherits its parent's MAC address.
    return this.create({ namespace: ns, name, kind: 'vlan', parent, vlanId: vid, mac: lower.mac, ...options });
  }

  private childrenOf(parent: string, kind: InterfaceKind): NetInterface[] {
    const out: NetInterface[] = [];
    for (const candidate of this.interfaces.values()) if (candidate.parent === parent && candidate.kind === kind) out.push(candidate);
    return out;
  }

  /**
   * `ip addr add CIDR dev IF`; also adds the connected ("proto kernel") route, as Linux does.
   * @throws when the namespace already has this address.
   * @example net.addAddress('host1:br0', '10.0.0.1/24')
   */
  addAddress(ifaceId: string, cidr: string): void {
    this.assertOpen();
    const target = this.iface(ifaceId);
    const [address = '', lengthText = '32'] = cidr.split('/');
    const prefixLength = Number(lengthText);
    parseCidr(`${address}/${prefixLength}`);
    const ns = this.namespace(target.namespace);
    for (const other of ns.interfaces) {
      if (this.iface(other).addresses.some((a) => a.address === address)) throw new Error(`duplicate address ${address} in namespace ${ns.id} (already on ${other})`);
    }
    target.addresses.push({ address, prefixLength });
    if (prefixLength < 32 && target.kind !== 'loopback') {
      ns.routes.push({ destination: networkOf(address, prefixLength), dev: ifaceId, src: address, proto: 'kernel' });
    }
  }

  /**
   * `ip route add …`.
   * @example net.addRoute('host1/web', { destination: 'default', via: '172.17.0.1', dev: 'host1/web:eth0' })
   */
  addRoute(ns: string, route: Omit<Route, 'proto'> & { proto?: Route['proto'] }): void {
    this.assertOpen();
    const namespace = this.namespace(ns);
    const dev = this.iface(route.dev);
    if (dev.namespace !== ns) throw new Error(`route in ${ns} uses ${route.dev}, which is in another namespace`);
    parseCidr(route.destination);
    if (route.via) ipToInt(route.via);
    namespace.routes.push({ ...route, proto: route.proto ?? 'static' });
  }

  /**
   * `ip route del DESTINATION`: removes the static routes to a destination (connected routes stay).
   * @example net.deleteRoute('host1/tester', 'default')
   */
  deleteRoute(ns: string, destination: string): void {
    this.assertOpen();
    const namespace = this.namespace(ns);
    namespace.routes = namespace.routes.filter((r) => r.destination !== destination || r.proto === 'kernel');
  }

  /**
   * `ip neigh add IP lladdr MAC dev DEV nud permanent`.
   * @example net.addNeighbour('host1/ov', { address: '10.0.1.3', mac: 'd2:3e:41:cd:16:65', dev: 'host1/ov:vxlan0', source: 'gossip' })
   */
  addNeighbour(ns: string, entry: NeighbourEntry): void {
    this.assertOpen();
    this.namespace(ns).neighbours.push(entry);
  }

  /**
   * `sysctl net.ipv4.ip_forward=0|1`.
   * @example net.setForwarding('host1', true)
   */
  setForwarding(ns: string, enabled: boolean): void {
    this.assertOpen();
    this.namespace(ns).ipForward = enabled;
  }

  /**
   * `sysctl net.bridge.bridge-nf-call-iptables=1` (needs the br_netfilter module).
   * @example net.setBridgeNfCallIptables('host1', true)
   */
  setBridgeNfCallIptables(ns: string, enabled: boolean): void {
    this.namespace(ns).bridgeNfCallIptables = enabled;
  }

  /**
   * `sysctl net.ipv4.conf.IF.route_localnet=1`.
   * @example net.setRouteLocalnet('host1:br0')
   */
  setRouteLocalnet(ifaceId: string): void {
    const ns = this.namespace(this.iface(ifaceId).namespace);
    if (!ns.routeLocalnet.includes(ifaceId)) ns.routeLocalnet.push(ifaceId);
  }

  /**
   * `iptables -t TABLE -N CHAIN` if it does not exist yet.
   * @example net.ensureChain('host1', 'filter', 'MY-CHAIN')
   */
  ensureChain(ns: string, table: TableName, chain: string): Chain {
    this.assertOpen();
    const tables = this.namespace(ns).netfilter[table];
    let existing = tables[chain];
    if (!existing) {
      existing = { name: chain, rules: [] };
      tables[chain] = existing;
    }
    return existing;
  }

  /**
   * `iptables -t TABLE -P CHAIN POLICY`.
   * @example net.setPolicy('host1', 'filter', 'FORWARD', 'DROP')
   */
  setPolicy(ns: string, table: TableName, chain: string, policy: 'ACCEPT' | 'DROP'): void {
    const target = this.namespace(ns).netfilter[table][chain];
    if (!target || !target.policy) throw new Error(`${table}/${chain} is not a built-in chain`);
    target.policy = policy;
  }

  /**
   * `iptables -t TABLE -A CHAIN …` (a jump target chain is created if missing).
   * @example net.appendRule('host1', 'nat', 'POSTROUTING', { match: { source: { value: '10.0.0.0/24' }, outInterface: { value: 'br0', negate: true } }, target: { kind: 'MASQUERADE' } })
   */
  appendRule(ns: string, table: TableName, chain: string, rule: Rule): void {
    if (rule.target.kind === 'JUMP') this.ensureChain(ns, table, rule.target.chain);
    this.ensureChain(ns, table, chain).rules.push(rule);
  }

  /**
   * `iptables -t TABLE -I CHAIN [POSITION] …` (position is 1-based, like iptables).
   * @example net.insertRule('host1', 'filter', 'MY-CHAIN', { match: { protocol: 'tcp', destinationPort: 80 }, target: { kind: 'ACCEPT' } })
   */
  insertRule(ns: string, table: TableName, chain: string, rule: Rule, position = 1): void {
    if (rule.target.kind === 'JUMP') this.ensureChain(ns, table, rule.target.chain);
    this.ensureChain(ns, table, chain).rules.splice(position - 1, 0, rule);
  }

  /**
   * Add a listening socket. @throws "address already in use" when the port is taken.
   * @example net.addSocket('host1/web', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'nginx' })
   */
  addSocket(ns: string, socket: Socket): void {
    this.assertOpen();
    const namespace = this.namespace(ns);
    const clash = namespace.sockets.find(
      (s) => s.protocol === socket.protocol && s.port === socket.port && (s.address === socket.address || s.address === '0.0.0.0' || socket.address === '0.0.0.0'),
    );
    if (clash) throw new Error(`bind ${socket.address}:${socket.port}/${socket.protocol} in ${ns}: address already in use (by ${clash.process})`);
    namespace.sockets.push(socket);
  }

  /**
   * Add (or replace) a name in a DNS zone.
   * @example net.addDnsRecord('net:app', 'db', '172.18.0.3')
   */
  addDnsRecord(zone: string, name: string, address: Ipv4): void {
    this.assertOpen();
    (this.dnsZones[zone] ??= {})[name] = address;
  }

  /**
   * Delete a name from a DNS zone (a no-op when it is not there).
   * @example net.deleteDnsRecord('net:app', 'db')
   */
  deleteDnsRecord(zone: string, name: string): void {
    this.assertOpen();
    const records = this.dnsZones[zone];
    if (records) delete records[name];
  }

  /**
   * The address a DNS zone holds for a name, if any.
   * @example net.dnsRecord('net:app', 'db') // '172.18.0.3'
   */
  dnsRecord(zone: string, name: string): Ipv4 | undefined {
    return this.dnsZones[zone]?.[name];
  }

  /**
   * Delete a whole DNS zone.
   * @example net.deleteDnsZone('net:app')
   */
  deleteDnsZone(zone: string): void {
    this.assertOpen();
    delete this.dnsZones[zone];
  }

  /**
   * `iptables -t TABLE -D CHAIN …`: delete this rule (the very object, else the first rule
   * equal to it, as iptables matches a rule spec). @throws when the chain holds no such rule.
   * @example net.deleteRule('host1', 'nat', 'POSTROUTING', masquerade)
   */
  deleteRule(ns: string, table: TableName, chain: string, rule: Rule): void {
    this.assertOpen();
    const target = this.namespace(ns).netfilter[table][chain];
    const rules = target?.rules ?? [];
    let index = rules.indexOf(rule);
    if (index === -1) index = rules.findIndex((r) => JSON.stringify(r) === JSON.stringify(rule));
    if (index === -1) throw new Error(`iptables: Bad rule (does a matching rule exist in that chain?): ${ns} ${table}/${chain}`);
    rules.splice(index, 1);
  }

  /**
   * Close a listening socket (the very object added with {@link addSocket}).
   * @throws when the namespace has no such socket.
   * @example net.removeSocket('host1/web', socket)
   */
  removeSocket(ns: string, socket: Socket): void {
    this.assertOpen();
    const namespace = this.namespace(ns);
    const index = namespace.sockets.indexOf(socket);
    if (index === -1) throw new Error(`no socket ${socket.address}:${socket.port}/${socket.protocol} in ${ns}`);
    namespace.sockets.splice(index, 1);
  }

  /**
   * `ip link del IF`, with what Linux deletes along with it: the other end of a veth pair,
   * the macvlan, ipvlan and VLAN devices stacked on it, its addresses and the routes and
   * neighbour entries through it. A deleted bridge releases its ports (they stay, unenslaved).
   * @throws for a loopback device, which cannot be deleted.
   * @example net.deleteInterface('host1/web:eth0') // and its host-side veth peer
   */
  deleteInterface(ifaceId: string): void {
    this.assertOpen();
    const target = this.iface(ifaceId);
    if (target.kind === 'loopback') throw new Error(`${ifaceId}: the loopback device cannot be deleted`);
    const doomed = new Set<string>();
    const collect = (id: string) => {
      if (doomed.has(id)) return;
      doomed.add(id);
      const iface = this.iface(id);
      if (iface.kind === 'veth' && iface.peer && this.interfaces.has(iface.peer)) collect(iface.peer);
      for (const child of this.interfaces.values()) if (child.parent === id) collect(child.id);
    };
    collect(ifaceId);
    for (const id of doomed) this.dropInterface(id);
  }

  /**
   * `ip netns del`: the namespace goes with every device in it (a veth's peer elsewhere too)
   * and its routes, rules and sockets.
   * @example net.deleteNamespace('host1/web')
   */
  deleteNamespace(id: string): void {
    this.assertOpen();
    const ns = this.namespace(id);
    for (const ifaceId of [...ns.interfaces]) {
      if (!this.interfaces.has(ifaceId)) continue;
      if (this.iface(ifaceId).kind === 'loopback') this.dropInterface(ifaceId);
      else this.deleteInterface(ifaceId);
    }
    this.namespaces.delete(id);
    const machine = this.machines.get(ns.machine);
    if (machine) machine.namespaces = machine.namespaces.filter((n) => n !== id);
  }

  /** Remove one device and what refers to it (no cascade: see {@link deleteInterface}). */
  private dropInterface(id: string): void {
    const iface = this.iface(id);
    const ns = this.namespace(iface.namespace);
    ns.interfaces = ns.interfaces.filter((i) => i !== id);
    ns.routes = ns.routes.filter((r) => r.dev !== id);
    ns.neighbours = ns.neighbours.filter((n) => n.dev !== id);
    ns.routeLocalnet = ns.routeLocalnet.filter((i) => i !== id);
    for (const other of this.interfaces.values()) {
      if (other.master !== id) continue;
      delete other.master;
      delete other.hairpin;
      delete other.portVlans;
    }
    this.interfaces.delete(id);
  }

  /**
   * Add an IPsec transport policy and its state (`ip xfrm state/policy add …`).
   * @example net.addXfrm('host1', { local: '192.168.1.10', remote: '192.168.1.11', protocol: 'udp', port: 4789, spiOut: '0x1', spiIn: '0x2' })
   */
  addXfrm(ns: string, transport: XfrmTransport): void {
    this.assertOpen();
    this.namespace(ns).xfrm.push(transport);
  }

  /**
   * Validate and freeze the topology.
   * @throws when an interface is incomplete (a veth without a peer, a macvlan
   * without a parent…) or two interfaces in one subnet share an address.
   * @example const topology = net.build()
   */
  build(): Topology {
    const interfaces = [...this.interfaces.values()];
    for (const iface of interfaces) validateInterface(iface, this.interfaces);
    checkDuplicateAddresses(interfaces, this.interfaces);
    // The builder hands its objects over instead of deep-copying them (a copy of a
    // 5,000-container network costs more than building it); it refuses changes afterwards.
    this.built = true;
    const topology: Topology = {
      machines: [...this.machines.values()],
      namespaces: [...this.namespaces.values()],
      interfaces,
      links: buildLinks(interfaces, this.interfaces),
      dnsZones: this.dnsZones,
    };
    // Build the engine's lookup index now, so the first walk is as fast as the next ones.
    indexTopology(topology);
    return topology;
  }
}
