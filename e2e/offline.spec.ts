/**
 * Offline after one visit: the home page installs the service worker (which precaches the
 * export); with the network gone, other lessons open, a walk plays, another flow is computed,
 * the playground works, and search finds and opens a heading.
 */
import { expect, lessonPath, test } from './fixtures';

test.use({ serviceWorkers: 'allow' });

test('after one visit, lessons, labs, the playground and search work with the network off', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  // Installed means precached: the worker activates only once every file is in its cache.
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', undefined, { timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifest).toBe('/manifest.webmanifest');

  await context.setOffline(true);
  expect(await page.evaluate(() => fetch('/lessons/overlay/', { cache: 'no-store' }).then((r) => r.status))).toBe(200);

  for (const slug of ['none', 'macvlan', 'overlay']) {
    await page.goto(lessonPath(slug));
    await expect(page.locator('main h1')).toBeVisible();
  }
  // A lab on the overlay lesson: wake it, step, then another flow (the engine, computed offline).
  const lab = page.locator('section.pw-lab[data-lab-key="overlay"]');
  await lab.locator('xpath=..').scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await lab.getByRole('button', { name: /^Next/ }).click();
  await expect(lab).toHaveAttribute('data-step', '1');
  await lab.locator('select[data-control="flow"]').selectOption('c1-to-internet');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await expect(lab.getByRole('list', { name: 'Packet path' }).locator('li.pw-hops__item').first()).toContainText('c1');
  // A deep link with state, and a page never visited, straight from the cache.
  await page.goto(`${lessonPath('default-bridge')}?default-bridge.step=3`);
  await expect(page.locator('section.pw-lab[data-lab-key="default-bridge"]')).toHaveAttribute('data-step', '3');
  await page.goto('/playground/');
  await expect(page.locator('.pw-pg')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('section.pw-lab[data-lab="playground"] .react-flow__node[data-id="ns:host1/web"]')).toBeVisible();
  // Search: its code and index come from the cache too.
  await page.goto(lessonPath('none'));
  await page.getByRole('banner').getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search the course' });
  await dialog.getByRole('combobox', { name: 'Search the lessons' }).fill('MASQUERADE');
  await expect(dialog.getByRole('option').first()).toHaveAttribute('href', '/lessons/foundations/#step-6-a-masquerade-rule');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Step 6: a MASQUERADE rule' })).toBeInViewport();
});
