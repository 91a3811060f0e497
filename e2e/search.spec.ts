/**
 * Full-text search (issue 15): the header's Search button and its shortcuts
 * open a dialog that searches the Pagefind index `npm run build` writes to
 * out/pagefind/; a result leads to the lesson's heading. The index holds each
 * lesson's article with its lab (names, flows, hop captions) and nothing of
 * the site's chrome.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { course, expect, lessonPath, test } from './fixtures';

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Search the course' });
const field = (page: Page) => dialog(page).getByRole('combobox', { name: 'Search the lessons' });
const searchButton = (page: Page) => page.getByRole('banner').getByRole('button', { name: 'Search' });

/** The home page, hydrated: the header's button answers its shortcuts. */
async function openHome(page: Page) {
  await page.goto('/');
  await expect(searchButton(page)).toBeVisible();
  await page.waitForLoadState('networkidle');
}

/** Types a query and waits for its results. */
async function search(page: Page, query: string) {
  await field(page).fill(query);
  await expect(dialog(page).getByRole('status')).toContainText(/\d+ lessons?, \d+ sections?/);
}

/** The results of one lesson, by its title. */
const groupOf = (page: Page, title: string) => dialog(page).getByRole('group', { name: title });

const title = (slug: string) => course.lessons.find((lesson) => lesson.slug === slug)!.title;

