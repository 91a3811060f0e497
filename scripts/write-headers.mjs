// After `next build`: writes out/_headers (Netlify, Cloudflare Pages) and
// out/nginx-headers.conf from deploy/headers.mjs, with each page's CSP hashes.
import fs from 'node:fs';
import path from 'node:path';
import { exportedPages, netlifyHeadersFile, nginxSnippet } from '../deploy/headers.mjs';

const outDir = path.resolve('out');
if (!fs.existsSync(path.join(outDir, 'index.html'))) {
  console.error('write-headers: out/ has no index.html: run `next build` first.');
  process.exit(1);
}
fs.writeFileSync(path.join(outDir, '_headers'), netlifyHeadersFile(outDir));
fs.writeFileSync(path.join(outDir, 'nginx-headers.conf'), nginxSnippet(outDir));
console.log(`write-headers: out/_headers and out/nginx-headers.conf for ${exportedPages(outDir).length} pages`);
