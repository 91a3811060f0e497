/**
 * `npm run verify:kernel` — check the model against the real Linux kernel, flow by flow.
 *
 * For every lab, with its defaults and with each option changed one at a time,
 * and for every flow: build the topology in fresh network namespaces from the
 * engine's `ip`/`iptables` script export, start stand-ins for the processes
 * (listeners, docker-proxy, Docker's embedded DNS, the router's DNS), capture
 * with tcpdump on every interface the trace says the packet crosses and on the
 * ones it must not reach, send the packet with real tools (ping, a TCP connect,
 * a DNS query), and compare the verdict, the interfaces and the header fields
 * with the trace.
 *
 * Prints a table and counts, writes test-reports/verify-kernel.json (gitignored, and outside
 * test-results/, which Playwright empties when it starts), exits 1 on
 * any mismatch. Where it cannot run (not Linux, not root, no namespaces) it says
 * so in one line and exits 0 — unless VERIFY_KERNEL_REQUIRED=1 (CI), then 1.
 *
 * Besides the lab flows it sends variants of each (ping ↔ TCP :80, and TCP to a closed port),
 * flow ids `<flow>~icmp`, `~tcp80`, `~closed`, so the model is checked beyond the lessons' paths.
 *
 * `npm run verify:kernel -- --script FILE [--flow FROM TO …]` does the same for a reader's Docker
 * script, built into the playground's world (lib/labs/playground): its flows are planned by
 * scriptFlows (verify-kernel/script-plan.ts — container pings and TCP connects on shared networks,
 * embedded-DNS lookups, the internet, the laptop to each published port) or given as FROM TO
 * pairs in `npm run trace -- --script` syntax; the report goes to test-reports/verify-kernel-script.json.
 * Exit 2: a bad command line, or `line N: …` for a bad script (before anything needs root).
 *
 * Environment: VERIFY_KERNEL_JOBS (configurations built in parallel, default 4),
 * VERIFY_KERNEL_ONLY (a lab id, or lab:flow, to run a subset), VERIFY_KERNEL_VARIANTS=0
 * (lab flows only), VERIFY_KERNEL_SWEEP=icmp|tcp (exploratory: every endpoint pings, or connects to :80 on, every address; defaults only,
 * or every configuration with VERIFY_KERNEL_SWEEP_ALL=1; minutes, not part of npm test).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { availableParallelism, release } from 'node:os';
import { buildPlayground, labs, resolveOptions, traceFlowPacket, type BuiltLab, type FlowDefinition, type FlowPacket, type Lab } from '@/lib/labs';
import { EPHEMERAL_PORT, DEFAULT_DESTINATION_PORT, proxySourcePort, toShellScript, type Topology, type Trace } from '@/lib/netsim';
import { configurations, sweepFlows, variantFlows, type Configuration } from './verify-kernel/plan';
import { expectFlow, type FlowExpectation } from './verify-kernel/expect';
import { allPointsSeen, compareFlow, type KernelObservation } from './verify-kernel/compare';
import { decodePcap, type WireFrame } from './verify-kernel/pcap';
import { missingFeatures, missingForFlow } from './verify-kernel/requirements';
import { parseVerifyArgs, scriptFlows, type VerifyArgs } from './verify-kernel/script-plan';
import { formatTable, type CaseResult } from './verify-kernel/report';
import { NAME_PREFIX, cannotRun, cleanupRun, defaultJobs, probeKernel, removeNamespaces, run, runAgent, startAgent, startCapture, sweepStale, validateScript, type Agent, type Capture, type KernelFeatures } from './verify-kernel/system';

/**
 * How much longer than the kernel's neighbour resolution (3 s by default, {@link KernelFeatures.neighbourGiveUpMs})
 * a sender waits for an answer. A sender whose next hop never answers ARP gets ICMP host
 * unreachable once the kernel gives up; a sender that stops waiting close to that moment sees
 * the error in some runs and not in others, on a loaded machine more often. So every sender
 * waits until well after it (an answered flow ends as soon as its answer arrives).
 */