test('/ opens search; "4789" finds the overlay lesson’s VXLAN heading, and clicking it lands there', async ({ page }) => {
  await openHome(page);
  await page.keyboard.press('/');
  await expect(dialog(page)).toBeVisible();
  await expect(field(page)).toBeFocused();
  await search(page, '4789');

  const overlay = groupOf(page, title('overlay'));
  const hit = overlay.getByRole('option').first();
  // A heading of the lesson, with the port marked in its excerpt.
  await expect(hit).toHaveAttribute('href', /^\/lessons\/overlay\/#[\w-]+$/);
  await expect(hit.locator('mark', { hasText: '4789' }).first()).toBeVisible();
  await expect(hit).toContainText(/VXLAN/);
  const href = (await hit.getAttribute('href'))!;
  const headingId = href.split('#')[1]!;

  await hit.click();
  await expect(page).toHaveURL(new RegExp(`/lessons/overlay/#${headingId}$`));
  await expect(dialog(page)).toBeHidden();
  const heading = page.locator(`[id="${headingId}"]`);
  await expect(heading).toHaveText(/.+/);
  await expect(heading).toBeInViewport();
});

test('Ctrl+K opens search; ↓ ↑ move through the results, Enter opens one: MASQUERADE lands on the foundations lesson’s heading about it', async ({ page }) => {
  await openHome(page);
  await page.keyboard.press('Control+k');
  await expect(field(page)).toBeFocused();
  await search(page, 'MASQUERADE');

  // The lesson that introduces the rule comes first, with its heading about it.
  const options = dialog(page).getByRole('option');
  const first = options.first();
  await expect(first).toHaveAttribute('href', '/lessons/foundations/#step-6-a-masquerade-rule');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(first.locator('mark').first()).toHaveText(/masquerade/i);
  await expect(field(page)).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  // Other lessons that use it are listed too.
  await expect(groupOf(page, title('default-bridge'))).toBeVisible();

  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(first).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  // ↑ from the first wraps to the last.
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/lessons\/foundations\/#step-6-a-masquerade-rule$/);
  await expect(dialog(page)).toBeHidden();
  const heading = page.getByRole('heading', { name: 'Step 6: a MASQUERADE rule' });
  await expect(heading).toHaveAttribute('id', 'step-6-a-masquerade-rule');
  await expect(heading).toBeInViewport();
});

test('a lab’s flows and hop captions are found: "docker-proxy", and a flow named only in a lab’s flow menu', async ({ page }) => {
  await openHome(page);
  await searchButton(page).click();
  await search(page, 'docker-proxy');
  await expect(groupOf(page, title('port-publishing')).getByRole('option').first()).toHaveAttribute('href', /^\/lessons\/port-publishing\//);
  // "ns1 pings the bridge (10.0.0.1)" is a flow of the foundations lab; the prose never says it.
  await search(page, 'ns1 pings the bridge');
  await expect(groupOf(page, title('foundations'))).toBeVisible();
  await search(page, 'VNI');
  await expect(groupOf(page, title('overlay')).getByRole('option').filter({ hasText: 'Packet path' })).toBeVisible();
});

test('Escape closes search and gives focus back to the button; the page behind is inert while it is open', async ({ page }) => {
  await openHome(page);
  await searchButton(page).click();
  await expect(field(page)).toBeFocused();
  expect(await dialog(page).evaluate((element) => element.matches(':modal'))).toBe(true);
  // Tab stays in the dialog: the field, then its close button.
  await page.keyboard.press('Tab');
  await expect(dialog(page).getByRole('button', { name: 'Close search' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(field(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(searchButton(page)).toBeFocused();

  // The close button does the same.
  await page.keyboard.press('Control+k');
  await dialog(page).getByRole('button', { name: 'Close search' }).click();
  await expect(dialog(page)).toBeHidden();
  await expect(searchButton(page)).toBeFocused();
});

test('on a 375 px phone the header shows the search icon, and the dialog is a full-width sheet', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(lessonPath('default-bridge'));
  const button = searchButton(page);
  await expect(button).toBeVisible();
  await button.tap();
  await expect(field(page)).toBeFocused();
  const box = (await dialog(page).boundingBox())!;
  expect(box.x).toBe(0);
  expect(box.width).toBe(375);
  expect(Math.round(box.height)).toBe(740);
  await search(page, 'VNI');
  const hit = groupOf(page, title('overlay')).getByRole('option').first();
  await expect(hit).toBeInViewport();
  await dialog(page).getByRole('button', { name: 'Close search' }).tap();
  await expect(dialog(page)).toBeHidden();
  await context.close();
});

test('/ typed in the playground’s editor is text, not a shortcut', async ({ page }) => {
  await page.goto('/playground/');
  await expect(page.locator('.pw-pg__editor')).toHaveAttribute('data-ready', 'true');
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('docker run --name a alpine');
  await page.keyboard.press('End');
  await page.keyboard.type(' /bin/sh');
  await page.keyboard.press('Control+k');
  await expect(page.locator('.cm-content')).toContainText('alpine /bin/sh');
  await expect(dialog(page)).toHaveCount(0);
});

test('the open dialog, with results, has no axe violations in the light and the dark theme, and no CSP violation', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`));
  });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await openHome(page);
  await page.keyboard.press('/');
  await search(page, 'VNI');
  await page.keyboard.press('ArrowDown');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /\bdark\b/ : /\blight\b/);
    const results = await new AxeBuilder({ page }).include('dialog').analyze();
    const summary = results.violations.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(summary, `${colorScheme} theme`).toEqual([]);
  }
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
});

test('search loads nothing until it is opened', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(lessonPath('overlay'));
  await page.waitForLoadState('networkidle');
  expect(requested.filter((url) => url.startsWith('/pagefind/'))).toEqual([]);
  await searchButton(page).click();
  await search(page, 'VXLAN');
  expect(requested).toContain('/pagefind/pagefind.js');
});

// The index as built (no browser): a fragment per lesson, holding its lab's text, and nothing else.
test('the index holds every lesson with its lab’s flows and hop captions, and none of the site’s chrome', () => {
  const dir = path.resolve('out/pagefind/fragment');
  const fragments = fs.readdirSync(dir).map((name) => {
    // A Pagefind fragment: gzip of "pagefind_dcd" and JSON.
    const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, name))).toString('utf8');
    return JSON.parse(text.slice(text.indexOf('{'))) as { url: string; content: string };
  });
  expect(fragments.map((fragment) => fragment.url).sort()).toEqual(course.lessons.map((lesson) => lessonPath(lesson.slug)).sort());
  const decode = (html: string) =>
    html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const fragment of fragments) {
    const html = fs.readFileSync(path.resolve(`out${fragment.url}index.html`), 'utf8');
    const content = fragment.content.replace(/\s+/g, ' ');
    const expectIn = (text: string, what: string) => expect(content.includes(text.replace(/\s+/g, ' ')), `${fragment.url}: ${what} "${text}"`).toBe(true);
    for (const match of html.matchAll(/<h2 class="pw-lab__title">([^<]+)<\/h2>/g)) expectIn(decode(match[1]!), 'lab name');
    for (const select of html.matchAll(/<select[^>]*data-control="flow"[^>]*>([\s\S]*?)<\/select>/g)) {
      for (const option of select[1]!.matchAll(/<option[^>]*>([\s\S]*?)<\/option>/g)) expectIn(decode(option[1]!), 'flow');
    }
    for (const caption of html.matchAll(/<span class="pw-hops__caption">([\s\S]*?)<\/span><\/div><\/li>/g)) expectIn(decode(caption[1]!), 'hop caption');
    // The header, the sidebar, the footer, a lab's shortcut sheet.
    for (const chrome of ['Skip to content', 'Docker is a trademark', 'play / pause', 'On this page']) {
      expect(content, `${fragment.url}: site chrome "${chrome}"`).not.toContain(chrome);
    }
  }
  const all = fragments.map((fragment) => fragment.content).join('\n');
  for (const term of ['MASQUERADE', 'VNI', 'docker-proxy']) expect(all).toContain(term);
});
