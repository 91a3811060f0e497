import { expect, lessonPath, test } from './fixtures';

// `npm run serve` (the tests' web server) sends the deploy's headers
// (deploy/headers.mjs). Under that CSP nothing the site does may be refused:
// loading, hydrating, playing a walk, switching the theme.
const violationsOf = async (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
});

test('the pages are served with the deploy headers', async ({ page }) => {
  for (const path of ['/', lessonPath('default-bridge')]) {
    const response = await page.goto(path);
    const headers = response!.headers();
    expect(headers['content-security-policy'], path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'self'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
  }
});

test('no CSP violation on the home page, or on a lesson while a walk plays and the theme changes', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  // The theme script ran (it is an inline script, allowed by its hash).
  await expect(page.locator('html')).toHaveClass(/\b(light|dark)\b/);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  expect(await violationsOf(page)).toEqual([]);

  await page.goto(lessonPath('default-bridge'));
  const lab = page.locator('section.pw-lab').first();
  // The island that holds the lab: the lab itself is replaced when it wakes.
  await lab.locator('xpath=..').scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await lab.getByLabel('Speed').selectOption('2');
  await lab.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Light theme' }).click();
  await expect(page.locator('html')).toHaveClass(/\blight\b/);
  const hops = lab.getByRole('list', { name: 'Packet path' }).locator('li.pw-hops__item');
  await expect(hops.last()).toHaveAttribute('aria-current', 'step', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  expect(await violationsOf(page)).toEqual([]);
  // Chromium also reports a refused script or style as a console error.
  expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
});
