/**
 * The parts of the kernel check that touch the machine: running the exported
 * setup script, stand-in processes and tcpdump inside network namespaces, and
 * removing everything again.
 *
 * Safety rules this module enforces (the machine's own network is never touched):
 * - every command runs through `ip -n <ns>`, `ip netns exec <ns>` or `bridge -n <ns>`
 *   on a namespace whose name starts with this run's prefix ({@link validateScript});
 * - every child process is tracked and killed on exit, failure or signal;
 * - namespaces of this run, and of earlier runs whose process is gone, are deleted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Every namespace name this check creates starts with `pwk<pid>-`. */
export const NAME_PREFIX = 'pwk';

/**
 * How long a helper process may take to get ready (tcpdump listening, a stand-in's sockets
 * bound). On a quiet machine this takes tens of milliseconds; on a 2-core machine at load 8 or
 * more, Node alone took over 5 s to start (the earlier bound), which failed whole configurations.
 * The wait ends as soon as the process reports ready, so the bound costs nothing when it works.
 */
export const READY_TIMEOUT_MS = 60_000;

/**
 * How many configurations to build in parallel when VERIFY_KERNEL_JOBS does not say: twice the
 * CPUs (the run mostly waits on timeouts and captures, so it overlaps well), at least 2, at most 4.
 * Not fewer when the machine is busy: every step waits for readiness, so the results do not
 * depend on it, and fewer only made a loaded run slower (2-core machine, 6 busy processes:
 * 349 match in 423 s with 2 at a time, 407 s with 4; at load 11 with no extra load, 352 s
 * with 2 against 266 s with 4).
 * @example defaultJobs(2) // 4; defaultJobs(1) // 2
 */
export function defaultJobs(cpus: number): number {
  return Math.min(4, Math.max(2, 2 * cpus));
}

const children = new Set<ChildProcess>();
let extraPath: string | undefined;
let shimDir: string | undefined;

/** Environment for child processes (with the iptables backend shim when one is needed). */
function childEnv(): NodeJS.ProcessEnv {
  return extraPath ? { ...process.env, PATH: `${extraPath}:${process.env.PATH ?? ''}` } : process.env;
}

/** Result of a finished command. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Run a command to completion (bounded by `timeoutMs`), tracked so a signal kills it.
 * @example await run(['ip', 'netns', 'list'])
 */
