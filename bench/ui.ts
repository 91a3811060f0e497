/**
 * `npm run bench:ui` — how the labs behave in a real browser.
 *
 * Serves the static export (out/) itself, opens lesson pages in headless
 * Chromium and plays every flow of every lab on them, measuring while the
 * packet token moves:
 *   - frame times (requestAnimationFrame deltas) → p50 / p95 / max, dropped frames
 *   - long tasks (PerformanceObserver 'longtask', > 50 ms)
 *   - React commits per hop (the lab counts its commits when the URL has `?bench`)
 * and, from the build, the first-load JavaScript of each route (gzip).
 *
 * Prints a table and writes bench/results/ui.json.
 *
 *   npm run bench:ui                          # default-bridge and overlay lessons
 *   npm run bench:ui -- --lesson foundations  # one lesson
 *   npm run bench:ui -- --speed 1             # real-time playback (default 2×)
 *   npm run bench:ui -- --no-playground       # skip typing a 50-line script in /playground/
 *   npm run bench:ui -- --throttle 4          # CPU slowed 4× (DevTools' CPU throttling), plus
 *                                             # input → paint of Next and of the first option change
 *
 * Input → paint is the Event Timing API's duration for the click (the
 * browser's own measure, the one INP uses: input delay + handlers + the
 * frame that shows the result; 8 ms granularity). The first option change is
 * measured from the click to the frame after the lab has the new walk
 * (`aria-busy` back to false), since the engine may answer after the click's
 * own frame.
 *
 * Needs `npx next build` first.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';
import { serveOut } from './serve';
import { argValues, table } from './table';

const root = process.cwd();
const lessons = argValues('lesson').length ? argValues('lesson') : ['default-bridge', 'overlay'];
const speed = argValues('speed')[0] ?? '2';
const throttle = Number(argValues('throttle')[0] ?? '1');

interface FlowResult {
  lesson: string;
  lab: string;
  flow: string;
  hops: number;
  movingFrames: number;
  frameP50: number;
  frameP95: number;
  frameMax: number;
  droppedFrames: number;
  longTasks: number;
  longestTaskMs: number;
  commits: number;
  commitsPerHop: number;
  /** Dropped frames as a share of the frames the walk should have had, in %. */
  droppedPercent: number;
}

interface InteractionResult {
  lesson: string;
  lab: string;
  /** Event Timing durations of five clicks on Next, ms. */
  nextMs: number[];
  /** Click on the first option (or the second flow) → the frame after the new walk is shown, ms. */
  firstOptionMs: number;
  /** What was changed for it. */
  option: string;
  /** Event Timing duration of that click alone, ms. */
  firstOptionEventMs: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : 0);
const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * In-page recorder: frame deltas while a token animation runs, long tasks,
 * and the lab's commit counter. A string, not a function: tsx would wrap a
 * function's inner names in a helper that does not exist in the page.
 */
