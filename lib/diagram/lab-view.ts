/**
 * The one entry point from a lab to what the page draws: build the lab with
 * some options, trace one of its flows, lay the topology out and plan the
 * walk. The server calls it at build time for a lab's default state; the
 * browser loads this module lazily (a dynamic import) only when a reader
 * picks another flow or option, so the engine is not part of the page's
 * first-load JavaScript.
 */
import { getLab, labs, playgroundScriptOf, traceFlow, urlOptionsOf, type Lab, type LabOption } from '@/lib/labs';
import { labShellScript, type LabShellScript } from './lab-script';
import { layoutTopology } from './layout';
import { buildTimeline, type Timeline } from './timeline';
import type { Diagram } from './types';
import type { LabStateSchema } from './url-state';

/** What the client needs to know about a lab, without its functions. */
export interface LabDescriptor {
  id: string;
  title: string;
  summary: string;
  options: LabOption[];
  flows: { id: string; label: string; description: string; source: string }[];
}

/** One state of a lab, ready to draw and walk. */
export interface LabView {
  flow: string;
  options: Record<string, boolean | string>;
  diagram: Diagram;
  timeline: Timeline;
  /** Commands that built this state (docker, ip, iptables). */
  commands: string[];
  /** The docker lines of `commands` as a playground script (what "Open in playground" starts from). */
  script: string;
  /** This walk's packet as a playground flow (sender and `IP[:PORT]/protocol`), when it is one packet. */
  playgroundFlow?: { from: string; to: string };
  /** The same namespaces as an `ip`/`iptables` script for a Linux machine, with its teardown (the Commands panel). */
  shell: LabShellScript;
  notes: string[];
}

/** Ids of every lab, in curriculum order (named in the error for an unknown lab). */
export const LAB_IDS: readonly string[] = labs.map((lab) => lab.id);

/**
 * A lab's serialisable description.
 * @example describeLab('overlay').flows.map((f) => f.id) // ['c1-to-c2', 'c1-to-internet', 'resolve-c2']
 * @throws when the lab does not exist
 */
export function describeLab(labId: string): LabDescriptor {
  const lab = requireLab(labId);
  return {
    id: lab.id,
    title: lab.title,
    summary: lab.summary,
    options: lab.options,
    flows: lab.flows.map(({ id, label, description, source }) => ({ id, label, description, source })),
  };
}

/**
 * The URL schema of a lab: its flow ids and options.
 * @example stateSchema(describeLab('default-bridge')).defaultFlow // 'container-to-container'
 */
export function stateSchema(lab: LabDescriptor): LabStateSchema {
  return { flows: lab.flows.map((f) => f.id), defaultFlow: lab.flows[0]?.id ?? '', options: urlOptionsOf(lab.options) };
}

/**
 * Build, trace, lay out and plan one state of a lab.
 *
 * @example
 * const view = computeLabView('default-bridge', 'lan-to-published', { publish: true });
 * view.timeline.verdicts.at(-1)?.verdict.outcome; // 'delivered'
 */
export function computeLabView(labId: string, flowId: string, options: Record<string, boolean | string>): LabView {
  const result = traceFlow(labId, flowId, options);
  const diagram = layoutTopology(result.built.topology);
  return {
    flow: flowId,
    options: result.options,
    diagram,
    timeline: buildTimeline(diagram, result.trace),
    commands: result.built.commands,
    script: playgroundScriptOf(result.built.commands),
    ...(result.packet.kind === 'packet' ? { playgroundFlow: { from: result.packet.from, to: `${result.packet.dst}${result.packet.dport !== undefined ? `:${result.packet.dport}` : ''}/${result.packet.protocol}` } } : {}),
    shell: labShellScript(result.built.topology),
    notes: result.built.notes,
  };
}

function requireLab(labId: string): Lab {
  const lab = getLab(labId);
  if (!lab) throw new Error(`unknown lab "${labId}" (known: ${LAB_IDS.join(', ')})`);
  return lab;
}
