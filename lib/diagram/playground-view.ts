/**
 * The playground's view: a reader's Docker script built into the lessons' world, laid out, and
 * one packet walked through it — the same {@link LabView} a lab draws, so the playground uses the
 * labs' player, hop list, inspector and camera unchanged.
 */
import { buildPlayground, playgroundSender, walkPlayground, type PlaygroundBuild } from '@/lib/labs';
import type { ScriptError } from '@/lib/docker/cli';
import { labShellScript } from './lab-script';
import { layoutTopology } from './layout';
import { buildTimeline, type Timeline } from './timeline';
import type { LabDescriptor, LabView } from './lab-view';
import type { LabStateSchema } from './url-state';

/** Who sends, and to what: an endpoint id (`laptop`, `host1`, `host1/web`) and `NAME|IP[:PORT][/tcp|/udp|/icmp]`. */
export interface PlaygroundFlow {
  from: string;
  to: string;
}

/** A script, built and walked. */
export interface PlaygroundView {
  /** What the lab player draws; its walk is empty when the packet could not be sent. */
  view: LabView;
  /** The script's first error (the lines before it built; the ones after did not run). */
  errors: ScriptError[];
  /** Everything that can send or be named: the world, the hosts and the containers. */
  endpoints: PlaygroundBuild['endpoints'];
  /** The flow walked: `from` is the endpoint id the sender resolved to. */
  flow: PlaygroundFlow;
  /** Why no packet was walked (an unknown sender, a name nobody resolves, a bad target). */
  flowError?: string;
}

/** The one flow of the playground, as the lab player's URL schema sees it. */
export const PLAYGROUND_FLOW_ID = 'walk';
/** The playground's lab key in the URL (`?pg.step=3`). */
export const PLAYGROUND_KEY = 'pg';

/** The playground's URL schema for the lab player: one flow, no options (the script is the options). */
export const PLAYGROUND_SCHEMA: LabStateSchema = { flows: [PLAYGROUND_FLOW_ID], defaultFlow: PLAYGROUND_FLOW_ID, options: [] };

const EMPTY_TIMELINE: Timeline = { hops: [], steps: [], verdicts: [] };

/**
 * Build a script, walk `flow` through it (through the lines before the first error, if any) and
 * lay it out for the player. A sender that no longer exists falls back to the first container
 * (or the laptop when there is none).
 *
 * @example
 * const { view, endpoints } = computePlaygroundView('docker run -d --name web -p 8080:80 nginx', { from: 'laptop', to: '192.168.1.10:8080' });
 * endpoints.some((e) => e.id === 'host1/web'); // true
 * view.timeline.verdicts.at(-1)?.verdict.outcome; // 'delivered'
 */
export function computePlaygroundView(script: string, flow: PlaygroundFlow): PlaygroundView {
  const build = buildPlayground(script);
  const { endpoints } = build;
  const from = playgroundSender(build, flow.from) ?? endpoints.find((e) => e.kind === 'container')?.id ?? 'laptop';
  const { trace, error } = walkPlayground(build, from, flow.to);
  const diagram = layoutTopology(build.built.topology);
  const view: LabView = {
    flow: PLAYGROUND_FLOW_ID,
    options: {},
    diagram,
    timeline: trace ? buildTimeline(diagram, trace) : EMPTY_TIMELINE,
    commands: build.built.commands,
    script,
    shell: labShellScript(build.built.topology),
    notes: build.built.notes,
  };
  return { view, errors: build.errors, endpoints, flow: { from, to: flow.to }, ...(error ? { flowError: error } : {}) };
}

/**
 * The descriptor the lab player shows for a playground walk (its title and its one flow).
 * @example playgroundDescriptor({ from: 'laptop', to: 'web:80' }).flows[0]?.label // 'laptop → web:80'
 */
export function playgroundDescriptor(flow: PlaygroundFlow): LabDescriptor {
  const label = `${flow.from.replace(/^host\d+\//, '')} → ${flow.to}`;
  return {
    id: 'playground',
    title: 'Your network',
    summary: 'The network your commands build, with one packet walked through it.',
    options: [],
    flows: [{ id: PLAYGROUND_FLOW_ID, label, description: `A packet from ${flow.from} to ${flow.to}.`, source: flow.from }],
  };
}