const RECORDER = `(() => {
  const bench = { frames: [], longTasks: [], commitsAtStart: window.__pwCommits || 0, stop: false };
  window.__bench = bench;
  const observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) bench.longTasks.push(entry.duration); });
  observer.observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  const tick = (now) => {
    if (bench.stop) { observer.disconnect(); return; }
    // Only frames during which the packet token is travelling count.
    if (document.getAnimations().some((a) => a.playState === 'running')) bench.frames.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const STOP = `(() => {
  window.__bench.stop = true;
  return { frames: window.__bench.frames, longTasks: window.__bench.longTasks, commits: (window.__pwCommits || 0) - window.__bench.commitsAtStart };
})()`;

async function startRecording(page: Page) {
  await page.evaluate(RECORDER);
}

async function stopRecording(page: Page): Promise<{ frames: number[]; longTasks: number[]; commits: number }> {
  return page.evaluate(STOP);
}

async function benchLesson(page: Page, baseUrl: string, lesson: string): Promise<FlowResult[]> {
  await page.goto(`${baseUrl}/lessons/${lesson}/?bench`);
  const labs = await page.locator('section.pw-lab').evaluateAll((nodes) => nodes.map((n) => ({ key: n.getAttribute('data-lab-key') ?? '', lab: n.getAttribute('data-lab') ?? '' })));
  const results: FlowResult[] = [];
  for (const { key, lab } of labs) {
    const flows = await page.locator(`section.pw-lab[data-lab-key="${key}"] select[data-control="flow"] option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    for (const flow of flows) {
      await page.goto(`${baseUrl}/lessons/${lesson}/?bench&${encodeURIComponent(key)}.flow=${encodeURIComponent(flow)}`);
      const labRoot = page.locator(`section.pw-lab[data-lab-key="${key}"]`);
      await labRoot.and(page.locator('[data-ready="true"]')).waitFor();
      await labRoot.locator(`select[data-control="flow"]`).evaluate((select, value) => {
        if ((select as HTMLSelectElement).value !== value) throw new Error(`flow ${value} did not load`);
      }, flow);
      await labRoot.getByLabel('Speed').selectOption(speed);
      const hops = await labRoot.locator('li.pw-hops__item').count();
      await startRecording(page);
      await labRoot.locator('button[data-control="play"]').click();
      await labRoot.and(page.locator('[data-playing="true"]')).waitFor({ timeout: 5_000 });
      await labRoot.and(page.locator('[data-playing="false"]')).waitFor({ timeout: hops * 6_000 });
      const recorded = await stopRecording(page);
      const frames = [...recorded.frames].sort((a, b) => a - b);
      const budget = 1000 / 60;
      results.push({
        lesson,
        lab,
        flow,
        hops,
        movingFrames: frames.length,
        frameP50: round1(percentile(frames, 50)),
        frameP95: round1(percentile(frames, 95)),
        frameMax: round1(frames[frames.length - 1] ?? 0),
        droppedFrames: frames.reduce((sum, delta) => sum + Math.max(0, Math.round(delta / budget) - 1), 0),
        longTasks: recorded.longTasks.length,
        longestTaskMs: round1(Math.max(0, ...recorded.longTasks)),
        commits: recorded.commits,
        commitsPerHop: round1(recorded.commits / Math.max(1, hops - 1)),
        droppedPercent: 0,
      });
      const r = results[results.length - 1] as FlowResult;
      r.droppedPercent = round1((100 * r.droppedFrames) / Math.max(1, r.movingFrames + r.droppedFrames));
      console.log(`  ${lesson} · ${flow}: ${hops} hops, frame p95 ${r.frameP95} ms, long tasks ${r.longTasks}, commits/hop ${r.commitsPerHop}`);
    }
  }
  return results;
}

/** Event Timing entries for clicks, recorded from page load (buffered). */
const EVENT_RECORDER = `(() => {
  window.__events = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === 'click') window.__events.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'event', durationThreshold: 16, buffered: true });
})()`;

/**
 * Input → paint on one lesson's first lab, as a reader meets it: the page
 * opened fresh, the lab scrolled into view (it wakes), then five clicks on
 * Next and one change of the first option.
 */
async function benchInteractions(page: Page, baseUrl: string, lesson: string): Promise<InteractionResult> {
  await page.goto(`${baseUrl}/lessons/${lesson}/?bench`);
  const labRoot = page.locator('section.pw-lab').first();
  const lab = (await labRoot.getAttribute('data-lab')) ?? '';
  await page.evaluate(EVENT_RECORDER);
  await labRoot.locator('xpath=..').evaluate((island) => island.scrollIntoView({ block: 'start', behavior: 'instant' }));
  await labRoot.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 60_000 });
  // Let the woken lab settle (idle work, the engine's chunk) before the first click.
  await page.waitForTimeout(1500);
  const next = labRoot.locator('button[data-control="next"]');
  const nextMs: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const before = await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events.length);
    await next.click();
    await labRoot.and(page.locator(`[data-step="${i}"]`)).waitFor();
    // The entry is reported after the frame it waited for.
    await page.waitForFunction((count) => (window as unknown as { __events: unknown[] }).__events.length > count, before, { timeout: 10_000 });
    nextMs.push(await page.evaluate(() => {
      const events = (window as unknown as { __events: { duration: number }[] }).__events;
      return events[events.length - 1]!.duration;
    }));
    await page.waitForTimeout(300);
  }
  // The first option (a checkbox or a select), else the second flow.
  const optionInput = labRoot.locator('[data-option]').first();
  const hasOption = (await optionInput.count()) > 0;
  const control = hasOption ? optionInput : labRoot.locator('select[data-control="flow"]');
  const option = hasOption ? `option ${await optionInput.getAttribute('data-option')}` : 'flow';
  await labRoot.evaluate((root) => {
    const w = window as unknown as { __optionDone?: Promise<{ start: number; end: number }> };
    w.__optionDone = new Promise((resolve) => {
      let start = 0;
      let wasBusy = false;
      root.addEventListener('input', (event) => { start ||= event.timeStamp; }, { capture: true, once: true });
      root.addEventListener('click', (event) => { start ||= event.timeStamp; }, { capture: true, once: true });
      new MutationObserver((_, observer) => {
        const busy = root.getAttribute('aria-busy') === 'true';
        if (busy) wasBusy = true;
        else if (wasBusy) {
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve({ start, end: performance.now() }), 0));
        }
      }).observe(root, { attributes: true, attributeFilter: ['aria-busy'] });
    });
  });
  const eventsBefore = await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events.length);
  if (hasOption && (await optionInput.getAttribute('type')) === 'checkbox') await optionInput.click();
  else {
    const values = await control.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const current = await control.inputValue();
    await control.selectOption(values.find((value) => value !== current) ?? current);
  }
  const done = await page.evaluate(() => (window as unknown as { __optionDone: Promise<{ start: number; end: number }> }).__optionDone);
  await page.waitForTimeout(500);
  const events = await page.evaluate((count) => (window as unknown as { __events: { duration: number }[] }).__events.slice(count), eventsBefore);
  const result = { lesson, lab, nextMs, firstOptionMs: round1(done.end - done.start), option, firstOptionEventMs: events[0]?.duration ?? 0 };
  console.log(`  ${lesson}: Next ${nextMs.join(', ')} ms · first option change (${option}) ${result.firstOptionMs} ms`);
  return result;
}

