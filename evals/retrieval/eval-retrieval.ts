// Retrieval eval: runs staff questions through retrieve() and scores hit@1, hit@5 and MRR by question type.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Corpus } from '../../src/library/corpus.ts';
import { analyzeQuestion } from '../../src/question/analyze.ts';
import { type RetrievalMode, type RetrieveOptions, retrieve } from '../../src/search/retrieve.ts';
import { normalizeForMatch } from '../../src/text/normalize.ts';

export const RetrievalCaseSchema = z.object({
  id: z.string(),
  /** figure / paraphrase / section / cross for the seed questions; derived sets keep their source's type. */
  type: z.string().min(1),
  question: z.string().min(1),
  expect: z.array(z.object({ report: z.string(), text: z.string().min(2) })).min(1),
  /** any: one expected paragraph suffices; all: every one must be retrieved (cross-report questions). */
  match: z.enum(['any', 'all']).default('any'),
});
export type RetrievalCase = z.infer<typeof RetrievalCaseSchema>;

export function loadCases(file = join(import.meta.dirname, 'cases.jsonl')): RetrievalCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = RetrievalCaseSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface CaseResult {
  id: string;
  type: RetrievalCase['type'];
  /** Rank (1-based) at which the case is satisfied, or null if not within the depth searched. */
  rank: number | null;
  firstRelevant: number | null;
  /**
   * For a case needing several paragraphs: its rank less the paragraphs it needs beyond the first, so 1 when
   * they fill the first places (a two-report question cannot be satisfied at rank 1). Same as rank otherwise.
   */
  packedRank?: number | null;
  /** The question names a library office, with or without a year (「大港街2023年…」「西于庄街道…」). */
  namesOffice?: boolean;
}

export interface Scores {
  n: number;
  hit1: number;
  hit5: number;
  mrr: number;
  /** hit@1 by packedRank: cases needing k paragraphs count when those fill the first k places. */
  hit1Packed: number;
}

const DEPTH = 20;

export async function evalCase(
  lib: Corpus,
  c: RetrievalCase,
  mode: RetrievalMode,
  opts: Pick<RetrieveOptions, 'fusion' | 'signals' | 'rerank'> = {},
): Promise<CaseResult> {
  const analysis = analyzeQuestion(c.question, await lib.store.listReports());
  const { hits } = await retrieve(lib, c.question, { topK: DEPTH, mode, analysis, ...opts });
  const rankOf = (e: RetrievalCase['expect'][number]) => {
    const want = normalizeForMatch(e.text);
    const i = hits.findIndex(
      (h) => h.report.sourceName === e.report && normalizeForMatch(h.paragraph.text).includes(want),
    );
    return i < 0 ? null : i + 1;
  };
  const ranks = c.expect.map(rankOf);
  const found = ranks.filter((r): r is number => r !== null);
  const firstRelevant = found.length ? Math.min(...found) : null;
  const rank =
    c.match === 'all' ? (found.length === ranks.length ? Math.max(...found) : null) : firstRelevant;
  const packedRank = rank === null || c.match !== 'all' ? rank : rank - (new Set(found).size - 1);
  const namesOffice = analysis.orgKeys.length > 0;
  return { id: c.id, type: c.type, rank, firstRelevant, packedRank, namesOffice };
}

export function score(results: CaseResult[]): Scores {
  const n = results.length || 1;
  return {
    n: results.length,
    hit1: results.filter((r) => r.rank !== null && r.rank <= 1).length / n,
    hit5: results.filter((r) => r.rank !== null && r.rank <= 5).length / n,
    mrr: results.reduce((s, r) => s + (r.firstRelevant ? 1 / r.firstRelevant : 0), 0) / n,
    hit1Packed:
      results.filter((r) => {
        const p = r.packedRank === undefined ? r.rank : r.packedRank;
        return p !== null && p <= 1;
      }).length / n,
  };
}

export async function runRetrievalEval(
  lib: Corpus,
  cases: RetrievalCase[],
  mode: RetrievalMode,
  opts: Pick<RetrieveOptions, 'fusion'> = {},
) {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await evalCase(lib, c, mode, opts));
  const types = [...new Set(cases.map((c) => c.type))];
  const byType = Object.fromEntries(
    types.map((t) => [t, score(results.filter((r) => r.type === t))]),
  ) as Record<string, Scores>;
  return {
    overall: score(results),
    byType,
    namedOffice: score(results.filter((r) => r.namesOffice)),
    results,
  };
}

/**
 * By how much hybrid beats the better of BM25 alone and vector alone on one set, at worst of hit@1 and MRR
 * (negative when fusion hurts): what the tuning scripts rank their candidates by.
 */
export function fusionMargin(hybrid: Scores, alone: { bm25: Scores; vector: Scores }): number {
  return Math.min(
    hybrid.hit1 - Math.max(alone.bm25.hit1, alone.vector.hit1),
    hybrid.mrr - Math.max(alone.bm25.mrr, alone.vector.mrr),
  );
}
