import { coursePages, course, expect, lessonPath, test, UNKNOWN_LESSON_PATH } from './fixtures';

test.describe('course routes', () => {
  for (const { path, title } of coursePages) {
    test(`${path} renders its title`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await page.waitForLoadState('networkidle');
    });
  }

  test('each lesson has its own title, description and canonical URL', async ({ page }) => {
    for (const lesson of course.lessons) {
      await page.goto(lessonPath(lesson.slug));
      await expect(page).toHaveTitle(`${lesson.title} · Packet Walk`);
      await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', lesson.summary);
      await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`${lessonPath(lesson.slug)}$`));
      await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', lesson.title);
      await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
    }
  });
});

test.describe('navigation', () => {
  test('the home page maps the whole course and starts at lesson 1', async ({ page }) => {
    await page.goto('/');
    const map = page.getByRole('region', { name: 'The course' });
    for (const lesson of course.lessons) {
      await expect(map.getByRole('link', { name: new RegExp(lesson.navTitle) })).toBeVisible();
      await expect(map.getByText(lesson.summary)).toBeVisible();
    }
    await page.getByRole('link', { name: /Start with lesson 1/ }).click();
    await expect(page).toHaveURL(lessonPath(course.lessons[0]!.slug));
  });

  test('the sidebar lists every lesson, marks the current one and navigates', async ({ page }) => {
    const last = course.lessons.at(-1)!;
    await page.goto(lessonPath(course.lessons[0]!.slug));
    const sidebar = page.getByRole('navigation', { name: 'Course', exact: true });
    await expect(sidebar.getByRole('link')).toHaveCount(course.lessons.length);
    await expect(sidebar.locator('[aria-current="page"]')).toHaveText(new RegExp(course.lessons[0]!.navTitle));
    await sidebar.getByRole('link', { name: new RegExp(last.navTitle) }).click();
    await expect(page).toHaveURL(lessonPath(last.slug));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(last.title);
    await expect(page.getByRole('navigation', { name: 'Course', exact: true }).locator('[aria-current="page"]')).toHaveText(
      new RegExp(last.navTitle),
    );
  });

  test('previous and next links follow course order', async ({ page }) => {
    const lessons = course.lessons;
    await page.goto(lessonPath(lessons[0]!.slug));
    const pager = page.getByRole('navigation', { name: 'Previous and next lessons' });
    if (lessons.length === 1) {
      await expect(pager).toHaveCount(0);
      return;
    }
    // Forward through the whole course with "Next", then back with "Previous".
    for (let index = 1; index < lessons.length; index++) {
      await pager.getByRole('link', { name: /Next/ }).click();
      await expect(page).toHaveURL(lessonPath(lessons[index]!.slug));
    }
    await expect(pager.getByRole('link', { name: /Next/ })).toHaveCount(0);
    await pager.getByRole('link', { name: /Previous/ }).click();
    await expect(page).toHaveURL(lessonPath(lessons[lessons.length - 2]!.slug));
  });

  // The page's data carries only keys for the lesson's plain-HTML parts (lib/content/static-parts), so a
  // client-side navigation must fetch them: the lesson it shows is the one a fresh load shows.
  test('"Next lesson" without a reload shows the whole next lesson, highlighted code and a working lab', async ({ page }) => {
    const [first, second] = course.lessons;
    if (!first || !second) return;
    /** What a reader sees of the lesson's prose, the labs aside (a woken lab reads differently from a static one). */
    const prose = () =>
      page.locator('.lesson-prose').evaluate((root) => {
        const copy = root.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.pw-island').forEach((island) => island.remove());
        document.body.append(copy);
        const seen = { text: copy.innerText, highlighted: copy.querySelectorAll('code span[style*="--shiki-dark"]').length, elements: copy.querySelectorAll('*').length };
        copy.remove();
        return seen;
      });
    await page.goto(lessonPath(second.slug));
    const fresh = await prose();
    expect(fresh.text.length, 'the lesson has prose').toBeGreaterThan(2_000);

    await page.goto(lessonPath(first.slug));
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await page.getByRole('navigation', { name: 'Previous and next lessons' }).getByRole('link', { name: /Next/ }).click();
    await expect(page).toHaveURL(lessonPath(second.slug));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(second.title);
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument), 'navigated without a reload').toBe(true);
    expect(await prose()).toEqual(fresh);

    const lab = page.locator('section.pw-lab').first();
    await lab.locator('xpath=..').scrollIntoViewIfNeeded();
    await expect(lab).toHaveAttribute('data-ready', 'true');
    await lab.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(lab).toHaveAttribute('data-step', '1');
    await expect(lab.locator('.pw-sr-only[aria-live="polite"]')).toContainText('Hop 2 of');
  });

  test('an unknown lesson shows the 404 page with the course navigation', async ({ page }) => {
    const response = await page.goto(UNKNOWN_LESSON_PATH);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is not in the course');
    const nav = page.getByRole('navigation', { name: 'All lessons' });
    await expect(nav.getByRole('link')).toHaveCount(course.lessons.length);
    await nav.getByRole('link').first().click();
    await expect(page).toHaveURL(lessonPath(course.lessons[0]!.slug));
  });
});

