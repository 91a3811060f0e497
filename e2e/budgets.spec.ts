import { test, expect, type Browser, type Response } from '@playwright/test';
import { course, lessonPath } from './fixtures';

/**
 * Byte budgets, issue 12 ("Byte budgets that fail `npm test` when broken"):
 * what a phone downloads before the reader does anything. KB = 1,024 bytes,
 * gzip as served. The one place these numbers live.
 */
const BUDGETS = {
  /** JavaScript the home page transfers. */
  homeJsKB: 140,
  /** A lesson may transfer at most this much more JavaScript than the home page. */
  lessonJsOverHomeKB: 10,
  /** A lesson's HTML document. */
  lessonHtmlKB: 40,
};

// Measured like Lighthouse's mobile run: a 412×823 phone, no interaction, until
// the network is idle. Sizes are each response's Content-Length as
// scripts/serve-out.mjs sends it: the gzip body (level 6), headers not counted;
// so a lesson's HTML size is gzip -6 of out/lessons/<slug>/index.html.
// Deterministic: bytes, never times.

interface PageBytes {
  path: string;
  jsBytes: number;
  jsFiles: number;
  htmlBytes: number;
  /** Text responses that came without gzip: the sizes would not be honest. */
  uncompressed: string[];
}

const KB = 1024;
const kb = (bytes: number) => (bytes / KB).toFixed(1);
const pages = ['/', ...course.lessons.map((lesson) => lessonPath(lesson.slug))];
async function measure(browser: Browser, pagePath: string): Promise<PageBytes> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const bytes: PageBytes = { path: pagePath, jsBytes: 0, jsFiles: 0, htmlBytes: 0, uncompressed: [] };
  let started = 0;
  page.on('request', () => started++);
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'document') pending.push(count(response, type));
  });
  async function count(response: Response, type: string) {
    const headers = await response.allHeaders();
    const length = Number(headers['content-length'] ?? (await response.request().sizes()).responseBodySize);
    if (headers['content-encoding'] !== 'gzip') bytes.uncompressed.push(new URL(response.url()).pathname);
    if (type === 'script') {
      bytes.jsBytes += length;
      bytes.jsFiles++;
    } else if (response.url().endsWith(pagePath)) bytes.htmlBytes = length;
  }
  await page.goto(pagePath, { waitUntil: 'networkidle' });
  // Idle callbacks and observers can start requests after the first quiet spell: wait until a whole second passes without one.
  for (let round = 0; round < 5; round++) {
    const before = started;
    await page.waitForTimeout(1_000);
    await page.waitForLoadState('networkidle');
    if (started === before) break;
  }
  await Promise.all(pending);
  await context.close();
  return bytes;
}

// One test: the lesson budgets depend on the home page's measurement, and a
// failed test restarts Playwright's worker (a beforeAll would measure again).
// Every page is checked with a soft assertion, so one run reports them all.
test('byte budgets: JavaScript and HTML a phone transfers before any interaction', async ({ browser }) => {
  test.setTimeout(20_000 * pages.length);
  const measured = new Map<string, PageBytes>();
  for (const pagePath of pages) measured.set(pagePath, await measure(browser, pagePath));
  const home = measured.get('/')!;
  const jsBudgetOf = (pagePath: string) => (pagePath === '/' ? BUDGETS.homeJsKB * KB : home.jsBytes + BUDGETS.lessonJsOverHomeKB * KB);
  const htmlBudgetOf = (pagePath: string) => (pagePath === '/' ? null : BUDGETS.lessonHtmlKB * KB);

  const verdict = (value: number, budget: number | null) => (budget === null ? '' : value <= budget ? 'ok' : `OVER by ${kb(value - budget)}`);
  const header = ['page', 'JS gz KB (files)', 'JS budget', 'JS', 'HTML gz KB', 'HTML budget', 'HTML'];
  const rows = pages.map((pagePath) => {
    const bytes = measured.get(pagePath)!;
    const htmlBudget = htmlBudgetOf(pagePath);
    return [
      pagePath,
      `${kb(bytes.jsBytes)} (${bytes.jsFiles})`,
      kb(jsBudgetOf(pagePath)),
      verdict(bytes.jsBytes, jsBudgetOf(pagePath)),
      kb(bytes.htmlBytes),
      htmlBudget === null ? '–' : kb(htmlBudget),
      verdict(bytes.htmlBytes, htmlBudget),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  console.log(
    [
      `Byte budgets (issue 12): phone 412×823, no interaction, gzip KB as served; home JS ≤ ${BUDGETS.homeJsKB}, lesson JS ≤ home + ${BUDGETS.lessonJsOverHomeKB}, lesson HTML ≤ ${BUDGETS.lessonHtmlKB}`,
      line(header),
      ...rows.map(line),
    ].join('\n'),
  );

  for (const bytes of measured.values()) {
    // Without gzip the sizes would not be what a reader downloads.
    expect(bytes.uncompressed, `${bytes.path}: HTML or JavaScript sent without gzip`).toEqual([]);
    expect(bytes.htmlBytes, `${bytes.path}: the page's HTML was measured`).toBeGreaterThan(0);
  }
  for (const pagePath of pages) {
    const bytes = measured.get(pagePath)!;
    const jsBudget = jsBudgetOf(pagePath);
    const jsRule = pagePath === '/' ? `${BUDGETS.homeJsKB}` : `home ${kb(home.jsBytes)} + ${BUDGETS.lessonJsOverHomeKB}`;
    expect
      .soft(bytes.jsBytes, `${pagePath}: JavaScript ${kb(bytes.jsBytes)} KB gzip, budget ${kb(jsBudget)} KB (${jsRule}) ${verdict(bytes.jsBytes, jsBudget)}`)
      .toBeLessThanOrEqual(jsBudget);
    const htmlBudget = htmlBudgetOf(pagePath);
    if (htmlBudget !== null) {
      expect
        .soft(bytes.htmlBytes, `${pagePath}: HTML ${kb(bytes.htmlBytes)} KB gzip, budget ${kb(htmlBudget)} KB ${verdict(bytes.htmlBytes, htmlBudget)}`)
        .toBeLessThanOrEqual(htmlBudget);
    }
  }
});
