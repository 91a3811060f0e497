/**
 * Embeds: every lab at /embed/<lab>/, framed by another site (another origin, served here),
 * driven with the keyboard, linking back to its lesson at the same state; the Embed control's
 * snippet; only /embed/ pages may be framed by other sites.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, lessonPath, test } from './fixtures';
import { LAB_IDS } from '../lib/diagram/lab-view';

const port = Number(process.env.E2E_PORT ?? 4310);

/**
 * Another site: a real server on another port (another origin), serving a page that frames the
 * embed. (A page Playwright fulfils itself has no address, and Chromium's local-network checks
 * then refuse its frame to 127.0.0.1.)
 */
async function otherSite(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test('an embed framed by another site is driven with the keyboard and links back to its lesson at the same state', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  const site = await otherSite(`<!doctype html><title>A teacher's page</title><h1>Week 3</h1><iframe src="http://127.0.0.1:${port}/embed/default-bridge/?default-bridge.step=2" title="Packet Walk lab" width="800" height="500" style="border:0" allow="fullscreen"></iframe>`);
  test.info().attach('other site', { body: site.url });
  await page.goto(site.url);
  const frame = page.frameLocator('iframe');
  const lab = frame.locator('section.pw-lab[data-lab="default-bridge"]');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  // The link's state is the lab's: step 2 (0-based) of the default flow.
  await expect(lab).toHaveAttribute('data-step', '2');
  // No site chrome: no header, course menu or footer.
  await expect(frame.locator('header.sticky, footer, nav[aria-label="Course"]')).toHaveCount(0);

  await lab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(lab).toHaveAttribute('data-step', '3');
  await expect(lab.locator('[data-control="open-lesson"]')).toHaveAttribute('href', '/lessons/default-bridge/?default-bridge.step=3#pw-lab-default-bridge');
  await page.keyboard.press('l');
  await expect(lab).toHaveAttribute('data-hops-open', 'true');
  await expect(lab.getByRole('list', { name: 'Packet path' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(lab).toHaveAttribute('data-hops-open', 'false');
  await page.keyboard.press('f');
  await expect(lab).toHaveAttribute('data-present', 'true');
  await page.keyboard.press('Escape');
  await expect(lab).toHaveAttribute('data-present', 'false');

  // Sized to its frame: nothing scrolls inside it.
  const sizes = await frame.locator('html').evaluate((html) => {
    const side = html.querySelector('.pw-lab__side');
    return { page: html.scrollHeight, width: html.scrollWidth, side: side ? side.scrollHeight - side.clientHeight : -1 };
  });
  expect(sizes).toEqual({ page: 500, width: 800, side: 0 });
  site.server.close();
});

test('every lab has an embed that fits 800×500 without scrollbars', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 800, height: 500 });
  for (const lab of LAB_IDS) {
    await page.goto(`/embed/${lab}/`);
    const root = page.locator(`section.pw-lab[data-lab="${lab}"]`);
    await expect(root).toHaveAttribute('data-ready', 'true');
    const overflow = await page.evaluate(() => {
      const side = document.querySelector('.pw-lab__side');
      const html = document.documentElement;
      return { x: html.scrollWidth - innerWidth, y: html.scrollHeight - innerHeight, side: side ? side.scrollHeight - side.clientHeight : -1 };
    });
    expect(overflow, lab).toEqual({ x: 0, y: 0, side: 0 });
  }
});

test('only /embed/ pages may be framed by other sites', async ({ request }) => {
  const embed = await request.get('/embed/overlay/');
  expect(embed.headers()['content-security-policy']).toContain('frame-ancestors *');
  expect(embed.headers()['x-frame-options']).toBeUndefined();
  const lesson = await request.get(lessonPath('overlay'));
  expect(lesson.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
  expect(lesson.headers()['x-frame-options']).toBe('SAMEORIGIN');
});

test("a lab's Embed button gives the iframe for its current state", async ({ page }) => {
  await page.goto(`${lessonPath('default-bridge')}?default-bridge.step=1`);
  const lab = page.locator('section.pw-lab[data-lab-key="default-bridge"]');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await lab.getByRole('button', { name: /^Next/ }).click();
  await expect(lab).toHaveAttribute('data-step', '2');
  await lab.locator('[data-control="embed"]').click();
  const snippet = await lab.getByTestId('embed-snippet').inputValue();
  expect(snippet).toMatch(new RegExp(`^<iframe src="http://127\\.0\\.0\\.1:${port}/embed/default-bridge/\\?default-bridge\\.step=2" title="Packet Walk lab: The default bridge, docker0"`));
  expect(snippet).toContain('allow="fullscreen');
});
