// CI gate for retrieval quality on the seed corpus with the offline embedder.
import { describe, expect, it } from 'vitest';
import { useSeedLibrary } from '../../test/helpers.ts';
import { loadCases, runRetrievalEval } from './eval-retrieval.ts';

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
    expect({ hit5: overall.hit5 >= 0.95, mrr: overall.mrr >= 0.85, misses }).toMatchObject({ hit5: true, mrr: true });
  });

  it('every expected text is retrievable by at least one mode within 20 (no typo in the cases)', async () => {
    const bm25 = await runRetrievalEval(seed.lib, cases, 'bm25');
    const vec = await runRetrievalEval(seed.lib, cases, 'vector');
    const lost = bm25.results.filter((r, i) => r.rank === null && vec.results[i].rank === null).map((r) => r.id);
    expect(lost).toEqual([]);
  });
});
