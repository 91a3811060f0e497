import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from '@playwright/test';
import { course, expect, lessonPath, test } from './fixtures';

// Issue 12: links prefetch on intent (pointer or focus) only. Loading a page
// must not fetch another route's RSC payload (the `.txt` files of the static
// export) or its JavaScript; hovering a link fetches that link's route alone.

const outDir = path.join(process.cwd(), 'out');
const chunksOf = (page: string) =>
  new Set([...fs.readFileSync(path.join(outDir, page), 'utf8').matchAll(/\/_next\/static\/chunks\/[^"'\s]+\.js/g)].map((match) => match[0]));
const difference = (a: Set<string>, b: Set<string>) => new Set([...a].filter((item) => !b.has(item)));

const first = course.lessons[0]!;
const homeChunks = chunksOf('index.html');
const lessonChunks = chunksOf(`lessons/${first.slug}/index.html`);
/** JavaScript that only the lesson route loads (React Flow, the lab): the home page must not fetch it until asked. */
const lessonOnlyChunks = difference(lessonChunks, homeChunks);
const homeOnlyChunks = difference(homeChunks, lessonChunks);

/** Every request the page makes (all to the local server), as paths. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request: Request) => {
    if (request.url().startsWith('http')) paths.push(new URL(request.url()).pathname);
  });
  return paths;
}

/** Waits until the network has been quiet, and stays quiet for another second (prefetches start from idle callbacks). */
async function settle(page: Page, requests: string[]) {
  for (let round = 0; round < 5; round++) {
    await page.waitForLoadState('networkidle');
    const before = requests.length;
    await page.waitForTimeout(1_000);
    if (requests.length === before) return;
  }
}

const payloads = (requests: string[]) => requests.filter((request) => request.endsWith('.txt'));

test.use({ viewport: { width: 1366, height: 768 } });

test('the home page fetches no lesson route until a link is hovered', async ({ page }) => {
  expect(lessonOnlyChunks.size, 'the lesson route has JavaScript of its own').toBeGreaterThan(0);
  const requests = recordRequests(page);
  await page.goto('/');
  await settle(page, requests);
  expect(payloads(requests), 'route payloads fetched on load').toEqual([]);
  expect(requests.filter((request) => lessonOnlyChunks.has(request)), 'lesson-only JavaScript fetched on load').toEqual([]);

  await page.getByRole('link', { name: /Start with lesson 1/ }).hover();
  await expect.poll(() => payloads(requests).length, { message: 'hovering the first lesson prefetches it' }).toBeGreaterThan(0);
  await settle(page, requests);
  expect(payloads(requests).filter((request) => !request.startsWith(lessonPath(first.slug)))).toEqual([]);
  expect([...lessonOnlyChunks].filter((chunk) => !requests.includes(chunk)), 'the lesson route’s JavaScript, prefetched on hover').toEqual([]);
});

test('focusing a home page link prefetches its lesson', async ({ page }) => {
  const target = course.lessons[1]!;
  const requests = recordRequests(page);
  await page.goto('/');
  await settle(page, requests);
  await page.getByRole('region', { name: 'The course' }).getByRole('link', { name: new RegExp(target.navTitle) }).focus();
  await expect.poll(() => payloads(requests).length, { message: 'focusing the link prefetches its lesson' }).toBeGreaterThan(0);
  await settle(page, requests);
  expect(payloads(requests).filter((request) => !request.startsWith(lessonPath(target.slug)))).toEqual([]);
});

test('a lesson prefetches nothing on load; hovering a sidebar link prefetches that lesson only, and the click uses it', async ({ page }) => {
  const current = course.lessons[1]!;
  const hovered = course.lessons.at(-1)!;
  const requests = recordRequests(page);
  await page.goto(lessonPath(current.slug));
  const sidebar = page.getByRole('navigation', { name: 'Course', exact: true });
  await expect(sidebar).toBeVisible();
  await settle(page, requests);
  expect(payloads(requests), 'route payloads fetched on load').toEqual([]);
  expect(requests.filter((request) => homeOnlyChunks.has(request)), 'home-only JavaScript fetched on load').toEqual([]);

  const link = sidebar.getByRole('link', { name: new RegExp(hovered.navTitle) });
  await link.hover();
  await expect.poll(() => payloads(requests).length, { message: 'hovering the sidebar link prefetches its lesson' }).toBeGreaterThan(0);
  await settle(page, requests);
  const prefetched = payloads(requests);
  expect(prefetched.filter((request) => !request.startsWith(lessonPath(hovered.slug))), 'payloads of lessons not hovered').toEqual([]);

  // The click is a client-side navigation that reads what the hover fetched: the page is not reloaded, no new payload.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  await link.click();
  await expect(page).toHaveURL(lessonPath(hovered.slug));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hovered.title);
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument), 'navigated without a reload').toBe(true);
  expect(payloads(requests)).toEqual(prefetched);
});
