import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 4310);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  // Two workers everywhere, not Playwright's default of half the cores (one on
  // a 2-core machine, where `npm test` without CI=1 then took 685 s of browser
  // tests instead of ≈300 s). PW_WORKERS=… to pick another number.
  workers: Number(process.env.PW_WORKERS) || 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Budgets for a 2-core machine that is also running a build: pages there
  // load and settle 3–5× slower than on a quiet machine (a lesson page's lab
  // took up to 11 s to be ready, an axe pass up to 37 s). Tests that do more
  // than one page's worth of work set their own, larger budget. No retries:
  // a test that needs one is a test to fix.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-reports/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    // The service worker downloads the whole site after a page loads: that would be counted by the
    // byte budgets and slow every other test. Only the offline test lets it run (e2e/offline.spec.ts).
    serviceWorkers: 'block',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() } }],
  webServer: {
    command: `node scripts/serve-out.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
