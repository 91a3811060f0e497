/**
 * `npm run bench:legibility` — can the lab diagrams be read where people read
 * them (issue 9)? Serves the static export (out/) itself, opens every lesson
 * in headless Chromium at each viewport below, steps through each lab's
 * default walk (→ until the last step), waits at every step for the camera
 * to settle and measures the labels in view with the in-page function
 * shared with the e2e tests (e2e/legibility-measure.ts):
 *
 *   phone          375×812, as the page loads (follow camera)
 *   laptop-whole   1366×768, as the page loads (whole network)
 *   laptop-follow  1366×768, after W (follow)
 *   present-1280   1280×720, after F (present mode, follow)
 *   present-1920   1920×1080, after F
 *
 * Per lesson × viewport it prints the median over steps of each step's
 * median label size, the worst step's median, the smallest label at any
 * step, and the worst step's counts of clipped labels, token/label and
 * edge-label/box overlaps (and how many follow steps lost the current hop's
 * device out of the box); then each distinct problem once. Writes every
 * step's measurement to bench/results/legibility.json.
 *
 *   npm run bench:legibility                              # every lesson
 *   npm run bench:legibility -- --lesson overlay          # one lesson (repeatable)
 *   npm run bench:legibility -- --viewport phone          # one viewport (repeatable)
 *   npm run bench:legibility -- --motion full             # glide and travel as a reader sees (slower; same resting views)
 *
 * Needs `npx next build` first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';
import { serveOut } from './serve';
import { argValues, table } from './table';
import { course as courseDefinition } from '../content/course';
import { legibilityScript, settleScript, type LabelProblem, type LegibilityMeasure } from '../e2e/legibility-measure';

const root = process.cwd();
const allLessons = courseDefinition.flatMap((part) => part.lessons);
const lessons = argValues('lesson').length ? argValues('lesson') : allLessons;
// Reduced motion by default: the camera jumps and the token appears where it rests, so a step settles at
// once; the resting views are the same as with motion (checked on default-bridge: identical table), ~2.5× faster.
const motion = argValues('motion')[0] === 'full' ? 'no-preference' : 'reduce';

/** Where people read: the viewports of issue 9, and how the reader gets the camera there. */
const VIEWPORTS = [
  { name: 'phone', width: 375, height: 812, mode: 'as-loaded', camera: 'follow' },
  { name: 'laptop-whole', width: 1366, height: 768, mode: 'as-loaded', camera: 'whole' },
  { name: 'laptop-follow', width: 1366, height: 768, mode: 'camera-key', camera: 'follow' },
  { name: 'present-1280', width: 1280, height: 720, mode: 'present', camera: 'follow' },
  { name: 'present-1920', width: 1920, height: 1080, mode: 'present', camera: 'follow' },
] as const;
type Viewport = (typeof VIEWPORTS)[number];
const viewports = argValues('viewport').length ? VIEWPORTS.filter((v) => argValues('viewport').includes(v.name)) : VIEWPORTS;

interface Run {
  lesson: string;
  lab: string;
  viewport: Viewport['name'];
  camera: string;
  steps: LegibilityMeasure[];
  /** Steps where the camera did not come to rest within the timeout. */
  unsettled: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length ? (sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2) : 0;
};
const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Open the lesson fresh, bring the lab into view and put its camera where
 * the viewport's reader would: as loaded, after W, or in present mode (F).
 */
async function openLab(page: Page, url: string, labKey: string, viewport: Pick<Viewport, 'mode'>): Promise<void> {
  await page.goto(url);
  const lab = page.locator(`section.pw-lab[data-lab-key="${labKey}"]`);
  // The lab is an island that wakes when it comes near the viewport (components/lab/LabIsland.client.tsx):
  // bring its island into view first, as a reader scrolling to it would, then wait for it.
  await lab.locator('xpath=..').evaluate((island) => island.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await lab.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 15_000 });
  // Keys go to the lab in view: bring its diagram to the middle of the window.
  await lab.locator('.pw-diagram').evaluate((element) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
  // Only once the page's IntersectionObserver has seen the lab in view (after the next frame) does a key go to it.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
  if (viewport.mode === 'camera-key') {
    await page.keyboard.press('w');
    await lab.and(page.locator('[data-camera="follow"]')).waitFor({ timeout: 5_000 });
  } else if (viewport.mode === 'present') {
    await page.keyboard.press('f');
    await lab.and(page.locator('[data-present="true"]')).waitFor({ timeout: 5_000 });
  }
}

