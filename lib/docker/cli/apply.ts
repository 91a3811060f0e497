/**
 * Applying a parsed script to Docker hosts. Commands run in order and the script stops at the
 * first error (as `sh -e` would): the lines before it have built, the ones after never run.
 *
 * Removal (`docker rm -f`, `docker network disconnect|rm`) is real removal, not a rebuild:
 * `DockerHost` remembers what each endpoint and network wrote (rules, docker-proxy sockets, DNS
 * names) and takes exactly that away through `NetworkBuilder`'s Docker-agnostic delete
 * operations (`ip link del`, `ip netns del`, `iptables -D`). Replaying the remaining commands on
 * a fresh host would be simpler but not right: it would renumber later containers' addresses
 * and interfaces (IPAM and libnetwork's eth counter remember what was handed out), change the
 * order of rules and forget that a name used again is a new container or network.
 */
import { cidrContains, intToIp, nthAddress, parseCidr } from '@/lib/netsim';
import { DockerHost, verifyDaemonOptions, type DaemonOptions, type ListenSpec } from '../daemon';
import { OverlayNetwork } from '../overlay';
import { parseDockerScript, type ParsedCommand, type ScriptCommand, type ScriptError } from './parse';

/** Where a script's commands go. */
export interface ScriptTarget {
  /** The Docker host `id` (host1, host2), created on first use with the daemon options of its `dockerd` line. */
  host(id: string, daemon?: DaemonOptions): DockerHost;
  /**
   * What a container's processes listen on, when the caller knows better than the image's
   * default (a lab's nginx.conf, or a label naming the container): given the defaults, returns
   * the listeners to use. The docker line itself is applied as written.
   */
  listeners?(host: string, container: string, image: string, defaults: ListenSpec[]): ListenSpec[];
}

/** What listens in a container of a known image (its default command). */
const IMAGE_LISTENERS: Record<string, ListenSpec[]> = {
  nginx: [{ port: 80, process: 'nginx' }],
  httpd: [{ port: 80, process: 'httpd' }],
  redis: [{ port: 6379, process: 'redis-server' }],
  postgres: [{ port: 5432, process: 'postgres' }],
  mysql: [{ port: 3306, process: 'mysqld' }],
};

function listenersOf(image: string, extra: { port: number; protocol: 'tcp' | 'udp' }[]): ListenSpec[] {
  const repository = (image.split(':')[0] ?? '').split('/').at(-1) ?? '';
  const listen = [...(IMAGE_LISTENERS[repository] ?? [])];
  for (const p of extra) if (!listen.some((l) => l.port === p.port && (l.protocol ?? 'tcp') === p.protocol)) listen.push({ port: p.port, protocol: p.protocol, process: repository });
  return listen;
}

interface ScriptState {
  target: ScriptTarget;
  daemon: Map<string, DaemonOptions & { clusterStore?: string }>;
  started: Map<string, DockerHost>;
  swarmManager?: string;
  swarmMembers: Set<string>;
  overlays: Map<string, { overlay: OverlayNetwork; attachable: boolean }>;
}

function hostOf(state: ScriptState, id: string): DockerHost {
  const existing = state.started.get(id);
  if (existing) return existing;
  // (A --cluster-store in these options is the script's business, not the host's: DockerHost reads only its own.)
  const host = state.target.host(id, state.daemon.get(id) ?? {});
  state.started.set(id, host);
  return host;
}

/** Whether two CIDR blocks share addresses: one holds the other's network address. */
function overlaps(a: string, b: string): boolean {
  return cidrContains(a, intToIp(parseCidr(b).network)) || cidrContains(b, intToIp(parseCidr(a).network));
}

/** dockerd's own refusal (daemon/cluster) to mix the 2017 key-value store with swarm mode. */
const SWARM_VS_CLUSTER_STORE = 'Error response from daemon: --cluster-store and --cluster-advertise daemon configurations are incompatible with swarm mode';

