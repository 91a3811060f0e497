// Makes sure a Chromium is there for the browser tests, getting one if not:
// `npx playwright install chromium` where that can download, else Debian's
// `chromium` package where the machine is Debian/Ubuntu and we are root.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findChromium } from './chromium.mjs';

function log(message) {
  console.log(`[chromium] ${message}`);
}

let found = findChromium();
if (found) {
  log(`using ${found.source}`);
  process.exit(0);
}

log('no Chromium found; trying `npx playwright install chromium`');
const install = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 5 * 60_000 });
found = install.status === 0 ? findChromium() : null;
if (found) {
  log(`using ${found.source}`);
  process.exit(0);
}

const isDebianLike = fs.existsSync('/etc/debian_version');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isDebianLike && isRoot) {
  log("Playwright could not download its browser; installing Debian's chromium package");
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } catch {
    // Reported below.
  }
  found = findChromium();
  if (found) {
    log(`using ${found.source}`);
    process.exit(0);
  }
}

console.error(
  'No Chromium for the browser tests: run `npx playwright install chromium`, or install a Chromium and set CHROMIUM_PATH to it.',
);
process.exit(1);
