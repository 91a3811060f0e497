import AxeBuilder from '@axe-core/playwright';
import { coursePages, expect, test, UNKNOWN_LESSON_PATH } from './fixtures';

const pages = [...coursePages.map((page) => page.path), UNKNOWN_LESSON_PATH];

// One page load serves both themes: the page follows the system theme, so
// switching the emulated colour scheme re-themes it in place. Loading a lab
// page is most of a test's time on a small machine, and axe's pass over a
// lab's diagram the rest: under load (2 cores, a parallel build) one pass took
// up to 37 s, so a test gets 120 s for its two.
for (const path of pages) {
  test(`${path} has no axe violations in the light and the dark theme`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto(path);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /\bdark\b/ : /\blight\b/);
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map(
        (violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
      expect(summary, `${colorScheme} theme`).toEqual([]);
    }
  });
}
