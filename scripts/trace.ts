/**
 * `npm run trace -- <lab> <flow> [--set option=value …] [--json] [--pcap FILE]`
 * `npm run trace -- --list [--json]`
 * `npm run trace -- --script FILE FROM TO [--json] [--pcap FILE]` (a Docker script, see lib/docker/cli; FROM is
 *   `laptop`, `host1` or `host1/NAME`, TO is `NAME|IP[:PORT][/tcp|/udp|/icmp]`)
 *
 * Prints a lab flow's packet walk as a hop table (or the trace as JSON). `--pcap FILE` also
 * writes the walk (and its reply) as a pcapng capture for Wireshark (lib/netsim/pcap.ts).
 * Unknown labs, flows, options or values exit with code 2 and list the valid ones.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { getLab, labs, listLabs, traceFlow, tracePlayground, LabInputError, type FlowTrace } from '@/lib/labs';
import { describePacket, type Hop, type Topology, type Trace } from '@/lib/netsim';
import { traceToPcapng } from '@/lib/netsim/pcap';

/** Parsed command line. */
export interface CliArgs {
  list: boolean;
  json: boolean;
  lab?: string;
  flow?: string;
  /** `--script FILE`: lab and flow are then the sender and the target. */
  script?: string;
  /** `--pcap FILE`: also write the walk as a pcapng capture. */
  pcap?: string;
  set: Record<string, string>;
}

/**
 * Parse argv (without node and script).
 * @example parseArgs(['default-bridge', 'lan-to-published', '--set', 'publish=true', '--json'])
 */
export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { list: false, json: false, set: {} };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--list') args.list = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--script' || arg.startsWith('--script=')) {
      const file = arg === '--script' ? argv[++i] : arg.slice('--script='.length);
      if (!file) throw new LabInputError('--script needs a file', ['--script FILE FROM TO']);
      args.script = file;
    } else if (arg === '--pcap' || arg.startsWith('--pcap=')) {
      const file = arg === '--pcap' ? argv[++i] : arg.slice('--pcap='.length);
      if (!file) throw new LabInputError('--pcap needs a file', ['--pcap FILE']);
      args.pcap = file;
    }
    else if (arg === '--set' || arg.startsWith('--set=')) {
      const pair = arg === '--set' ? argv[++i] : arg.slice('--set='.length);
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) throw new LabInputError(`--set needs option=value, got "${pair ?? ''}"`, ['--set option=value']);
      args.set[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (arg.startsWith('--')) throw new LabInputError(`unknown flag "${arg}"`, ['--list', '--json', '--set option=value', '--script FILE', '--pcap FILE']);
    else positional.push(arg);
  }
  [args.lab, args.flow] = positional;
  if (positional.length > 2) throw new LabInputError(`unexpected argument "${positional[2]}"`, ['<lab> <flow> [--set option=value …] [--json] [--pcap FILE]']);
  return args;
}

function where(hop: Hop): string {
  const iface = hop.interface ? hop.interface.slice(hop.interface.lastIndexOf(':') + 1) : '';
  return `${hop.namespace}${iface ? ` ${iface}` : ''}`;
}

/**
 * Render a trace as a readable hop table.
 * @example formatTrace(traceFlow('overlay', 'c1-to-c2').trace)
 */
export function formatTrace(trace: Trace): string {
  const rows = trace.hops.map((hop) => [String(hop.step), hop.kind, where(hop), hop.caption, hop.packet.length ? describePacket(hop.packet) : '', hop.changed.join(' ')]);
  const widths = [4, 11, Math.min(28, Math.max(...rows.map((r) => (r[2] ?? '').length), 5))];
  const lines = rows.map((r) => `${(r[0] ?? '').padStart(widths[0] ?? 4)}  ${(r[1] ?? '').padEnd(widths[1] ?? 11)}  ${(r[2] ?? '').padEnd(widths[2] ?? 20)}  ${r[3]}${r[5] ? `  [changed: ${r[5]}]` : ''}`);
  const verdict = `${trace.verdict.outcome.toUpperCase()} (${trace.verdict.code}): ${trace.verdict.reason}`;
  return [...lines, `  => ${verdict}`].join('\n');
}

