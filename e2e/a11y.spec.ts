import AxeBuilder from '@axe-core/playwright';
import { coursePages, expect, test, UNKNOWN_LESSON_PATH } from './fixtures';

const pages = [...coursePages.map((page) => page.path), UNKNOWN_LESSON_PATH];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${colorScheme} theme`, () => {
    for (const path of pages) {
      test(`${path} has no violations`, async ({ page }) => {
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        await page.goto(path);
        await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /dark/ : /light/);
        const results = await new AxeBuilder({ page }).analyze();
        const summary = results.violations.map(
          (violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
        );
        expect(summary).toEqual([]);
      });
    }
  });
}
