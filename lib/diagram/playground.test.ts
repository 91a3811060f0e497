/**
 * The playground's view and link: what a reader typing a script sees (the containers, the walk,
 * the error on its line) and what a shared link brings back.
 */
import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { computePlaygroundView } from './playground-view';
import { playgroundHref, readPlaygroundLink, writePlaygroundLink } from './playground-url';
import { computeLabView } from './lab-view';

const SCRIPT = ['docker network create app', 'docker run -d --name web --network app -p 8080:80 nginx', 'docker run -d --name client --network app alpine sleep infinity'].join('\n');
const FLOW = { from: 'host1/client', to: 'web:80/tcp' };

describe('computePlaygroundView', () => {
  it('draws the containers the script runs and walks the packet to the named one', () => {
    const { view, errors, endpoints } = computePlaygroundView(SCRIPT, FLOW);
    expect(errors).toEqual([]);
    expect(endpoints.map((e) => e.id)).toEqual(expect.arrayContaining(['host1/web', 'host1/client']));
    expect(view.diagram.nodes.some((n) => n.type === 'namespace' && n.data.label.includes('web'))).toBe(true);
    expect(view.timeline.verdicts.at(-1)?.verdict.outcome).toBe('delivered');
    expect(view.timeline.hops[0]?.namespace).toBe('host1/client');
  });

  it('walks through the lines before an error, and names the bad line', () => {
    const { view, errors } = computePlaygroundView(`${SCRIPT}\ndocker run --foo x alpine`, FLOW);
    expect(errors).toEqual([{ line: 4, message: expect.stringContaining('unknown flag: --foo') }]);
    expect(view.timeline.hops.length).toBeGreaterThan(0);
  });

  it('falls back to the first container when the sender is gone, and says why a name does not resolve', () => {
    const result = computePlaygroundView('docker run -d --name solo alpine sleep infinity', { from: 'host1/client', to: 'web:80/tcp' });
    expect(result.flow.from).toBe('host1/solo');
    expect(result.view.timeline.hops).toEqual([]);
    expect(result.flowError).toMatch(/cannot resolve "web"/);
  });

  it('resolves host names on the LAN', () => {
    const { view } = computePlaygroundView('', { from: 'laptop', to: 'host1/icmp' });
    expect(view.timeline.hops[0]?.packet.find((h) => h.layer === 'ipv4')).toMatchObject({ dst: '192.168.1.10' });
  });
});

describe('playground links', () => {
  const fallback = { script: 'docker network create starter', flow: { from: 'laptop', to: 'host1/icmp' } };

  it('round-trips script and flow', () => {
    const params = writePlaygroundLink(new URLSearchParams('pg.step=3'), { script: SCRIPT, flow: FLOW });
    expect(params.get('pg.step')).toBe('3');
    expect(readPlaygroundLink(new URLSearchParams(params.toString()), fallback)).toEqual({ script: SCRIPT, flow: FLOW });
  });

  it('starts from the fallback with no script, and empty with a message for a malformed or oversized one', () => {
    expect(readPlaygroundLink(new URLSearchParams(''), fallback)).toEqual(fallback);
    const malformed = readPlaygroundLink(new URLSearchParams('script=%25%25not-lz&from=laptop'), fallback);
    expect(malformed.script).toBe('');
    expect(malformed.message).toMatch(/could not be read/);
    const huge = readPlaygroundLink(new URLSearchParams(`script=${'A'.repeat(70_000)}`), fallback);
    expect(huge).toMatchObject({ script: '', message: expect.stringMatching(/too long/) });
    const bigScript = readPlaygroundLink(new URLSearchParams(`script=${compressToEncodedURIComponent('#'.repeat(250_000))}`), fallback);
    expect(bigScript).toMatchObject({ script: '', message: expect.stringMatching(/too long/) });
  });

  it('ignores a nonsense flow parameter', () => {
    expect(readPlaygroundLink(new URLSearchParams('from=<script>&to=%00'), fallback).flow).toEqual(fallback.flow);
  });

  it("opens a lab's state in the playground with the same walk", () => {
    const lab = computeLabView('default-bridge', 'lan-to-published', { publish: true });
    expect(lab.playgroundFlow).toBeDefined();
    const href = playgroundHref({ script: lab.script, flow: lab.playgroundFlow ?? FLOW });
    const link = readPlaygroundLink(new URL(href, 'http://x').searchParams, fallback);
    const replayed = computePlaygroundView(link.script, link.flow);
    expect(replayed.errors).toEqual([]);
    expect(replayed.view.timeline.hops.map((h) => h.caption)).toEqual(lab.timeline.hops.map((h) => h.caption));
  });
});
