/**
 * `npm run bench:lighthouse` — Lighthouse's mobile run (its default: a
 * Moto G Power-sized phone, simulated slow 4G and 4× CPU) on the built site,
 * served locally with gzip by scripts/serve-out.mjs.
 *
 * Pages: the home page and the default-bridge, overlay and choosing lessons,
 * 3 runs each, interleaved (page 1, 2, 3, 4, then again), each in a fresh
 * Chromium, so a busy spell on the machine does not land on one page only.
 * Prints the medians (Performance, Accessibility, Best Practices, SEO, TBT,
 * LCP, CLS, JavaScript transferred) and every audit that fails in
 * Accessibility, Best Practices or SEO, and writes bench/results/lighthouse.json.
 * Targets (issue 12) are printed beside the numbers; nothing here gates a test.
 *
 *   npm run bench:lighthouse                         # 4 pages × 3 runs
 *   npm run bench:lighthouse -- --runs 1 --page /    # one quick run
 *   npm run bench:lighthouse -- --dir /tmp/out-old   # another build's out/
 *
 * Needs `npm run build` first, and a Chromium (/usr/bin/chromium, or
 * $CHROMIUM_PATH).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { serveOut } from './serve';
import { argValues, table } from './table';

const root = process.cwd();
const pages = argValues('page').length ? argValues('page') : ['/', '/lessons/default-bridge/', '/lessons/overlay/', '/lessons/choosing/'];
const runs = Number(argValues('runs')[0] ?? 3);
const outDir = path.resolve(argValues('dir')[0] ?? 'out');
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const CHECKED = ['accessibility', 'best-practices', 'seo'] as const;

interface Run {
  page: string;
  run: number;
  scores: Record<(typeof CATEGORIES)[number], number>;
  tbtMs: number;
  lcpMs: number;
  cls: number;
  jsKB: number;
  failing: { category: string; id: string; title: string; detail: string }[];
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];
type Audit = Lhr['audits'][string];

/** One line on why an audit failed: its first offending item, else its explanation or value. */
function failureDetail(audit: Audit): string {
  const details = audit.details as { items?: Record<string, unknown>[] } | undefined;
  const item = details?.items?.[0];
  if (item) {
    const node = item.node as { snippet?: string; explanation?: string } | undefined;
    const source = item.source as { url?: string } | undefined;
    const text = node?.explanation ?? node?.snippet ?? (item.description as string | undefined) ?? (item.url as string | undefined) ?? source?.url ?? JSON.stringify(item);
    return `${details!.items!.length} item(s): ${String(text).replace(/\s+/g, ' ').slice(0, 160)}`;
  }
  return (audit.explanation ?? audit.displayValue ?? audit.errorMessage ?? '').replace(/\s+/g, ' ').slice(0, 160);
}

async function lighthouseRun(url: string, chromePath: string): Promise<Lhr> {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

function summarise(page: string, run: number, lhr: Lhr): Run {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const requests = ((lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? []);
  const failing = CHECKED.flatMap((category) =>
    (lhr.categories[category]?.auditRefs ?? []).flatMap((ref) => {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1 || ['notApplicable', 'manual', 'informative'].includes(audit.scoreDisplayMode)) return [];
      return [{ category, id: ref.id, title: audit.title, detail: failureDetail(audit) }];
    }),
  );
  return {
    page,
    run,
    scores: { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices'), seo: score('seo') },
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
    cls: Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN) * 1000) / 1000,
    jsKB: Math.round((requests.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024) * 10) / 10,
    failing,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main() {
  // Debian's Chromium (or $CHROMIUM_PATH): Lighthouse drives it through chrome-launcher, not Playwright.
  const chromePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => candidate && fs.existsSync(candidate));
  if (!chromePath) {
    console.error('No Chromium found: install Debian\'s chromium or set CHROMIUM_PATH.');
    process.exit(1);
  }
  const site = await serveOut(root, outDir);
  const results: Run[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      for (const page of pages) {
        const started = Date.now();
        const result = summarise(page, run, await lighthouseRun(`${site.baseUrl}${page}`, chromePath));
        results.push(result);
        console.log(`run ${run}/${runs} ${page}: performance ${result.scores.performance}, TBT ${result.tbtMs} ms, LCP ${result.lcpMs} ms (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
  } finally {
    site.stop();
  }

  const medians = pages.map((page) => {
    const of = results.filter((r) => r.page === page);
    return {
      page,
      Performance: median(of.map((r) => r.scores.performance)),
      Accessibility: median(of.map((r) => r.scores.accessibility)),
      'Best Practices': median(of.map((r) => r.scores['best-practices'])),
      SEO: median(of.map((r) => r.scores.seo)),
      'TBT ms': median(of.map((r) => r.tbtMs)),
      'LCP ms': median(of.map((r) => r.lcpMs)),
      CLS: median(of.map((r) => r.cls)),
      'JS KB': median(of.map((r) => r.jsKB)),
    };
  });
  console.log(`\nLighthouse mobile, medians of ${runs} (JS KB: scripts transferred, gzip, headers included):\n${table(medians)}`);
  console.log('Targets (issue 12): Performance ≥ 95, Accessibility 100, Best Practices 100, SEO 100, TBT ≤ 200 ms, CLS 0.');

  // An audit failing in any run, with the pages it failed on.
  const failures = new Map<string, { category: string; id: string; title: string; detail: string; pages: Set<string> }>();
  for (const result of results) {
    for (const failure of result.failing) {
      const key = `${failure.category} ${failure.id}`;
      if (!failures.has(key)) failures.set(key, { ...failure, pages: new Set() });
      failures.get(key)!.pages.add(result.page);
    }
  }
  console.log('\nFailing audits (Accessibility, Best Practices, SEO):');
  if (failures.size === 0) console.log('  none');
  for (const failure of failures.values()) console.log(`  ${failure.category} · ${failure.id}: ${failure.title} — ${failure.detail} [${[...failure.pages].join(', ')}]`);

  const resultsDir = path.join(root, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'lighthouse.json');
  const failing = [...failures.values()].map((failure) => ({ ...failure, pages: [...failure.pages] }));
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), runs, served: path.relative(root, outDir) || outDir, medians, failing, results }, null, 2));
  console.log(`\nwrote ${path.relative(root, file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