/** A 50-line script as a reader might type it: two networks, 46 containers, some published, some on both. */
function playgroundScript(): string[] {
  const lines = ['docker network create front', 'docker network create back', 'docker run -d --name db --network back postgres'];
  for (let i = 1; lines.length < 49; i++) lines.push(i % 3 === 0 ? `docker run -d --name web${i} --network front -p ${8000 + i}:80 nginx` : `docker run -d --name app${i} --network ${i % 2 ? 'front' : 'back'} alpine sleep infinity`);
  lines.push('docker network connect back web3');
  return lines;
}

interface TypingResult {
  lines: number;
  keys: number;
  containers: number;
  /** Event Timing durations of the keystrokes (input → next paint), ms. */
  keyP95: number;
  keyMax: number;
  /** Main-thread tasks over 50 ms while typing (each pause rebuilds and redraws). */
  longTasks: number;
  longestTaskMs: number;
  /** Rebuilds while typing, and the longest model part (parse + build + trace + layout) of one. */
  rebuilds: number;
  modelMaxMs: number;
}

/**
 * Typing in the playground: a 50-line script typed key by key, pausing after each line long
 * enough for the model to be rebuilt and the diagram redrawn (the worst case: one rebuild per line).
 */
async function benchPlayground(page: Page, baseUrl: string): Promise<TypingResult> {
  await page.goto(`${baseUrl}/playground/`);
  await page.locator('.pw-pg[data-ready="true"] .pw-pg__editor[data-ready="true"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.getByTestId('script-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.waitForTimeout(600);
  await page.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __tasks: number[] };
    w.__keys = [];
    w.__tasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === 'keydown') w.__keys.push(e.duration); }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__tasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
  });
  const lines = playgroundScript();
  let keys = 0;
  for (const line of lines) {
    await page.keyboard.type(line, { delay: 15 });
    await page.keyboard.press('Enter');
    keys += line.length + 1;
    await page.waitForTimeout(350);
  }
  await page.locator('.pw-pg[data-building="false"]').waitFor();
  await page.waitForTimeout(800);
  const status = await page.getByTestId('script-status').innerText();
  const { keyDurations, tasks, model } = await page.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __tasks: number[] };
    return { keyDurations: w.__keys, tasks: w.__tasks, model: performance.getEntriesByName('pw:playground-model').map((e) => e.duration) };
  });
  const sorted = [...keyDurations].sort((a, b) => a - b);
  const result: TypingResult = {
    lines: lines.length,
    keys,
    containers: Number(/built (\d+) containers/.exec(status)?.[1] ?? 0),
    // Keys under the 16 ms threshold are not reported: they are the fastest, at the bottom.
    keyP95: sorted[Math.ceil(keys * 0.95) - 1 - (keys - sorted.length)] ?? 16,
    keyMax: sorted.at(-1) ?? 16,
    longTasks: tasks.length,
    longestTaskMs: round1(Math.max(0, ...tasks)),
    rebuilds: model.length,
    modelMaxMs: round1(Math.max(0, ...model)),
  };
  console.log(`  playground: ${result.lines} lines, ${result.keys} keys, ${result.containers} containers · key → paint p95 ${result.keyP95} ms, max ${result.keyMax} ms · tasks over 50 ms: ${result.longTasks} (longest ${result.longestTaskMs} ms) · ${result.rebuilds} rebuilds, model part at most ${result.modelMaxMs} ms`);
  if (!/containers/.test(status)) console.log(`  playground status: ${status}`);
  return result;
}

