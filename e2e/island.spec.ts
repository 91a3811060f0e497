import type { Page } from '@playwright/test';
import { expect, holdLateScripts, island, lessonPath, test } from './fixtures';

/**
 * The lab is an island: the server's HTML shows it whole, its code loads
 * only when the lab is about to be used, and the live lab takes over without
 * a visible change.
 */



async function settle(page: Page) {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

for (const [name, viewport, scheme] of [
  ['laptop, light', { width: 1366, height: 768 }, 'light'],
  ['phone, dark', { width: 375, height: 800 }, 'dark'],
] as const) {
  test(`${name}: the live lab takes over from the static one with the same pixels`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(lessonPath('overlay'));
    await page.waitForLoadState('networkidle');
    const gate = await holdLateScripts(page);
    const root = island(page, 'overlay');
    await expect(root).not.toHaveAttribute('data-awake', 'true');
    // The diagram with its transport bar (shot whole within the window: a shot taller than the
    // window makes the browser resize the page for the capture).
    const stage = root.locator('.pw-lab__viewer');
    await stage.evaluate((element) => element.scrollIntoView({ block: 'start', behavior: 'instant' }));
    // Near the viewport the island asks for its code (held here): the static lab is what shows.
    await expect.poll(gate.count).toBeGreaterThan(0);
    await settle(page);
    const before = await stage.screenshot();
    await gate.release();
    await expect(root).toHaveAttribute('data-awake', 'true');
    await expect(root.locator('section.pw-lab')).toHaveAttribute('data-ready', 'true');
    await settle(page);
    const after = await stage.screenshot();
    expect(after.equals(before), 'the diagram and its controls look the same before and after the lab wakes').toBe(true);
    // The live lab is really live: Next steps.
    await root.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(root.locator('section.pw-lab')).toHaveAttribute('data-step', '1');
  });
}

test('the lab code is not loaded for a lab far below the fold until the reader comes near', async ({ page }) => {
  await page.setViewportSize({ width: 412, height: 823 });
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await page.goto(lessonPath('default-bridge'));
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  const root = island(page, 'default-bridge');
  await expect(root).not.toHaveAttribute('data-awake', 'true');
  const atLoad = scripts.length;
  await root.evaluate((element) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await expect(root).toHaveAttribute('data-awake', 'true');
  expect(scripts.length, 'waking the lab loads its code').toBeGreaterThan(atLoad);
});

test('a shared link to a step wakes the lab at once, in that state, without scrolling to it', async ({ page }) => {
  await page.goto(`${lessonPath('default-bridge')}?default-bridge.flow=lan-to-published&default-bridge.publish=on&default-bridge.step=3`);
  const lab = island(page, 'default-bridge').locator('section.pw-lab');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await expect(lab).toHaveAttribute('data-step', '3');
  await expect(lab.locator('[data-control="flow"]')).toHaveValue('lan-to-published');
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test('a click on the static lab wakes it and is not lost', async ({ page }) => {
  await page.goto(lessonPath('default-bridge'));
  await page.waitForLoadState('networkidle');
  const gate = await holdLateScripts(page);
  const root = island(page, 'default-bridge');
  const next = root.getByRole('button', { name: 'Next', exact: true });
  await next.scrollIntoViewIfNeeded();
  await next.click();
  await expect(root).not.toHaveAttribute('data-awake', 'true');
  await gate.release();
  await expect(root.locator('section.pw-lab')).toHaveAttribute('data-step', '1');
  await expect(root.getByTestId('step-count')).toHaveText(/Step 2 \//);
});

test('a shortcut key before the lab wakes is not lost', async ({ page }) => {
  await page.goto(lessonPath('default-bridge'));
  await page.waitForLoadState('networkidle');
  const gate = await holdLateScripts(page);
  const root = island(page, 'default-bridge');
  await root.locator('.pw-diagram').evaluate((element) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await expect.poll(gate.count).toBeGreaterThan(0);
  await page.keyboard.press('ArrowRight');
  await gate.release();
  await expect(root.locator('section.pw-lab')).toHaveAttribute('data-step', '1');
});