export function run(argv: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0] ?? 'false', argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv() });
    children.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 15000);
    child.on('error', (error) => {
      stderr += String(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Synchronous variant for probes and cleanup (never used while flows run). */
function runSync(argv: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(argv[0] ?? 'false', argv.slice(1), { input: input ?? '', encoding: 'utf8', env: childEnv(), timeout: 15000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Check that a generated setup script only touches namespaces with `prefix`:
 * every command must be `ip -n`, `ip netns add/exec` or `bridge -n` on such a
 * namespace, and every `netns NAME` it mentions must carry the prefix. Returns
 * the commands to run, comments and blank lines removed.
 * @throws naming the first line that could touch anything else.
 * @example validateScript('ip netns add pwk1-host1\nip -n pwk1-host1 link set lo up', 'pwk1-')
 */
export function validateScript(script: string, prefix: string): string[] {
  if (!/^[A-Za-z0-9_-]+-$/.test(prefix)) throw new Error(`bad namespace prefix "${prefix}"`);
  const esc = prefix.replace(/[-]/g, '\\-');
  const allowed = new RegExp(`^(ip netns add ${esc}[\\w-]+$|ip -n ${esc}[\\w-]+ |ip netns exec ${esc}[\\w-]+ (sysctl|iptables) |bridge -n ${esc}[\\w-]+ )`);
  const commands: string[] = [];
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === 'set -e') continue;
    const code = line.replace(/\s+#.*$/, '');
    if (!allowed.test(code)) throw new Error(`refusing to run a setup line outside this run's namespaces: ${line}`);
    // No second command smuggled onto the line (the only `||` allowed is a fallback message or `true`).
    const bare = code.replace(/ \|\| echo "[^"`$]*" >&2$/, '').replace(/ \|\| true$/, '');
    if (/[;`|&]|\$\(/.test(bare.replace(/ 2>\/dev\/null/g, ''))) throw new Error(`refusing a setup line that chains commands: ${line}`);
    for (const m of code.matchAll(/(?:\bnetns|\s-n)\s+(\S+)/g)) {
      const name = m[1] ?? '';
      if (name !== 'add' && name !== 'exec' && !name.startsWith(prefix)) throw new Error(`refusing a line that names namespace "${name}": ${line}`);
    }
    commands.push(code);
  }
  return commands;
}

/** What this kernel and machine offer, probed once in a scratch namespace. */
export interface KernelFeatures {
  vlan: boolean;
  bridgeVlanFiltering: boolean;
  macvlan: boolean;
  ipvlan: boolean;
  vxlan: boolean;
  esp: boolean;
  brNetfilter: boolean;
  ping: boolean;
  iptablesBackend: string;
  iptablesOk: boolean;
  /**
   * How long the kernel tries to resolve a neighbour before it answers the waiting packets with
   * ICMP host unreachable: (mcast_solicit + app_solicit) probes, retrans_time_ms apart, as a new
   * interface gets them (3 × 1000 ms unless the machine's neigh/default sysctls say otherwise).
   */
  neighbourGiveUpMs: number;
}

/** Why the check cannot run here at all (not Linux, not root, no namespaces, tools missing), or undefined. */
export function cannotRun(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root';
  for (const tool of ['ip', 'tcpdump', 'iptables', 'bridge']) {
    if (runSync(['sh', '-c', `command -v ${tool}`]).code !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

/**
 * Probe the kernel's features in a scratch namespace (deleted again).
 * @returns undefined when network namespaces cannot be created here.
 */
export function probeKernel(prefix: string): KernelFeatures | undefined {
  const ns = `${prefix}probe`;
  if (runSync(['ip', 'netns', 'add', ns]).code !== 0) return undefined;
  try {
    const ok = (argv: string[]) => runSync(argv).code === 0;
    ok(['ip', '-n', ns, 'link', 'add', 'pv0', 'type', 'veth', 'peer', 'name', 'pv1']);
    const features: KernelFeatures = {
      vlan: ok(['ip', '-n', ns, 'link', 'add', 'link', 'pv0', 'name', 'pv0.10', 'type', 'vlan', 'id', '10']),
      bridgeVlanFiltering: ok(['ip', '-n', ns, 'link', 'add', 'pbr0', 'type', 'bridge', 'vlan_filtering', '1']),
      macvlan: ok(['ip', '-n', ns, 'link', 'add', 'pmv0', 'link', 'pv0', 'type', 'macvlan', 'mode', 'bridge']),
      ipvlan: ok(['ip', '-n', ns, 'link', 'add', 'piv0', 'link', 'pv1', 'type', 'ipvlan', 'mode', 'l2']),
      vxlan: ok(['ip', '-n', ns, 'link', 'add', 'pvx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'local', '10.255.0.1']),
      esp: false,
      brNetfilter: ok(['ip', 'netns', 'exec', ns, 'sysctl', '-n', 'net.bridge.bridge-nf-call-iptables']),
      ping: runSync(['sh', '-c', 'command -v ping']).code === 0,
      iptablesBackend: '',
      iptablesOk: false,
      neighbourGiveUpMs: 0,
    };
    // A new interface copies the neighbour parameters every namespace's interfaces start with.
    const neigh = (name: string, fallback: number) => {
      const r = runSync(['ip', 'netns', 'exec', ns, 'cat', `/proc/sys/net/ipv4/neigh/pv0/${name}`]);
      const value = Number(r.stdout.trim());
      return r.code === 0 && r.stdout.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : fallback;
    };
    features.neighbourGiveUpMs = (neigh('mcast_solicit', 3) + neigh('app_solicit', 0)) * neigh('retrans_time_ms', 1000);
    // ESP needs CONFIG_INET_ESP: the state is accepted only when the kernel can run it.
    features.esp = ok(['ip', '-n', ns, 'xfrm', 'state', 'add', 'src', '10.255.0.1', 'dst', '10.255.0.2', 'proto', 'esp', 'spi', '0x100', 'mode', 'transport', 'enc', 'cbc(aes)', `0x${'11'.repeat(16)}`, 'auth', 'hmac(sha1)', `0x${'22'.repeat(20)}`]);
    const version = runSync(['iptables', '--version']).stdout.trim();
    features.iptablesBackend = /nf_tables/.test(version) ? 'nft' : /legacy/.test(version) ? 'legacy' : version;
    features.iptablesOk = ok(['ip', 'netns', 'exec', ns, 'iptables', '-t', 'nat', '-A', 'OUTPUT', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'RETURN']);
    if (!features.iptablesOk) {
      // The default backend does not work in this kernel (e.g. no nf_tables): try the other one
      // through a PATH shim so the exported script's plain `iptables` uses it.
      const other = features.iptablesBackend === 'nft' ? 'iptables-legacy' : 'iptables-nft';
      if (ok(['ip', 'netns', 'exec', ns, other, '-t', 'nat', '-A', 'OUTPUT', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'RETURN'])) {
        shimDir = mkdtempSync(path.join(tmpdir(), 'pwk-bin-'));
        const target = runSync(['sh', '-c', `command -v ${other}`]).stdout.trim();
        symlinkSync(target, path.join(shimDir, 'iptables'));
        extraPath = shimDir;
        features.iptablesBackend = `${other.replace('iptables-', '')} (fallback)`;
        features.iptablesOk = true;
      }
    }
    return features;
  } finally {
    runSync(['ip', 'netns', 'del', ns]);
  }
}

/** Namespaces on the machine whose names start with `prefix`. */
export function listNamespaces(prefix: string): string[] {
  const out = runSync(['ip', 'netns', 'list']).stdout;
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n.startsWith(prefix));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kill what still runs inside a namespace, then delete it. */
export function removeNamespace(name: string): void {
  const pids = runSync(['ip', 'netns', 'pids', name])
    .stdout.split('\n')
    .map((p) => Number(p.trim()))
    .filter((p) => p > 0 && p !== process.pid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runSync(['ip', 'netns', 'del', name]);
}

/**
 * Delete namespaces left by earlier runs that died (their pid is in the name and no longer alive).
 * @returns the names removed.
 */
export function sweepStale(): string[] {
  const removed: string[] = [];
  for (const name of listNamespaces(NAME_PREFIX)) {
    const m = new RegExp(`^${NAME_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    removeNamespace(name);
    removed.push(name);
  }
  return removed;
}

/** Kill every tracked child process now. */
export function killChildren(): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

/**
 * Remove everything this run created: child processes, namespaces with `runPrefix`, the PATH shim.
 * Synchronous so it also works from a signal or exit handler.
 */
export function cleanupRun(runPrefix: string): void {
  killChildren();
  removeNamespaces(runPrefix);
  if (shimDir) rmSync(shimDir, { recursive: true, force: true });
}

/** Remove the namespaces with `prefix` and whatever runs in them (one configuration's teardown). */
export function removeNamespaces(prefix: string): void {
  for (const name of listNamespaces(prefix)) removeNamespace(name);
}

/** A running tcpdump on one interface, writing pcap to our pipe. */
export interface Capture {
  iface: string;
  /** The pcap bytes tcpdump has written so far (it writes each packet as it reads it). */
  sofar(): Buffer;
  stop(): Promise<Buffer>;
}

/**
 * Start `tcpdump -i <if> -p -e -nn -U --immediate-mode -w -` inside a namespace and wait until it listens
 * (immediate mode: packets reach us at once, so none are lost when the capture is stopped).
 * IPv6 and IGMP are filtered out: interfaces send them on their own when they come up.
 * `-p`: no promiscuous mode, which would change what a bridge device passes up.
 * @throws when tcpdump exits before it listens (e.g. the interface does not exist), or does not
 * listen within {@link READY_TIMEOUT_MS}.
 */
export function startCapture(netns: string, ifname: string, iface: string): Promise<Capture> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', netns, 'tcpdump', '-i', ifname, '-p', '-e', '-nn', '-U', '--immediate-mode', '-s', '512', '-w', '-', 'not ip6 and not igmp'], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    children.add(child);
    const chunks: Buffer[] = [];
    let stderr = '';
    let ready = false;
    const exited = new Promise<void>((done) => child.on('close', () => {
      children.delete(child);
      done();
    }));
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    const timer = setTimeout(() => {
      if (ready) return;
      child.kill('SIGKILL');
      reject(new Error(`tcpdump on ${netns}/${ifname} did not start listening within ${READY_TIMEOUT_MS / 1000} s: ${stderr.trim()}`));
    }, READY_TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!ready && /listening on/.test(stderr)) {
        ready = true;
        clearTimeout(timer);
        resolve({
          iface,
          sofar: () => Buffer.concat(chunks),
          async stop() {
            child.kill('SIGINT');
            // tcpdump writes what it has read on SIGINT; on a loaded machine it may take a while to be scheduled.
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(killer);
            return Buffer.concat(chunks);
          },
        });
      }
    });
    child.on('close', (code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`tcpdump on ${netns}/${ifname} exited (${code}): ${stderr.trim()}`));
    });
  });
}

/** One line a stand-in printed, with when it arrived. */
export interface AgentEvent {
  at: number;
  event: string;
  [key: string]: unknown;
}

/** A long-running stand-in process in one namespace. */
export interface Agent {
  netns: string;
  events: AgentEvent[];
  stop(): void;
}

const AGENT = path.join(path.dirname(new URL(import.meta.url).pathname), 'agent.mjs');

/**
 * Start the stand-in server for a namespace's sockets and wait until every socket is bound.
 * @throws when it exits first, or does not report ready within {@link READY_TIMEOUT_MS}.
 */
export function startAgent(netns: string, spec: unknown): Promise<Agent> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', netns, process.execPath, AGENT, 'serve', JSON.stringify(spec)], { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv() });
    children.add(child);
    child.on('close', () => children.delete(child));
    const events: AgentEvent[] = [];
    let buffer = '';
    let stderr = '';
    const agent: Agent = {
      netns,
      events,
      stop() {
        child.kill('SIGKILL');
      },
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stand-in in ${netns} did not get ready within ${READY_TIMEOUT_MS / 1000} s: ${stderr.trim()}`));
    }, READY_TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const parsed = JSON.parse(line) as { event: string };
          events.push({ ...parsed, at: Date.now() });
          if (parsed.event === 'ready') {
            clearTimeout(timer);
            resolve(agent);
          }
        } catch {
          // not ours
        }
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`stand-in in ${netns} exited (${code}): ${stderr.trim()}`));
    });
  });
}

/**
 * Run a one-shot agent mode (tcp, dns, bind) in a namespace and return its JSON result.
 * @example await runAgent('pwk1-0-laptop', 'tcp', { dst: '192.168.1.10', dport: 8080, sport: 43512, timeoutMs: 1500 })
 */
export async function runAgent(netns: string, mode: string, spec: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
  const r = await run(['ip', 'netns', 'exec', netns, process.execPath, AGENT, mode, JSON.stringify(spec)], { timeoutMs });
  return agentResult(r, timeoutMs);
}

/**
 * The JSON result a one-shot agent printed last. A sender killed by the outer bound printed
 * nothing: that is an error of the check (it may never have sent the packet), never the
 * sender's own "timeout", which means it sent and waited the whole give-up time for nothing.
 * @example agentResult({ code: 0, stdout: '{"result":"refused"}\n', stderr: '', timedOut: false }, 9000) // { result: 'refused' }
 */
export function agentResult(r: RunResult, timeoutMs: number): Record<string, unknown> {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { result: r.timedOut ? `error:the sender did not finish within ${timeoutMs / 1000} s and was killed` : `error:${r.stderr.trim() || `exit ${r.code}`}` };
  }
}
