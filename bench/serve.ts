/**
 * The static export served for a bench run: scripts/serve-out.mjs (the same
 * server and response headers the e2e tests run under) on a free loopback
 * port, so a bench never collides with another run's server.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A running server for out/: where it is, and how to stop it. */
export interface ServedSite {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  baseUrl: string;
  stop(): void;
}

/**
 * A TCP port on 127.0.0.1 that nothing listens on (the system picks it; it is free the moment it is returned).
 * @example await freePort() // 41234
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Serve `dir` (the build in `root`/out unless another is given) on a free port and resolve once the server says it is serving.
 *
 * @example
 * const site = await serveOut();
 * try {
 *   await page.goto(`${site.baseUrl}/lessons/overlay/`);
 * } finally {
 *   site.stop();
 * }
 * @throws when out/ holds no build (run `npx next build` first), or the server exits before it serves
 */
export async function serveOut(root = process.cwd(), dir = path.join(root, 'out')): Promise<ServedSite> {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`Nothing to serve in ${path.relative(root, dir) || dir}/: run \`npx next build\` first.`);
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/serve-out.mjs', '--dir', dir, '--port', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => (String(chunk).includes('Serving') ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`serve-out exited with ${code}`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => void child.kill() };
}
