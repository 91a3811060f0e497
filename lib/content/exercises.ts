import { getLab, traceFlow, type FlowTrace } from '@/lib/labs';
import type { Hop, Trace } from '@/lib/netsim';

/** What a reader predicts about a whole exchange: it works, or it fails. */
export type PredictedOutcome = 'works' | 'fails';

/** The attributes of a `<Predict>` exercise as written in MDX. */
export interface PredictionSpec {
  lab: string;
  flow: string;
  /** Options as `id=value` pairs separated by commas, e.g. `"publish=false,icc=true"`. */
  set?: string;
  expect: string;
}

/**
 * Parses a lab options string as written in MDX (`"publish=true, icc=false"`).
 *
 * @throws Error naming the malformed pair
 * @example
 * parseOptionString('publish=true, icc=false'); // { publish: 'true', icc: 'false' }
 */
export function parseOptionString(set: string | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  if (!set?.trim()) return options;
  for (const pair of set.split(',')) {
    const match = /^\s*([A-Za-z][\w-]*)\s*=\s*([^\s=]+)\s*$/.exec(pair);
    if (!match) throw new Error(`"${pair.trim()}" is not an option=value pair`);
    options[match[1]!] = match[2]!;
  }
  return options;
}

/**
 * Runs the engine for an exercise and checks that the outcome the lesson
 * claims is the one the model computes, so an exercise can never teach a
 * wrong answer.
 *
 * @returns the flow's trace for the exercise to show
 * @throws Error saying which attribute is wrong and what the valid values are
 * @example
 * const walk = checkPrediction({ lab: 'default-bridge', flow: 'lan-to-published', set: 'publish=false', expect: 'fails' });
 * walk.outcome.ok; // false
 */
export function checkPrediction(spec: PredictionSpec): FlowTrace {
  if (!getLab(spec.lab)) {
    // traceFlow names the valid labs; call it for its message.
    traceFlow(spec.lab, spec.flow);
  }
  if (spec.expect !== 'works' && spec.expect !== 'fails') {
    throw new Error(`expect="${spec.expect}" must be "works" or "fails"`);
  }
  const walk = traceFlow(spec.lab, spec.flow, parseOptionString(spec.set));
  const actual: PredictedOutcome = walk.outcome.ok ? 'works' : 'fails';
  if (actual !== spec.expect) {
    throw new Error(
      `the lesson expects "${spec.expect}", but the engine says the flow ${actual === 'works' ? 'works' : 'fails'}: ${walk.outcome.summary}`,
    );
  }
  return walk;
}

/** One line of a walk as an exercise shows it. */
export interface WalkStep {
  kind: Hop['kind'];
  where: string;
  caption: string;
}

/** A flow's walk reduced to what an exercise's answer shows: steps, then the verdict. */
export interface WalkSummary {
  title: string;
  steps: WalkStep[];
  replySteps: WalkStep[];
  ok: boolean;
  verdict: string;
}

function stepsOf(trace: Trace, namespaceLabel: (id: string) => string): WalkStep[] {
  return trace.hops.map((hop) => ({ kind: hop.kind, where: namespaceLabel(hop.namespace), caption: hop.caption }));
}

/**
 * The plain, serialisable summary of a flow's walk that an exercise reveals.
 *
 * @example
 * summariseWalk(checkPrediction(spec)).steps.length; // 20
 */
export function summariseWalk(walk: FlowTrace): WalkSummary {
  const labels = new Map(walk.built.topology.namespaces.map((namespace) => [namespace.id, namespace.label]));
  const label = (id: string) => labels.get(id) ?? id;
  const flow = getLab(walk.lab)?.flows.find((candidate) => candidate.id === walk.flow);
  return {
    title: flow?.label ?? walk.flow,
    steps: stepsOf(walk.trace, label),
    replySteps: walk.trace.reply && walk.trace.verdict.outcome === 'delivered' ? stepsOf(walk.trace.reply, label) : [],
    ok: walk.outcome.ok,
    verdict: walk.outcome.summary,
  };
}

/** The numbers a lesson quotes about one walk: its steps, the links it crosses, the stacks it visits, its rewrites. */
export interface WalkCounts {
  /** Every step of the walk (the lab's "every step" level). */
  steps: number;
  /** Steps at the lab's "by device" level: runs of hops in one namespace. */
  devices: number;
  links: number;
  namespaces: number;
  /** NAT rewrites plus VXLAN encapsulations and decapsulations. */
  rewrites: number;
}

/**
 * Counts a walk the way the lessons quote it, so the HopCounts table and the
 * tests that pin numbers typed into prose count the same way.
 *
 * @example
 * countWalk(traceFlow('host', 'lan-to-web').trace); // { steps: 12, devices: 3, links: 2, namespaces: 3, rewrites: 0 }
 */
export function countWalk(trace: Trace): WalkCounts {
  const hops = trace.hops;
  return {
    steps: hops.length,
    // The same grouping as deviceSteps in lib/diagram/timeline (a test ties the two).
    devices: hops.filter((hop, i) => i === 0 || hops[i - 1]?.namespace !== hop.namespace).length,
    links: hops.filter((hop) => hop.kind === 'transmit').length,
    namespaces: new Set(hops.map((hop) => hop.namespace)).size,
    rewrites: hops.filter((hop) => hop.kind === 'nat' || hop.kind === 'encapsulate' || hop.kind === 'decapsulate').length,
  };
}

/** What an `<EngineCount>` in a lesson can quote about one flow's walk. */
export const ENGINE_COUNTS = ['steps', 'devices', 'links', 'namespaces', 'rewrites', 'reply-steps'] as const;
export type EngineCountName = (typeof ENGINE_COUNTS)[number];

/**
 * One number about a lab flow's walk, counted as {@link countWalk} counts it
 * (`reply-steps`: the steps of the reply's walk, 0 when there is none). The
 * source of every number a lesson quotes in prose, so the prose cannot drift
 * from the engine. Throws, naming what is wrong, for an unknown lab, flow or
 * count.
 *
 * @example
 * engineCount('host', 'lan-to-web', 'steps'); // 12
 * engineCount('host', 'lan-to-web', 'reply-steps'); // 10
 */
export function engineCount(labId: string, flowId: string, of: string): number {
  const lab = getLab(labId);
  if (!lab) throw new Error(`no lab "${labId}"`);
  if (!lab.flows.some((flow) => flow.id === flowId)) throw new Error(`lab "${labId}" has no flow "${flowId}" (flows: ${lab.flows.map((flow) => flow.id).join(', ')})`);
  if (!(ENGINE_COUNTS as readonly string[]).includes(of)) throw new Error(`"${of}" is not a count (one of: ${ENGINE_COUNTS.join(', ')})`);
  const { trace } = traceFlow(labId, flowId);
  if (of === 'reply-steps') return trace.reply?.hops.length ?? 0;
  return countWalk(trace)[of as Exclude<EngineCountName, 'reply-steps'>];
}
