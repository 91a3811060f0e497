/**
 * `npm run verify:kernel -- --script FILE [--flow FROM TO …]`: the command line, and which flows
 * a reader's Docker script is checked with. Pure: the playground build is computed by the caller.
 *
 * Without --flow, a script's flows are (in this order, duplicates left out):
 *  1. every container pings every address of every other container on a network they share
 *     (same network on one host, or one overlay across hosts);
 *  2. every container connects over TCP to every port a process listens on in those containers;
 *  3. every container whose resolver is Docker's embedded DNS (127.0.0.11) looks up the name of
 *     every other container on a user-defined network they share;
 *  4. every container pings the internet server (93.184.216.34);
 *  5. the laptop connects to every TCP port published with -p, at the LAN address of its host.
 * "Every container" means one sender per network namespace: `--network container:X` shares X's,
 * and `--network host` containers are their host's own namespace, which sends nothing here.
 */
import { parseDockerScript } from '@/lib/docker/cli';
import { EMBEDDED_DNS, type DockerHost } from '@/lib/docker';
import { ADDR } from '@/lib/labs/world';
import { playgroundHosts, playgroundPacket, type FlowDefinition, type FlowPacket, type PlaygroundBuild } from '@/lib/labs';

/** The parsed command line. */
export type VerifyArgs = { mode: 'labs' } | { mode: 'script'; file: string; flows: { from: string; to: string }[] };

/**
 * Parse argv (after `npm run verify:kernel --`). Throws an Error with the message to print (exit 2).
 * @example parseVerifyArgs(['--script', 'x.sh', '--flow', 'host1/c1', 'c2:80']) // { mode: 'script', file: 'x.sh', flows: [{ from: 'host1/c1', to: 'c2:80' }] }
 */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  let file: string | undefined;
  const flows: { from: string; to: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--script' || arg.startsWith('--script=')) {
      const value = arg === '--script' ? argv[++i] : arg.slice('--script='.length);
      if (!value || value.startsWith('--')) throw new Error('--script needs a file: --script FILE');
      if (file !== undefined) throw new Error('--script is given twice: check one script at a time');
      file = value;
    } else if (arg === '--flow') {
      const from = argv[i + 1];
      const to = argv[i + 2];
      if (!from || !to || from.startsWith('--') || to.startsWith('--')) throw new Error('--flow needs FROM and TO: --flow FROM TO (as in npm run trace -- --script FILE FROM TO)');
      flows.push({ from, to });
      i += 2;
    } else throw new Error(`unexpected argument "${arg}": use no arguments (every lab), or --script FILE [--flow FROM TO …]`);
  }
  if (file === undefined) {
    if (flows.length) throw new Error('--flow needs --script FILE: the lab flows are fixed');
    return { mode: 'labs' };
  }
  return { mode: 'script', file, flows };
}

interface Member {
  host: DockerHost;
  name: string;
  namespace: string;
}

/** b's addresses on networks a shares with it: the same network on one host, or one overlay (its record, and DNS zone, spans hosts). */
function sharedAddresses(from: Member, to: Member, userDefinedOnly = false): string[] {
  const fromContainer = from.host.containers.get(from.name);
  const toContainer = to.host.containers.get(to.name);
  const out: string[] = [];
  for (const b of toContainer?.endpoints ?? []) {
    const bNet = to.host.networks.get(b.network);
    const shares = (fromContainer?.endpoints ?? []).some((a) => {
      const aNet = from.host.networks.get(a.network);
      return (from.host === to.host && a.network === b.network) || (aNet?.driver === 'overlay' && bNet?.driver === 'overlay' && aNet.dnsZone === bNet.dnsZone);
    });
    if (shares && (!userDefinedOnly || b.network !== 'bridge')) out.push(b.address);
  }
  return out;
}

