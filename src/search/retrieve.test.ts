import { describe, expect, it } from 'vitest';
import { useSeedLibrary } from '../../test/helpers.ts';
import { retrieve } from './retrieve.ts';

const seed = useSeedLibrary();

describe('retrieve on the seed corpus', () => {
  it('finds 「81人」 although the report wrote 「81 人」', async () => {
    const { hits } = await retrieve(seed.lib, '81人', { topK: 3 });
    expect(hits[0].paragraph.text).toContain('全办共四级网格员81人');
  });

  it('reads org, year and section from the question and returns report metadata with each hit', async () => {
    const res = await retrieve(seed.lib, '大港街2023年存在哪些不足', { topK: 5 });
    expect(res.intent).toMatchObject({ orgKeys: ['大港'], years: [2023], sections: ['shortcomings'] });
    for (const h of res.hits) {
      expect(h.report.org).toBe('大港街');
      expect(h.paragraph.section).toBe('shortcomings');
    }
    expect(res.hits[0].report).toMatchObject({ year: 2023, district: '滨海新区' });
  });

  it('hard filters by org (any spelling), year and section', async () => {
    const a = await retrieve(seed.lib, '普法宣传', { topK: 20, filters: { org: '大港街道' } });
    expect(a.hits.length).toBeGreaterThan(0);
    expect(new Set(a.hits.map((h) => h.report.org))).toEqual(new Set(['大港街']));
    const b = await retrieve(seed.lib, '普法宣传', {
      topK: 20,
      filters: { year: 2022, section: 'next_steps' },
    });
    expect(b.hits.length).toBeGreaterThan(0);
    for (const h of b.hits) expect([h.report.year, h.paragraph.section]).toEqual([2022, 'next_steps']);
    const none = await retrieve(seed.lib, '普法宣传', { filters: { org: '不存在街' } });
    expect(none.hits).toEqual([]);
  });

  it('answers staff wording with report wording through the lexicon (打官司 → 行政诉讼/出庭应诉)', async () => {
    const { hits, expansions } = await retrieve(seed.lib, '大港街打官司的案子有几起', { topK: 3 });
    expect(expansions).toContain('行政诉讼');
    expect(hits[0].paragraph.text).toContain('收到行政诉讼案件2起');
  });

  it('answers a figure question from a paragraph that states a figure of the kind asked', async () => {
    for (const q of ['金桥街全年立案多少起', '城西街道中心组学法几次']) {
      const { hits } = await retrieve(seed.lib, q, { topK: 5 });
      expect(hits[0].paragraph.text, q).toMatch(q.includes('起') ? /\d+起/ : /\d+次/);
    }
  });

  it("looks for a year's plans in the previous year's 下一步工作 when the office has only that report", async () => {
    const { hits } = await retrieve(seed.lib, '大港街24年准备干什么', { topK: 3 });
    expect([hits[0].report.year, hits[0].paragraph.section]).toEqual([2023, 'next_steps']);
    expect(hits[0].paragraph.text).toContain('2024年');
  });

  it('notices a street the library does not hold', async () => {
    const { intent } = await retrieve(seed.lib, '新华街道2023年行政处罚多少起');
    expect(intent.unknownOrgs).toEqual(['新华街道']);
    expect(intent.orgKeys).toEqual([]);
  });

  it('every mode returns real paragraphs with scores in descending order', async () => {
    for (const mode of ['hybrid', 'bm25', 'vector'] as const) {
      const { hits } = await retrieve(seed.lib, '法律明白人', { topK: 5, mode });
      expect(hits.length).toBe(5);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
    }
  });
});

describe('the character pass (RERANK)', () => {
  it('reorders hybrid results only: bm25 and vector alone are the plain signals', async () => {
    for (const mode of ['bm25', 'vector'] as const) {
      const a = await retrieve(seed.lib, '帮老百姓跑腿办事', { topK: 8, mode });
      const b = await retrieve(seed.lib, '帮老百姓跑腿办事', { topK: 8, mode, rerank: false });
      expect(a.hits.map((h) => h.paragraph.id)).toEqual(b.hits.map((h) => h.paragraph.id));
    }
  });

  it('leaves a question across reports alone: each report keeps its place in the list', async () => {
    const a = await retrieve(seed.lib, '各街道存在哪些不足', { topK: 16 });
    const b = await retrieve(seed.lib, '各街道存在哪些不足', { topK: 16, rerank: false });
    expect(a.intent.across).toBe(true);
    expect(a.hits.map((h) => h.paragraph.id)).toEqual(b.hits.map((h) => h.paragraph.id));
  });

  it('adds at most its weight × the best fused score (boosted) to a paragraph', async () => {
    const plain = await retrieve(seed.lib, '帮老百姓跑腿办事', { topK: 60, rerank: false });
    const passed = await retrieve(seed.lib, '帮老百姓跑腿办事', {
      topK: 60,
      rerank: { depth: 60, weight: 0.6 },
    });
    const before = new Map(plain.hits.map((h) => [h.paragraph.id, h.score]));
    const top = plain.hits[0].score;
    for (const h of passed.hits) {
      const gain = h.score - before.get(h.paragraph.id)!;
      expect(gain).toBeGreaterThanOrEqual(-1e-12);
      expect(gain).toBeLessThanOrEqual(0.6 * top + 1e-9);
    }
  });
});
