import { test, expect, type APIRequestContext } from '@playwright/test';
import { engineCount } from '../lib/content/exercises';
import { lessonPath } from './fixtures';

/**
 * The numbers lessons quote about a walk are written by the engine at build
 * time (`<EngineCount>`): the built page says what the engine counts. The
 * pages are read as a reader without JavaScript would get them (the HTML as
 * served), so no browser is needed.
 */
async function lessonText(request: APIRequestContext, slug: string): Promise<string> {
  const response = await request.get(lessonPath(slug));
  expect(response.ok()).toBe(true);
  const html = await response.text();
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const n = (lab: string, flow: string, of: string) => engineCount(lab, flow, of);

test('host: the comparison table and the prose show the engine’s counts', async ({ request }) => {
  const text = await lessonText(request, 'host');
  const host = (of: string) => n('host', 'lan-to-web', of);
  const bridge = (of: string) => n('port-publishing', 'lan-to-published', of);
  expect(text).toContain(`host mode, 192.168.1.10:80 ${host('steps')} ${host('links')} ${host('namespaces')} ${host('rewrites')}`);
  expect(text).toContain(`bridge + -p 8080:80 , 192.168.1.10:8080 ${bridge('steps')} ${bridge('links')} ${bridge('namespaces')} ${bridge('rewrites')}`);
  expect(text).toContain(`The extra steps on the bridge path (${bridge('steps')} against ${host('steps')})`);
  expect(text).toContain(`${host('reply-steps')} steps instead of ${bridge('reply-steps')}`);
  expect(text).toContain(`${host('steps')} steps and no rewrites in the engine's walk, against ${bridge('steps')} steps and a DNAT`);
  expect(host('steps')).toBeLessThan(bridge('steps'));
});

test('macvlan and the trunk: the step counts in the prose are the engine’s', async ({ request }) => {
  const macvlan = await lessonText(request, 'macvlan');
  const steps = n('macvlan', 'lan-to-container', 'steps');
  expect(macvlan).toContain(`The engine counts ${steps} steps for this request and no rewrites`);
  expect(macvlan).toContain(`A bridge with -p 8080:80 needs ${n('port-publishing', 'lan-to-published', 'steps')} steps and a DNAT`);
  expect(macvlan).toContain(`one switch hop, ${steps} steps and no rewrites in the engine`);
  const trunk = await lessonText(request, 'macvlan-trunk');
  expect(trunk).toContain(`The engine counts ${n('macvlan-trunk', 'vlan10-to-vlan20', 'steps')} steps for the request, twice as many as for server10`);
});
