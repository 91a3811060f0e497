/**
 * What a lab's "Commands" panel shows: the Docker commands that built the
 * state on screen, and a shell script of `ip`, `bridge`, `sysctl` and
 * `iptables` commands that builds the same namespaces on a real Linux machine
 * (`lib/netsim/script`), with its teardown.
 *
 * Every namespace the script creates is named `pw-…`, and every command after
 * `ip netns add` runs inside one of them (`ip -n pw-…`, `bridge -n pw-…`,
 * `ip netns exec pw-… …`): the machine's own interfaces, routes, sysctls and
 * iptables rules are left as they are. The kernel may still load the modules
 * the script needs (bridge, veth, vxlan, 8021q, macvlan, ipvlan, iptables'
 * tables), which is machine-wide.
 */
import { toShellScript } from '@/lib/netsim/script';
import type { Topology } from '@/lib/netsim';

/** The prefix of every namespace the reader's script creates. */
export const SCRIPT_PREFIX = 'pw-';

/** A lab state as a script to run on a Linux machine. */
export interface LabShellScript {
  /** Builds every namespace, link, address, route and rule; run with `sudo sh setup.sh`. */
  setup: string;
  /** Deletes every namespace `setup` adds (safe after a partial setup too). */
  teardown: string;
  /** The namespaces it creates, in order (all `pw-…`). */
  namespaces: string[];
}

/**
 * The setup and teardown scripts for a lab's topology, namespaces prefixed `pw-`.
 *
 * @example
 * const { setup, teardown, namespaces } = labShellScript(buildLab('default-bridge').topology);
 * namespaces[0];                        // 'pw-lanswitch'
 * setup.includes('ip netns add pw-host1'); // true
 * teardown.includes('ip netns del pw-host1 2>/dev/null || true'); // true
 */
export function labShellScript(topology: Topology): LabShellScript {
  const { setup, teardown } = toShellScript(topology, { prefix: SCRIPT_PREFIX });
  const namespaces = topology.namespaces.map((ns) => `${SCRIPT_PREFIX}${ns.netnsName}`);
  return { setup, teardown, namespaces };
}

/**
 * The commands the panel lists as "what built this": the Docker script when
 * the lab has one (a lab's `docker`/`dockerd` lines, `# on host2` for the
 * second host), else the lab's own commands (the foundations lab builds its
 * namespaces with `ip` alone).
 *
 * @example
 * shownCommands({ script: 'docker run -d --name web nginx', commands: ['# host1: dockerd', 'docker run -d --name web nginx'] });
 * // { kind: 'docker', text: 'docker run -d --name web nginx' }
 * shownCommands({ script: '', commands: ['ip netns add ns1', 'ip netns add ns2'] });
 * // { kind: 'shell', text: 'ip netns add ns1\nip netns add ns2' }
 */
export function shownCommands(view: { script: string; commands: readonly string[] }): { kind: 'docker' | 'shell'; text: string } {
  if (view.script.trim()) return { kind: 'docker', text: view.script.replace(/\n+$/, '') };
  return { kind: 'shell', text: view.commands.join('\n') };
}
