// CI gate for retrieval quality on the seed corpus with the offline embedder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/library/corpus.ts';
import type { Library } from '../../src/library/library.ts';
import { useSeedLibrary } from '../../test/helpers.ts';
import { loadFixtureAnswerCases } from '../fixtures/fixtures.ts';
import { loadCases, runRetrievalEval, type Scores } from './eval-retrieval.ts';
import { neverHurts } from './run.ts';
import { openEvalLibrary, retrievalSets, type SplitCase } from './sets.ts';

const seed = useSeedLibrary();

describe('retrieval eval (evals/retrieval/cases.jsonl)', () => {
  const cases = loadCases();

  it('has at least 60 staff questions of every type, each naming a text that exists in the corpus', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(['figure', 'paraphrase', 'section', 'cross']));
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('hybrid retrieval meets the targets: hit@5 ≥ 0.95 and MRR ≥ 0.85', async () => {
    const { overall, results } = await runRetrievalEval(seed.lib, cases, 'hybrid');
    const misses = results.filter((r) => r.rank === null || r.rank > 5).map((r) => r.id);
    expect({ hit5: overall.hit5 >= 0.95, mrr: overall.mrr >= 0.85, misses }).toMatchObject({
      hit5: true,
      mrr: true,
    });
  });

  it('every expected text is retrievable by at least one mode within 20 (no typo in the cases)', async () => {
    const bm25 = await runRetrievalEval(seed.lib, cases, 'bm25');
    const vec = await runRetrievalEval(seed.lib, cases, 'vector');
    const lost = bm25.results
      .filter((r, i) => r.rank === null && vec.results[i].rank === null)
      .map((r) => r.id);
    expect(lost).toEqual([]);
  });
});

describe('fusion never hurts (evals/retrieval/run.ts): hybrid hit@1 and MRR ≥ max(bm25 alone, vector alone)', () => {
  const sets = retrievalSets({ scale: false });
  const modes = ['hybrid', 'bm25', 'vector'] as const;
  const check = async (lib: Corpus, cases: SplitCase[]) => {
    const scores = {} as Record<(typeof modes)[number], Scores>;
    for (const mode of modes) scores[mode] = (await runRetrievalEval(lib, cases, mode)).overall;
    return { ok: neverHurts(scores), scores };
  };

  // Both libraries have learned their word vectors, as after npm run reindex (or a first start).
  describe('on the seed library', () => {
    const learned = {} as { lib: Library; close: () => Promise<void> };
    beforeAll(async () => Object.assign(learned, await openEvalLibrary('seed')), 60_000);
    afterAll(() => learned.close?.());

    it.each(['dev', 'test'] as const)('the seed questions (%s split)', async (split) => {
      expect(learned.lib.embedder.id).toMatch(/\+ppmi/);
      const cases = sets.find((s) => s.name === 'seeds')!.cases.filter((c) => c.split === split);
      expect(cases.length).toBeGreaterThan(25);
      const r = await check(learned.lib, cases);
      expect(r, JSON.stringify(r.scores)).toMatchObject({ ok: true });
    });

    it.each(['dev', 'test'] as const)(
      'the seed questions naming an office (%s split): hit@1 ≥ 0.90, MRR ≥ 0.92 (issue #13)',
      async (split) => {
        const cases = sets.find((s) => s.name === 'seeds')!.cases.filter((c) => c.split === split);
        const { namedOffice } = await runRetrievalEval(learned.lib, cases, 'hybrid');
        expect(namedOffice.n).toBeGreaterThan(15);
        expect(
          { hit1: namedOffice.hit1 >= 0.9, mrr: namedOffice.mrr >= 0.92 },
          JSON.stringify(namedOffice),
        ).toEqual({
          hit1: true,
          mrr: true,
        });
      },
    );
  });

  describe('on the fixture library (seeds + 36 varied reports)', () => {
    const fixture = {} as { lib: Library; close: () => Promise<void> };
    beforeAll(async () => Object.assign(fixture, await openEvalLibrary('fixture')), 60_000);
    afterAll(() => fixture.close?.());

    it.each(['dev', 'test'] as const)('questions from the fixture answer cases (%s split)', async (split) => {
      const cases = sets.find((s) => s.name === 'fixtures')!.cases.filter((c) => c.split === split);
      expect(cases.length).toBeGreaterThan(60);
      const r = await check(fixture.lib, cases);
      expect(r, JSON.stringify(r.scores)).toMatchObject({ ok: true });
    });

    // Issue #13: colloquial questions must find their paragraph, and fusion must not lose to a single mode.
    const paraphrase = sets.filter((s) => s.name.startsWith('paraphrase'));
    it.each(paraphrase.flatMap((s) => (['dev', 'test'] as const).map((split) => [s.name, split] as const)))(
      'the %s questions (%s split): hybrid hit@5 ≥ 0.95 and never worse than a single mode',
      async (name, split) => {
        const cases = paraphrase.find((s) => s.name === name)!.cases.filter((c) => c.split === split);
        if (!cases.length) return; // a set may be all dev or all test
        const r = await check(fixture.lib, cases);
        expect({ ok: r.ok, hit5: r.scores.hybrid.hit5 >= 0.95 }, JSON.stringify(r.scores)).toEqual({
          ok: true,
          hit5: true,
        });
      },
    );

    it('every fixture answer case of a *-test.jsonl file (A, B and the held-out C) is in the test split', () => {
      const testIds = new Set(loadFixtureAnswerCases('test').map((c) => c.id));
      const cases = sets.find((s) => s.name === 'fixtures')!.cases;
      expect(cases.filter((c) => testIds.has(c.id)).length).toBeGreaterThan(60);
      for (const c of cases) expect([c.id, c.split]).toEqual([c.id, testIds.has(c.id) ? 'test' : 'dev']);
    });
  });
});