interface RouteSize {
  route: string;
  chunks: number;
  uncompressed: number;
  gzip: number;
}

const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** First-load JS per route from Next's build diagnostics, and what a lab adds. */
function bundleSizes() {
  const statsFile = path.join(root, '.next/diagnostics/route-bundle-stats.json');
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as { route: string; firstLoadUncompressedJsBytes: number; firstLoadChunkPaths: string[] }[];
  const routes: RouteSize[] = stats.map((entry) => ({
    route: entry.route,
    chunks: entry.firstLoadChunkPaths.length,
    uncompressed: entry.firstLoadUncompressedJsBytes,
    gzip: entry.firstLoadChunkPaths.reduce((sum, chunk) => sum + gzipSize(path.join(root, chunk)), 0),
  }));
  // The chunks that draw a lab: the ones holding React Flow and the lab's components.
  const lessonChunks = stats.find((s) => s.route === '/lessons/[slug]')?.firstLoadChunkPaths ?? [];
  const homeChunks = new Set(stats.find((s) => s.route === '/')?.firstLoadChunkPaths ?? []);
  const labChunks = lessonChunks.filter((chunk) => fs.readFileSync(path.join(root, chunk), 'utf8').includes('react-flow__'));
  const lessonOnly = lessonChunks.filter((chunk) => !homeChunks.has(chunk));
  // The engine is a separate chunk, fetched only when a reader changes a flow or option.
  const staticChunks = path.join(root, '.next/static/chunks');
  const engineChunks = fs
    .readdirSync(staticChunks)
    .filter((name) => name.endsWith('.js'))
    .filter((name) => {
      const text = fs.readFileSync(path.join(staticChunks, name), 'utf8');
      return text.includes('MASQUERADE') && text.includes('vxlan-tunnel');
    });
  return {
    routes,
    labChunksGzip: labChunks.reduce((sum, chunk) => sum + gzipSize(path.join(root, chunk)), 0),
    lessonMinusHomeGzip: lessonOnly.reduce((sum, chunk) => sum + gzipSize(path.join(root, chunk)), 0),
    engineLazyGzip: engineChunks.reduce((sum, name) => sum + gzipSize(path.join(staticChunks, name)), 0),
  };
}