/**
 * The flows of a built script (see the header for the rules), or of the given FROM TO pairs.
 * Ids are `FROM → TO` with TO as `npm run trace` takes it, so a row can be re-walked there (a DNS
 * lookup is `FROM resolves NAME (DNS to 127.0.0.11)`).
 * @throws Error `--flow FROM TO: …` for a pair that does not resolve.
 * @example scriptFlows(buildPlayground(script), script).map((f) => f.id) // ['host1/a → 172.18.0.3/icmp', …]
 */
export function scriptFlows(build: PlaygroundBuild, script: string, pairs: readonly { from: string; to: string }[] = []): FlowDefinition[] {
  const flow = (id: string, packet: FlowPacket, description: string): FlowDefinition => ({ id, label: id, description, source: packet.kind === 'packet' ? packet.from : '', showReply: true, packet: () => packet });
  if (pairs.length) {
    return pairs.map(({ from, to }) => {
      const planned = playgroundPacket(build, from, to);
      if ('error' in planned) throw new Error(`--flow ${from} ${to}: ${planned.error}`);
      return flow(`${planned.packet.from} → ${to}`, planned.packet, 'chosen with --flow');
    });
  }
  const hosts = playgroundHosts(build);
  const topology = build.built.topology;
  const containerNamespaces = new Set(topology.namespaces.filter((ns) => ns.role === 'container').map((ns) => ns.id));
  // One sender per namespace: the first container that runs in it.
  const members: Member[] = [];
  for (const host of hosts) {
    for (const container of host.containers.values()) {
      if (containerNamespaces.has(container.namespace) && !members.some((m) => m.namespace === container.namespace)) members.push({ host, name: container.name, namespace: container.namespace });
    }
  }
  const out: FlowDefinition[] = [];
  const seen = new Set<string>();
  const add = (id: string, packet: FlowPacket, description: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    out.push(flow(id, packet, description));
  };
  for (const a of members) for (const b of members) {
    if (a === b) continue;
    for (const address of sharedAddresses(a, b)) add(`${a.namespace} → ${address}/icmp`, { kind: 'packet', from: a.namespace, protocol: 'icmp', dst: address }, `ping ${b.name} on a network they share`);
  }
  for (const a of members) for (const b of members) {
    if (a === b) continue;
    const listening = topology.namespaces.find((ns) => ns.id === b.namespace)?.sockets.filter((s) => s.protocol === 'tcp' && !s.address.startsWith('127.')) ?? [];
    for (const address of sharedAddresses(a, b)) {
      for (const port of [...new Set(listening.filter((s) => s.address === '0.0.0.0' || s.address === address).map((s) => s.port))]) add(`${a.namespace} → ${address}:${port}`, { kind: 'packet', from: a.namespace, protocol: 'tcp', dst: address, dport: port }, `connect to ${b.name}:${port}`);
    }
  }
  for (const a of members) {
    if (!a.host.containers.get(a.name)?.nameservers.includes(EMBEDDED_DNS)) continue;
    for (const b of members) {
      if (a === b || sharedAddresses(a, b, true).length === 0) continue;
      add(`${a.namespace} resolves ${b.name} (DNS to ${EMBEDDED_DNS})`, { kind: 'packet', from: a.namespace, protocol: 'udp', dst: EMBEDDED_DNS, dport: 53, dnsQuery: b.name }, `look up ${b.name} with the embedded DNS server`);
    }
  }
  for (const a of members) add(`${a.namespace} → ${ADDR.internet}/icmp`, { kind: 'packet', from: a.namespace, protocol: 'icmp', dst: ADDR.internet }, 'ping the internet server');
  for (const command of parseDockerScript(script).commands) {
    if (command.kind !== 'run') continue;
    const host = hosts.find((h) => h.id === command.host);
    for (const p of command.publish) {
      if (!host || p.protocol !== 'tcp') continue;
      add(`laptop → ${host.lanIp}:${p.hostPort}`, { kind: 'packet', from: 'laptop', protocol: 'tcp', dst: host.lanIp, dport: p.hostPort }, `the published port ${p.hostPort} of ${command.name ?? 'a container'}`);
    }
  }
  return out;
}
