import { expect, lessonPath, test } from './fixtures';

const rgb = async (locator: import('@playwright/test').Locator, property: string) =>
  locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name).trim(), property);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a reader whose system is dark gets the dark theme; a light system, the light theme', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(lessonPath('default-bridge'));
    await expect(page.locator('html')).not.toHaveClass(/\b(light|dark)\b/);
    expect(await rgb(page.locator('html'), 'background-color')).toBe('rgb(15, 17, 21)');
    expect(await rgb(page.locator('section.pw-lab').first(), '--lab-bg')).toBe('#14161b');
    // Shiki's dark colours in code blocks, as with the dark theme chosen.
    const token = page.locator('.prose pre code span[style*="--shiki-dark"]').first();
    expect(await rgb(token, 'color')).toBe(await token.evaluate((element) => {
      const probe = document.createElement('span');
      probe.style.color = getComputedStyle(element).getPropertyValue('--shiki-dark');
      document.body.append(probe);
      const color = getComputedStyle(probe).color;
      probe.remove();
      return color;
    }));

    await page.emulateMedia({ colorScheme: 'light' });
    expect(await rgb(page.locator('html'), 'background-color')).toBe('rgb(255, 255, 255)');
  });

  test('controls that need JavaScript are hidden, and the walk reads as text', async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(lessonPath('default-bridge'));
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Colour theme' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    // The copy buttons are in the HTML (a lesson has code blocks) but not shown.
    const copyButtons = page.getByRole('button', { name: /^Copy/, includeHidden: true });
    expect(await copyButtons.count()).toBeGreaterThan(0);
    for (const button of await copyButtons.all()) await expect(button).toBeHidden();
    const path = page.getByRole('list', { name: 'Packet path' }).first();
    await expect(path.locator('li.pw-hops__item').first()).toContainText('send');
    await expect(path.getByRole('button')).toHaveCount(0);
    // The list scrolls; with no button inside, it is in the tab order itself so a keyboard can
    // scroll it (axe's scrollable-region-focusable; Chromium alone would focus it anyway).
    await expect(path).toHaveAttribute('tabindex', '0');
  });
});

test.describe('with JavaScript, the system theme fallback does not fight the toggle', () => {
  test('a dark system with the light theme picked shows light', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(lessonPath('default-bridge'));
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await expect(page.getByRole('group', { name: 'Colour theme' })).toBeVisible();
    await page.getByRole('button', { name: 'Light theme' }).click();
    await expect(page.locator('html')).toHaveClass(/\blight\b/);
    expect(await rgb(page.locator('html'), 'background-color')).toBe('rgb(255, 255, 255)');
    expect(await rgb(page.locator('section.pw-lab').first(), '--lab-bg')).not.toBe('#14161b');
    // Near the viewport the lab wakes, and its hops become buttons.
    await page.locator('.pw-island').first().scrollIntoViewIfNeeded();
    await expect(page.getByRole('list', { name: 'Packet path' }).first().getByRole('button').first()).toBeVisible();
  });
});
