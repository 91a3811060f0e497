import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const hasJava = spawnSync('java', ['-version']).status === 0;

/**
 * Budget for one run of the checker. Each run starts its own JVM (scripts/check-html.mjs runs
 * `java -jar vnu.jar` once per directory, so a JVM cannot be shared across these tests without
 * changing the step itself), and the two tests need different exit statuses, so they cannot
 * share one run either. Measured: a few seconds quiet, 29 s and 36 s on a 2-core machine at load
 * 12–18 (past the 30 s default). 150 s is four times the slowest.
 */
const CHECKER_BUDGET_MS = 150_000;
/** The checker (node and its JVM) is killed a little before the test's budget, so a hang fails with its output, not a bare timeout. */
const CHECKER_KILL_MS = CHECKER_BUDGET_MS - 10_000;
const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>\n`;

/** Runs scripts/check-html.mjs over a directory of the given pages (relative path → HTML). */
async function check(pages: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-html-'));
  tempDirs.push(dir);
  for (const [file, html] of Object.entries(pages)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), html);
  }
  // Its own process group, so a kill reaches the JVM too, not only the node wrapper.
  const child = spawn('node', ['scripts/check-html.mjs', dir], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, CHECKER_KILL_MS);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  return { status, output: killed ? `${output}\n(the checker was killed after ${CHECKER_KILL_MS / 1000} s)` : output };
}

// The step needs Java like npm test's HTML check does (.ci/run installs it).
describe.skipIf(!hasJava)('scripts/check-html.mjs (the Nu HTML checker step)', () => {
  it('passes pages without errors, naming each with 0 errors', async () => {
    const { status, output } = await check({ 'index.html': page('<main><p>Fine.</p></main>'), 'a/index.html': page('<p>Also fine.</p>') });
    expect(output).toMatch(/✓ .*index\.html: 0 errors/);
    expect(output).toMatch(/2 pages, 0 errors/);
    expect(status).toBe(0);
  }, CHECKER_BUDGET_MS);

  it('fails on an aria-label on a div without a role and a style element inside the body, per page with the line', async () => {
    const { status, output } = await check({
      'good/index.html': page('<p>Fine.</p>'),
      'bad/index.html': page('<div>\n<div aria-label="port eth0">x</div>\n<p>a</p><style>p{color:red}</style></div>'),
    });
    expect(output).toMatch(/✓ .*good\/index\.html: 0 errors/);
    expect(output).toMatch(/✗ .*bad\/index\.html: 2 errors/);
    expect(output).toMatch(/1× The “aria-label” attribute must not be specified on any “div” element/);
    expect(output).toMatch(/bad\/index\.html:2:\d+/);
    expect(output).toMatch(/A “style” element in “body” must be the first child of its parent/);
    expect(output).toMatch(/2 error\(s\) on 1 of 2 pages/);
    expect(status).toBe(1);
  }, CHECKER_BUDGET_MS);

  it('fails on a directory with no pages rather than passing vacuously', async () => {
    const { status, output } = await check({ 'notes.txt': 'not html' });
    expect(output).toMatch(/no \.html files/);
    expect(status).toBe(1);
  });
});
