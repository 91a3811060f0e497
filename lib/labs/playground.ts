/**
 * The playground: a reader's own Docker script, built into the lessons' world (router,
 * laptop, internet, LAN switch) with host1 (and host2 when the script names it), and a
 * packet walked from one endpoint to another.
 */
import { applyDockerScript, type ScriptError } from '@/lib/docker/cli';
import type { DockerHost } from '@/lib/docker';
import type { Trace } from '@/lib/netsim';
import { ADDR, addDockerHost, finish, startLab } from './common';
import { traceFlowPacket } from './flow-packet';
import type { BuiltLab, FlowPacket } from './types';

export interface PlaygroundBuild {
  built: BuiltLab;
  errors: ScriptError[];
  /** `address`: a container's first address (what a target may name besides its name). */
  endpoints: { id: string; label: string; kind: 'container' | 'host' | 'world'; address?: string }[];
}

const HOST_ADDRESSES: Record<string, string> = { host1: ADDR.host1, host2: ADDR.host2 };

/** Hosts built for the last playground, so names can be resolved (kept beside the build, not in it). */
const hostsOfBuild = new WeakMap<BuiltLab, DockerHost[]>();

/**
 * Build a script into the lessons' world. host1 always exists; host2 when the script uses it.
 * @example buildPlayground('docker run -d --name web -p 8080:80 nginx').endpoints.map((e) => e.id) // ['laptop', 'internet', 'router', 'host1', 'host1/web']
 */
export function buildPlayground(script: string): PlaygroundBuild {
  const ctx = startLab();
  const hosts = new Map<string, DockerHost>();
  const hostFor = (id: string, daemon = {}) => {
    const existing = hosts.get(id);
    if (existing) return existing;
    const host = addDockerHost(ctx, id, HOST_ADDRESSES[id] ?? ADDR.host1, daemon);
    hosts.set(id, host);
    return host;
  };
  const { applied, errors } = applyDockerScript(script, { host: hostFor });
  if (hosts.size === 0) hostFor('host1');
  const lines = applied.map((c) => `${c.text}${c.host === 'host1' ? '' : `   # on ${c.host}`}`);
  ctx.commands.push(...lines);
  ctx.dockerLines.push(...lines);
  const built = finish(ctx);
  hostsOfBuild.set(built, [...hosts.values()]);
  const endpoints: PlaygroundBuild['endpoints'] = [
    { id: 'laptop', label: `laptop (${ADDR.laptop})`, kind: 'world' },
    { id: 'internet', label: `example.com (${ADDR.internet})`, kind: 'world' },
    { id: 'router', label: `router (${ADDR.router})`, kind: 'world' },
  ];
  for (const host of hosts.values()) {
    endpoints.push({ id: host.id, label: `${host.id} (${host.lanIp})`, kind: 'host' });
    for (const container of host.containers.values()) {
      // A `--network container:NAME` sidecar shares its namespace: one sender, named for both.
      const shared = endpoints.find((e) => e.id === container.namespace);
      if (shared) shared.label = shared.label.replace(/^(\S+)/, `$1 + ${container.name}`);
      else {
        const address = container.endpoints[0]?.address;
        endpoints.push({ id: container.namespace, label: `${container.name} on ${host.id}${address ? ` (${address})` : ''}`, kind: 'container', ...(address ? { address } : {}) });
      }
    }
  }
  return { built, errors, endpoints };
}

/**
 * `NAME|IP[:PORT][/tcp|/udp|/icmp]`.
 * @example parsePlaygroundTarget('web:80') // { name: 'web', port: 80, protocol: 'tcp' }
 * @example parsePlaygroundTarget('10.0.0.2/icmp') // { ip: '10.0.0.2', protocol: 'icmp' }
 */
export function parsePlaygroundTarget(to: string): { name?: string; ip?: string; port?: number; protocol: 'tcp' | 'udp' | 'icmp' } | { error: string } {
  const match = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?::(\d{1,5}))?(?:\/(tcp|udp|icmp))?$/.exec(to.trim());
  if (!match) return { error: `"${to}" is not NAME|IP[:PORT][/tcp|/udp|/icmp]` };
  const [, where = '', portText, protocolText] = match;
  const protocol = (protocolText ?? 'tcp') as 'tcp' | 'udp' | 'icmp';
  if (protocol === 'icmp' && portText !== undefined) return { error: 'ICMP has no ports' };
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return { error: `port ${portText} is out of range (1–65535)` };
  if (protocol !== 'icmp' && port === undefined) return { error: `${protocol.toUpperCase()} needs a port: ${where}:PORT` };
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(where);
  if (isIp && where.split('.').some((o) => Number(o) > 255)) return { error: `"${where}" is not an IPv4 address` };
  return { ...(isIp ? { ip: where } : { name: where }), ...(port !== undefined ? { port } : {}), protocol };
}

/**
 * A lab's shown commands as a playground script: the `# host1 (…): dockerd FLAGS` headers become
 * `dockerd FLAGS # on host1`, docker and dockerd lines stay (a trailing `# on hostN` kept, other
 * comments dropped), and everything else (ip commands on the router, plain namespaces) is left out.
 * @example playgroundScriptOf(['# host1 (192.168.1.10): dockerd --icc=false', 'docker run -d --name a alpine   # on host2']) // 'dockerd --icc=false # on host1\ndocker run -d --name a alpine # on host2'
 */
