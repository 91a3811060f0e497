import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, framingFor, inlineScriptHashes, netlifyHeadersFile, nginxSnippet, pageHeaders } from './headers.mjs';

const sha = (text: string) => `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`;
const page = (script: string) => `<!DOCTYPE html><html><head><script src="/_next/a.js" async=""></script></head><body><script>${script}</script></body></html>`;

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function outDir(pages: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-out-'));
  tempDirs.push(dir);
  for (const [file, html] of Object.entries(pages)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), html);
  }
  return dir;
}

describe('deploy/headers.mjs', () => {
  it('allows each inline script of a page by its hash, and no script by src other than the site itself', () => {
    expect(inlineScriptHashes(page('self.__next_f.push([1])'))).toEqual([sha('self.__next_f.push([1])')]);
    const csp = pageHeaders('/lessons/host/', page('theme()'))['Content-Security-Policy']!;
    expect(csp).toContain(`script-src 'self' ${sha('theme()')};`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
  });

  it('lets anyone frame an /embed/ page and only the site frame any other page', () => {
    expect(framingFor('/embed/default-bridge/')).toBe('any');
    expect(pageHeaders('/embed/x/', page(''))['Content-Security-Policy']).toContain('frame-ancestors *');
    expect(pageHeaders('/embed/x/', page(''))['X-Frame-Options']).toBeUndefined();
    expect(pageHeaders('/', page(''))['Content-Security-Policy']).toContain("frame-ancestors 'self'");
    expect(pageHeaders('/', page(''))['X-Frame-Options']).toBe('SAMEORIGIN');
    expect(pageHeaders('/', page(''))).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    expect(contentSecurityPolicy({ scriptHashes: [], framing: 'self' })).toMatch(/^default-src 'self'; script-src 'self'; /);
  });

  it('writes _headers with one CSP per page path and none on the catch-all (hosts merge matching rules)', () => {
    const dir = outDir({ 'index.html': page('home()'), 'lessons/host/index.html': page('host()'), '404.html': page('nf()') });
    const file = netlifyHeadersFile(dir);
    const rules = file.split('\n\n').map((block) => block.replace(/^#.*\n/, ''));
    const catchAll = rules.find((rule) => rule.startsWith('/*\n'))!;
    expect(catchAll).toContain('X-Content-Type-Options: nosniff');
    expect(catchAll).not.toContain('Content-Security-Policy');
    for (const [urlPath, script] of [['/lessons/host/', 'host()'], ['/lessons/host/index.html', 'host()'], ['/', 'home()'], ['/404.html', 'nf()']]) {
      const rule = rules.find((candidate) => candidate.startsWith(`${urlPath}\n`));
      expect(rule, urlPath).toContain(sha(script!));
      expect(rule!.match(/Content-Security-Policy/g)).toHaveLength(1);
    }
  });

  it('writes an nginx snippet whose page locations repeat the common headers (nginx does not inherit add_header)', () => {
    const dir = outDir({ 'index.html': page('home()'), 'lessons/host/index.html': page('host()') });
    const snippet = nginxSnippet(dir);
    const location = /location = \/lessons\/host\/index\.html \{\n([\s\S]*?)\n\}/.exec(snippet)![1]!;
    expect(location).toContain('add_header X-Content-Type-Options "nosniff" always;');
    expect(location).toContain('add_header Referrer-Policy "strict-origin-when-cross-origin" always;');
    expect(location).toContain(sha('host()'));
    expect(location).not.toContain(sha('home()'));
  });
});
