// Serves the static export in out/ the way a static host would: files as
// they are, /path/ → /path/index.html, and out/404.html (status 404) for
// anything else. `next start` cannot serve a static export.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

const root = path.resolve(process.argv.includes('--dir') ? process.argv[process.argv.indexOf('--dir') + 1] : 'out');
const port = Number(process.env.PORT ?? (process.argv.includes('--port') ? process.argv[process.argv.indexOf('--port') + 1] : 3000));

if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`Nothing to serve in ${root}: run \`npm run build\` first.`);
  process.exit(1);
}

const notFoundPage = fs.readFileSync(path.join(root, '404.html'));
const assets = sirv(root, { dev: false, etag: true, extensions: ['html'] });

const server = http.createServer((request, response) => {
  assets(request, response, () => {
    response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(notFoundPage);
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Serving ${path.relative(process.cwd(), root) || root} at http://127.0.0.1:${port}/`);
});
