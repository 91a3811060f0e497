import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, lessonPath, test } from './fixtures';

const BRIDGE = lessonPath('default-bridge');
const OVERLAY = lessonPath('overlay');

const lab = (page: Page, key: string) => page.locator(`section.pw-lab[data-lab-key="${key}"]`);
const hopItems = (root: Locator) => root.getByRole('list', { name: 'Packet path' }).locator('li.pw-hops__item');
const currentHop = (root: Locator) => root.getByRole('list', { name: 'Packet path' }).locator('li[aria-current="step"]');
/** 0-based index of the hop marked current. */
async function currentIndex(root: Locator): Promise<number> {
  const number = await currentHop(root).locator('.pw-hops__num').innerText();
  return Number(number.replace(/\D/g, '')) - 1;
}
/**
 * The lab has woken (it loads when it comes near the viewport: the reader
 * scrolls to it) and applied the URL's state (computing it with the engine if needed).
 */
async function ready(root: Locator) {
  // Scroll the island that holds the lab: the lab itself is replaced when it wakes.
  await root.locator('xpath=..').scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-ready', 'true');
  await expect(root.getByRole('toolbar', { name: 'Diagram view' })).toBeVisible();
}

test.describe('lab in the static HTML', () => {
  test('the diagram and the default flow’s hop list are in the HTML and show without JavaScript', async ({ browser, request }) => {
    const html = await (await request.get(BRIDGE)).text();
    expect(html).toContain('data-id="if:host1:docker0"');
    expect(html).toMatch(/class="react-flow__edge[^"]*"/);
    expect(html).toContain('aria-current="step"');

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(BRIDGE);
    const root = lab(page, 'default-bridge');
    await expect(root.locator('.react-flow__node[data-id="if:host1:docker0"]')).toBeVisible();
    await expect(root.locator('.react-flow__node[data-id="ns:host1/web"]')).toBeVisible();
    expect(await root.locator('.react-flow__edge').count()).toBeGreaterThan(8);
    expect(await hopItems(root).count()).toBeGreaterThan(5);
    await expect(currentHop(root)).toContainText('send');
    await expect(root.locator('.pw-hops__verdict').last()).toBeVisible();
    // The controls are hidden, and that is explained: what is on the page is the default walk.
    await expect(root.locator('.pw-nojs')).toContainText('Stepping through this lab needs JavaScript');
    await expect(root.getByRole('button', { name: 'Next', exact: true })).toBeHidden();
    await context.close();
  });
});

