// Serves the static export in out/ the way a static host would: files as
// they are, /path/ → /path/index.html, and out/404.html (status 404) for
// anything else. `next start` cannot serve a static export. Sends the
// response headers of a deploy (deploy/headers.mjs: the CSP with each page's
// script hashes, nosniff, Referrer-Policy, framing), so the browser tests run
// under them.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
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

const server = http.createServer((request, response) => {
  assets(request, response, () => {
    response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', ...headersFor('/404.html', path.join(root, '404.html')) });
    response.end(notFoundPage);
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Serving ${path.relative(process.cwd(), root) || root} at http://127.0.0.1:${port}/`);
});
