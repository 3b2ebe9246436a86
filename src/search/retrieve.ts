// Hybrid retrieval: BM25 over jieba tokens + HNSW vectors, fused by reciprocal rank, with filters and boosts.
import { z } from 'zod';
import { SectionKindSchema, type Paragraph, type ReportSummary } from '../domain.ts';
import type { VectorFilter } from '../ports.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from '../library/corpus.ts';
import { tokenize } from '../text/tokenize.ts';
import { type Lexicon, defaultLexicon, expandQuery } from './lexicon.ts';
import { analyzeQuestion } from '../question/analyze.ts';
import type { QueryIntent } from './query-intent.ts';

export const SearchFiltersSchema = z
  .object({
    org: z.string().trim().min(1).max(50).optional(),
    year: z.number().int().min(1949).max(2100).optional(),
    section: SectionKindSchema.optional(),
    documentId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type SearchFilters = z.infer<typeof SearchFiltersSchema>;

export type RetrievalMode = 'hybrid' | 'bm25' | 'vector';

export interface RetrieveOptions {
  topK?: number;
  filters?: SearchFilters;
  mode?: RetrievalMode;
  /** Boost paragraphs of the org, year and section the question names (on by default). */
  boosts?: boolean;
  lexicon?: Lexicon;
  /** Weights of the two rankings in the fusion; see defaultWeights. */
  weights?: { lexical: number; vector: number };
  /** The question's analysis, when the caller made it already (answering does): never recomputed here. */
  analysis?: QueryIntent;
}

export interface Hit {
  paragraph: Paragraph;
  report: Pick<ReportSummary, 'id' | 'sourceName'> & ReportSummary['meta'];
  score: number;
  signals: { bm25Rank: number | null; vectorRank: number | null; vectorScore: number | null };
}

export interface RetrieveResult {
  query: string;
  intent: QueryIntent;
  expansions: string[];
  hits: Hit[];
}

const RRF_K = 60;
const DEPTH = 60;

export async function retrieve(lib: Corpus, query: string, opts: RetrieveOptions = {}): Promise<RetrieveResult> {
  const topK = Math.max(1, Math.min(opts.topK ?? 8, 100));
  const mode = opts.mode ?? 'hybrid';
  const lexicon = opts.lexicon ?? defaultLexicon;
  const weights = opts.weights ?? defaultWeights(lib.embedder.id);
  const reports = await lib.store.listReports();
  const byId = new Map(reports.map((r) => [r.id, r]));
  const intent = opts.analysis ?? analyzeQuestion(query, reports, { lexicon });
  const expansions = expandQuery(query, lexicon);

  const filter: VectorFilter = {};
  if (opts.filters?.org) filter.orgKey = orgKey(opts.filters.org);
  if (opts.filters?.year !== undefined) filter.year = opts.filters.year;
  if (opts.filters?.section) filter.section = opts.filters.section;
  if (opts.filters?.documentId) filter.documentId = opts.filters.documentId;

  // A question that names streets is answered from those streets only (never from a neighbour):
  // each named street is searched on its own, so a large library cannot crowd it out of the candidates.
  // The reports the question names (office × year) are searched one by one when they are few.
  const docs = intent.documentIds;
  const scopes: VectorFilter[] =
    filter.orgKey || filter.documentId
      ? [filter]
      : docs && docs.length && docs.length <= 24
        ? docs.map((documentId) => ({ ...filter, documentId }))
        : intent.orgKeys.length
          ? intent.orgKeys.map((k) => ({ ...filter, orgKey: k }))
          : docs && docs.length && intent.years.length === 1 && filter.year === undefined
            ? [{ ...filter, year: intent.years[0] }]
            : [filter];
  const fused = new Map<string, { score: number; bm25Rank: number | null; vectorRank: number | null; vectorScore: number | null }>();
  const entry = (id: string) => {
    let e = fused.get(id);
    if (!e) fused.set(id, (e = { score: 0, bm25Rank: null, vectorRank: null, vectorScore: null }));
    return e;
  };
  const terms = [
    ...tokenize(query).map((term) => ({ term, weight: 1 })),
    ...expansions.flatMap((w) => tokenize(w)).map((term) => ({ term, weight: 0.5 })),
  ];
  const qv = mode !== 'bm25' ? (await lib.embedder.embed([[query, ...expansions].join(' ')]))[0] : null;
  for (const scope of scopes) {
    // The vector search runs in its worker thread while BM25 scores on this one.
    const vectorHits = qv ? lib.vectors.query(qv, { topK: DEPTH, filter: scope }) : null;
    if (mode !== 'vector') {
      (await lib.lexical.search(terms, DEPTH, scope)).forEach((m, rank) => {
        const e = entry(m.id);
        e.score += weights.lexical / (RRF_K + rank + 1);
        e.bm25Rank = rank + 1;
      });
    }
    if (vectorHits) {
      (await vectorHits).forEach((m, rank) => {
        const e = entry(m.id);
        e.score += weights.vector / (RRF_K + rank + 1);
        e.vectorRank = rank + 1;
        e.vectorScore = m.score;
      });
    }
  }

  // Boost on indexed metadata, then read only the winners from the store.
  const ranked: { id: string; score: number; e: NonNullable<ReturnType<typeof fused.get>> }[] = [];
  const metas = await lib.lexical.metas([...fused.keys()]);
  for (const [id, e] of fused) {
    const meta = metas.get(id);
    const report = meta && byId.get(meta.documentId);
    if (!meta || !report) continue; // deleted meanwhile: never return a dangling paragraph
    ranked.push({ id, e, score: opts.boosts === false ? e.score : e.score * boost(intent, meta.section, report) });
  }
  ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const top = ranked.slice(0, topK);
  const paragraphs = new Map((await lib.store.getParagraphs(top.map((t) => t.id))).map((p) => [p.id, p]));
  const scored: Hit[] = [];
  for (const { id, e, score } of top) {
    const paragraph = paragraphs.get(id);
    const report = paragraph && byId.get(paragraph.documentId);
    if (!paragraph || !report) continue;
    scored.push({
      paragraph,
      report: { id: report.id, sourceName: report.sourceName, ...report.meta },
      score,
      signals: { bm25Rank: e.bm25Rank, vectorRank: e.vectorRank, vectorScore: e.vectorScore },
    });
  }
  return { query, intent, expansions, hits: scored };
}

/**
 * The local embedder is itself lexical (hashed words and character bigrams): it mostly re-votes for what
 * BM25 found and adds near-miss matches, so its vote counts half. A semantic model votes equally.
 */
export function defaultWeights(embedderId: string): { lexical: number; vector: number } {
  return embedderId.startsWith('local-') ? { lexical: 1, vector: 0.5 } : { lexical: 1, vector: 1 };
}

function boost(intent: QueryIntent, section: Paragraph['section'], r: ReportSummary): number {
  let f = 1;
  const key = r.meta.org ? orgKey(r.meta.org) : null;
  if (intent.documentIds) f *= intent.documentIds.includes(r.id) ? 2 : 0.4;
  else if (intent.orgKeys.length) f *= key && intent.orgKeys.includes(key) ? 2 : 0.4;
  if (intent.years.length) f *= r.meta.year !== null && intent.years.includes(r.meta.year) ? 1.5 : 0.6;
  if (intent.sections.length) {
    if (section === intent.sections[0]) f *= 1.6;
    else if (intent.sections.includes(section)) f *= 1.25;
  }
  return f;
}
