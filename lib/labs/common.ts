/**
 * Shared scaffolding for lab builders: a fresh model, the LAN world, and a
 * log of the commands a reader would type.
 */
import { NetworkBuilder, type BridgePortVlans } from '@/lib/netsim';
import { DockerHost, type DaemonOptions } from '@/lib/docker';
import { createWorld, ADDR, type World } from './world';
import type { BuiltLab } from './types';

/** A lab under construction. */
export interface LabContext {
  net: NetworkBuilder;
  world: World;
  commands: string[];
  notes: string[];
  refs: Record<string, string>;
}

/**
 * Start a lab: model + LAN world.
 * @example const ctx = startLab();
 */
export function startLab(options: { routerPort?: BridgePortVlans } = {}): LabContext {
  const net = new NetworkBuilder();
  return { net, world: createWorld(net, options), commands: [], notes: [], refs: {} };
}

/**
 * Add a Docker host plugged into the LAN switch.
 * @example const host1 = addDockerHost(ctx, 'host1', ADDR.host1);
 */
export function addDockerHost(ctx: LabContext, id: string, address: string, daemon: DaemonOptions = {}, port?: BridgePortVlans): DockerHost {
  const host = new DockerHost(ctx.net, { id, lanAddress: `${address}/24`, gateway: ADDR.router, daemon });
  ctx.world.plug(host.eth0, port);
  const flags = [daemon.icc === false ? '--icc=false' : '', daemon.userlandProxy === false ? '--userland-proxy=false' : ''].filter(Boolean).join(' ');
  ctx.commands.push(`# ${id} (${address}): dockerd${flags ? ` ${flags}` : ''}`);
  return host;
}

/**
 * Finish: validate and freeze the topology.
 * @example return finish(ctx);
 */
export function finish(ctx: LabContext): BuiltLab {
  return { topology: ctx.net.build(), commands: ctx.commands, notes: ctx.notes, refs: ctx.refs };
}

/** Look up a ref set by the builder. @throws when missing (a lab bug). */
export function ref(built: BuiltLab, key: string): string {
  const value = built.refs[key];
  if (value === undefined) throw new Error(`lab ref "${key}" is not set`);
  return value;
}

export { ADDR };
