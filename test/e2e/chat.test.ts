// The chat page as a person uses it every day (issue #14): structured answers whose markers never start a line,
// copy with sources, stop, regenerate, 👍/👎 into the audit queue, example questions from the library, 24 px
// markers, card actions in view on a phone, logout at every width, the keyboard, and axe-core. Screenshots:
// docs/screenshots/chat.png and phone-chat.png.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractiveAnswerer } from '../../src/answer/ask.ts';
import type { Answerer } from '../../src/ports.ts';
import { answerBlocks } from '../../src/answer/blocks.ts';
import { parseTokens } from '../../src/auth/roles.ts';
import type { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';
import { axeViolations, badLineStarts } from './axe.ts';
import { SCREENSHOTS, launch, serveApp } from './browser.ts';

const STAFF = 'staff-token-0123456789';
const SLOW = '这个问题回答得很慢';
let aborted = 0;
/** The real answerer, except for one question that takes 30 s unless the request is given up. */
const answerer: Answerer = {
  answer(lib, req) {
    if (!req.question.includes(SLOW)) return extractiveAnswerer.answer(lib, req);
    return new Promise((_, reject) => {
      const t = setTimeout(() => reject(new Error('too slow')), 30_000);
      req.signal?.addEventListener('abort', () => {
        aborted++;
        clearTimeout(t);
        reject(new Error('aborted'));
      });
    });
  },
};

let traces: SqliteTraceStore;
let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let close: () => Promise<void>;
const errors: string[] = [];

beforeAll(async () => {
  const deps = await seedAppDeps();
  ({ traces, close } = deps);
  server = await serveApp({
    ...deps,
    answerer,
    evalCasesDir: join(deps.dir, 'cases'),
    rateLimitPerMinute: 0,
    tokens: parseTokens(`staff:${STAFF}`),
  });
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await close?.();
  cleanupTempDirs();
});

async function signedIn(
  viewport = { width: 1280, height: 860 },
): Promise<{ ctx: BrowserContext; page: Page }> {
  // bypassCSP only so that axe-core can be injected; the app's own scripts are the same either way.
  const ctx = await browser.newContext({ viewport, bypassCSP: true });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/login`);
  await page.fill('input[name=token]', STAFF);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/`);
  return { ctx, page };
}