const NEIGHBOUR_MARGIN_MS = 1500;
/** After every promised packet and delivery is seen: time for the last packets (resets, retransmissions) to reach the captures. */
const SETTLE_MS = 400;
/**
 * Longest wait, after the sender is done, for what the trace promises: each capture point's
 * packet read by its tcpdump, and each delivery (a relayed docker-proxy leg may still be on its
 * way). The wait ends as soon as all of it is there, so it costs time only when something is
 * missing — which is then reported as a mismatch. Under load tcpdump and the stand-ins are
 * scheduled late: a capture stopped before tcpdump read the packet loses it (SIGINT ends its
 * read loop), so a fixed short wait turned a slow machine into "no IPv4 packet was captured".
 */
const COMPLETION_WAIT_MS = 10_000;
/**
 * Longest time a sender process may take to start and finish, beyond its own give-up time.
 * Its give-up timer starts only once it runs (just before it sends), so this bound only catches
 * a hang; one that fires is an error of the check, not the sender's "timeout".
 */
const SENDER_START_MS = 60_000;
/** Longest time for a configuration's setup script (hundreds of `ip`/`iptables` commands). */
const SETUP_TIMEOUT_MS = 180_000;
/**
 * Time between two flows of one configuration that each need a kernel-generated ICMP error:
 * a "no route" error draws twice on the same per-peer token bucket (ip_error, then icmp_send),
 * one second each, so two seconds apart is always allowed.
 */
const ICMP_ERROR_SPACING_MS = 2100;
/**
 * The whole run may take at most this long: a bound for a hang, not a budget. Measured: 2–3
 * minutes on a quiet 2-core machine; about 7 under 6 busy processes; a run at load 12–18 had
 * two thirds of its configurations done at 10 minutes (the earlier bound). 30 minutes is
 * twice the slowest of those.
 */
const RUN_LIMIT_MS = 30 * 60 * 1000;
/** Stand-in events that mean "a socket got the request". */
const DELIVERY_EVENTS = new Set(['accept', 'dns', 'udp']);
/** Source ports for variant and sweep flows: one per flow in a configuration, clear of the model's ephemeral ports and its proxies' (50000+). */
const EXTRA_SPORT_BASE = 44000;

const runPrefix = `${NAME_PREFIX}${process.pid}-`;
/** Where the report goes: a script's run has its own file, so it never replaces the labs' report. */
let reportFile = 'test-reports/verify-kernel.json';
let aborting = false;

