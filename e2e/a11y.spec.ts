import AxeBuilder from '@axe-core/playwright';
import { coursePages, expect, test, UNKNOWN_LESSON_PATH } from './fixtures';

const pages = [...coursePages.map((page) => page.path), '/playground/', '/embed/overlay/', UNKNOWN_LESSON_PATH];

// One page load serves both themes: the page follows the system theme, so
// switching the emulated colour scheme re-themes it in place. The light pass
// runs every rule; the dark pass only the rules whose outcome depends on the
// colours (the rest see the same DOM twice). Axe's pass over a lab's diagram
// is most of a test's time: under load (2 cores, a parallel build) a full
// pass took up to 37 s, and a lesson's two passes up to 2 min on a 2-core
// machine with a load average of 16, so a test gets 240 s.
const THEME_RULES = ['color-contrast', 'link-in-text-block'];
for (const path of pages) {
  test(`${path} has no axe violations in the light and the dark theme`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto(path);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /\bdark\b/ : /\blight\b/);
      const builder = new AxeBuilder({ page });
      const results = await (colorScheme === 'dark' ? builder.withRules(THEME_RULES) : builder).analyze();
      const summary = results.violations.map(
        (violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
      expect(summary, `${colorScheme} theme`).toEqual([]);
    }
  });
}
