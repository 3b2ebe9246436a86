// The audit console at a supervisor's daily pace, in headless Chromium: thousands of traces paged in as the list
// scrolls, 20 answers reviewed by keyboard alone (n, 1/2/3, j/k), the count of what is left, the status beside the
// buttons, the retrieved-but-uncited paragraphs, 「答非所问」, facts for an 错误 case, and the 👎 flag and filter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import type { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';
import { SCREENSHOTS, launch, serveApp } from './browser.ts';

const T = { supervisor: 'supervisor-token-0123456789' };
const N = 2500;
let traces: SqliteTraceStore;
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let casesDir: string;
let close: () => Promise<void>;
const errors: string[] = [];

beforeAll(async () => {
  const deps = await seedAppDeps();
  ({ traces, close } = deps);
  casesDir = join(deps.dir, 'cases');
  server = await serveApp({
    ...deps,
    evalCasesDir: casesDir,
    tokens: parseTokens(`supervisor:${T.supervisor}`),
  });
  // three real answers (with their retrieval), then N traces made from them, one a minute, newest last
  const real: Trace[] = [];
  for (const question of [
    '大港街2023年公开了多少条行政处罚？',
    '西于庄街道2024年一共罚了多少钱？',
    '金桥街2022年法律顾问参与审查了多少件？',
  ]) {
    const res = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { authorization: `Bearer ${T.supervisor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    real.push((await traces.get(((await res.json()) as { traceId: string }).traceId))!);
  }
  for (let i = 0; i < N; i++) {
    const base = real[i % 3];
    await traces.record({
      ...base,
      id: `trace-${String(i).padStart(5, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      question: `${base.question}（第${i}条）`,
    });
  }
  await traces.feedback(`trace-${String(N - 5).padStart(5, '0')}`, {
    rating: 'down',
    reason: '数字不对',
    at: new Date().toISOString(),
  });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await close();
  cleanupTempDirs();
});

async function supervisor(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await ctx.setExtraHTTPHeaders({});
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/login`);
  await page.fill('input[name=token]', T.supervisor);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/`);
  await page.goto(`${server.url}/audit`);
  await page.locator('.trace-item').first().waitFor();
  return page;
}

const left = async (page: Page) =>
  Number(/还有 (\d+) 条未审核/.exec(await page.locator('#audit-count').innerText())?.[1]);

describe('audit console', () => {
  it('a supervisor reviews 20 traces by keyboard alone, the count of what is left going down', async () => {
    const page = await supervisor();
    const total = N + 3;
    await expect
      .poll(() => page.locator('#audit-count').innerText())
      .toBe(`共 ${total} 条 · 还有 ${total} 条未审核`);
    // one page is loaded, not all of them
    expect(await page.locator('.trace-item').count()).toBe(50);
    const verdicts = ['correct', 'needs_fix', 'incorrect'] as const;
    const keys = { correct: '1', needs_fix: '2', incorrect: '3' };
    const done: { id: string; verdict: string }[] = [];
    await page.keyboard.press('n');
    for (let i = 0; i < 20; i++) {
      const row = page.locator('.trace-item.selected');
      await row.waitFor();
      const id = (await row.getAttribute('data-trace'))!;
      await page.locator('.detail-main h3').waitFor();
      const verdict = verdicts[i % 3];
      await page.keyboard.press(keys[verdict]);
      // the status is beside the buttons, in view without scrolling
      const status = page.locator('.review-bar .review-status');
      await status.filter({ hasText: '已保存' }).waitFor();
      expect(await status.isVisible()).toBe(true);
      const box = (await status.boundingBox())!;
      expect(box.y + box.height).toBeLessThan(860);
      done.push({ id, verdict });
      await expect.poll(() => left(page)).toBe(total - i - 1);
      await page.keyboard.press('n');
      await expect.poll(() => page.locator('.trace-item.selected').getAttribute('data-trace')).not.toBe(id);
    }
    for (const d of done) expect((await traces.get(d.id))?.review?.verdict).toBe(d.verdict);
    expect(new Set(done.map((d) => d.id)).size).toBe(20);
    // k goes back up to a reviewed one; n skips the reviewed ones
    await page.keyboard.press('k');
    await expect
      .poll(() => page.locator('.trace-item.selected').getAttribute('data-trace'))
      .toBe(done[19].id);
    await page.keyboard.press('n');
    await expect
      .poll(() => page.locator('.trace-item.selected').getAttribute('data-trace'))
      .not.toBe(done[19].id);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('pages through thousands of traces as the list scrolls or as j moves past the end', async () => {
    const page = await supervisor();
    await page.locator('.trace-item').nth(49).scrollIntoViewIfNeeded();
    await page.locator('.trace-list .more').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.trace-item').count()).toBe(100);
    // j from the last loaded row loads the next page
    await page.locator('.trace-item button').nth(99).click();
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('.trace-item').count()).toBe(150);
    await expect
      .poll(() => page.locator('.trace-item.selected').getAttribute('data-trace'))
      .toBe(await page.locator('.trace-item').nth(100).getAttribute('data-trace'));
    const ids = await page
      .locator('.trace-item')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.trace));
    expect(new Set(ids).size).toBe(150);
    await page.context().close();
  }, 120_000);

  it('shows the uncited paragraphs, takes 「答非所问」, adds an 错误 answer with facts, and flags and filters 👎', async () => {
    const page = await supervisor();
    await page.locator('.trace-item', { hasText: '（第2499条）' }).locator('button').click();
    await page.locator('.detail-main h3').waitFor();
    expect(await page.locator('#uncited-sources li[data-paragraph]').count()).toBeGreaterThan(0);
    expect(await page.locator('.detail-sources').innerText()).toMatch(/检索到但未引用的段落（\d+）/);
    await page.selectOption('.sentences select >> nth=0', 'off_topic');
    await page.click('button[data-verdict=incorrect]');
    await page.locator('.review-bar .review-status', { hasText: '已审核：错误' }).waitFor();
    // an 错误 answer needs facts (or the correct answer) to become a case: the page has the field
    await page.fill('textarea[name=facts]', '55条\n行政处罚');
    await page.click('#add-eval-case');
    await page.locator('.review-status', { hasText: '已加入评测集' }).waitFor();
    const file = (await page.locator('.review-bar .review-status').innerText()).match(
      /reviewed-[0-9a-z-]+\.json/,
    )![0];
    expect(JSON.parse(readFileSync(join(casesDir, file), 'utf8')).facts).toEqual(['55条', '行政处罚']);
    expect((await traces.get('trace-02499'))?.review?.sentenceMarks).toEqual([
      { index: 0, reason: 'off_topic' },
    ]);
    // the buttons and the status stay in view below the top bar while the page scrolls
    const bar = (await page.locator('.review-bar').boundingBox())!;
    expect(bar.y).toBeGreaterThanOrEqual(50);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'audit.png') });
    // the 👎 flag in the list, and the filter
    expect(
      await page.locator('.trace-item', { hasText: '（第2495条）' }).locator('.feedback-down').count(),
    ).toBe(1);
    await page.selectOption('select[name=feedback]', 'down');
    await expect.poll(() => page.locator('.trace-item').count()).toBe(1);
    await page.locator('.trace-item button').click();
    await page.locator('.detail-main .feedback', { hasText: '数字不对' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
