// Helpers for measuring retrieval candidates on the dev split only (evals/retrieval/candidates.ts).
import type { Library } from '../../src/library/library.ts';
import { reindex } from '../../src/library/reindex.ts';
import type { Embedder } from '../../src/ports.ts';
import { analyzeQuestion } from '../../src/question/analyze.ts';
import { type RetrieveOptions, retrieve } from '../../src/search/retrieve.ts';
import { normalizeForMatch } from '../../src/text/normalize.ts';
import { type CaseResult, type RetrievalCase, score } from './eval-retrieval.ts';

/** Re-embeds the library with another embedder (as `npm run reindex` does). */
export async function useEmbedder(lib: Library, embedder: Embedder): Promise<void> {
  lib.embedder = embedder;
  await reindex(lib);
}

export async function rankCase(
  lib: Library,
  c: RetrievalCase,
  opts: RetrieveOptions,
  query = c.question,
): Promise<CaseResult> {
  const reports = await lib.store.listReports();
  const analysis = analyzeQuestion(c.question, reports);
  const { hits } = await retrieve(lib, query, { topK: 20, analysis, ...opts });
  const ranks = c.expect.map((e) => {
    const want = normalizeForMatch(e.text);
    const i = hits.findIndex(
      (h) => h.report.sourceName === e.report && normalizeForMatch(h.paragraph.text).includes(want),
    );
    return i < 0 ? null : i + 1;
  });
  const found = ranks.filter((r): r is number => r !== null);
  const first = found.length ? Math.min(...found) : null;
  const rank = c.match === 'all' ? (found.length === ranks.length ? Math.max(...found) : null) : first;
  return { id: c.id, type: c.type, rank, firstRelevant: first, namesOffice: analysis.orgKeys.length > 0 };
}

export async function scoreCases(
  lib: Library,
  cases: RetrievalCase[],
  opts: RetrieveOptions,
  query?: (c: RetrievalCase) => string,
) {
  const out: CaseResult[] = [];
  for (const c of cases) out.push(await rankCase(lib, c, opts, query?.(c)));
  return score(out);
}