async function main() {
  const site = await serveOut(root);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const results: FlowResult[] = [];
  const interactions: InteractionResult[] = [];
  let typing: TypingResult | undefined;
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    if (throttle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    }
    if (!process.argv.includes('--no-playground')) {
      console.log(`▶ /playground/ typing${throttle > 1 ? `, CPU ${throttle}× slower` : ''}`);
      typing = await benchPlayground(page, site.baseUrl);
    }
    for (const lesson of lessons) {
      if (throttle > 1) {
        console.log(`▶ /lessons/${lesson}/ input → paint, CPU ${throttle}× slower`);
        interactions.push(await benchInteractions(page, site.baseUrl, lesson));
      }
      console.log(`▶ /lessons/${lesson}/ at ${speed}×${throttle > 1 ? `, CPU ${throttle}× slower` : ''}`);
      results.push(...(await benchLesson(page, site.baseUrl, lesson)));
    }
  } finally {
    await browser.close();
    site.stop();
  }

  const sizes = bundleSizes();
  const allFrames = results.map((r) => r.frameP95);
  const summary = {
    worstFrameP95: Math.max(0, ...allFrames),
    worstFrameMax: Math.max(0, ...results.map((r) => r.frameMax)),
    longTasksOver50ms: results.reduce((sum, r) => sum + r.longTasks, 0),
    maxCommitsPerHop: Math.max(0, ...results.map((r) => r.commitsPerHop)),
    labChunksGzipKB: round1(sizes.labChunksGzip / 1024),
    lessonMinusHomeGzipKB: round1(sizes.lessonMinusHomeGzip / 1024),
    engineLazyGzipKB: round1(sizes.engineLazyGzip / 1024),
  };

  console.log('\nPacket walk (frames counted while the token moves)');
  console.log(
    table(
      results.map((r) => ({
        lesson: r.lesson,
        flow: r.flow,
        hops: r.hops,
        frames: r.movingFrames,
        'p50 ms': r.frameP50,
        'p95 ms': r.frameP95,
        'max ms': r.frameMax,
        dropped: r.droppedFrames,
        'dropped %': r.droppedPercent,
        'long tasks': r.longTasks,
        'longest ms': r.longestTaskMs,
        'commits/hop': r.commitsPerHop,
      })),
    ),
  );
  if (interactions.length) {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    console.log(`\nInput → paint, CPU ${throttle}× slower (targets: Next ≤ 50 ms, first option change ≤ 100 ms)`);
    console.log(
      table(
        interactions.map((r) => ({
          lesson: r.lesson,
          lab: r.lab,
          'Next median ms': median(r.nextMs),
          'Next max ms': Math.max(...r.nextMs),
          'option changed': r.option,
          'first option ms': r.firstOptionMs,
          'its click ms': r.firstOptionEventMs,
        })),
      ),
    );
    const worstDropped = Math.max(0, ...results.map((r) => r.droppedPercent));
    const worstNext = Math.max(0, ...interactions.map((r) => median(r.nextMs)));
    const worstOption = Math.max(0, ...interactions.map((r) => r.firstOptionMs));
    console.log(
      `Targets at ${throttle}×: Next ≤ 50 ms: ${worstNext <= 50 ? 'met' : 'MISSED'} (${worstNext} ms) · first option change ≤ 100 ms: ${worstOption <= 100 ? 'met' : 'MISSED'} (${worstOption} ms) · 0 long tasks: ${summary.longTasksOver50ms === 0 ? 'met' : `MISSED (${summary.longTasksOver50ms})`} · dropped ≤ 2 %: ${worstDropped <= 2 ? 'met' : 'MISSED'} (${worstDropped} %)`,
    );
  }
  if (typing) console.log(`\nPlayground typing (target: no main-thread task over 50 ms): ${typing.longTasks === 0 ? 'met' : 'MISSED'} — ${typing.longTasks} tasks over 50 ms, longest ${typing.longestTaskMs} ms; key → paint p95 ${typing.keyP95} ms over ${typing.keys} keys, ${typing.lines} lines, ${typing.containers} containers`);
  console.log('\nFirst-load JS per route');
  console.log(table(sizes.routes.map((r) => ({ route: r.route, chunks: r.chunks, 'raw KB': round1(r.uncompressed / 1024), 'gzip KB': round1(r.gzip / 1024) }))));
  console.log(`\nLab chunks (React Flow + lab components), gzip: ${summary.labChunksGzipKB} KB`);
  console.log(`Lesson route minus home (everything lesson-only, labs included), gzip: ${summary.lessonMinusHomeGzipKB} KB`);
  console.log(`Engine, loaded only when a reader changes a flow or option, gzip: ${summary.engineLazyGzipKB} KB`);
  console.log(
    `\nTargets: p95 frame < 20 ms: ${summary.worstFrameP95 < 20 ? 'met' : 'MISSED'} (${summary.worstFrameP95} ms) · long tasks > 50 ms while moving: ${summary.longTasksOver50ms === 0 ? 'none' : summary.longTasksOver50ms} · commits per hop: ${summary.maxCommitsPerHop} · lab JS ≤ 70 KB gzip: ${summary.labChunksGzipKB <= 70 ? 'met' : 'MISSED'} (${summary.labChunksGzipKB} KB)`,
  );

  const resultsDir = path.join(root, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, throttle > 1 ? `ui-throttle${throttle}.json` : 'ui.json'), JSON.stringify({ date: new Date().toISOString(), speed, throttle, summary, flows: results, interactions, typing, bundles: sizes }, null, 2));
  console.log(`\nwrote ${path.relative(root, path.join(resultsDir, throttle > 1 ? `ui-throttle${throttle}.json` : 'ui.json'))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
