// End to end in headless Chromium: the library page shows each report's office, level, district, year and where
// the office was read; an admin corrects an office inline (errors in Chinese) and gives one with an upload.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseTokens } from '../../src/auth/roles.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';
import { SCREENSHOTS, launch, serveApp } from './browser.ts';

const T = { staff: 'staff-token-0123456789', admin: 'admin-token-0123456789' };
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let close: () => Promise<void>;
const errors: string[] = [];

beforeAll(async () => {
  const deps = await seedAppDeps();
  close = deps.close;
  server = await serveApp({ ...deps, tokens: parseTokens(`staff:${T.staff},admin:${T.admin}`) });
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await close?.();
  cleanupTempDirs();
});

async function signedIn(role: keyof typeof T): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`${role}: ${e.message}`));
  await page.goto(`${server.url}/documents`);
  await page.fill('input[name=token]', T[role]);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/documents`);
  await page.locator('#reports tbody tr[data-document]').first().waitFor();
  return { ctx, page };
}

const rowOf = (page: Page, text: string) =>
  page.locator('#reports tbody tr[data-document]', { hasText: text });

describe('library page: office metadata', () => {
  it('lists office, level, district, year and source; flags an unnamed report; an admin corrects it inline', async () => {
    const { ctx, page } = await signedIn('admin');
    const dagang = rowOf(page, '大港街');
    expect(await dagang.locator('td').allInnerTexts()).toEqual(
      expect.arrayContaining(['大港街', '街道', '滨海新区', '2023', '标题']),
    );
    expect(await rowOf(page, '城西街道').locator('.col-source').innerText()).toBe('开头');

    const unnamed = rowOf(page, '未署名（未署名街道-2021）');
    expect(await unnamed.getAttribute('class')).toContain('needs-org');
    expect(await unnamed.innerText()).toContain('未识别单位，请填写');

    await unnamed.locator('button[data-edit]').click();
    const form = page.locator('tr.edit-row form');
    await form.locator('input[name=org]').fill('前进街道');
    await form.locator('input[name=district]').fill('东丽区');
    await form.locator('input[name=year]').fill('1900');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.error').innerText()).toContain('年度须为 1949–2100 之间的整数');
    await page.screenshot({ path: join(SCREENSHOTS, 'documents-meta.png') });
    await form.locator('input[name=year]').fill('2021');
    await form.locator('button[type=submit]').click();
    await page.locator('tr.edit-row').waitFor({ state: 'detached' });
    const named = rowOf(page, '前进街道');
    expect(await named.locator('td').allInnerTexts()).toEqual(
      expect.arrayContaining(['前进街道', '街道', '东丽区', '2021', '人工']),
    );
    expect((await named.getAttribute('class')) ?? '').not.toContain('needs-org');

    // clearing an office is refused, in Chinese, and the row keeps its office
    await dagang.locator('button[data-edit]').click();
    await form.locator('input[name=org]').fill('');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.error').innerText()).toContain('单位名称不能为空');
    await form.locator('button', { hasText: '取消' }).click();
    expect(await dagang.locator('td').first().innerText()).toBe('大港街');

    // the server has it: after a reload the list shows the corrected office
    await page.reload();
    await rowOf(page, '前进街道').waitFor();
    await ctx.close();
  });

  it('an upload takes the office fields for its files, and warns when a file names no office', async () => {
    const { ctx, page } = await signedIn('admin');
    const text = (n: number) =>
      Buffer.from(`关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年开展“法律进村”活动${n}场。`);
    await page.fill('#upload-meta input[name=org]', '汜水镇');
    await page.selectOption('#upload-meta select[name=level]', '镇');
    await page.fill('#upload-meta input[name=district]', '荥阳市');
    await page.setInputFiles('#file-input', { name: '镇报告.txt', mimeType: 'text/plain', buffer: text(11) });
    await page.locator('.upload.done').waitFor();
    expect(await page.locator('.upload.done .upload-msg').innerText()).toContain('已导入：汜水镇 2023年');
    await rowOf(page, '汜水镇').waitFor();
    expect(await rowOf(page, '汜水镇').locator('td').allInnerTexts()).toEqual(
      expect.arrayContaining(['汜水镇', '镇', '荥阳市', '2023', '人工']),
    );

    await page.fill('#upload-meta input[name=org]', '');
    await page.selectOption('#upload-meta select[name=level]', '');
    await page.fill('#upload-meta input[name=district]', '');
    await page.setInputFiles('#file-input', {
      name: '无名报告.txt',
      mimeType: 'text/plain',
      buffer: text(12),
    });
    await page.locator('.upload.done.warn').waitFor();
    expect(await page.locator('.upload.warn').innerText()).toContain('已导入：未署名（无名报告） 2023年');
    expect(await page.locator('.upload.warn .upload-warning').innerText()).toBe('⚠ 未识别单位，请填写');
    await rowOf(page, '未署名（无名报告）').waitFor();
    await ctx.close();

    const staff = await signedIn('staff');
    expect(await staff.page.locator('button[data-edit]').count()).toBe(0);
    expect(await staff.page.locator('#upload-meta').count()).toBe(0);
    expect(await rowOf(staff.page, '未署名（无名报告）').innerText()).toContain('未识别单位');
    await staff.ctx.close();
    expect(errors).toEqual([]);
  });
});
