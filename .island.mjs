// Static vs awake: screenshot the lab with its code blocked (static), then awake; compare pixels.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import fs from 'node:fs';
const [,, url, w='1366', h='768', scheme='light'] = process.argv;
const browser = await chromium.launch(chromiumLaunchOptions());
async function shot(block, name) {
  const page = await browser.newPage({ viewport: { width: +w, height: +h }, colorScheme: scheme });
  const loaded = [];
  page.on('request', (r) => { if (r.resourceType() === 'script') loaded.push(r.url().split('/').pop()); });
  if (block) await page.route(/chunks\/.*\.js$/, (route) => (loadedBefore.has(route.request().url()) ? route.continue() : route.abort()));
  await page.goto(url);
  const lab = page.locator('.pw-island .pw-diagram').first();
  await lab.evaluate((e) => e.scrollIntoView({ block: 'center', behavior: 'instant' }));
  if (block) await page.waitForTimeout(1500); else await page.waitForSelector('.pw-lab[data-ready="true"]', { timeout: 60000 });
  await page.waitForTimeout(800);
  await page.evaluate(() => window.scrollTo(0, window.scrollY));
  await lab.screenshot({ path: `/tmp/${name}.png` });
  const info = await page.evaluate(() => { const b = document.querySelector('.pw-diagram'); return { lod: b?.dataset.lod, zoom: b?.dataset.zoom, camera: b?.dataset.camera, t: b?.querySelector('.react-flow__viewport')?.style.transform, awake: document.querySelector('.pw-island')?.dataset.awake, rect: JSON.stringify(b?.getBoundingClientRect()), rf: JSON.stringify(b?.querySelector('.react-flow')?.getBoundingClientRect()), sw: window.innerWidth - document.documentElement.clientWidth }; });
  console.log(name, JSON.stringify(info), loaded.length, 'scripts');
  await page.close();
  return loaded;
}
// First pass: learn the first-load scripts (no scrolling).
const first = await browser.newPage({ viewport: { width: +w, height: +h } });
const loadedBefore = new Set();
first.on('request', (r) => { if (r.resourceType() === 'script') loadedBefore.add(r.url()); });
await first.goto(url); await first.waitForTimeout(1500); await first.close();
await shot(true, 'static');
await shot(false, 'awake');
await browser.close();
const { PNG } = (await import('playwright-core/lib/utilsBundle')).default ?? (await import('playwright-core/lib/utilsBundle'));
const a = PNG.sync.read(fs.readFileSync('/tmp/static.png')), b = PNG.sync.read(fs.readFileSync('/tmp/awake.png'));
if (a.width !== b.width || a.height !== b.height) console.log('size differs', a.width, a.height, b.width, b.height);
else { let n = 0; let box = [1e9, 1e9, -1, -1]; for (let y = 0; y < a.height; y++) for (let x = 0; x < a.width; x++) { const i = (y * a.width + x) * 4; if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 30) { n++; box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)]; } } console.log('differing pixels', n, 'bbox', box); }
