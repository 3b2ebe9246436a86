// The chat page with a very long answer (1 MB, from an answerer that is not capped on the server): the page
// stays responsive while it streams, draws a bounded answer, and keeps the conversation in storage.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/ports.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';
import { launch, serveApp } from './browser.ts';

const SENTENCE = '根据大港街2023年度报告，全年公开行政处罚55条[1]。';
const HUGE = SENTENCE.repeat(Math.ceil(1_000_000 / SENTENCE.length));

const hugeAnswerer: Answerer = {
  async answer(_lib, req) {
    return {
      answer: HUGE,
      answerable: true,
      mode: 'llm',
      model: 'huge-test',
      resolvedQuestion: req.resolvedQuestion,
      retrieved: [],
      citations: [
        {
          n: 1,
          paragraphId: 'p1',
          documentId: 'd1',
          title: '大港街2023年度报告',
          org: '大港街',
          year: 2023,
          section: 'measures',
          heading: '主要举措',
          text: '全年公开行政处罚55条。',
          quote: { start: 0, end: 11 },
          score: 1,
        },
      ],
      verification: { uncitedSentences: [], unsupportedNumbers: [], badMarkers: [], yearNotes: [], ok: true },
    };
  },
};

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let close: () => Promise<void>;
beforeAll(async () => {
  const deps = await seedAppDeps();
  close = deps.close;
  server = await serveApp({ ...deps, answerer: hugeAnswerer });
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await close?.();
  cleanupTempDirs();
});

describe('chat page with a 1 MB answer', () => {
  it('stays responsive while streaming, shows a bounded answer, and saves the conversation', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    await page.fill('textarea', '大港街2023年公开了多少条行政处罚？');
    const t0 = Date.now();
    await page.press('textarea', 'Enter');
    // While the answer streams, the page must keep answering: the longest round trip of a trivial script.
    let worst = 0;
    let done = false;
    const finished = page
      .locator('.msg.assistant:not(.pending)')
      .first()
      .waitFor({ timeout: 60_000 })
      .then(() => (done = true));
    while (!done) {
      const s = Date.now();
      await page.evaluate(() => 1);
      worst = Math.max(worst, Date.now() - s);
      await new Promise((r) => setTimeout(r, 20));
    }
    await finished;
    const total = Date.now() - t0;
    const shown = await page.locator('.msg.assistant .answer').first().innerText();
    const saved = await page.evaluate(() => localStorage.getItem('fz.chat')?.length ?? 0);
    console.info(
      `1 MB answer: rendered in ${total} ms, worst page round trip ${worst} ms, ${shown.length} characters shown, ${saved} characters saved`,
    );
    expect(shown).toContain('回答过长');
    expect(shown.length).toBeLessThan(25_000);
    expect(await page.locator('.msg.assistant button.cite').count()).toBeGreaterThan(100);
    expect(saved).toBeLessThan(100_000);
    expect(worst).toBeLessThan(1000);
    expect(total).toBeLessThan(20_000);
    expect(errors).toEqual([]);
  }, 90_000);
});
