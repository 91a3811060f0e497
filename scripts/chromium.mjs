// Finds a Chromium for Playwright: its own browser if installed, else
// $CHROMIUM_PATH, else Debian's /usr/bin/chromium. Shared by the Playwright
// config, the UI bench and scripts/ensure-chromium.mjs so all three agree.
import fs from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags Debian's Chromium needs when run as root in a container or CI. */
export const SYSTEM_CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * @returns {{ executablePath?: string, source: string } | null}
 *   executablePath is undefined when Playwright's own browser is installed.
 */
export function findChromium() {
  try {
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return { executablePath: undefined, source: `Playwright's Chromium (${own})` };
  } catch {
    // Playwright's own browser is not installed: look for a system one.
  }
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && fs.existsSync(candidate)) return { executablePath: candidate, source: candidate };
  }
  return null;
}

/** Launch options for Playwright with whichever Chromium was found. */
export function chromiumLaunchOptions() {
  const found = findChromium();
  if (!found || !found.executablePath) return {};
  return { executablePath: found.executablePath, args: SYSTEM_CHROMIUM_ARGS };
}
