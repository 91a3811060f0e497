import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, holdLateScripts, island, lessonPath, test } from './fixtures';

/**
 * The lab's Commands panel: the Docker commands that built the state on
 * screen and, once the lab is live, the pw- namespace script that builds it
 * on a Linux machine, each with a copy button.
 */

const BRIDGE = lessonPath('default-bridge');
const panel = (root: Locator) => root.locator('details.pw-commands');
const block = (root: Locator, name: 'commands' | 'setup' | 'teardown') => panel(root).locator(`pre[data-block="${name}"]`);


async function ready(root: Locator) {
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-awake', 'true');
  await expect(root.locator('section.pw-lab')).toHaveAttribute('data-ready', 'true');
}

test('opened in the static lab, the panel stays open when the lab wakes, and Copy copies the script', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(BRIDGE);
  await page.waitForLoadState('networkidle');
  const gate = await holdLateScripts(page);
  const root = island(page, 'default-bridge');
  const summary = panel(root).locator('summary');
  await summary.scrollIntoViewIfNeeded();
  await summary.click();
  // Still the static lab: the Docker commands show at once, the script waits for the live lab.
  await expect(root).not.toHaveAttribute('data-awake', 'true');
  await expect(panel(root)).toHaveAttribute('open', '');
  await expect(block(root, 'commands')).toContainText('docker run -d --name web nginx');
  await expect(block(root, 'setup')).toHaveCount(0);
  await gate.release();
  await ready(root);
  await expect(panel(root)).toHaveAttribute('open', '');
  await expect(block(root, 'setup')).toContainText('ip netns add pw-host1');
  await expect(block(root, 'teardown')).toContainText('ip netns del pw-host1');
  await panel(root).getByRole('button', { name: 'Copy the setup script' }).click();
  await expect(panel(root).locator('[data-status-for="setup"]')).toHaveText('Copied the setup script.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.startsWith('#!/bin/sh\n')).toBe(true);
  expect(copied).toContain('ip netns add pw-host1-web');
});

test('Space on the summary of the static lab opens the panel, not the walk, and it stays open', async ({ page }) => {
  await page.goto(BRIDGE);
  await page.waitForLoadState('networkidle');
  const gate = await holdLateScripts(page);
  const root = island(page, 'default-bridge');
  const summary = panel(root).locator('summary');
  await summary.scrollIntoViewIfNeeded();
  await summary.focus();
  await page.keyboard.press(' ');
  await expect(panel(root)).toHaveAttribute('open', '');
  await gate.release();
  await ready(root);
  await expect(panel(root)).toHaveAttribute('open', '');
  await expect(root.locator('section.pw-lab')).toHaveAttribute('data-step', '0');
  await expect(root.locator('section.pw-lab')).toHaveAttribute('data-playing', 'false');
  // Focus is on the live summary: Enter closes it again.
  await expect(panel(root).locator('summary')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel(root)).not.toHaveAttribute('open', '');
});

test('default-bridge: the panel shows docker run and pw- namespaces; publishing adds -p and its DNAT rule', async ({ page }) => {
  await page.goto(BRIDGE);
  const root = island(page, 'default-bridge');
  await ready(root);
  await panel(root).locator('summary').click();
  await expect(block(root, 'commands')).toContainText('docker run -d --name client alpine sleep infinity');
  await expect(block(root, 'commands')).not.toContainText('-p 8080:80');
  await expect(block(root, 'setup')).toContainText('ip netns add pw-host1');
  await expect(block(root, 'setup')).not.toContainText('DNAT');
  await root.getByLabel(/Publish web's port 80/).check();
  await expect(block(root, 'commands')).toContainText('docker run -d --name web -p 8080:80 nginx');
  await expect(block(root, 'setup')).toContainText('-j DNAT --to-destination 172.17.0.2:80');
  await expect(panel(root)).toHaveAttribute('open', '');
});

test('when the clipboard refuses, the block is selected and the status says how to copy', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
  });
  await page.goto(BRIDGE);
  const root = island(page, 'default-bridge');
  await ready(root);
  await panel(root).locator('summary').click();
  await panel(root).getByRole('button', { name: 'Copy the Docker commands' }).click();
  await expect(panel(root).locator('[data-status-for="commands"]')).toHaveText(/Could not copy the Docker commands: it is selected, press Ctrl\+C/);
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  expect(selected).toContain('docker run -d --name web nginx');
});

test('on a 375 px phone the script scrolls inside its box, never the page; present mode hides the panel', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(lessonPath('overlay'));
  const root = island(page, 'overlay');
  await ready(root);
  await panel(root).locator('summary').click();
  const setup = block(root, 'setup');
  await setup.scrollIntoViewIfNeeded();
  await expect(setup).toBeVisible();
  // Nothing in the lab is wider than the lab, and the page does not scroll sideways.
  expect(await root.locator('section.pw-lab').evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  expect(await setup.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  const box = await setup.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  await root.getByRole('button', { name: 'Present', exact: true }).click();
  await expect(root.locator('section.pw-lab')).toHaveAttribute('data-present', 'true');
  await expect(panel(root)).toBeHidden();
});

test('axe finds nothing in the open panel, light and dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto(lessonPath('overlay'));
  const root = island(page, 'overlay');
  await ready(root);
  await panel(root).locator('summary').click();
  await panel(root).getByRole('button', { name: 'Copy the teardown script' }).click();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /\bdark\b/ : /\blight\b/);
    const results = await new AxeBuilder({ page }).include('details.pw-commands').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), colorScheme).toEqual([]);
  }
});
