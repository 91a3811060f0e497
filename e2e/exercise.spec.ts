import { expect, lessonPath, test } from './fixtures';

test.describe('predict, then watch', () => {
  test('the answer is hidden until the reader chooses, then the walk and the explanation follow', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(lessonPath('foundations'));
    const exercise = page.locator('[data-predict]').first();
    const check = exercise.getByRole('button', { name: /Choose an answer first/ });
    await expect(check).toBeDisabled();
    await expect(exercise.getByText('✓ Correct answer')).toHaveCount(0);

    await exercise.getByRole('radio').first().check();
    await exercise.getByRole('button', { name: /watch the packet/ }).click();

    await expect(exercise.getByText('✗ Your answer')).toBeVisible();
    await expect(exercise.getByText('✓ Correct answer')).toBeVisible();
    await expect(exercise.getByRole('status')).toHaveText(/Not quite/);
    // The walk comes from the engine: it ends where the reply dies, at the LAN router.
    const walk = exercise.getByRole('region', { name: "The packet's walk" });
    await expect(walk.getByRole('list', { name: 'Request' }).getByRole('listitem').first()).toContainText('sends TCP 10.0.0.2');
    await expect(walk.getByRole('list', { name: 'Reply' }).getByRole('listitem').last()).toContainText('no route to host');
    await expect(exercise.getByText(/✗ It fails:/)).toBeVisible();
    await expect(exercise.getByText(/Step 6 makes the packets leave host1/)).toBeVisible();
    // The choice stays made.
    await expect(exercise.getByRole('radio').first()).toBeChecked();
    await expect(exercise.getByRole('radio').first()).toBeDisabled();
  });

  test('with motion allowed, the walk steps in one hop at a time and can be shown at once', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto(lessonPath('foundations'));
    const exercise = page.locator('[data-predict]').first();
    await exercise.getByRole('radio').nth(2).check();
    await exercise.getByRole('button', { name: /watch the packet/ }).click();
    await expect(exercise.getByRole('status')).toHaveText(/Right/);
    const request = exercise.getByRole('list', { name: 'Request' }).getByRole('listitem');
    await expect(request.first()).toBeVisible();
    expect(await request.count()).toBeLessThan(10);
    await exercise.getByRole('button', { name: 'Show the whole walk now' }).click();
    await expect(exercise.getByText(/✗ It fails:/)).toBeVisible();
  });
});
