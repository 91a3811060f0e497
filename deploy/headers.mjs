// The response headers the site is served with: the one source of truth for
// out/_headers (Netlify, Cloudflare Pages), out/nginx-headers.conf (nginx)
// and `npm run serve` (scripts/serve-out.mjs), so the browser tests run
// under exactly the headers a deploy sends.
//
// The Content-Security-Policy allows scripts from the site itself and, by
// hash, the inline scripts of each page, computed from the built HTML. A
// static export of Next.js has inline scripts (the theme script that runs
// before first paint, the React Server Components payload) whose text
// differs from page to page, and no server to add a nonce: hashes are what
// holds without 'unsafe-inline' in script-src. Each page gets only its own
// hashes.
// Styles are allowed inline ('unsafe-inline' in style-src): React Flow
// positions every node with a style attribute in the server's HTML and keeps
// changing them, and a style cannot run code; script-src is the part that
// guards against injection, and it stays strict.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Headers every response gets, page or asset. */
export const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * Who may frame a page: the `/embed/<lab>/` pages are meant to be framed by any
 * site; every other page only by the site itself.
 *
 * @example framingFor('/embed/default-bridge/') // 'any'
 * @example framingFor('/lessons/host/') // 'self'
 */
export function framingFor(urlPath) {
  return urlPath.startsWith('/embed/') ? 'any' : 'self';
}

/**
 * The CSP hash source of every inline script of a page (scripts with a src are
 * covered by 'self').
 *
 * @example inlineScriptHashes('<script>a()</script>') // ["'sha256-…'"]
 */
export function inlineScriptHashes(html) {
  const hashes = new Set();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(match[1])) continue;
    hashes.add(`'sha256-${crypto.createHash('sha256').update(match[2], 'utf8').digest('base64')}'`);
  }
  return [...hashes].sort();
}

/**
 * The Content-Security-Policy of a page with these inline-script hashes.
 *
 * @example contentSecurityPolicy({ scriptHashes: [], framing: 'self' }) // "default-src 'self'; script-src 'self'; …"
 */
export function contentSecurityPolicy({ scriptHashes, framing }) {
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...scriptHashes].join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${framing === 'any' ? '*' : "'self'"}`,
  ].join('; ');
}

/**
 * Every header of an HTML page served at urlPath.
 *
 * @example pageHeaders('/', '<html>…</html>')['Content-Security-Policy']
 */
export function pageHeaders(urlPath, html) {
  const framing = framingFor(urlPath);
  return {
    ...COMMON_HEADERS,
    'Content-Security-Policy': contentSecurityPolicy({ scriptHashes: inlineScriptHashes(html), framing }),
    // For browsers without frame-ancestors; an embeddable page sends none.
    ...(framing === 'self' ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
  };
}

/**
 * Every HTML page of a static export: its file, its HTML, and the URL paths it
 * is served at (`/lessons/x/` and `/lessons/x/index.html`; `/404.html`).
 */
export function exportedPages(outDir) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) {
        const filePath = `/${path.relative(outDir, full).split(path.sep).join('/')}`;
        const urlPaths = entry.name === 'index.html' ? [filePath.slice(0, -'index.html'.length), filePath] : [filePath];
        pages.push({ file: full, html: fs.readFileSync(full, 'utf8'), urlPaths });
      }
    }
  };
  walk(outDir);
  return pages;
}

const headerLines = (headers, indent, format) => Object.entries(headers).map(([name, value]) => `${indent}${format(name, value)}`);

/**
 * out/_headers for Netlify and Cloudflare Pages. Both merge every rule that
 * matches a path, and two CSP headers would both be enforced, so a CSP is
 * only ever on exact page paths; `/*` carries the headers common to all.
 */
export function netlifyHeadersFile(outDir) {
  const blocks = [['/*', ...headerLines(COMMON_HEADERS, '  ', (name, value) => `${name}: ${value}`)].join('\n')];
  for (const page of exportedPages(outDir)) {
    const own = Object.fromEntries(Object.entries(pageHeaders(page.urlPaths[0], page.html)).filter(([name]) => !(name in COMMON_HEADERS)));
    for (const urlPath of page.urlPaths) blocks.push([urlPath, ...headerLines(own, '  ', (name, value) => `${name}: ${value}`)].join('\n'));
  }
  return `# Generated by scripts/write-headers.mjs from deploy/headers.mjs at build time: do not edit.\n${blocks.join('\n\n')}\n`;
}

/**
 * out/nginx-headers.conf, to include inside the site's `server { … }` block.
 * nginx drops a server's add_header in any location that has its own, so each
 * page's location repeats the common headers.
 */
export function nginxSnippet(outDir) {
  const directive = (name, value) => `add_header ${name} "${value}" always;`;
  const lines = [
    '# Generated by scripts/write-headers.mjs from deploy/headers.mjs at build time: do not edit.',
    '# include it inside the server { } block whose root is out/.',
    ...headerLines(COMMON_HEADERS, '', directive),
    'error_page 404 /404.html;',
  ];
  for (const page of exportedPages(outDir)) {
    const headers = pageHeaders(page.urlPaths[0], page.html);
    for (const urlPath of page.urlPaths) {
      lines.push('', `location = ${urlPath} {`, ...headerLines(headers, '  ', directive), '}');
    }
  }
  return `${lines.join('\n')}\n`;
}