test.describe('packet walk', () => {
  test('play reaches the end of the flow, and the hop list ends in the verdict', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${BRIDGE}?default-bridge.flow=lan-to-published`);
    const root = lab(page, 'default-bridge');
    await ready(root);
    await root.getByLabel('Speed').selectOption('2');
    await root.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(root).toHaveAttribute('data-playing', 'true');
    const count = await hopItems(root).count();
    await expect(hopItems(root).last()).toHaveAttribute('aria-current', 'step', { timeout: 25_000 });
    await expect(root).toHaveAttribute('data-playing', 'false');
    expect(await currentIndex(root)).toBe(count - 1);
    const lastItem = root.getByRole('list', { name: 'Packet path' }).locator('li').last();
    await expect(lastItem).toHaveAttribute('data-verdict', 'dropped');
    await expect(root.locator('.pw-caption')).toContainText('Dropped');
  });

  test('step forward and back move aria-current, with buttons and with the arrow keys', async ({ page }) => {
    await page.goto(BRIDGE);
    const root = lab(page, 'default-bridge');
    await ready(root);
    // With JavaScript on, the static walk's note is not shown.
    await expect(root.locator('.pw-nojs')).toHaveCount(0);
    expect(await currentIndex(root)).toBe(0);
    await root.getByRole('button', { name: 'Next', exact: true }).click();
    await root.getByRole('button', { name: 'Next', exact: true }).click();
    expect(await currentIndex(root)).toBe(2);
    await root.getByRole('button', { name: 'Back', exact: true }).click();
    expect(await currentIndex(root)).toBe(1);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('data-step', '3');
    await page.keyboard.press('ArrowLeft');
    await expect(root).toHaveAttribute('data-step', '2');
    // The live region says what happened at this hop.
    await expect(root.locator('.pw-sr-only[aria-live="polite"]')).toContainText('Hop 3 of');
    // Clicking a hop jumps there; Home goes back to the start.
    await hopItems(root).nth(5).getByRole('button').click();
    expect(await currentIndex(root)).toBe(5);
    await page.keyboard.press('Home');
    expect(await currentIndex(root)).toBe(0);
    // The hop list is one tab stop; ↓ and ↑ walk it and keep focus on the current hop.
    expect(await root.locator('.pw-hops__button[tabindex="0"]').count()).toBe(1);
    await currentHop(root).getByRole('button').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await currentIndex(root)).toBe(2);
    await expect(currentHop(root).getByRole('button')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    expect(await currentIndex(root)).toBe(1);
  });

  test('keys meant for a focused link elsewhere, or typed into a field, do not drive the lab', async ({ page }) => {
    await page.goto(BRIDGE);
    const root = lab(page, 'default-bridge');
    await ready(root);
    await root.scrollIntoViewIfNeeded();
    // A link outside the lab has the focus: Space and the arrows are the link's (and the page's).
    const link = page.locator('.lesson-prose p a[href]').first();
    await link.focus();
    await expect(link).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('f');
    await expect(root).toHaveAttribute('data-step', '0');
    await expect(root).toHaveAttribute('data-present', 'false');
    // Typing in a field inside the lab does not step it either.
    await root.getByLabel('Flow').focus();
    await page.keyboard.press('f');
    await expect(root).toHaveAttribute('data-present', 'false');
  });

  test('default-bridge: publishing the port turns the inbound flow from dropped to delivered', async ({ page }) => {
    await page.goto(BRIDGE);
    const root = lab(page, 'default-bridge');
    await ready(root);
    await root.getByLabel('Flow').selectOption('lan-to-published');
    await expect(root.locator('.pw-hops__verdict').first()).toHaveAttribute('data-verdict', 'dropped');
    const droppedHops = await hopItems(root).count();
    await root.getByLabel(/Publish web's port 80/).check();
    await expect(root.locator('.pw-hops__verdict').first()).toHaveAttribute('data-verdict', 'delivered');
    await expect(root.locator('.pw-hops__item[data-hop-kind="nat"]').first()).toContainText('DNAT');
    expect(await hopItems(root).count()).not.toBe(droppedHops);
    await expect(page).toHaveURL(/default-bridge\.publish=on/);
  });

  test('overlay: the inspector shows the outer UDP 4789 header and the VNI', async ({ page }) => {
    await page.goto(OVERLAY);
    const root = lab(page, 'overlay');
    await ready(root);
    await root.locator('.pw-hops__item[data-hop-kind="encapsulate"]').first().getByRole('button').click();
    const inspector = root.locator('.pw-inspector');
    const outerUdp = inspector.locator('.pw-stack').first().locator(':scope > .pw-header[data-layer$="udp"]');
    await expect(outerUdp).toContainText('destination port');
    await expect(outerUdp.locator('[data-field$="udp.dstPort"] dd')).toHaveText(/^4789/);
    await expect(inspector.locator('.pw-header[data-layer="vxlan"]')).toContainText('4097');
    await expect(inspector.locator('.pw-stack--inner')).toContainText('TCP');
    await expect(inspector).toContainText('added');
    // The caption says what the token stands for: the outer packet and the one inside it.
    await expect(root.locator('.pw-caption__packet')).toContainText('192.168.1.10 → 192.168.1.11');
    await expect(root.locator('.pw-caption__packet')).toContainText('VXLAN VNI 4097');
    await expect(root.locator('.pw-token__text')).toHaveText(/VXLAN 4097 ▸ TCP :80/);
  });
});

test.describe('deep links', () => {
  test('a deep link restores flow, step and options, and “Copy link” copies it', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${BRIDGE}?default-bridge.flow=lan-to-published&default-bridge.step=3&default-bridge.publish=on`);
    const root = lab(page, 'default-bridge');
    await ready(root);
    await expect(root.getByLabel('Flow')).toHaveValue('lan-to-published');
    await expect(root.getByLabel(/Publish web's port 80/)).toBeChecked();
    await expect(root).toHaveAttribute('data-step', '3');
    expect(await currentIndex(root)).toBe(3);
    await expect(root.locator('.pw-hops__verdict').first()).toHaveAttribute('data-verdict', 'delivered');

    await root.getByRole('button', { name: 'Next', exact: true }).click();
    await root.getByRole('button', { name: 'Copy link to this step' }).click();
    await expect(root.getByRole('status')).toHaveText('Link to this step copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('default-bridge.step=4');
    expect(copied).toContain('default-bridge.flow=lan-to-published');

    // Opening the copied link shows the same step.
    await page.goto(copied);
    await ready(lab(page, 'default-bridge'));
    expect(await currentIndex(lab(page, 'default-bridge'))).toBe(4);
  });

  test('a garbage deep link falls back to the default state without an error', async ({ page }) => {
    await page.goto(`${BRIDGE}?default-bridge.flow=%3Cscript%3E&default-bridge.step=-7x&default-bridge.publish=perhaps&default-bridge.icc=2&default-bridge.nope=1&other=keep`);
    const root = lab(page, 'default-bridge');
    await ready(root);
    await expect(root.getByLabel('Flow')).toHaveValue('container-to-container');
    await expect(root.getByLabel(/Publish web's port 80/)).not.toBeChecked();
    await expect(root.getByLabel(/Inter-container communication/)).toBeChecked();
    expect(await currentIndex(root)).toBe(0);
    // A stale step beyond the end of the walk shows the last step, and the address says so.
    await page.goto(`${BRIDGE}?default-bridge.step=999`);
    const again = lab(page, 'default-bridge');
    await ready(again);
    const last = (await hopItems(again).count()) - 1;
    expect(await currentIndex(again)).toBe(last);
    await expect(page).toHaveURL(new RegExp(`default-bridge\\.step=${last}(?:&|$)`));
  });
});

test.describe('the camera', () => {
  test('W switches between whole network and follow; a reader zooming takes the camera over until they press follow', async ({ page }) => {
    await page.goto(OVERLAY);
    const root = lab(page, 'overlay');
    await ready(root);
    await root.scrollIntoViewIfNeeded();
    await expect(root).toHaveAttribute('data-camera', 'whole');
    const zoom = () => root.locator('.pw-diagram').getAttribute('data-zoom').then(Number);
    const whole = await zoom();
    await page.keyboard.press('w');
    await expect(root).toHaveAttribute('data-camera', 'follow');
    await expect(root.getByRole('button', { name: /Following the packet/ })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(zoom).toBeGreaterThan(whole);
    // Zoomed in to the packet, the diagram shows the details again.
    await expect(root.locator('.pw-diagram')).toHaveAttribute('data-lod', 'detail');
    // The camera glides (450 ms to follow, 150 ms per zoom click): a zoom counts once two reads
    // 800 ms apart agree — far longer than a glide, even with frames stalling on a loaded machine.
    const settled = async () => {
      for (let previous = await zoom(); ; ) {
        await page.waitForTimeout(800);
        const now = await zoom();
        if (now === previous) return now;
        previous = now;
      }
    };
    const followed = await settled();
    await root.getByRole('button', { name: 'Zoom out' }).click();
    await expect(root).toHaveAttribute('data-camera', 'free');
    const parked = await settled();
    // Zoom out scales by 1/1.2 (data-zoom has 3 decimals).
    expect(Math.abs(parked - followed / 1.2)).toBeLessThan(0.0015);
    await root.getByRole('button', { name: 'Next', exact: true }).click();
    await page.waitForTimeout(700);
    expect(await zoom()).toBe(parked);
    await root.getByRole('button', { name: /Follow/ }).click();
    await expect(root).toHaveAttribute('data-camera', 'follow');
  });
});

test.describe('motion and present mode', () => {
  test('with reduced motion nothing animates: steps jump and highlight', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(BRIDGE);
    const root = lab(page, 'default-bridge');
    await ready(root);
    await expect(root).toHaveAttribute('data-motion', 'reduced');
    await root.getByRole('button', { name: 'Next', exact: true }).click();
    await root.getByRole('button', { name: 'Next', exact: true }).click();
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
    await root.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(root).toHaveAttribute('data-step', /^(?:[3-9]|\d\d)$/, { timeout: 10_000 });
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
    // The current hop is still marked on the diagram, with a word and an outline.
    await expect(root.locator('.pw-token')).toBeVisible();
    await expect(root.locator('.react-flow__node[data-id="ns:host1/client"], .react-flow__node[data-id="ns:host1/web"]').first()).toBeVisible();
  });

  test('present mode opens and closes from the keyboard, and ? lists the shortcuts', async ({ page }) => {
    await page.goto(BRIDGE);
    const root = lab(page, 'default-bridge');
    await ready(root);
    await hopItems(root).first().getByRole('button').focus();
    await page.keyboard.press('f');
    await expect(root).toHaveAttribute('data-present', 'true');
    await expect(root.getByRole('button', { name: 'Leave present mode' })).toBeVisible();
    await page.keyboard.press('?');
    await expect(root.getByRole('region', { name: 'Keyboard shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(root.getByRole('region', { name: 'Keyboard shortcuts' })).toHaveCount(0);
    await page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('data-step', '1');
    await page.keyboard.press('Escape');
    await expect(root).toHaveAttribute('data-present', 'false');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe finds nothing in the lab, ${colorScheme} theme and in present mode`, async ({ page }) => {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.goto(OVERLAY);
      const root = lab(page, 'overlay');
      await ready(root);
      await root.locator('.pw-hops__item[data-hop-kind="encapsulate"]').first().getByRole('button').click();
      const summarise = (violations: { id: string; help: string; nodes: { target: unknown[] }[] }[]) =>
        violations.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      expect(summarise((await new AxeBuilder({ page }).include('section.pw-lab').analyze()).violations)).toEqual([]);
      await root.getByRole('button', { name: 'Present', exact: true }).click();
      await expect(root).toHaveAttribute('data-present', 'true');
      await root.getByRole('button', { name: 'Shortcuts', exact: true }).click();
      expect(summarise((await new AxeBuilder({ page }).include('section.pw-lab').analyze()).violations)).toEqual([]);
    });
  }
});
