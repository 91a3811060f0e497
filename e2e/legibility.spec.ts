/**
 * Issue 9, "How it is checked": the diagrams can be read on a phone, a
 * laptop and a projector. Sizes, clipping and overlaps are measured by the
 * in-page function `npm run bench:legibility` uses (e2e/legibility-measure.ts),
 * so a number in the bench's table and a threshold here mean the same thing.
 *
 * The walks run with reduced motion: the camera jumps and the token appears
 * where it rests, so every step can be measured at once. The resting views
 * are the ones a reader sees with motion (the bench gives the same table
 * both ways).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, lessonPath, test } from './fixtures';
import { legibilityScript, settleScript, type LabelProblem, type LegibilityMeasure, type Rect } from './legibility-measure';

const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1366, height: 768 };
const PRESENT = { width: 1280, height: 720 };

const lab = (page: Page, key: string) => page.locator(`section.pw-lab[data-lab-key="${key}"]`);

/**
 * Bring the lab's diagram to the middle of the window, and wait until the
 * page has noticed (its IntersectionObserver reports after the next frame):
 * only then does a key pressed on the page go to this lab.
 */
async function scrollToDiagram(page: Page, root: Locator): Promise<void> {
  await root.locator('.pw-diagram').evaluate((element) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
}

/** Open a lesson fresh and bring its lab's diagram to the middle of the window (keys go to the lab in view). */
async function openLab(page: Page, lesson: string, key = lesson, query = ''): Promise<Locator> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${lessonPath(lesson)}${query}`);
  const root = lab(page, key);
  // The lab wakes when it comes near the viewport; on a loaded 2-core machine that can take several seconds.
  await scrollToDiagram(page, root);
  await expect(root).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
  await scrollToDiagram(page, root);
  return root;
}

async function measure(page: Page, key: string): Promise<LegibilityMeasure> {
  await page.evaluate(settleScript(key));
  return page.evaluate<LegibilityMeasure>(legibilityScript(key));
}

/**
 * Step through the default walk with → from the first step to the last,
 * measuring at every `every`-th step and at the last.
 */
async function walk(page: Page, root: Locator, key: string, every: number, check: (m: LegibilityMeasure) => void): Promise<number> {
  const count = await root.locator('li.pw-hops__item').count();
  expect(count, 'the walk has steps').toBeGreaterThan(1);
  let measured = 0;
  for (let step = 0; step < count; step++) {
    if (step > 0) {
      await page.keyboard.press('ArrowRight');
      await expect(root).toHaveAttribute('data-step', String(step));
    }
    if (step % every === 0 || step === count - 1) {
      check(await measure(page, key));
      measured++;
    }
  }
  return measured;
}

const rect = (r: Rect) => `${r.x},${r.y} ${r.width}×${r.height}`;
const describe = (kind: string, p: LabelProblem) => `${kind} "${p.text}" [${p.node}] ${p.reason}: text ${rect(p.textRect)}${p.otherRect ? ` vs ${rect(p.otherRect)}` : ''}`;

/** Everything wrong with one step's labels, in words (an empty list when nothing is). */
function problems(m: LegibilityMeasure, sizes: { median?: number; min?: number }): string[] {
  const at = `step ${m.step} (zoom ${m.zoom}, ${m.lod})`;
  return [
    ...(sizes.median !== undefined && m.medianPx < sizes.median ? [`${at}: median label ${m.medianPx} px < ${sizes.median} px over ${m.labels} labels`] : []),
    ...(sizes.min !== undefined && m.minPx < sizes.min ? [`${at}: smallest label "${m.smallest?.text}" [${m.smallest?.node}] ${m.minPx} px < ${sizes.min} px`] : []),
    ...m.clipped.map((p) => `${at}: ${describe('clipped', p)}`),
    ...m.tokenOverlaps.map((p) => `${at}: ${describe('token over', p)}`),
    ...m.edgeOverlaps.map((p) => `${at}: ${describe('link label', p)}`),
  ];
}

/**
 * The labs issue 9 names. Every step of the first; every 3rd step (and the
 * last) of the others, to keep the suite's time in bounds.
 */
const LABS = [
  { lesson: 'default-bridge', every: 1 },
  { lesson: 'overlay', every: 3 },
  { lesson: 'macvlan-trunk', every: 3 },
];

test.describe('follow mode: labels read at body-text size, nothing clipped or covered', () => {
  const VIEWS = [
    { name: 'phone 375×812 (follow as loaded)', viewport: PHONE, median: 13, enter: async () => undefined },
    {
      name: 'laptop 1366×768 after W',
      viewport: LAPTOP,
      median: 13,
      enter: async (page: Page, root: Locator) => {
        await page.keyboard.press('w');
        await expect(root).toHaveAttribute('data-camera', 'follow');
      },
    },
    {
      name: 'present mode 1280×720 (F)',
      viewport: PRESENT,
      median: 18,
      enter: async (page: Page, root: Locator) => {
        await page.keyboard.press('f');
        await expect(root).toHaveAttribute('data-present', 'true');
      },
    },
  ];
  for (const view of VIEWS) {
    test.describe(view.name, () => {
      test.use({ viewport: view.viewport });
      for (const { lesson, every } of LABS) {
        test(`${lesson}: median ≥ ${view.median} px, 0 clipped, 0 token/label and 0 link-label/box overlaps at ${every === 1 ? 'every step' : `every ${every}rd step`}`, async ({ page }) => {
          test.setTimeout(150_000);
          const root = await openLab(page, lesson);
          await view.enter(page, root);
          await expect(root).toHaveAttribute('data-camera', 'follow');
          const found: string[] = [];
          const measured = await walk(page, root, lesson, every, (m) => found.push(...problems(m, { median: view.median })));
          expect(measured).toBeGreaterThan(2);
          expect(found, `${lesson} at ${view.name}`).toEqual([]);
        });
      }
    });
  }
});

test.describe('whole network on a laptop 1366×768', () => {
  test.use({ viewport: LAPTOP });
  for (const { lesson } of LABS) {
    test(`${lesson}: no label below 10 px, none clipped or covered (every 3rd step)`, async ({ page }) => {
      test.setTimeout(90_000);
      const root = await openLab(page, lesson);
      await expect(root).toHaveAttribute('data-camera', 'whole');
      const found: string[] = [];
      await walk(page, root, lesson, 3, (m) => found.push(...problems(m, { min: 10 })));
      expect(found, `${lesson}, whole network`).toEqual([]);
    });
  }
});

test.describe('the follow camera keeps the current hop’s device in the diagram box', () => {
  // "In the box": the device's node lies wholly inside it; a device bigger than the box at the follow
  // zoom (a bridge bar wider than a phone) cannot, and then its name must be inside. Either way it is drawn.
  const inView = (m: LegibilityMeasure) =>
    m.device.ids.length === 0
      ? [`step ${m.step}: no node is marked as the current hop`]
      : !m.device.shown
        ? [`step ${m.step} (hop ${m.hop}): ${m.device.ids.join(', ')} is not drawn at zoom ${m.zoom} (${m.lod})`]
        : m.device.inside || (!m.device.fits && m.device.namesInside)
        ? []
        : [`step ${m.step} (hop ${m.hop}): ${m.device.ids.join(', ')} at ${m.device.rects.map(rect).join(', ')} is ${m.device.fits ? 'not inside' : 'bigger than the box and its name is not inside'} the box ${rect(m.box)} (zoom ${m.zoom})`];
  test('default-bridge on a phone, every step', async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(PHONE);
    const root = await openLab(page, 'default-bridge');
    await expect(root).toHaveAttribute('data-camera', 'follow');
    const found: string[] = [];
    await walk(page, root, 'default-bridge', 1, (m) => found.push(...inView(m)));
    expect(found).toEqual([]);
  });
  test('overlay on a laptop after W, every step', async ({ page }) => {
    test.setTimeout(150_000);
    await page.setViewportSize(LAPTOP);
    const root = await openLab(page, 'overlay');
    await page.keyboard.press('w');
    await expect(root).toHaveAttribute('data-camera', 'follow');
    const found: string[] = [];
    await walk(page, root, 'overlay', 1, (m) => found.push(...inView(m)));
    expect(found).toEqual([]);
  });
});

test.describe('keys and deep links', () => {
  test('keys work on a fresh page: no click, → twice steps twice, F opens present mode', async ({ page }) => {
    await page.goto(lessonPath('default-bridge'));
    const root = lab(page, 'default-bridge');
    // The reader scrolls to the lab (no click, no focus): it wakes, and the keys go to the lab in view.
    await scrollToDiagram(page, root);
    await expect(root).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('data-step', '2');
    await page.keyboard.press('f');
    await expect(root).toHaveAttribute('data-present', 'true');
  });

  test('the level of detail round-trips through a deep link and a reload', async ({ page }) => {
    const root = await openLab(page, 'default-bridge', 'default-bridge', '?default-bridge.detail=device&default-bridge.step=3');
    await expect(root).toHaveAttribute('data-detail', 'device');
    await expect(root).toHaveAttribute('data-step', '3');
    await expect(page).toHaveURL(/[?&]default-bridge\.detail=device(?:&|$)/);
    await expect(page).toHaveURL(/[?&]default-bridge\.step=3(?:&|$)/);
    await page.reload();
    await expect(root).toHaveAttribute('data-ready', 'true', { timeout: 15_000 });
    await expect(root).toHaveAttribute('data-detail', 'device');
    await expect(root).toHaveAttribute('data-step', '3');
    await expect(root.locator('[data-control="detail-device"]')).toHaveAttribute('aria-checked', 'true');
    await expect(page).toHaveURL(/[?&]default-bridge\.detail=device(?:&|$)/);
    await expect(page).toHaveURL(/[?&]default-bridge\.step=3(?:&|$)/);
  });

  test('an out-of-range step shows the last step and rewrites the URL to it', async ({ page }) => {
    const root = await openLab(page, 'default-bridge', 'default-bridge', '?default-bridge.step=999');
    const last = (await root.locator('li.pw-hops__item').count()) - 1;
    await expect(root).toHaveAttribute('data-step', String(last));
    await expect(root.locator('li.pw-hops__item').last()).toHaveAttribute('aria-current', 'step');
    await expect(page).toHaveURL(new RegExp(`[?&]default-bridge\\.step=${last}(?:&|$)`));
    expect(page.url()).not.toContain('step=999');
  });
});
