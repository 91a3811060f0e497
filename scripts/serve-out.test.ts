import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// scripts/serve-out.mjs serves out/ to the browser tests and benches: text is
// gzipped like on a real static host, so transfer sizes are honest (issue 12).

const page = `<!doctype html><html lang="en"><head><title>t</title><script>self.x=1</script></head><body>${'<p>packet walk</p>'.repeat(200)}</body></html>`;
const script = `console.log(${JSON.stringify('hop '.repeat(500))});`;
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
let dir: string;
let server: ChildProcess;
/** Bound by serve-out itself (`--port 0`), read from its first line. */
let port = 0;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(pathname: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const GZIP = { 'Accept-Encoding': 'gzip, deflate, br' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-out-'));
  fs.writeFileSync(path.join(dir, 'index.html'), page);
  fs.writeFileSync(path.join(dir, '404.html'), page.replace('packet walk', 'not found'));
  fs.writeFileSync(path.join(dir, 'app.js'), script);
  fs.writeFileSync(path.join(dir, 'dot.png'), png);
  const env = { ...process.env };
  delete env.PORT; // it would win over --port
  server = spawn(process.execPath, ['scripts/serve-out.mjs', '--dir', dir, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      const bound = /Serving .* at http:\/\/127\.0\.0\.1:(\d+)\//.exec(String(chunk));
      if (bound) {
        port = Number(bound[1]);
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`serve-out exited with ${code}`)));
  });
});

afterAll(() => {
  server?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('serve-out', () => {
  it('gzips JavaScript for a client that accepts it, with the compressed length', async () => {
    const reply = await get('/app.js', GZIP);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(reply.body.length).toBeLessThan(script.length / 10);
    expect(zlib.gunzipSync(reply.body).toString()).toBe(script);
    expect(reply.headers.vary).toBe('Accept-Encoding');
  });

  it('gzips pages and keeps their deploy headers', async () => {
    const reply = await get('/', GZIP);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(reply.body).toString()).toBe(page);
    expect(reply.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gzips the 404 page and keeps its status', async () => {
    const reply = await get('/no/such/page/', GZIP);
    expect(reply.status).toBe(404);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(reply.body).toString()).toContain('not found');
  });

  it('sends files as they are to a client that does not accept gzip, and images always', async () => {
    const plain = await get('/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const image = await get('/dot.png', GZIP);
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.body.equals(png)).toBe(true);
  });

  it('answers a range request with the identity bytes asked for', async () => {
    const reply = await get('/app.js', { ...GZIP, Range: 'bytes=0-10' });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.body.toString()).toBe(script.slice(0, 11));
  });

  it('answers a revalidation with 304 and no body', async () => {
    const first = await get('/app.js', GZIP);
    const again = await get('/app.js', { ...GZIP, 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});