function onSignal(signal: NodeJS.Signals): void {
  if (aborting) return;
  aborting = true;
  process.stderr.write(`\nverify:kernel: ${signal} — removing this run's namespaces and processes\n`);
  cleanupRun(runPrefix);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Trace a flow the way `traceFlow` does, against an already built lab. */
function traceOf(built: BuiltLab, flow: FlowDefinition, sport?: number): { packet: FlowPacket; trace: Trace } {
  const packet = flow.packet(built);
  const trace = traceFlowPacket(built.topology, packet, { withReply: flow.showReply, ...(sport !== undefined ? { sport } : {}) });
  return { packet, trace };
}

/** The stand-in spec for one namespace's sockets (DNS zones resolved to records). */
function agentSpec(topology: Topology, nsId: string): { sockets: unknown[] } | undefined {
  const ns = topology.namespaces.find((n) => n.id === nsId);
  if (!ns || ns.sockets.length === 0) return undefined;
  const sockets = ns.sockets.map((s) => {
    const records: Record<string, string> = {};
    // First zone wins, as in the engine's answerFor.
    for (const zone of [...(s.dnsZones ?? [])].reverse()) Object.assign(records, topology.dnsZones[zone] ?? {});
    return {
      protocol: s.protocol,
      address: s.address,
      port: s.port,
      process: s.process,
      ...(s.dnsZones ? { records } : {}),
      // docker-proxy really picks an ephemeral source port; the stand-in uses the engine's choice.
      ...(s.proxyTo ? { proxyTo: { ...s.proxyTo, sourcePort: proxySourcePort(s.port) } } : {}),
    };
  });
  return { sockets };
}

/** Which stand-ins a flow used: the sockets its trace delivers to. */
function standInsOf(trace: Trace, topology: Topology): string[] {
  const out = new Set<string>();
  const walk = (t: Trace) => {
    for (const hop of t.hops) {
      const s = hop.detail?.socket;
      if (hop.kind !== 'deliver' || !s) continue;
      const ns = topology.namespaces.find((n) => n.id === hop.namespace);
      const kind = s.process.startsWith('docker-proxy') ? 'TCP forwarder' : /DNS|dnsmasq/.test(s.process) ? 'UDP DNS responder answering from the model\'s zones' : 'TCP listener';
      out.add(`${s.process} in ${ns?.label ?? hop.namespace} (${s.address}:${s.port}/${s.protocol}): ${kind}`);
    }
    if (t.reply) walk(t.reply);
  };
  walk(trace);
  return [...out];
}

/** Send the flow's packet with a real tool; returns what the sender saw. */
async function send(packet: FlowPacket, netns: Record<string, string>, timeoutMs: number, sport?: number): Promise<{ client: string; dns?: { rcode: string; answers: string[] } }> {
  if (packet.kind === 'bind') {
    const r = await runAgent(netns[packet.namespace] ?? '', 'bind', { protocol: packet.socket.protocol, address: packet.socket.address, port: packet.socket.port }, SENDER_START_MS);
    return { client: String(r.result) };
  }
  const from = netns[packet.from] ?? '';
  if (packet.protocol === 'icmp') {
    const r = await run(['ip', 'netns', 'exec', from, 'ping', '-n', '-c', '1', '-W', String(timeoutMs / 1000), packet.dst], { timeoutMs: timeoutMs + SENDER_START_MS });
    const text = `${r.stdout}\n${r.stderr}`;
    if (r.timedOut) return { client: `error:ping did not finish within ${(timeoutMs + SENDER_START_MS) / 1000} s and was killed` };
    if (r.code === 0) return { client: 'replied' };
    if (/unreachable/i.test(text)) return { client: 'unreachable' };
    return { client: 'timeout' };
  }
  if (packet.protocol === 'tcp') {
    const r = await runAgent(from, 'tcp', { dst: packet.dst, dport: packet.dport ?? DEFAULT_DESTINATION_PORT.tcp, sport: sport ?? packet.sport ?? EPHEMERAL_PORT.tcp, timeoutMs }, timeoutMs + SENDER_START_MS);
    return { client: String(r.result) };
  }
  const r = await runAgent(from, 'dns', { dst: packet.dst, dport: packet.dport ?? DEFAULT_DESTINATION_PORT.udp, sport: sport ?? packet.sport ?? EPHEMERAL_PORT.udp, name: packet.dnsQuery ?? '', timeoutMs }, timeoutMs + SENDER_START_MS);
  const dns = r.result === 'answered' ? { rcode: String(r.rcode), answers: (r.answers as string[] | undefined) ?? [] } : undefined;
  return { client: String(r.result), ...(dns ? { dns } : {}) };
}

/** Has every capture point's promised packet been read by its tcpdump yet? */
function capturesComplete(expected: FlowExpectation, captures: readonly Capture[], decode: Parameters<typeof decodePcap>[1]): boolean {
  const frames = new Map<string, WireFrame[]>();
  for (const c of captures) {
    const bytes = c.sofar();
    // Nothing written yet, or not even the file header: no packet read.
    frames.set(c.iface, bytes.length < 24 ? [] : decodePcap(bytes, decode));
  }
  return allPointsSeen(expected.captures, frames);
}

/** Run one flow against namespaces that are already built. */
async function runFlow(built: BuiltLab, netns: Record<string, string>, agents: Map<string, Agent>, packet: FlowPacket, expected: FlowExpectation, timeoutMs: number, sport?: number): Promise<KernelObservation & { waitedMs: number }> {
  const topology = built.topology;
  const byId = new Map(topology.interfaces.map((i) => [i.id, i]));
  // The model starts every walk with empty neighbour caches; so does the kernel here.
  const flush = topology.namespaces.map((ns) => `ip -n ${netns[ns.id]} neigh flush all 2>/dev/null`).join('\n');
  const flushed = await run(['sh', '-c', flush], { timeoutMs: SETUP_TIMEOUT_MS });
  if (flushed.timedOut) throw new Error(`flushing the neighbour caches did not finish within ${SETUP_TIMEOUT_MS / 1000} s`);
  const targets = [...new Set([...expected.captures.map((c) => c.iface), ...expected.mustNotReach])];
  const decode = {
    vxlanPorts: new Set(topology.interfaces.flatMap((i) => (i.vxlan ? [i.vxlan.dstPort] : []))),
    dnsPorts: new Set([53, ...topology.namespaces.flatMap((ns) => ns.sockets.filter((s) => s.dnsZones).map((s) => s.port))]),
  };
  const started = await Promise.allSettled(
    targets.map((id) => {
      const iface = byId.get(id);
      if (!iface) return Promise.reject(new Error(`unknown interface ${id}`));
      return startCapture(netns[iface.namespace] ?? '', iface.name, id);
    }),
  );
  const captures: Capture[] = [];
  const failures: string[] = [];
  started.forEach((s) => (s.status === 'fulfilled' ? captures.push(s.value) : failures.push(String((s.reason as Error).message))));
  const marks = new Map([...agents].map(([ns, a]) => [ns, a.events.length]));
  let result: { client: string; dns?: { rcode: string; answers: string[] } } = { client: 'not sent' };
  let waitedMs = 0;
  const frames = new Map<string, WireFrame[]>();
  try {
    if (!failures.length) result = await send(packet, netns, timeoutMs, sport);
    // Wait until every promised delivery and capture-point packet is there (bounded — what is
    // still missing is then reported as a mismatch), then a little for trailing packets.
    const deadline = Date.now() + COMPLETION_WAIT_MS;
    const delivered = () => [...agents].reduce((n, [ns, a]) => n + a.events.slice(marks.get(ns) ?? 0).filter((e) => DELIVERY_EVENTS.has(e.event)).length, 0);
    const complete = () => delivered() >= expected.deliveredTo.length && capturesComplete(expected, captures, decode);
    const sent = Date.now();
    while (!failures.length && Date.now() < deadline && !complete()) await new Promise((r) => setTimeout(r, 100));
    waitedMs = Date.now() - sent;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  } finally {
    // Stop every capture even when sending failed, so no tcpdump outlives the flow.
    const buffers = await Promise.all(captures.map(async (c) => [c.iface, await c.stop()] as const));
    for (const [id, buf] of buffers) frames.set(id, decodePcap(buf, decode));
  }
  const deliveredTo: string[] = [];
  const events = [...agents].flatMap(([ns, a]) => a.events.slice(marks.get(ns) ?? 0).map((e) => ({ ns, e })));
  events.sort((x, y) => x.e.at - y.e.at);
  for (const { ns, e } of events) {
    if (DELIVERY_EVENTS.has(e.event)) deliveredTo.push(`${ns}|${String(e.protocol)}|${String(e.port)}`);
  }
  const observation: KernelObservation = { captures: frames, deliveredTo, client: result.client, ...(result.dns ? { dns: result.dns } : {}) };
  if (failures.length) observation.client = `capture failed: ${failures.join('; ')}`;
  return { ...observation, waitedMs };
}

/** Build one configuration, run all its flows, tear it down. */
async function runConfiguration(lab: Lab, config: Configuration, index: number, features: KernelFeatures): Promise<CaseResult[]> {
  const options = resolveOptions(lab, config.overrides);
  const built = lab.build(options);
  const flows = [...lab.flows, ...(variants ? variantFlows(lab.flows, built) : []), ...(sweep && (sweepAll || config.label === 'defaults') ? sweepFlows(built, sweep) : [])].filter((f) => !only.flow || f.id === only.flow);
  // Lab flows use the engine's own source port, as the site shows them; extra flows get one each.
  return runBuilt({ lab: lab.id, label: config.label, built, flows, ownSport: (flow) => flow.id.includes('~') || flow.id.startsWith('sweep:') }, index, features);
}

/** A built world and the flows to send through it. */
interface Case {
  lab: string;
  label: string;
  built: BuiltLab;
  flows: FlowDefinition[];
  /** Flows that get a source port of their own (not the engine's default). */
  ownSport: (flow: FlowDefinition) => boolean;
}

/** Build a world in namespaces, run all its flows, tear it down. */
async function runBuilt({ lab, label, built, flows, ownSport }: Case, index: number, features: KernelFeatures): Promise<CaseResult[]> {
  const prefix = `${runPrefix}${index}-`;
  const script = toShellScript(built.topology, { prefix });
  const base = (flow: FlowDefinition) => ({ lab, options: label, flow: flow.id });
  const missing = missingFeatures(built.topology, script.setup, features);
  if (missing.length) return flows.map((flow) => ({ ...base(flow), result: 'not-checkable', reasons: missing, standIns: [], seconds: 0 }));
  const results: CaseResult[] = [];
  const agents = new Map<string, Agent>();
  let lastIcmpError = 0;
  let extra = 0;
  try {
    const commands = validateScript(script.setup, prefix);
    const setup = await run(['sh', '-e', '-s'], { input: `${commands.join('\n')}\n`, timeoutMs: SETUP_TIMEOUT_MS });
    if (setup.code !== 0) {
      const why = `the exported setup script failed on this kernel: ${setup.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      return flows.map((flow) => ({ ...base(flow), result: 'mismatch', reasons: [why], standIns: [], seconds: 0 }));
    }
    for (const ns of built.topology.namespaces) {
      const spec = agentSpec(built.topology, ns.id);
      if (spec) agents.set(ns.id, await startAgent(script.netns[ns.id] ?? '', spec));
    }
    for (const flow of flows) {
      if (aborting) break;
      const started = Date.now();
      // Extra flows get a source port each: the kernel keeps conntrack entries of earlier flows,
      // and two flows with the same tuple after NAT would make it pick another port, which a
      // fresh walk cannot know.
      const sport = ownSport(flow) ? EXTRA_SPORT_BASE + extra++ : undefined;
      const { packet, trace } = traceOf(built, flow, sport);
      const flowMissing = missingForFlow(packet, features);
      if (flowMissing.length) {
        results.push({ ...base(flow), result: 'not-checkable', reasons: flowMissing, standIns: [], seconds: 0 });
        continue;
      }
      const expected = expectFlow(trace, built.topology, packet);
      // The kernel rate-limits the ICMP errors it sends (per peer: a small burst, then one a
      // second), and that budget is shared by consecutive flows in these namespaces while the
      // model starts every walk afresh: a flow that needs an error waits until one is due again.
      const needsIcmpError = packet.kind === 'packet' && ((expected.client === 'unreachable' && trace.verdict.namespace !== packet.from) || (expected.client === 'refused' && packet.protocol === 'udp'));
      if (needsIcmpError) {
        const wait = lastIcmpError + ICMP_ERROR_SPACING_MS - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const observed = await runFlow(built, script.netns, agents, packet, expected, features.neighbourGiveUpMs + NEIGHBOUR_MARGIN_MS, sport);
      if (needsIcmpError) lastIcmpError = Date.now();
      const comparison = compareFlow(expected, observed);
      results.push({
        ...base(flow),
        result: comparison.ok ? 'match' : 'mismatch',
        reasons: comparison.problems,
        standIns: standInsOf(trace, built.topology),
        seconds: (Date.now() - started) / 1000,
        waitedAfterSender: observed.waitedMs / 1000,
        capturePoints: comparison.points.length,
        silentPoints: expected.mustNotReach.length,
        verdict: `${trace.verdict.outcome} (${trace.verdict.code})${trace.reply ? `, reply ${trace.reply.verdict.outcome}` : ''}; sender saw ${observed.client}`,
      });
    }
  } catch (error) {
    // The check itself broke (a stand-in or setup that never got ready): every flow not yet run
    // fails with the reason, variants included, so the counts still add up to all flows.
    const done = new Set(results.map((r) => r.flow));
    for (const flow of flows) if (!done.has(flow.id)) results.push({ ...base(flow), result: 'mismatch', reasons: [`the check itself failed: ${(error as Error).message}`], standIns: [], seconds: 0 });
  } finally {
    for (const agent of agents.values()) agent.stop();
    removeNamespaces(prefix);
  }
  return results;
}

const onlyArg = process.env.VERIFY_KERNEL_ONLY ?? '';
/** Also send each flow's packet with the other protocol (ping ↔ TCP :80). */
const variants = process.env.VERIFY_KERNEL_VARIANTS !== '0';
/** Exploratory: pings between every endpoint namespace and every address, in each lab's defaults. */
const sweepAll = process.env.VERIFY_KERNEL_SWEEP_ALL === '1';
const sweep = process.env.VERIFY_KERNEL_SWEEP === 'tcp' ? 'tcp' : process.env.VERIFY_KERNEL_SWEEP === 'icmp' || process.env.VERIFY_KERNEL_SWEEP === '1' ? 'icmp' : undefined;
const onlyColon = onlyArg.indexOf(':');
const only = { lab: (onlyColon < 0 ? onlyArg : onlyArg.slice(0, onlyColon)) || undefined, flow: onlyColon < 0 ? undefined : onlyArg.slice(onlyColon + 1) || undefined };

/** `--script FILE`: the script built into the playground's world and its flows; a number is the exit code of a bad command line or script. */
function scriptCase(args: VerifyArgs): Case | number | undefined {
  if (args.mode !== 'script') return undefined;
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (error) {
    console.error(`verify:kernel: error: cannot read ${args.file}: ${(error as Error).message}`);
    return 2;
  }
  const build = buildPlayground(text);
  const bad = build.errors[0];
  if (bad) {
    console.error(`line ${bad.line}: ${bad.message}`);
    return 2;
  }
  let flows: FlowDefinition[];
  try {
    flows = scriptFlows(build, text, args.flows);
  } catch (error) {
    console.error(`verify:kernel: error: ${(error as Error).message}`);
    return 2;
  }
  if (flows.length === 0) {
    console.error(`verify:kernel: error: ${args.file} gives nothing to send (no container and no published port): choose flows with --flow FROM TO`);
    return 2;
  }
  // Every script flow gets its own source port: many share a sender and a NAT on the way.
  return { lab: 'script', label: basename(args.file), built: build.built, flows, ownSport: () => true };
}

async function main(): Promise<number> {
  let args: VerifyArgs;
  try {
    args = parseVerifyArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`verify:kernel: error: ${(error as Error).message}`);
    return 2;
  }
  const fromScript = scriptCase(args);
  if (typeof fromScript === 'number') return fromScript;
  if (fromScript) reportFile = 'test-reports/verify-kernel-script.json';
  const required = process.env.VERIFY_KERNEL_REQUIRED === '1';
  const why = cannotRun();
  const skip = (reason: string) => {
    console.log(required ? `verify:kernel: cannot run — ${reason}; VERIFY_KERNEL_REQUIRED=1, so this fails` : `verify:kernel: skipped — ${reason}`);
    return required ? 1 : 0;
  };
  if (why) return skip(`${why} (needs Linux, root, iproute2, iptables and tcpdump)`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', () => cleanupRun(runPrefix));
  const stale = sweepStale();
  const features = probeKernel(runPrefix);
  if (!features) return skip('network namespaces are not permitted here (ip netns add failed)');
  const started = Date.now();
  // The run mostly waits (timeouts, captures), so more configurations than cores in parallel pay off.
  const jobs = Math.max(1, Number(process.env.VERIFY_KERNEL_JOBS ?? defaultJobs(availableParallelism())) || 4);
  console.log(`verify:kernel: Linux ${release()}, iptables ${features.iptablesBackend}; senders wait ${(features.neighbourGiveUpMs + NEIGHBOUR_MARGIN_MS) / 1000} s (neighbour resolution gives up after ${features.neighbourGiveUpMs / 1000} s); ${jobs} configurations at a time; namespaces ${runPrefix}*${stale.length ? `; removed ${stale.length} stale namespace(s) of dead runs` : ''}`);
  const work: { name: string; run: (index: number) => Promise<CaseResult[]>; flows: { lab: string; options: string; flow: string }[]; index: number }[] = [];
  if (fromScript) work.push({ name: `${fromScript.label}`, run: (index) => runBuilt(fromScript, index, features), flows: fromScript.flows.map((f) => ({ lab: fromScript.lab, options: fromScript.label, flow: f.id })), index: 0 });
  else {
    for (const lab of labs) {
      if (only.lab && lab.id !== only.lab) continue;
      for (const config of configurations(lab)) work.push({ name: `${lab.id} [${config.label}]`, run: (index) => runConfiguration(lab, config, index, features), flows: lab.flows.map((f) => ({ lab: lab.id, options: config.label, flow: f.id })), index: work.length });
    }
  }
  const results: CaseResult[][] = new Array(work.length);
  const running = new Set<string>();
  // A hard bound on the whole run, whatever hangs: clean up, write what is done, fail (exploratory sweeps get longer).
  const limit = sweep ? RUN_LIMIT_MS * 4 : RUN_LIMIT_MS;
  setTimeout(() => {
    console.error(`verify:kernel: gave up after ${limit / 60000} minutes with ${results.filter(Boolean).length} of ${work.length} configurations done; still running: ${[...running].join(', ') || '(none)'} (partial report: ${reportFile})`);
    aborting = true;
    cleanupRun(runPrefix);
    writeReport(features, results.flat().filter(Boolean), (Date.now() - started) / 1000);
    process.exit(1);
  }, limit).unref();
  let next = 0;
  const worker = async () => {
    while (!aborting) {
      const item = work[next++];
      if (!item) return;
      const name = item.name;
      running.add(name);
      try {
        results[item.index] = await item.run(item.index);
      } catch (error) {
        results[item.index] = item.flows.map((flow) => ({ ...flow, result: 'mismatch', reasons: [`the check itself failed: ${(error as Error).message}`], standIns: [], seconds: 0 }));
      }
      running.delete(name);
      const done = results[item.index] ?? [];
      const bad = done.filter((r) => r.result === 'mismatch').length;
      process.stderr.write(`  ${name}: ${done.length} flow(s)${bad ? `, ${bad} MISMATCH` : ''}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const all = results.flat().filter(Boolean);
  const seconds = (Date.now() - started) / 1000;
  const { counts, notCheckable } = writeReport(features, all, seconds);
  console.log(formatTable(all));
  for (const [reason, n] of Object.entries(notCheckable)) console.log(`not checkable here (${n}): ${reason}`);
  const waited = all.filter((r) => (r.waitedAfterSender ?? 0) > 0.05);
  if (waited.length) console.log(`waited after the sender for tcpdump to read a promised packet or a stand-in to log a delivery: ${waited.length} flow(s), longest ${Math.max(...waited.map((r) => r.waitedAfterSender ?? 0)).toFixed(1)} s`);
  console.log(`verify:kernel: ${counts.match} match, ${counts.mismatch} mismatch, ${counts['not-checkable']} not checkable — ${all.length} flows in ${seconds.toFixed(1)} s (report: ${reportFile})`);
  return counts.mismatch > 0 || aborting ? 1 : 0;
}

/** Count the results and write the report (also the partial one of a run that gave up). */
function writeReport(features: KernelFeatures, all: CaseResult[], seconds: number): { counts: Record<CaseResult['result'], number>; notCheckable: Record<string, number> } {
  const counts = { match: 0, mismatch: 0, 'not-checkable': 0 };
  for (const r of all) counts[r.result]++;
  const notCheckable: Record<string, number> = {};
  for (const r of all) if (r.result === 'not-checkable') for (const reason of r.reasons) notCheckable[reason] = (notCheckable[reason] ?? 0) + 1;
  mkdirSync('test-reports', { recursive: true });
  const report = { kernel: release(), iptablesBackend: features.iptablesBackend, features, seconds, complete: !aborting, counts, notCheckable, ignoredFields: ['outer UDP source port of VXLAN (hash of the inner flow)', 'ICMP echo identifier (chosen by ping)'], cases: all };
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return { counts, notCheckable };
}

main().then(
  (code) => {
    cleanupRun(runPrefix);
    process.exit(code);
  },
  (error: unknown) => {
    cleanupRun(runPrefix);
    console.error(error);
    process.exit(1);
  },
);