export function playgroundScriptOf(commands: readonly string[]): string {
  return commands
    .flatMap((line) => {
      const header = /^# (host\d) \([\d.]+\): dockerd(.*)$/.exec(line);
      if (header) return header[2]?.trim() ? [`dockerd ${header[2].trim()} # on ${header[1]}`] : [];
      return /^dockerd? /.test(line) ? [line.replace(/\s+# on (host\d)\s*$/, ' # on $1').replace(/\s+#(?! on host\d\s*$).*$/, '')] : [];
    })
    .join('\n');
}

/** A name as the sender would resolve it: Docker's embedded DNS (containers on a shared user-defined network) or the LAN router's DNS. */
function resolve(hosts: DockerHost[], from: string, name: string): string | undefined {
  const sender = hosts.flatMap((h) => [...h.containers.values()]).find((c) => c.namespace === from);
  if (sender) {
    for (const endpoint of sender.endpoints) {
      const host = hosts.find((h) => h.id === sender.host);
      const network = host?.networks.get(endpoint.network);
      if (!network?.dnsZone) continue;
      for (const h of hosts) {
        const match = h.containers.get(name)?.endpoints.find((e) => h.networks.get(e.network)?.dnsZone === network.dnsZone);
        if (match) return match.address;
      }
    }
  }
  // The LAN's names, as the router's DNS (or the hosts' /etc/hosts) answers them.
  const lan: Record<string, string> = { laptop: ADDR.laptop, 'example.com': ADDR.internet, router: ADDR.router };
  for (const host of hosts) lan[host.id] = host.lanIp;
  return lan[name];
}

/** The Docker hosts a playground build made (host1, and host2 when the script names it). */
export function playgroundHosts(build: PlaygroundBuild): DockerHost[] {
  return hostsOfBuild.get(build.built) ?? [];
}

/**
 * The packet a playground walk sends from an endpoint id (`laptop`, `host1`, `host1/web`, or a bare
 * container name only one host has) to a target, names resolved as the sender would.
 * @example playgroundPacket(buildPlayground('docker run -d --name web -p 8080:80 nginx'), 'laptop', '192.168.1.10:8080') // { packet: { kind: 'packet', from: 'laptop', protocol: 'tcp', dst: '192.168.1.10', dport: 8080 } }
 */
export function playgroundPacket(build: PlaygroundBuild, from: string, to: string): { packet: Extract<FlowPacket, { kind: 'packet' }> } | { error: string } {
  const sender = playgroundSender(build, from);
  if (!sender) return { error: `unknown sender "${from}": choose one of ${build.endpoints.map((e) => e.id).join(', ')}` };
  const target = parsePlaygroundTarget(to);
  if ('error' in target) return { error: target.error };
  const dst = target.ip ?? resolve(playgroundHosts(build), sender, target.name ?? '');
  if (!dst) return { error: `${sender} cannot resolve "${target.name}": not a container on a network it shares, nor a LAN name` };
  return { packet: { kind: 'packet', from: sender, protocol: target.protocol, dst, ...(target.port !== undefined ? { dport: target.port } : {}) } };
}

/**
 * The endpoint id a sender names, or undefined when nothing in the build can send as it: an id
 * (`laptop`, `host1`, `host1/web`), or a bare container name (`web`) when only one host has it
 * (a `--network container:web` sidecar is listed with web, once: one namespace, one sender).
 * The internet server and the router only answer.
 * @example playgroundSender(buildPlayground('docker run -d --name web nginx'), 'web') // 'host1/web'
 */
export function playgroundSender(build: PlaygroundBuild, from: string): string | undefined {
  const named = build.endpoints.filter((e) => e.kind === 'container' && e.id.endsWith(`/${from}`)).map((e) => e.id);
  const id = build.endpoints.some((e) => e.id === from) ? from : named.length === 1 ? named[0] : undefined;
  return id === 'internet' || id === 'router' ? undefined : id;
}

/**
 * Walk a packet through a built script (see {@link playgroundPacket} for `from` and `to`).
 * @example walkPlayground(buildPlayground('docker run -d --name web -p 8080:80 nginx'), 'laptop', '192.168.1.10:8080').trace?.verdict.outcome // 'delivered'
 */
export function walkPlayground(build: PlaygroundBuild, from: string, to: string): { trace?: Trace; error?: string } {
  const planned = playgroundPacket(build, from, to);
  if ('error' in planned) return { error: planned.error };
  return { trace: traceFlowPacket(build.built.topology, planned.packet, { withReply: true }) };
}

/**
 * Build a script and walk a packet from an endpoint id (`laptop`, `host1`, `host1/web`) to a target.
 * A script with an error gives `error` and no walk, unless `partial` (the editor's case): then the
 * packet walks through what the lines before the error built.
 * @example tracePlayground('docker run -d --name web -p 8080:80 nginx', 'laptop', '192.168.1.10:8080').trace?.verdict.outcome // 'delivered'
 */
export function tracePlayground(script: string, from: string, to: string, options: { partial?: boolean } = {}): { build: PlaygroundBuild; trace?: Trace; error?: string } {
  const build = buildPlayground(script);
  // The CLI refuses a bad script; the editor walks what the lines before the error built (`partial`).
  if (build.errors[0] && !options.partial) return { build, error: `line ${build.errors[0].line}: ${build.errors[0].message}` };
  return { build, ...walkPlayground(build, from, to) };
}