test.describe('reading a lesson', () => {
  const slug = course.lessons[0]!.slug;

  test('the prose is in the HTML and reads without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(lessonPath(slug));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(course.lessons[0]!.title);
    const paragraphs = page.locator('article .prose p');
    expect(await paragraphs.count()).toBeGreaterThan(10);
    await expect(page.locator('article .prose h2').first()).toBeVisible();
    await context.close();
  });

  test('headings have anchors that the table of contents links to', async ({ page }) => {
    await page.goto(lessonPath(slug));
    const firstHeading = page.locator('article .prose h2').first();
    const id = await firstHeading.getAttribute('id');
    expect(id).toBeTruthy();
    await expect(firstHeading.locator('a.heading-anchor')).toHaveAttribute('href', `#${id}`);
    // Below 2xl the table of contents is a disclosure at the top of the lesson; wider, a column.
    const disclosure = page.locator('details', { has: page.locator('summary', { hasText: 'On this page' }) });
    if (await disclosure.isVisible()) await disclosure.locator('summary').click();
    const toc = page.getByRole('navigation', { name: 'On this page' }).filter({ visible: true });
    await expect(toc).toHaveCount(1);
    await toc.getByRole('link').first().click();
    await expect(page).toHaveURL(new RegExp(`#${id}$`));
  });

  test('on a wide screen the table of contents is a column beside the lesson', async ({ page }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(lessonPath(slug));
    const column = page.getByRole('complementary', { name: 'Table of contents' });
    await expect(column.getByRole('navigation', { name: 'On this page' })).toBeVisible();
    await expect(page.locator('details', { has: page.locator('summary', { hasText: 'On this page' }) })).toBeHidden();
  });

  test('a lab is wider than the prose around it, so its diagram is drawn large', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(lessonPath('default-bridge'));
    const paragraph = await page.locator('.lesson-prose > p').first().boundingBox();
    const lab = await page.locator('.lesson-prose > .pw-island').first().boundingBox();
    expect(lab!.width).toBeGreaterThan(paragraph!.width + 200);
  });

  test('code blocks are highlighted and terminal sessions copy only the commands', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(lessonPath(slug));
    const terminal = page.locator('pre[data-language="console"]').first();
    await expect(terminal).toBeVisible();
    // Shiki colours each token through CSS variables for both themes.
    expect(await terminal.locator('span[style*="--shiki-dark"]').count()).toBeGreaterThan(0);
    const block = terminal.locator('xpath=..');
    await block.getByRole('button', { name: 'Copy the commands' }).click();
    await expect(block.getByRole('button', { name: 'Copy the commands' })).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.length).toBeGreaterThan(0);
    expect(copied).not.toMatch(/^\$ /m);
  });
});

test.describe('theme', () => {
  test('the toggle switches the theme and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await expect(page.locator('html')).not.toHaveClass(/dark/);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.goto(lessonPath(course.lessons[0]!.slug));
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.getByRole('button', { name: 'Light theme' }).click();
    await page.reload();
    await expect(page.locator('html')).not.toHaveClass(/dark/);
  });

  test('with no choice made, the theme follows the system', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await expect(page.locator('html')).toHaveClass(/dark/);
  });
});

test.describe('phone, 375 px wide', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the menu opens, lists the course and navigates', async ({ page }) => {
    await page.goto('/');
    const menuButton = page.getByRole('button', { name: 'Menu' });
    await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('navigation', { name: 'Course menu' })).toBeHidden();
    await menuButton.click();
    await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
    const menu = page.getByRole('navigation', { name: 'Course menu' });
    await expect(menu.getByRole('link')).toHaveCount(course.lessons.length);
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(menuButton).toBeFocused();
    await menuButton.click();
    await menu.getByRole('link').first().click();
    await expect(page).toHaveURL(lessonPath(course.lessons[0]!.slug));
    await expect(page.getByRole('navigation', { name: 'Course menu' })).toBeHidden();
  });

  for (const { path } of [...coursePages, { path: UNKNOWN_LESSON_PATH }]) {
    test(`${path} does not scroll sideways`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
