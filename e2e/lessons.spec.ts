import { traceFlow, getLab } from '../lib/labs';
import { course, expect, lessonPath, test } from './fixtures';

// Every lesson renders its labs, and each lab's first flow plays to the verdict
// the engine computes for it, with no console error (the fixture checks that).
for (const lesson of course.lessons) {
  test(`${lesson.slug}: every lab plays its first flow to the engine's verdict`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(lessonPath(lesson.slug));
    const labs = page.locator('section.pw-lab');
    const count = await labs.count();
    expect(count, 'labs on the page').toBeGreaterThan(0);
    for (let index = 0; index < count; index++) {
      const root = labs.nth(index);
      const labId = await root.getAttribute('data-lab');
      const lab = getLab(labId ?? '');
      expect(lab, `lab "${labId}" exists`).toBeDefined();
      // The island that holds the lab: the lab itself is replaced when it wakes.
      await root.locator('xpath=..').scrollIntoViewIfNeeded();
      await expect(root).toHaveAttribute('data-ready', 'true');
      // The first flow is the default: the walk shown is the engine's, hop for hop.
      const request = traceFlow(lab!.id, lab!.flows[0]!.id).trace;
      // The list ends with the reply's verdict when the request arrived and the flow shows its reply.
      const expected = request.verdict.outcome === 'delivered' && request.reply ? request.reply : request;
      const items = root.getByRole('list', { name: 'Packet path' }).locator('li.pw-hops__item');
      await root.getByLabel('Speed').selectOption('2');
      await root.getByRole('button', { name: 'Play', exact: true }).click();
      await expect(items.last()).toHaveAttribute('aria-current', 'step', { timeout: 60_000 });
      await expect(root).toHaveAttribute('data-playing', 'false');
      const verdict = root.getByRole('list', { name: 'Packet path' }).locator('li').last();
      await expect(verdict).toHaveAttribute('data-verdict', expected.verdict.outcome);
      expect(await items.count()).toBe(request.hops.length + (expected === request ? 0 : expected.hops.length));
    }
  });
}
