/**
 * Shared scaffolding for lab builders: a fresh model, the LAN world, and a
 * log of the commands a reader would type.
 */
import { NetworkBuilder, type BridgePortVlans } from '@/lib/netsim';
import { DockerHost, type DaemonOptions, type ListenSpec } from '@/lib/docker';
import { applyDockerScript } from '@/lib/docker/cli';
import { createWorld, ADDR, type World } from './world';
import type { BuiltLab } from './types';

/** A lab under construction. */
export interface LabContext {
  net: NetworkBuilder;
  world: World;
  commands: string[];
  notes: string[];
  refs: Record<string, string>;
  /** The lab's Docker hosts by id, for {@link docker}. */
  hosts: Map<string, DockerHost>;
  /** Every line that went through {@link docker}, in order (what {@link BuiltLab.dockerLines} exposes). */
  dockerLines: string[];
  /**
   * What a container's processes listen on, by container name, where the lab says more than
   * the image's default (an nginx.conf, a label naming the container): set before the
   * `docker run` line, which {@link docker} then applies as written.
   */
  listen: Map<string, ListenSpec[]>;
}

/**
 * Start a lab: model + LAN world.
 * @example const ctx = startLab();
 */
export function startLab(options: { routerPort?: BridgePortVlans } = {}): LabContext {
  const net = new NetworkBuilder();
  return { net, world: createWorld(net, options), commands: [], notes: [], refs: {}, hosts: new Map(), dockerLines: [], listen: new Map() };
}

/**
 * Add a Docker host plugged into the LAN switch.
 * @example const host1 = addDockerHost(ctx, 'host1', ADDR.host1);
 */
export function addDockerHost(ctx: LabContext, id: string, address: string, daemon: DaemonOptions = {}, port?: BridgePortVlans): DockerHost {
  const host = new DockerHost(ctx.net, { id, lanAddress: `${address}/24`, gateway: ADDR.router, daemon });
  ctx.world.plug(host.eth0, port);
  ctx.hosts.set(id, host);
  const flags = [daemon.icc === false ? '--icc=false' : '', daemon.userlandProxy === false ? '--userland-proxy=false' : '', daemon.iptables === false ? '--iptables=false' : ''].filter(Boolean).join(' ');
  ctx.commands.push(`# ${id} (${address}): dockerd${flags ? ` ${flags}` : ''}`);
  return host;
}

/**
 * Run docker command lines on the lab's hosts through the same parser and daemon calls as the
 * playground (lib/docker/cli), and show them as written: the lab's commands cannot drift from
 * what built it. A line ending in `# on host2` runs on host2.
 * @throws when a line fails (a lab bug).
 * @example docker(ctx, 'docker network create --internal app', 'docker run -d --name web --network app nginx');
 */
export function docker(ctx: LabContext, ...lines: string[]): void {
  const { errors } = applyDockerScript(lines.join('\n'), {
    host: (id) => {
      const host = ctx.hosts.get(id);
      if (!host) throw new Error(`lab has no Docker host ${id}`);
      return host;
    },
    listeners: (_host, container, _image, defaults) => ctx.listen.get(container) ?? defaults,
  });
  if (errors[0]) throw new Error(`lab command "${lines[errors[0].line - 1] ?? ''}": ${errors[0].message}`);
  ctx.commands.push(...lines);
  ctx.dockerLines.push(...lines);
}

/**
 * Finish: validate and freeze the topology.
 * @example return finish(ctx);
 */
export function finish(ctx: LabContext): BuiltLab {
  return { topology: ctx.net.build(), commands: ctx.commands, dockerLines: ctx.dockerLines, notes: ctx.notes, refs: ctx.refs };
}

/** Look up a ref set by the builder. @throws when missing (a lab bug). */
export function ref(built: BuiltLab, key: string): string {
  const value = built.refs[key];
  if (value === undefined) throw new Error(`lab ref "${key}" is not set`);
  return value;
}

export { ADDR };
