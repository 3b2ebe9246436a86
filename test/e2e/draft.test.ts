// The drafting page day after day, in headless Chromium: no 「要回应的不足」 box when drafting 不足, edits saved
// as they are typed (with a status), the draft back after a reload, and earlier drafts opened from the history.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import type { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';
import { SCREENSHOTS, launch, serveApp } from './browser.ts';

const STAFF = 'staff-token-0123456789';
let drafts: SqliteDraftStore;
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let close: () => Promise<void>;
const errors: string[] = [];

beforeAll(async () => {
  const deps = await seedAppDeps();
  ({ drafts, close } = deps);
  server = await serveApp({ ...deps, tokens: parseTokens(`staff:${STAFF}`) });
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await close();
  cleanupTempDirs();
});

async function staffPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/login`);
  await page.fill('input[name=token]', STAFF);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/`);
  await page.goto(`${server.url}/draft`);
  return page;
}

async function draft(page: Page, section: string, org: string, year: string) {
  await page.selectOption('select[name=section]', section);
  await page.fill('input[name=org]', org);
  await page.fill('input[name=year]', year);
  await page.click('#draft-form button[type=submit]');
  await page.locator('#draft-warnings li').first().waitFor();
  await page.waitForURL(/\?draft=[0-9a-f-]{36}$/);
  return new URL(page.url()).searchParams.get('draft')!;
}

describe('drafting page', () => {
  it('shows 「要回应的不足」 only for 下一步工作', async () => {
    const page = await staffPage();
    await page.selectOption('select[name=section]', 'shortcomings');
    expect(await page.locator('textarea[name=shortcomings]').isVisible()).toBe(false);
    await page.selectOption('select[name=section]', 'next_steps');
    expect(await page.locator('textarea[name=shortcomings]').isVisible()).toBe(true);
    await page.selectOption('select[name=section]', 'shortcomings');
    expect(await page.locator('#shortcomings-field').isHidden()).toBe(true);
    await page.context().close();
  }, 60_000);

  it('autosaves an edit, brings the draft back after a reload, and opens earlier drafts from the history', async () => {
    const page = await staffPage();
    const first = await draft(page, 'shortcomings', '西于庄街道', '2025');
    const editor = page.locator('textarea.point-text').first();
    await editor.click();
    await editor.press('End');
    await page.keyboard.type('（经街道党工委研究补充）');
    await page.locator('#autosave-status', { hasText: '有未保存的修改' }).waitFor();
    await page.locator('#autosave-status', { hasText: '已自动保存' }).waitFor();
    // saved on the server without pressing anything
    const stored = await drafts.get(first);
    expect(stored?.points[0].text).toContain('（经街道党工委研究补充）');
    expect(stored?.editedAt).toBeTruthy();
    // the history lists it
    await expect
      .poll(() => page.locator(`#draft-history li[data-draft="${first}"]`).innerText())
      .toContain('西于庄街道 2025年 · 存在的不足');

    // a reload shows the same draft, edit included, with its sources and the form as it was
    await page.reload();
    await page.locator('textarea.point-text').first().waitFor();
    expect(await page.locator('textarea.point-text').first().inputValue()).toContain(
      '（经街道党工委研究补充）',
    );
    expect(await page.locator('#draft-title').innerText()).toBe('三、存在的不足和原因');
    expect(await page.locator('.draft-point').first().locator('.point-sources li').count()).toBeGreaterThan(
      0,
    );
    expect(await page.inputValue('input[name=org]')).toBe('西于庄街道');

    // another draft, then back to the first from the history; a fresh visit to /draft opens the last one
    const second = await draft(page, 'next_steps', '金桥街', '2025');
    expect(second).not.toBe(first);
    expect(await page.locator('.responds').count()).toBeGreaterThan(0);
    await page.locator(`#draft-history li[data-draft="${first}"] button`).click();
    await expect
      .poll(() => page.locator('textarea.point-text').first().inputValue())
      .toContain('（经街道党工委研究补充）');
    expect(new URL(page.url()).searchParams.get('draft')).toBe(first);
    expect(await page.locator('#draft-history li.current').getAttribute('data-draft')).toBe(first);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'draft.png') });
    await page.goto(`${server.url}/draft`);
    await expect.poll(() => page.locator('#draft-title').innerText()).toBe('三、存在的不足和原因');
    expect(await page.locator('textarea.point-text').first().inputValue()).toContain(
      '（经街道党工委研究补充）',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);
});
