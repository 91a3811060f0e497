/**
 * The playground's examples menu: every lab's script (its docker lines with its default options,
 * and with each option value that changes them), with the lab's first flow that is one packet.
 * Computed at build time from the labs themselves, so the menu holds exactly what the lessons show.
 */
import { labs } from '@/lib/labs';
import { computeLabView } from './lab-view';
import type { PlaygroundFlow } from './playground-view';

export interface PlaygroundExampleData {
  id: string;
  title: string;
  script: string;
  flow: PlaygroundFlow;
}

/** What the playground opens with when the URL has no script. */
export const STARTER: PlaygroundExampleData = {
  id: 'starter',
  title: 'Two containers on a user-defined network',
  script: [
    '# One command per line; a line runs on host1 unless it ends with "# on host2".',
    'docker network create app',
    'docker run -d --name web --network app -p 8080:80 nginx',
    'docker run -d --name client --network app alpine sleep infinity',
  ].join('\n'),
  flow: { from: 'host1/client', to: 'web:80/tcp' },
};

/** Option values besides the defaults worth their own example (a different setup, not a tweak). */
const VARIANTS: { lab: string; options: Record<string, string | boolean>; title: string }[] = [
  { lab: 'overlay', options: { controlPlane: 'kv-store' }, title: 'Overlay networks, 2017: a key-value store instead of swarm' },
];

/**
 * Every lab's script as an example, with its default options (labs without docker commands,
 * like the plain-namespace foundations lab, have none), and the variants above. The flow is the
 * lab's first flow that sends one packet (not a DNS query).
 * @example playgroundExamples().find((e) => e.id === 'overlay')?.script.includes('docker swarm init') // true
 */
export function playgroundExamples(): PlaygroundExampleData[] {
  const wanted = [...labs.map((lab) => ({ lab: lab.id, options: {}, title: lab.title })), ...VARIANTS];
  const examples: PlaygroundExampleData[] = [];
  for (const { lab: labId, options, title } of wanted) {
    const lab = labs.find((l) => l.id === labId);
    if (!lab) throw new Error(`playground example names an unknown lab "${labId}"`);
    const views = lab.flows.map((flow) => ({ flow, view: computeLabView(lab.id, flow.id, options) }));
    const chosen = views.find(({ view }) => view.playgroundFlow && !view.playgroundFlow.to.endsWith(':53/udp')) ?? views.find(({ view }) => view.playgroundFlow) ?? views[0];
    if (!chosen?.view.script) continue;
    const id = Object.keys(options).length ? `${lab.id}:${Object.entries(options).map(([k, v]) => `${k}=${String(v)}`).join(',')}` : lab.id;
    examples.push({ id, title, script: chosen.view.script, flow: chosen.view.playgroundFlow ?? { from: 'laptop', to: 'host1/icmp' } });
  }
  return examples;
}