function applyCommand(state: ScriptState, command: ParsedCommand): void {
  if (command.kind === 'dockerd') {
    if (state.started.has(command.host)) throw new Error(`dockerd options for ${command.host} must come before its first docker command`);
    const options = { ...state.daemon.get(command.host), ...(command.icc !== undefined ? { icc: command.icc } : {}), ...(command.userlandProxy !== undefined ? { userlandProxy: command.userlandProxy } : {}), ...(command.iptables !== undefined ? { iptables: command.iptables } : {}), ...(command.clusterStore ? { clusterStore: command.clusterStore } : {}) };
    // Checked here too, not only when the host starts, so the error names the dockerd line.
    verifyDaemonOptions(options);
    state.daemon.set(command.host, options);
    return;
  }
  const host = hostOf(state, command.host);
  switch (command.kind) {
    case 'swarm-init': {
      if (state.daemon.get(host.id)?.clusterStore) throw new Error(SWARM_VS_CLUSTER_STORE);
      if (state.swarmMembers.has(host.id)) throw new Error('Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.');
      if (command.advertiseAddr && command.advertiseAddr !== host.lanIp) throw new Error(`Error response from daemon: advertise address ${command.advertiseAddr} is not an address of ${host.id} (${host.lanIp})`);
      state.swarmManager = host.id;
      state.swarmMembers.add(host.id);
      return;
    }
    case 'swarm-join': {
      if (state.daemon.get(host.id)?.clusterStore) throw new Error(SWARM_VS_CLUSTER_STORE);
      if (state.swarmMembers.has(host.id)) throw new Error('Error response from daemon: This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.');
      const manager = state.swarmManager ? state.started.get(state.swarmManager) : undefined;
      if (!manager || manager.lanIp !== command.manager) throw new Error('Error response from daemon: Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.');
      state.swarmMembers.add(host.id);
      for (const { overlay } of state.overlays.values()) overlay.addHost(host);
      return;
    }
    case 'network-create': {
      if (host.networks.has(command.name)) throw new Error(`Error response from daemon: network with name ${command.name} already exists`);
      // macvlan and ipvlan networks sit on the LAN's own subnet, so they are left out of the check both ways.
      const onTheLan = (driver: string) => driver === 'macvlan' || driver === 'ipvlan';
      const subnet = command.subnet;
      if (subnet && !onTheLan(command.driver)) {
        for (const network of host.networks.values()) if ('subnet' in network && !onTheLan(network.driver) && overlaps(network.subnet, subnet)) throw new Error('Error response from daemon: invalid pool request: Pool overlaps with other one on this address space');
      }
      if (command.driver === 'overlay') {
        const kvStore = state.daemon.get(host.id)?.clusterStore;
        const cluster = kvStore ? [...state.daemon].filter(([, o]) => o.clusterStore === kvStore).map(([id]) => hostOf(state, id)) : state.swarmMembers.has(host.id) ? [...state.swarmMembers].map((id) => hostOf(state, id)) : undefined;
        if (!cluster) throw new Error('Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
        if (!kvStore && host.id !== state.swarmManager) throw new Error('Error response from daemon: This node is not a swarm manager. Worker nodes can\'t be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.');
        const subnet = command.subnet ?? `10.0.${state.overlays.size + 1}.0/24`;
        const overlay = OverlayNetwork.create(cluster, command.name, { subnet, controlPlane: kvStore ? 'kv-store' : 'swarm', encrypted: command.encrypted, vni: (kvStore ? 256 : 4097) + state.overlays.size });
        state.overlays.set(command.name, { overlay, attachable: command.attachable || Boolean(kvStore) });
        return;
      }
      const ipam = { ...(command.ipRange ? { ipRange: command.ipRange } : {}), auxAddresses: command.auxAddresses };
      if (command.driver === 'bridge') Object.assign(host.createBridge(command.name, { ...(command.subnet ? { subnet: command.subnet } : {}), ...(command.gateway ? { gateway: command.gateway } : {}), internal: command.internal, ...(command.icc !== undefined ? { icc: command.icc } : {}) }), ipam);
      else if (command.driver === 'macvlan') Object.assign(host.createMacvlan(command.name, { subnet: command.subnet ?? '', gateway: command.gateway ?? (command.subnet ? nthAddress(command.subnet, 1) : ''), parent: command.parent ?? '', ...(command.macvlanMode ? { mode: command.macvlanMode } : {}) }), ipam);
      else Object.assign(host.createIpvlan(command.name, { subnet: command.subnet ?? '', ...(command.gateway ? { gateway: command.gateway } : {}), parent: command.parent ?? '', ...(command.ipvlanMode ? { mode: command.ipvlanMode } : {}) }), ipam);
      return;
    }
    case 'run': {
      const name = command.name;
      if (!name) throw new Error('docker run without --name is not modelled: give the container a --name so the walk can name it');
      if (host.containers.has(name)) throw new Error(`docker: Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${host.containers.get(name)?.id ?? ''}". You have to remove (or rename) that container to be able to reuse that name.`);
      const network = command.network;
      if (network.startsWith('container:') && command.ip) throw new Error('docker: conflicting options: IP address and the container type network mode');
      const known = network === 'bridge' || network === 'host' || network === 'none' || network.startsWith('container:') || host.networks.has(network);
      if (!known) throw new Error(`docker: Error response from daemon: network ${network} not found`);
      const record = host.networks.get(network);
      if ((network === 'bridge' || network === 'host' || network === 'none') && command.ip) throw new Error('docker: Error response from daemon: user specified IP address is supported on user defined networks only');
      if ((network === 'bridge' || network === 'host' || network === 'none' || network.startsWith('container:')) && command.aliases.length) throw new Error('docker: Error response from daemon: network-scoped alias is supported only for containers in user defined networks');
      if (record?.driver === 'overlay' && !state.overlays.get(network)?.attachable) throw new Error(`docker: Error response from daemon: Could not attach to network ${network}: rpc error: code = PermissionDenied desc = network ${network} not manually attachable`);
      if (command.publish.length && (record?.driver === 'macvlan' || record?.driver === 'ipvlan')) throw new Error(`-p on a ${record.driver} network is not modelled (Docker ignores it there: the container has its own LAN address)`);
      if (network === 'none' && command.publish.length) throw new Error('docker: Error response from daemon: conflicting options: port publishing and the container type network mode');
      const defaults = listenersOf(command.image, [...command.expose, ...command.publish.map((p) => ({ port: p.containerPort, protocol: p.protocol }))]);
      const listen = state.target.listeners?.(host.id, name, command.image, defaults) ?? defaults;
      const container = host.run(name, { network, publish: command.publish.map((p) => ({ ...(p.hostIp ? { hostIp: p.hostIp } : {}), hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol })), ...(command.ip ? { ip: command.ip } : {}), listen });
      if (record && container.endpoints.some((e) => e.network === network)) for (const alias of command.aliases) host.addAlias(network, name, alias);
      return;
    }
    case 'network-connect': {
      if (!host.networks.has(command.network)) throw new Error(`Error response from daemon: network ${command.network} not found`);
      if (!host.containers.has(command.container)) throw new Error(`Error response from daemon: No such container: ${command.container}`);
      const record = host.networks.get(command.network);
      if (record?.driver === 'overlay' && !state.overlays.get(command.network)?.attachable) throw new Error(`Error response from daemon: Could not attach to network ${command.network}: rpc error: code = PermissionDenied desc = network ${command.network} not manually attachable`);
      host.connect(command.network, command.container, command.ip ? { ip: command.ip } : {});
      if (record) for (const alias of command.aliases) host.addAlias(command.network, command.container, alias);
      return;
    }
    case 'network-disconnect': {
      // The daemon's order (moby daemon/network.go, DisconnectContainerFromNetwork, then
      // daemon/container_operations.go, DisconnectFromNetwork): the container first, then the network.
      if (!host.containers.has(command.container)) {
        if (!command.force) throw new Error(`Error response from daemon: No such container: ${command.container}`);
        // -f with no such container deletes a stale endpoint of that name; the model has none.
        if (!host.networks.has(command.network)) throw new Error(`Error response from daemon: network ${command.network} not found`);
        throw new Error(`docker network disconnect -f: there is no container ${command.container}, and stale endpoints (what -f cleans up) are not modelled`);
      }
      if (!host.networks.has(command.network)) {
        if (command.force) throw new Error(`Error response from daemon: container ${host.container(command.container).id} is not connected to the network ${command.network}`);
        throw new Error(`Error response from daemon: network ${command.network} not found`);
      }
      host.disconnect(command.network, command.container);
      return;
    }
    case 'network-rm':
      // The CLI removes each network in turn, prints each error and goes on (docker/cli
      // cli/command/network/remove.go); -f skips the ones that do not exist.
      removeEach(command.names, (name) => {
        if (command.force && !host.networks.has(name)) return;
        host.removeNetwork(name);
      });
      return;
    case 'rm':
      // The same for containers (docker/cli cli/command/container/rm.go): `rm -f` of a name
      // that does not exist prints Docker's "No such container" and still succeeds.
      removeEach(command.names, (name) => {
        if (command.force && !host.containers.has(name)) return;
        host.remove(name, { force: command.force });
      });
      return;
  }
}

/** Run `remove` for each name, as the CLI does, and fail with every error at the end (one per line). */
function removeEach(names: string[], remove: (name: string) => void): void {
  const errors: string[] = [];
  for (const name of names) {
    try {
      remove(name);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (errors.length) throw new Error(errors.join('\n'));
}

/**
 * Parse a script and apply it to `target`, stopping at the first error. The result lists
 * the commands that ran and at most one error: the first bad line (a syntax error anywhere
 * before the first failing command stops the script there, too).
 * @example
 * const net = new NetworkBuilder();
 * const target = { host: (id: string, daemon?: DaemonOptions) => new DockerHost(net, { id, lanAddress: '192.168.1.10/24', daemon }) };
 * applyDockerScript('docker network create app\ndocker run -d --name web --network app nginx', target).applied.length // 2
 */
export function applyDockerScript(script: string, target: ScriptTarget): { applied: ScriptCommand[]; errors: ScriptError[] } {
  const { commands, errors } = parseDockerScript(script);
  const firstSyntaxError = errors[0];
  const state: ScriptState = { target, daemon: new Map(), started: new Map(), swarmMembers: new Set(), overlays: new Map() };
  const applied: ScriptCommand[] = [];
  for (const command of commands) {
    if (firstSyntaxError && firstSyntaxError.line <= command.line) break;
    try {
      applyCommand(state, command);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { applied, errors: [{ line: command.line, message }] };
    }
    applied.push({ line: command.line, host: command.host, text: command.text });
  }
  return { applied, errors: firstSyntaxError ? [firstSyntaxError] : [] };
}
