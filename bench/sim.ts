/**
 * `npm run bench:sim` — how fast the model builds and walks.
 *
 *  1. Per lab: median time to build it (default options) and to trace each
 *     flow on the built topology; and "option change": rebuild + retrace.
 *  2. Scale series: H hosts × C containers on a bridge and on an overlay,
 *     from 10 to 5,000 containers, printing build and trace times so the growth
 *     is visible. The traced flow is the worst case for flooding: the first
 *     container talks to the last one.
 *
 * Targets (issue 3): every flow < 1 ms median; option change < 5 ms;
 * 5,000 containers build < 1 s and trace < 5 ms.
 */
import { performance } from 'node:perf_hooks';
import { NetworkBuilder, tracePacket, type SendSpec, type Topology } from '@/lib/netsim';
import { DockerHost, OverlayNetwork } from '@/lib/docker';
import { labs, traceFlow, traceFlowPacket, tracePlayground } from '@/lib/labs';

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function time(fn: () => void, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const ms = (value: number) => `${value.toFixed(3).padStart(9)} ms`;

function labTable(): { worstFlow: number; worstOptionChange: number } {
  console.log('Labs (medians; trace = walk on an already built topology, incl. the reply; rebuild+trace = slowest single-option change)');
  console.log(`${'lab'.padEnd(21)} ${'flow'.padEnd(26)} ${'build'.padStart(12)} ${'trace'.padStart(12)} ${'rebuild+trace'.padStart(14)}  hops`);
  let worstFlow = 0;
  let worstOptionChange = 0;
  for (const lab of labs) {
    const buildTime = time(() => lab.build(Object.fromEntries(lab.options.map((o) => [o.id, o.default]))), 50);
    for (const flow of lab.flows) {
      const first = traceFlow(lab.id, flow.id);
      const packet = first.packet;
      const topology = first.built.topology;
      const traceTime = time(() => traceFlowPacket(topology, packet, { withReply: flow.showReply }), 50);
      // An option change: the UI rebuilds the lab with the new options and traces again.
      // Every single-option change is timed; the slowest is reported.
      const variants: Record<string, string | boolean>[] = lab.options.length === 0 ? [{}] : [];
      for (const option of lab.options) {
        const values = option.type === 'boolean' ? [!option.default] : option.values.map((v) => v.value).filter((v) => v !== option.default);
        for (const value of values) variants.push({ [option.id]: value });
      }
      const changeTime = Math.max(...variants.map((changed) => time(() => traceFlow(lab.id, flow.id, changed), 30)));
      worstFlow = Math.max(worstFlow, traceTime);
      worstOptionChange = Math.max(worstOptionChange, changeTime);
      console.log(`${lab.id.padEnd(21)} ${flow.id.padEnd(26)} ${ms(buildTime)} ${ms(traceTime)} ${ms(changeTime).padStart(14)}  ${String(first.trace.hops.length).padStart(4)}`);
    }
  }
  return { worstFlow, worstOptionChange };
}

interface Scenario {
  topology: Topology;
  spec: SendSpec;
}

function bridgeScenario(hosts: number, perHost: number): Scenario {
  const net = new NetworkBuilder();
  net.addMachine('lan', 'lan', 'switch');
  net.addNamespace({ id: 'lan', label: 'lan', role: 'switch', machine: 'lan' });
  const sw = net.addBridge('lan', 'br0');
  let last = '';
  for (let h = 1; h <= hosts; h++) {
    const host = new DockerHost(net, { id: `h${h}`, lanAddress: `192.168.${Math.floor(h / 250)}.${(h % 250) + 1}/16` });
    const port = net.addPhysical('lan', `p${h}`);
    net.connectCable(host.eth0.id, port.id);
    net.setMaster(port.id, sw.id);
    for (let c = 1; c <= perHost; c++) last = host.run(`c${c}`, { network: 'bridge', listen: c === perHost ? [{ port: 80, process: 'nginx' }] : [] }).endpoints[0]?.address ?? '';
  }
  // Worst case for flooding: the first container of the last host talks to the last container there.
  return { topology: net.build(), spec: { from: `h${hosts}/c1`, protocol: 'tcp', dst: last, dport: 80, withReply: true } };
}

function overlayScenario(hosts: number, perHost: number): Scenario {
  const net = new NetworkBuilder();
  net.addMachine('lan', 'lan', 'switch');
  net.addNamespace({ id: 'lan', label: 'lan', role: 'switch', machine: 'lan' });
  const sw = net.addBridge('lan', 'br0');
  const dockerHosts: DockerHost[] = [];
  for (let h = 1; h <= hosts; h++) {
    const host = new DockerHost(net, { id: `h${h}`, lanAddress: `192.168.${Math.floor(h / 250)}.${(h % 250) + 1}/16` });
    const port = net.addPhysical('lan', `p${h}`);
    net.connectCable(host.eth0.id, port.id);
    net.setMaster(port.id, sw.id);
    dockerHosts.push(host);
  }
  OverlayNetwork.create(dockerHosts, 'ov', { subnet: '10.1.0.0/16' });
  let last = '';
  for (const host of dockerHosts) {
    for (let c = 1; c <= perHost; c++) last = host.run(`c${c}`, { network: 'ov', listen: [{ port: 80, process: 'nginx' }] }).endpoints.find((e) => e.network === 'ov')?.address ?? '';
  }
  return { topology: net.build(), spec: { from: 'h1/c1', protocol: 'tcp', dst: last, dport: 80, withReply: true } };
}

function scaleSeries(): { build5000: number; trace5000: number } {
  console.log('\nScale series (build = docker commands + validation + lookup index; first = first walk on the new topology; trace = median walk, request + reply)');
  console.log(`${'network'.padEnd(8)} ${'hosts'.padStart(5)} ${'containers'.padStart(10)} ${'build'.padStart(12)} ${'first trace'.padStart(12)} ${'trace'.padStart(12)}  verdict`);
  let build5000 = 0;
  let trace5000 = 0;
  const sizes: [number, number][] = [
    [1, 10],
    [1, 100],
    [2, 250],
    [5, 200],
    [10, 100],
    [4, 500],
    [10, 250],
    [5, 1000],
    [10, 500],
  ];
  for (const kind of ['bridge', 'overlay'] as const) {
    for (const [hosts, perHost] of sizes) {
      const total = hosts * perHost;
      const runs = total >= 2000 ? 3 : 5;
      let scenario: Scenario | undefined;
      const builds: number[] = [];
      const firsts: number[] = [];
      for (let i = 0; i < runs; i++) {
        let start = performance.now();
        scenario = kind === 'bridge' ? bridgeScenario(hosts, perHost) : overlayScenario(hosts, perHost);
        builds.push(performance.now() - start);
        start = performance.now();
        tracePacket(scenario.topology, scenario.spec);
        firsts.push(performance.now() - start);
      }
      if (!scenario) throw new Error('no scenario');
      const s = scenario;
      const buildTime = median(builds);
      const firstTime = median(firsts);
      const firstTrace = tracePacket(s.topology, s.spec);
      const traceTime = time(() => tracePacket(s.topology, s.spec), 20);
      if (total === 5000) {
        build5000 = Math.max(build5000, buildTime);
        trace5000 = Math.max(trace5000, traceTime);
      }
      console.log(`${kind.padEnd(8)} ${String(hosts).padStart(5)} ${String(total).padStart(10)} ${ms(buildTime)} ${ms(firstTime)} ${ms(traceTime)}  ${firstTrace.verdict.outcome}, ${firstTrace.hops.length} hops`);
    }
  }
  return { build5000, trace5000 };
}

/**
 * The playground: parse + build + trace of a generated script (4 user-defined networks, then
 * containers spread over them and both hosts), the first container to the last by name.
 * Issue 14's target: ≤ 10 ms for 50 lines; the 200-container script shows the growth.
 */
function playgroundRow(): number {
  console.log('\nPlayground (median of parse + build + trace, incl. the reply)');
  let fiftyLines = 0;
  for (const containers of [46, 200]) {
    const lines = [0, 1, 2, 3].map((n) => `docker network create --subnet 10.${n + 10}.0.0/16 net${n}`);
    for (let c = 0; c < containers; c++) lines.push(`docker run -d --name c${c} --network net${c % 4} ${c % 2 ? 'nginx' : 'alpine'}`);
    lines.push(`docker run -d --name last --network net0 nginx`);
    const script = lines.join('\n');
    const result = tracePlayground(script, 'host1/c0', 'last:80');
    // Warm up first: a reader edits and re-runs, so the JIT has seen the code (cold, the first runs take ~3× as long).
    for (let i = 0; i < 30; i++) tracePlayground(script, 'host1/c0', 'last:80');
    const took = time(() => tracePlayground(script, 'host1/c0', 'last:80'), 50);
    if (containers === 46) fiftyLines = took;
    console.log(`  ${String(lines.length).padStart(4)} lines, ${String(containers + 1).padStart(4)} containers ${ms(took)}  ${result.error ?? result.trace?.verdict.outcome}`);
  }
  return fiftyLines;
}

const { worstFlow, worstOptionChange } = labTable();
const playground50 = playgroundRow();
const { build5000, trace5000 } = scaleSeries();
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
console.log('\nTargets');
console.log(`  slowest lab flow trace (median)        ${ms(worstFlow)}  < 1 ms   ${verdict(worstFlow < 1)}`);
console.log(`  slowest option change (rebuild+trace)  ${ms(worstOptionChange)}  < 5 ms   ${verdict(worstOptionChange < 5)}`);
console.log(`  5,000 containers: build                ${ms(build5000)}  < 1000 ms ${verdict(build5000 < 1000)}`);
console.log(`  5,000 containers: trace                ${ms(trace5000)}  < 5 ms   ${verdict(trace5000 < 5)}`);
console.log(`  playground, 51-line script             ${ms(playground50)}  ≤ 10 ms  ${verdict(playground50 <= 10)}`);
