import path from 'node:path';
import { test as base, expect, type Page, type Route } from '@playwright/test';
import { course as courseDefinition } from '../content/course';
import { loadCourse } from '../lib/content/course';

/** The course as the site builds it, so the tests follow content/course.ts. */
export const course = loadCourse(courseDefinition, path.join(process.cwd(), 'content/lessons'));

export const lessonPath = (slug: string) => `/lessons/${slug}/`;

/** Every page a reader can reach: home, each lesson. */
export const coursePages = [
  { path: '/', title: 'See where your container’s packets really go.' },
  ...course.lessons.map((lesson) => ({ path: lessonPath(lesson.slug), title: lesson.title })),
];

// React Flow's resize noise is the one console error we accept (STYLE.md).
const IGNORED_CONSOLE = [/ResizeObserver loop completed with undelivered notifications/];

/** The URL the tests open to reach the 404 page. */
export const UNKNOWN_LESSON_PATH = '/lessons/no-such-lesson/';
const INTENDED_404 = /\/lessons\/no-such-lesson\/$/;

/** A page fixture that fails the test on any console error or uncaught exception. */
export const test = base.extend<{ page: Page; consoleErrors: string[] }>({
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  page: async ({ page, consoleErrors }, use) => {
    page.on('console', (message) => {
      // Chromium logs the 404 status of a page we opened on purpose to see the 404 page.
      const intendedNotFound = /status of 404/.test(message.text()) && INTENDED_404.test(message.location().url);
      if (message.type() === 'error' && !intendedNotFound && !IGNORED_CONSOLE.some((pattern) => pattern.test(message.text()))) {
        consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    await use(page);
    expect(consoleErrors, 'console errors on the page').toEqual([]);
  },
});

export { expect };

/** A lab's island (the box that keeps the server's lab until the live one takes over), by its URL key. */
export const island = (page: Page, key: string) => page.locator(`.pw-island[data-island="${key}"]`);

/** Holds every script requested from now on until `release()`: what the lab loads when it wakes. */
export async function holdLateScripts(page: Page) {
  const held: Route[] = [];
  let holding = true;
  await page.route(/\/_next\/static\/chunks\/.*\.js$/, (route) => {
    if (holding) held.push(route);
    else void route.continue();
  });
  return {
    count: () => held.length,
    release: async () => {
      holding = false;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}
