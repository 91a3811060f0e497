import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const hasJava = spawnSync('java', ['-version']).status === 0;
const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>\n`;

/** Runs scripts/check-html.mjs over a directory of the given pages (relative path → HTML). */
function check(pages: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-html-'));
  tempDirs.push(dir);
  for (const [file, html] of Object.entries(pages)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), html);
  }
  const run = spawnSync('node', ['scripts/check-html.mjs', dir], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

// The step needs Java like npm test's HTML check does (.ci/run installs it).
describe.skipIf(!hasJava)('scripts/check-html.mjs (the Nu HTML checker step)', () => {
  it('passes pages without errors, naming each with 0 errors', () => {
    const { status, output } = check({ 'index.html': page('<main><p>Fine.</p></main>'), 'a/index.html': page('<p>Also fine.</p>') });
    expect(output).toMatch(/✓ .*index\.html: 0 errors/);
    expect(output).toMatch(/2 pages, 0 errors/);
    expect(status).toBe(0);
  });

  it('fails on an aria-label on a div without a role and a style element inside the body, per page with the line', () => {
    const { status, output } = check({
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
  });

  it('fails on a directory with no pages rather than passing vacuously', () => {
    const { status, output } = check({ 'notes.txt': 'not html' });
    expect(output).toMatch(/no \.html files/);
    expect(status).toBe(1);
  });
});
