/**
 * "Download .pcapng": a lesson's lab, and the playground, save the walk on screen as a pcapng
 * capture (the writer loaded on the click): the file is named for the lab and flow and starts
 * with a Section Header Block.
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, lessonPath, test } from './fixtures';

/** The saved file's bytes. */
async function bytesOf(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFileSync(file);
}

async function downloadFrom(page: Page, lab: ReturnType<Page['locator']>): Promise<Download> {
  const button = lab.locator('[data-control="download-pcap"]');
  await expect(button).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return download;
}

test('a lesson’s lab downloads its walk as a pcapng file', async ({ page }) => {
  await page.goto(lessonPath('default-bridge'));
  const lab = page.locator('section.pw-lab[data-lab-key="default-bridge"]');
  await lab.locator('xpath=..').scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ready', 'true');
  const download = await downloadFrom(page, lab);
  expect(download.suggestedFilename()).toBe('default-bridge-container-to-container.pcapng');
  const bytes = await bytesOf(download);
  // The Section Header Block's type, 0x0A0D0D0A (draft-ietf-opsawg-pcapng §4.1), then the byte-order magic.
  expect([...bytes.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
  expect(bytes.readUInt32LE(8)).toBe(0x1a2b3c4d);
  expect(bytes.length).toBeGreaterThan(1000);
  await expect(lab.locator('.pw-status')).toContainText('default-bridge-container-to-container.pcapng');
});

test('the playground downloads its walk as a pcapng file', async ({ page }) => {
  await page.goto('/playground/');
  await expect(page.locator('.pw-pg')).toHaveAttribute('data-ready', 'true');
  const download = await downloadFrom(page, page.locator('section.pw-lab[data-lab="playground"]'));
  expect(download.suggestedFilename()).toBe('playground-walk.pcapng');
  const bytes = await bytesOf(download);
  expect([...bytes.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
  expect(bytes.length).toBeGreaterThan(500);
});