function formatFlow(result: FlowTrace): string {
  const lab = getLab(result.lab);
  const flow = lab?.flows.find((f) => f.id === result.flow);
  const options = Object.entries(result.options).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  const out = [`${lab?.title} — ${flow?.label}`, `options: ${options || '(none)'}`, '', 'request:', formatTrace(result.trace)];
  if (result.trace.reply) out.push('', 'reply:', formatTrace(result.trace.reply));
  out.push('', `${result.outcome.ok ? 'OK' : 'FAILED'}: ${result.outcome.summary}`);
  return out.join('\n');
}

/** `--pcap FILE`: write the walk as pcapng; 0, or 2 with the error when the file cannot be written. */
function writePcap(file: string, topology: Topology, trace: Trace, err: (text: string) => void): number {
  try {
    writeFileSync(file, traceToPcapng(topology, trace));
    return 0;
  } catch (error) {
    err(`error: cannot write ${file}: ${(error as Error).message}`);
    return 2;
  }
}

/** `--script FILE FROM TO`: 0 with the walk (delivered or dropped), 2 with `line N: …` for a bad script. */
function traceScript(args: CliArgs, out: (text: string) => void, err: (text: string) => void): number {
  const [from, to] = [args.lab, args.flow];
  if (!from || !to) throw new LabInputError('--script needs FROM and TO', ['--script FILE FROM TO']);
  let script: string;
  try {
    script = readFileSync(args.script ?? '', 'utf8');
  } catch (error) {
    err(`error: cannot read ${args.script}: ${(error as Error).message}`);
    return 2;
  }
  const result = tracePlayground(script, from, to);
  if (result.error || !result.trace) {
    err(result.error ?? 'no trace');
    return 2;
  }
  if (args.json) out(JSON.stringify({ from, to, commands: result.build.built.commands, trace: result.trace }, null, 2));
  else {
    const lines = [`${args.script}: ${from} → ${to}`, '', 'request:', formatTrace(result.trace)];
    if (result.trace.reply) lines.push('', 'reply:', formatTrace(result.trace.reply));
    out(lines.join('\n'));
  }
  return args.pcap ? writePcap(args.pcap, result.build.built.topology, result.trace, err) : 0;
}

/**
 * Run the CLI; returns the exit code.
 * @example main(['--list', '--json'], console.log, console.error) // 0
 */
export function main(argv: string[], out: (text: string) => void, err: (text: string) => void): number {
  try {
    const args = parseArgs(argv);
    if (args.list) {
      if (args.json) out(JSON.stringify(listLabs(), null, 2));
      else for (const lab of labs) out(`${lab.id}: ${lab.title}\n  flows: ${lab.flows.map((f) => f.id).join(', ')}\n  options: ${lab.options.map((o) => `${o.id}=${o.type === 'boolean' ? 'true|false' : o.values.map((v) => v.value).join('|')} (default ${String(o.default)})`).join(', ') || '(none)'}`);
      return 0;
    }
    if (args.script !== undefined) return traceScript(args, out, err);
    if (!args.lab) throw new LabInputError('missing lab', labs.map((l) => l.id));
    const lab = getLab(args.lab);
    if (!lab) throw new LabInputError(`unknown lab "${args.lab}"`, labs.map((l) => l.id));
    if (!args.flow) throw new LabInputError(`missing flow for lab "${lab.id}"`, lab.flows.map((f) => f.id));
    const result = traceFlow(lab.id, args.flow, args.set);
    if (args.json) out(JSON.stringify({ lab: result.lab, flow: result.flow, options: result.options, outcome: result.outcome, trace: result.trace }, null, 2));
    else out(formatFlow(result));
    return args.pcap ? writePcap(args.pcap, result.built.topology, result.trace, err) : 0;
  } catch (error) {
    if (error instanceof LabInputError) {
      err(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /scripts[\\/]trace\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  process.exitCode = main(process.argv.slice(2), (t) => console.log(t), (t) => console.error(t));
}
