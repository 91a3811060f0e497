// Serves the static export in out/ the way a static host would: files as
// they are, /path/ → /path/index.html, and out/404.html (status 404) for
// anything else. `next start` cannot serve a static export. Sends the
// response headers of a deploy (deploy/headers.mjs: the CSP with each page's
// script hashes, nosniff, Referrer-Policy, framing), so the browser tests run
// under them. Text (HTML, JS, CSS, RSC payloads, JSON, SVG) is sent gzipped
// (level 6) to a client that accepts it, as every static host does, so the
// byte budgets (e2e/budgets.spec.ts) and Lighthouse see honest transfer sizes.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import sirv from 'sirv';
import { COMMON_HEADERS, pageHeaders } from '../deploy/headers.mjs';

const root = path.resolve(process.argv.includes('--dir') ? process.argv[process.argv.indexOf('--dir') + 1] : 'out');
const port = Number(process.env.PORT ?? (process.argv.includes('--port') ? process.argv[process.argv.indexOf('--port') + 1] : 3000));

if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`Nothing to serve in ${root}: run \`npm run build\` first.`);
  process.exit(1);
}

const notFoundPage = fs.readFileSync(path.join(root, '404.html'));
function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false; // missing, or a path through a file (ENOTDIR)
  }
}

// A page's headers depend only on its file: computed once per file.
const headersOfFile = new Map();
function headersFor(urlPath, file) {
  if (!headersOfFile.has(file)) headersOfFile.set(file, pageHeaders(urlPath, fs.readFileSync(file, 'utf8')));
  return headersOfFile.get(file);
}
const assets = sirv(root, {
  dev: false,
  etag: true,
  extensions: ['html'],
  setHeaders(response, pathname) {
    // sirv passes the request's path; the page it serves is the first of these that exists.
    const candidates = pathname.endsWith('/') ? [`${pathname}index.html`] : [pathname, `${pathname}.html`, `${pathname}/index.html`];
    const page = candidates.find((candidate) => candidate.endsWith('.html') && isFile(path.join(root, candidate)));
    const headers = page ? headersFor(pathname, path.join(root, page)) : COMMON_HEADERS;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  },
});

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)/;
/** Gzipped bodies by path and validator: the files do not change while the server runs. */
const gzipped = new Map();

/**
 * Makes `response` send a compressible 200 or 404 body gzipped when the
 * request accepts gzip. sirv writes its headers with writeHead and then pipes
 * the file in; the body is collected and sent compressed, with its
 * Content-Length, at the end. Range requests (206) and 304s pass through.
 */
function gzipWhenAccepted(request, response) {
  response.setHeader('Vary', 'Accept-Encoding');
  if (!/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) || request.headers.range) return;
  const writeHead = response.writeHead.bind(response);
  const end = response.end.bind(response);
  response.writeHead = (status, headers = {}) => {
    const type = String(headers['Content-Type'] ?? response.getHeader('content-type') ?? '');
    if ((status !== 200 && status !== 404) || !COMPRESSIBLE.test(type)) {
      response.writeHead = writeHead;
      return writeHead(status, headers);
    }
    const chunks = [];
    response.write = (chunk, encoding, callback) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8'));
      if (typeof encoding === 'function') encoding();
      else if (typeof callback === 'function') callback();
      return true;
    };
    response.end = (chunk, encoding, callback) => {
      if (chunk && typeof chunk !== 'function') response.write(chunk, encoding);
      const key = `${request.url} ${headers.ETag ?? ''} ${status}`;
      const body = headers.ETag && gzipped.has(key) ? gzipped.get(key) : zlib.gzipSync(Buffer.concat(chunks), { level: 6 });
      if (headers.ETag) gzipped.set(key, body);
      const compressedHeaders = { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length };
      response.removeHeader('Content-Length');
      writeHead(status, compressedHeaders);
      return end(body, [chunk, encoding, callback].find((argument) => typeof argument === 'function'));
    };
    return response;
  };
}

const server = http.createServer((request, response) => {
  gzipWhenAccepted(request, response);
  assets(request, response, () => {
    response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', ...headersFor('/404.html', path.join(root, '404.html')) });
    response.end(notFoundPage);
  });
});

server.listen(port, '127.0.0.1', () => {
  // The port actually bound: `--port 0` asks for any free one.
  console.log(`Serving ${path.relative(process.cwd(), root) || root} at http://127.0.0.1:${server.address().port}/`);
});
