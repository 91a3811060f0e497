/**
 * The playground as a reader uses it: type a script, see the containers appear, walk a packet,
 * share the link; a bad line is marked and named; a bad link starts empty with a message; every
 * lab opens in it with the same walk.
 */
import type { Page } from '@playwright/test';
import { expect, lessonPath, test } from './fixtures';

const PLAYGROUND = '/playground/';
const player = (page: Page) => page.locator('section.pw-lab[data-lab="playground"]');

async function open(page: Page, url = PLAYGROUND) {
  await page.goto(url);
  await expect(page.locator('.pw-pg')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.pw-pg__editor')).toHaveAttribute('data-ready', 'true');
}

/** Replace the editor's text, as typing it would (one input event, like a paste). */
async function typeScript(page: Page, text: string) {
  await page.getByTestId('script-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await expect(page.locator('.pw-pg')).toHaveAttribute('data-building', 'false');
}

const SHOP = ['docker network create shop', 'docker run -d --name db --network shop postgres', 'docker run -d --name api --network shop alpine sleep infinity'].join('\n');

test('typing a script draws its containers; a flow walks to the named one, and the link reloads to the same step', async ({ page }) => {
  await open(page);
  await typeScript(page, SHOP);
  await expect(page.getByTestId('script-status')).toContainText('3 commands built 2 containers on 1 host');
  const root = player(page);
  await expect(root.locator('.react-flow__node[data-id="ns:host1/db"]')).toBeVisible();
  await expect(root.locator('.react-flow__node[data-id="ns:host1/api"]')).toBeVisible();

  await page.locator('[data-control="pg-from"]').selectOption('host1/api');
  await page.locator('[data-control="pg-to"]').fill('db');
  await page.locator('[data-control="pg-protocol"]').selectOption('tcp');
  await page.locator('[data-control="pg-port"]').fill('5432');
  await expect(page.getByTestId('pg-flow')).toHaveText('host1/api → db:5432/tcp');
  // db resolves through Docker's embedded DNS on shop: the first hop sends to its address.
  const firstHop = root.getByRole('list', { name: 'Packet path' }).locator('li.pw-hops__item').first();
  await expect(firstHop).toContainText(/api sends TCP 172\.18\.0\.\d+:\d+ → 172\.18\.0\.2:5432 SYN/);

  // Walk to the end: the SYN is delivered to postgres.
  await root.locator('[data-control="detail-device"]').click();
  const count = await root.getByTestId('step-count').innerText();
  const total = Number(/\/ (\d+)/.exec(count)?.[1]);
  for (let i = 1; i < total; i++) await root.getByRole('button', { name: /^Next/ }).click();
  await expect(root.locator('.pw-caption')).toContainText(/Delivered/i);

  await root.getByRole('button', { name: /^Back/ }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('pg.step')).toBe(String(total - 2));
  const link = page.url();
  expect(new URL(link).searchParams.get('to')).toBe('db:5432/tcp');

  await page.goto('about:blank');
  await open(page, link);
  await expect(page.locator('.cm-content')).toContainText('docker run -d --name db --network shop postgres');
  await expect(page.getByTestId('pg-flow')).toHaveText('host1/api → db:5432/tcp');
  await expect(player(page)).toHaveAttribute('data-step', String(total - 2));
  await expect(player(page)).toHaveAttribute('data-detail', 'device');
});

test('a bad line is marked and named; the lines before it still build', async ({ page }) => {
  await open(page);
  await typeScript(page, `${SHOP}\ndocker run --foo x alpine`);
  await expect(page.getByTestId('script-status')).toContainText('Line 4: unknown flag: --foo');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(player(page).locator('.react-flow__node[data-id="ns:host1/db"]')).toBeVisible();
});

test('a script is text, never markup: a name full of HTML is refused and shown as typed', async ({ page }) => {
  await open(page);
  await typeScript(page, 'docker run -d --name "<img src=x onerror=window.__pwned=1>" alpine');
  await expect(page.getByTestId('script-status')).toContainText('Line 1:');
  await expect(page.getByTestId('script-status')).toContainText('<img src=x onerror=window.__pwned=1>');
  expect(await page.locator('.pw-pg img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('a malformed script parameter opens an empty playground with a message', async ({ page }) => {
  await open(page, `${PLAYGROUND}?script=%25%25%25not-a-script&from=laptop&to=host1%2Ficmp`);
  await expect(page.getByTestId('script-status')).toContainText('could not be read');
  await expect(page.locator('.cm-content')).toHaveText('');
  await expect(page.getByTestId('script-status')).toContainText('No commands yet');
  await expect(player(page).locator('.react-flow__node[data-id="ns:host1"]')).toBeVisible();
});

test('the examples menu loads a lab’s script, and a lab opens in the playground with the same walk', async ({ page }) => {
  await open(page);
  await page.locator('[data-control="examples"]').selectOption('overlay');
  await expect(page.locator('.cm-content')).toContainText('docker swarm init');
  await expect(player(page).locator('.react-flow__node[data-id="ns:host2/c2"]')).toBeVisible();

  await page.goto(lessonPath('port-publishing'));
  const lab = page.locator('section.pw-lab[data-lab-key="port-publishing"]');
  await lab.locator('xpath=..').scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ready', 'true');
  const labSteps = await lab.getByTestId('step-count').innerText();
  const labFirstHop = (await lab.getByRole('list', { name: 'Packet path' }).locator('li.pw-hops__item').first().textContent()) ?? '';
  await lab.getByRole('link', { name: /Open in playground/ }).click();
  await expect(page).toHaveURL(/\/playground\/\?script=/);
  await expect(page.locator('.pw-pg')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.cm-content')).toContainText('-p 8080:80');
  await expect(player(page).getByTestId('step-count')).toHaveText(labSteps);
  await expect(player(page).getByRole('list', { name: 'Packet path' }).locator('li.pw-hops__item').first()).toHaveText(labFirstHop);
});