async function ask(page: Page, question: string) {
  const before = await page.locator('.msg.assistant').count();
  await page.fill('textarea[name=question]', question);
  await page.press('textarea[name=question]', 'Enter');
  await page.locator('.msg.assistant:not(.pending)').nth(before).waitFor();
  return page.locator('.msg.assistant').nth(before);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

describe('chat page', () => {
  it('shows example questions from the library; a click asks one; no serious axe violation', async () => {
    const { ctx, page } = await signedIn();
    const examples = page.locator('.hint button.example');
    await examples.first().waitFor();
    const questions = await examples.allInnerTexts();
    expect(questions.length).toBeGreaterThanOrEqual(4);
    expect(questions.length).toBeLessThanOrEqual(6);
    expect(questions.join()).toMatch(/西于庄街道2024年|大港街2023年|金桥街2022年|城西街道2022年/);
    expect(await axeViolations(page)).toEqual([]);
    await examples.nth(1).click();
    const answer = page.locator('.msg.assistant:not(.pending)').first();
    await answer.waitFor();
    expect(await page.locator('.msg.user').first().innerText()).toBe(questions[1]);
    expect(await answer.getAttribute('class')).not.toContain('refused');
    expect(await answer.locator('button.cite').count()).toBeGreaterThan(0);
    await ctx.close();
  });

  it("keeps a cross-report answer's structure: a block per report, a line per point, markers ≥ 24 px that never start a line", async () => {
    const { ctx, page } = await signedIn();
    const answer = await ask(page, '各街道存在哪些不足？');
    // the structure of the answer text, as the server gives it (which report comes first is retrieval's business)
    const text = (
      await (
        await page.request.post(`${server.url}/api/ask`, {
          data: { question: '各街道存在哪些不足？' },
          headers: { origin: server.url },
        })
      ).json()
    ).answer as string;
    const blocks = answerBlocks(text);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(await answer.locator('.answer-block').count()).toBe(blocks.length);
    expect(await answer.locator('.answer-block .lead').allInnerTexts()).toEqual(
      expect.arrayContaining(['西于庄街道2024年度报告：', '金桥街2022年度报告：']),
    );
    expect(await answer.locator('.points li').count()).toBe(
      blocks.reduce((n, b) => n + (b.kind === 'list' ? b.items.length : 0), 0),
    );
    expect(await answer.locator('.points li').allInnerTexts()).toContainEqual(
      expect.stringMatching(/^一是学用转化还有不足\s*\d+\s*；$/),
    );
    for (const box of await answer
      .locator('button.cite')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]))) {
      expect(box[0]).toBeGreaterThanOrEqual(24);
      expect(box[1]).toBeGreaterThanOrEqual(24);
    }
    for (const width of [1280, 760, 520, 390, 340]) {
      await page.setViewportSize({ width, height: 860 });
      const { bad, lines } = await badLineStarts(page, '#messages');
      expect([width, bad]).toEqual([width, []]);
      expect(lines).toBeGreaterThan(blocks.length * 3);
    }
    await page.setViewportSize({ width: 1280, height: 860 });
    await answer.locator('button.cite').nth(3).hover();
    await page.locator('.cite-card').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'chat');
    await ctx.close();
  });

  it('copies an answer with its numbered sources; 👍 and 👎 with a reason reach the trace (the 👎 is a flag)', async () => {
    const { ctx, page } = await signedIn();
    const answer = await ask(page, '大港街2023年公开了多少条行政处罚？');
    await answer.locator('[data-action=copy]').click();
    await answer.locator('.msg-status', { hasText: '已复制（含 1 条出处）' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(
      /^根据大港街2023年度报告，公开行政处罚55条\[1\]。\n\n来源：\n\[1\] 大港街 · 2023年度 · 主要举措和成效/,
    );
    expect(copied).toContain('「');
    expect(copied).toMatch(new RegExp(`${server.url}/documents/[^#\\s]+#p-`));

    const second = await ask(page, '西于庄街道2024年一共罚了多少钱？');
    await answer.locator('[data-action=up]').click();
    await answer.locator('.msg-status', { hasText: '谢谢反馈' }).waitFor();
    await second.locator('[data-action=down]').click();
    await second.locator('.flag-form textarea').fill('罚款金额应核对原文');
    await second.locator('.flag-form button[type=submit]').click();
    await second.locator('.msg-status', { hasText: '已反馈给审核人员' }).waitFor();
    expect(await second.locator('[data-action=down]').getAttribute('aria-pressed')).toBe('true');
    const flagged = await traces.list({ limit: 10, offset: 0, feedback: 'down' });
    expect(flagged.items.map((t) => [t.question, t.feedback?.reason])).toEqual([
      ['西于庄街道2024年一共罚了多少钱？', '罚款金额应核对原文'],
    ]);
    expect(
      (await traces.list({ limit: 10, offset: 0, feedback: 'up' })).items.map((t) => t.question),
    ).toContain('大港街2023年公开了多少条行政处罚？');
    // the rating is kept with the conversation
    await page.reload();
    expect(
      await page.locator('.msg.assistant').nth(1).locator('[data-action=down]').getAttribute('aria-pressed'),
    ).toBe('true');
    await ctx.close();
  });

  it('regenerates the last answer in place (a new trace), from the whole question even after a follow-up', async () => {
    const { ctx, page } = await signedIn();
    await ask(page, '大港街全年行政处罚案件多少起');
    const follow = await ask(page, '那西于庄呢？');
    expect(await follow.innerText()).toContain('191起');
    // only the last answer can be regenerated
    expect(await page.locator('[data-action=regenerate]').count()).toBe(1);
    const before = (await traces.list({ limit: 1, offset: 0 })).total;
    await follow.locator('[data-action=regenerate]').click();
    await expect.poll(async () => (await traces.list({ limit: 1, offset: 0 })).total).toBe(before + 1);
    const again = page.locator('.msg.assistant:not(.pending)').nth(1);
    await again.waitFor();
    expect(await page.locator('.msg.assistant').count()).toBe(2);
    expect(await page.locator('.msg.user').allInnerTexts()).toEqual([
      '大港街全年行政处罚案件多少起',
      '那西于庄呢？',
    ]);
    expect(await again.innerText()).toContain('191起');
    const latest = (await traces.list({ limit: 1, offset: 0 })).items[0];
    expect(latest.question).toBe('西于庄街道全年行政处罚案件多少起');
    await ctx.close();
  });

  it('stops a running answer with the button or Esc; the server gives it up; the page is ready again', async () => {
    const { ctx, page } = await signedIn();
    for (const how of ['button', 'Escape'] as const) {
      const seen = aborted;
      const n = await page.locator('.msg.assistant').count();
      await page.fill('textarea[name=question]', `${SLOW}（${how}）`);
      await page.press('textarea[name=question]', 'Enter');
      await page.locator('#stop').waitFor();
      expect(await page.locator('#composer button[type=submit]').isHidden()).toBe(true);
      const t0 = Date.now();
      if (how === 'button') await page.click('#stop');
      else await page.keyboard.press('Escape');
      const stopped = page.locator('.msg.assistant').nth(n);
      await stopped.locator('.note', { hasText: '已停止' }).waitFor({ timeout: 3000 });
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(await page.locator('#stop').isHidden()).toBe(true);
      await expect.poll(() => aborted, { timeout: 5000 }).toBe(seen + 1);
    }
    // 「新对话」 while an answer comes: it stops, and nothing of it lands in the new conversation
    await page.fill('textarea[name=question]', `${SLOW}（新对话）`);
    await page.press('textarea[name=question]', 'Enter');
    await page.locator('#stop').waitFor();
    await page.click('#new-conversation');
    await page.locator('#stop').waitFor({ state: 'hidden' });
    expect(await page.locator('.msg').count()).toBe(0);
    await page.reload();
    await page.locator('.hint button.example').first().waitFor();
    expect(await page.locator('.msg').count()).toBe(0);
    const answer = await ask(page, '大港街2023年公开了多少条行政处罚？');
    expect(await answer.innerText()).toContain('55条');
    await ctx.close();
  });

  it('keyboard: Tab reaches a marker and opens its card, Esc closes it and keeps focus on the marker', async () => {
    const { ctx, page } = await signedIn();
    const answer = await ask(page, '西于庄街道2024年一共罚了多少钱？');
    await answer.locator('button.cite').first().focus();
    await page.locator('.cite-card').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('.cite-card').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('cite');
    // from the marker, Tab goes on to the answer's own actions, not off the page
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () => document.activeElement?.getAttribute('data-action') ?? document.activeElement?.className,
      ),
    ).toMatch(/copy|regenerate|cite-close|cite-open/);
    await ctx.close();
  });

  it('on a 390 × 844 phone: logout in reach, the card is a sheet whose 打开原文 is on screen, no sideways scrolling, axe clean', async () => {
    const { ctx, page } = await signedIn({ width: 390, height: 844 });
    const logout = page.locator('a.logout');
    expect(await logout.isVisible()).toBe(true);
    const lb = (await logout.boundingBox())!;
    expect(lb.x + lb.width).toBeLessThanOrEqual(390);
    const answer = await ask(page, '各街道存在哪些不足？');
    await answer
      .locator('button.cite')
      .nth(4)
      .tap()
      .catch(() => answer.locator('button.cite').nth(4).click());
    const card = page.locator('.cite-card');
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('sheet');
    const open = card.locator('a.cite-open');
    expect(await open.isVisible()).toBe(true);
    const ob = (await open.boundingBox())!;
    expect(ob.y + ob.height).toBeLessThanOrEqual(844);
    expect(ob.y).toBeGreaterThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'phone-chat');
    await open.click();
    await page.waitForURL(/\/documents\/.+#p-/);
    await page.locator('.para.target').waitFor();
    expect(await page.locator('a.logout').isVisible()).toBe(true);
    await ctx.close();
  });

  it('saw no page error', () => {
    expect(errors).toEqual([]);
  });
});