async function walk(page: Page, labKey: string, onStep: (measure: LegibilityMeasure, settled: boolean) => void): Promise<void> {
  const lab = page.locator(`section.pw-lab[data-lab-key="${labKey}"]`);
  const count = await lab.locator('li.pw-hops__item').count();
  for (let step = 0; step < count; step++) {
    if (step > 0) {
      await page.keyboard.press('ArrowRight');
      if ((await lab.getAttribute('data-step')) !== String(step)) {
        await lab.and(page.locator(`[data-step="${step}"]`)).waitFor({ timeout: 5_000 });
      }
    }
    const { settled } = await page.evaluate<{ settled: boolean }>(settleScript(labKey, 150, 5_000));
    onStep(await page.evaluate<LegibilityMeasure>(legibilityScript(labKey)), settled);
  }
}

async function benchLessonAt(browser: Browser, baseUrl: string, lesson: string, viewport: Viewport): Promise<Run[]> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, deviceScaleFactor: 1, reducedMotion: motion });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error (${lesson}, ${viewport.name}): ${error.message}`));
  const url = `${baseUrl}/lessons/${lesson}/`;
  await page.goto(url);
  const keys = await page.locator('section.pw-lab').evaluateAll((nodes) => nodes.map((n) => ({ key: n.getAttribute('data-lab-key') ?? '', lab: n.getAttribute('data-lab') ?? '' })));
  const runs: Run[] = [];
  for (const { key, lab } of keys) {
    await openLab(page, url, key, viewport);
    const run: Run = { lesson, lab: key, viewport: viewport.name, camera: (await page.locator(`section.pw-lab[data-lab-key="${key}"]`).getAttribute('data-camera')) ?? '', steps: [], unsettled: 0 };
    if (run.camera !== viewport.camera) console.warn(`  ${lesson}/${lab} ${viewport.name}: camera is ${run.camera}, expected ${viewport.camera}`);
    await walk(page, key, (measure, settled) => {
      run.steps.push(measure);
      if (!settled) run.unsettled++;
    });
    runs.push(run);
  }
  await context.close();
  return runs;
}

/** The follow camera's promise: the current hop's device in the box (or, bigger than the box, its name). */
const deviceInView = (s: LegibilityMeasure) => s.device.shown && (s.device.inside || (!s.device.fits && s.device.namesInside));

function summarise(run: Run) {
  const steps = run.steps;
  return {
    lesson: run.lesson,
    lab: run.lab,
    viewport: run.viewport,
    camera: run.camera,
    steps: steps.length,
    medianPx: round1(median(steps.map((s) => s.medianPx))),
    worstMedianPx: round1(Math.min(...steps.map((s) => s.medianPx))),
    minPx: round1(Math.min(...steps.map((s) => s.minPx))),
    maxClipped: Math.max(...steps.map((s) => s.clipped.length)),
    medianClipped: median(steps.map((s) => s.clipped.length)),
    maxTokenOverlaps: Math.max(...steps.map((s) => s.tokenOverlaps.length)),
    medianTokenOverlaps: median(steps.map((s) => s.tokenOverlaps.length)),
    maxEdgeOverlaps: Math.max(...steps.map((s) => s.edgeOverlaps.length)),
    medianEdgeOverlaps: median(steps.map((s) => s.edgeOverlaps.length)),
    deviceOutSteps: run.camera === 'follow' ? steps.filter((s) => !s.device.inside || !s.device.shown).length : 0,
    deviceLostSteps: run.camera === 'follow' ? steps.filter((s) => !deviceInView(s)).length : 0,
    unsettled: run.unsettled,
  };
}

/** Each distinct problem of a run once, with the steps it shows at. */
function distinctProblems(run: Run): string[] {
  const seen = new Map<string, { problem: LabelProblem; kind: string; steps: number[] }>();
  for (const step of run.steps) {
    for (const [kind, list] of [
      ['clipped', step.clipped],
      ['token', step.tokenOverlaps],
      ['edge', step.edgeOverlaps],
    ] as const) {
      for (const problem of list) {
        const key = `${kind}|${problem.node}|${problem.text}|${problem.reason}`;
        const entry = seen.get(key) ?? { problem, kind, steps: [] };
        entry.steps.push(step.step);
        seen.set(key, entry);
      }
    }
  }
  const rect = (r: { x: number; y: number; width: number; height: number }) => `${r.x},${r.y} ${r.width}×${r.height}`;
  const lost = run.camera === 'follow' ? run.steps.filter((s) => !s.device.inside || !s.device.shown) : [];
  const deviceLines = lost.map(
    (s) => `device  step ${s.step} (hop ${s.hop}): ${s.device.ids.join(', ')} ${s.device.rects.map(rect).join(', ')} vs box ${rect(s.box)} at zoom ${s.zoom}${!s.device.shown ? ' (not drawn at this zoom)' : deviceInView(s) ? ' (bigger than the box; its name is in view)' : ''}`,
  );
  const steps = (list: number[]) => (list.length > 8 ? `${list.slice(0, 8).join(',')}… (${list.length} steps)` : list.join(','));
  return [
    ...[...seen.values()].map(
      ({ problem, kind, steps: at }) => `${kind.padEnd(7)} "${problem.text}" [${problem.node}] ${problem.reason} · text ${rect(problem.textRect)}${problem.otherRect ? ` vs ${rect(problem.otherRect)}` : ''} · steps ${steps(at)}`,
    ),
    ...deviceLines,
  ];
}

async function main() {
  const unknown = lessons.filter((l) => !allLessons.includes(l));
  if (unknown.length) throw new Error(`unknown lesson ${unknown.join(', ')} (lessons: ${allLessons.join(', ')})`);
  const site = await serveOut(root);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const runs: Run[] = [];
  const failures: { lesson: string; viewport: string; error: string }[] = [];
  const started = Date.now();
  try {
    for (const lesson of lessons) {
      for (const viewport of viewports) {
        const t0 = Date.now();
        let lessonRuns: Run[];
        try {
          lessonRuns = await benchLessonAt(browser, site.baseUrl, lesson, viewport);
        } catch (error) {
          // One page that will not play (a key that did nothing) must not lose the other lessons' numbers.
          const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
          console.error(`  ${lesson} · ${viewport.name}: FAILED: ${message}`);
          failures.push({ lesson, viewport: viewport.name, error: message ?? '' });
          continue;
        }
        runs.push(...lessonRuns);
        for (const run of lessonRuns) {
          const s = summarise(run);
          console.log(
            `  ${lesson} · ${viewport.name}: ${s.steps} steps, median ${s.medianPx} px (worst step ${s.worstMedianPx}), min ${s.minPx} px, clipped ≤ ${s.maxClipped}, token ≤ ${s.maxTokenOverlaps}, edge ≤ ${s.maxEdgeOverlaps} (${round1((Date.now() - t0) / 1000)} s)`,
          );
        }
      }
    }
  } finally {
    await browser.close();
    site.stop();
  }

  const summaries = runs.map(summarise);
  console.log(`\nLabel legibility (${motion === 'reduce' ? 'reduced motion' : 'full motion'}; per step: median and min of label size = font-size × zoom over the labels in view; worst = over all steps)`);
  console.log(
    table(
      summaries.map((s) => ({
        lesson: s.lesson,
        viewport: s.viewport,
        camera: s.camera,
        'median px': s.medianPx,
        'worst median': s.worstMedianPx,
        'min px': s.minPx,
        clipped: `${s.maxClipped} (${s.medianClipped})`,
        token: `${s.maxTokenOverlaps} (${s.medianTokenOverlaps})`,
        edge: `${s.maxEdgeOverlaps} (${s.medianEdgeOverlaps})`,
        'device out': s.deviceOutSteps,
        'device lost': s.deviceLostSteps,
        steps: s.steps,
      })),
    ),
  );
  console.log('counts: worst step (median over steps) · device out: follow steps where the current hop\'s device is not wholly inside the diagram box · device lost: of those, the ones where it would fit, or (bigger than the box) its name is not in the box');
  for (const run of runs) {
    const problems = distinctProblems(run);
    if (!problems.length) continue;
    console.log(`\n${run.lesson} · ${run.viewport}: ${problems.length} distinct problems`);
    for (const line of problems) console.log(`  ${line}`);
  }
  for (const failure of failures) console.log(`\nNOT MEASURED ${failure.lesson} · ${failure.viewport}: ${failure.error}`);
  console.log(`\n${round1((Date.now() - started) / 1000)} s`);

  const resultsDir = path.join(root, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'legibility.json');
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), motion, viewports, summary: summaries, failures, runs }, null, 2));
  console.log(`wrote ${path.relative(root, file)}`);
  if (failures.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
