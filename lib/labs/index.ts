/**
 * The lab registry: one lab per curriculum section, in course order, and the
 * functions the site, the CLI and the tests use to build and trace them.
 */
import type { Trace } from '@/lib/netsim';
import { traceFlowPacket } from './flow-packet';
import type { BuiltLab, FlowTrace, Lab, OptionValues } from './types';
import { foundations } from './foundations';
import { defaultBridge } from './default-bridge';
import { portPublishing } from './port-publishing';
import { hostLab } from './host';
import { noneLab } from './none';
import { userDefinedBridge } from './user-defined-bridge';
import { containerLab } from './container';
import { overlay } from './overlay';
import { macvlan } from './macvlan';
import { ipvlan } from './ipvlan';
import { macvlanTrunk } from './macvlan-trunk';
import { choosing } from './choosing';

export type * from './types';
export { traceFlowPacket, sendSpecOf, type FlowPacketOptions } from './flow-packet';
export { buildPlayground, parsePlaygroundTarget, playgroundHosts, playgroundPacket, playgroundScriptOf, playgroundSender, tracePlayground, walkPlayground, type PlaygroundBuild } from './playground';
export { defineLab, urlOptionsOf, type LabDefinition, type OptionValuesOf, type UrlOption } from './define';

/** Every lab, in curriculum order. */
export const labs: readonly Lab[] = [foundations, defaultBridge, portPublishing, hostLab, noneLab, userDefinedBridge, containerLab, overlay, macvlan, ipvlan, macvlanTrunk, choosing];

const byId = new Map(labs.map((lab) => [lab.id, lab]));

/**
 * The lab with this id, or undefined.
 * @example getLab('default-bridge')?.title // 'The default bridge, docker0'
 */
export function getLab(id: string): Lab | undefined {
  return byId.get(id);
}

/** Thrown for an unknown lab, flow, option or value; `choices` lists the valid ones. */
export class LabInputError extends Error {
  constructor(
    message: string,
    readonly choices: string[],
  ) {
    super(`${message}. Valid choices: ${choices.join(', ')}`);
    this.name = 'LabInputError';
  }
}

/**
 * The lab's defaults merged with `given`; unknown ids or values throw {@link LabInputError}.
 * Values may be strings ("true"/"false" for booleans) as they come from a URL or the CLI.
 * @example resolveOptions(getLab('default-bridge')!, { publish: 'false' }) // { publish: false, icc: true }
 */
export function resolveOptions(lab: Lab, given: Record<string, string | boolean> = {}): OptionValues {
  const resolved: OptionValues = {};
  for (const option of lab.options) resolved[option.id] = option.default;
  for (const [id, raw] of Object.entries(given)) {
    const option = lab.options.find((o) => o.id === id);
    if (!option) throw new LabInputError(`lab "${lab.id}" has no option "${id}"`, lab.options.map((o) => o.id));
    if (option.type === 'boolean') {
      const value = raw === true || raw === 'true' ? true : raw === false || raw === 'false' ? false : undefined;
      if (value === undefined) throw new LabInputError(`option "${id}" of lab "${lab.id}" is a boolean, not "${String(raw)}"`, ['true', 'false']);
      resolved[id] = value;
    } else {
      const values = option.values.map((v) => v.value);
      if (typeof raw !== 'string' || !values.includes(raw)) throw new LabInputError(`option "${id}" of lab "${lab.id}" has no value "${String(raw)}"`, values);
      resolved[id] = raw;
    }
  }
  return resolved;
}

/**
 * Build a lab with (partial) options.
 * @example buildLab('overlay', { controlPlane: 'kv-store' }).topology.namespaces.length
 */
export function buildLab(labId: string, options: Record<string, string | boolean> = {}): BuiltLab {
  const lab = getLab(labId);
  if (!lab) throw new LabInputError(`unknown lab "${labId}"`, labs.map((l) => l.id));
  return lab.build(resolveOptions(lab, options));
}

/**
 * Build a lab and trace one of its flows (with the reply when the flow shows it).
 * @example
 * const { trace } = traceFlow('default-bridge', 'lan-to-published', { publish: false });
 * trace.verdict.outcome // 'dropped'
 */
export function traceFlow(labId: string, flowId: string, options: Record<string, string | boolean> = {}): FlowTrace {
  const lab = getLab(labId);
  if (!lab) throw new LabInputError(`unknown lab "${labId}"`, labs.map((l) => l.id));
  const flow = lab.flows.find((f) => f.id === flowId);
  if (!flow) throw new LabInputError(`lab "${labId}" has no flow "${flowId}"`, lab.flows.map((f) => f.id));
  const resolved = resolveOptions(lab, options);
  const built = lab.build(resolved);
  const packet = flow.packet(built);
  const trace = traceFlowPacket(built.topology, packet, { withReply: flow.showReply });
  return { lab: labId, flow: flowId, options: resolved, packet, trace, built, outcome: summarise(trace) };
}

/** One sentence on whether the whole exchange worked. */
function summarise(trace: Trace): { ok: boolean; summary: string } {
  if (trace.verdict.outcome !== 'delivered') return { ok: false, summary: trace.verdict.reason };
  const reply = trace.reply;
  if (!reply) return { ok: true, summary: trace.verdict.reason };
  if (reply.verdict.outcome !== 'delivered') return { ok: false, summary: `the request arrived, but the reply was lost: ${reply.verdict.reason}` };
  const last = reply.hops[reply.hops.length - 1]?.packet ?? [];
  const dns = last.find((h) => h.layer === 'dns');
  if (dns?.layer === 'dns') {
    return dns.answers.length > 0 ? { ok: true, summary: `${dns.question} resolves to ${dns.answers.join(', ')}` } : { ok: false, summary: `${dns.question}: name not found (${dns.rcode ?? 'NXDOMAIN'})` };
  }
  return { ok: true, summary: `${trace.verdict.reason}; the reply made it back` };
}

/**
 * The `--list --json` shape: labs with their flows and options.
 * @example listLabs().labs[0]?.id // 'foundations'
 */
export function listLabs(): { labs: { id: string; title: string; flows: { id: string; label: string }[]; options: { id: string; values: (string | boolean)[]; default: string | boolean }[] }[] } {
  return {
    labs: labs.map((lab) => ({
      id: lab.id,
      title: lab.title,
      flows: lab.flows.map((f) => ({ id: f.id, label: f.label })),
      options: lab.options.map((o) => ({ id: o.id, values: o.type === 'boolean' ? [true, false] : o.values.map((v) => v.value), default: o.default })),
    })),
  };
}
