// Hybrid retrieval: BM25 over jieba tokens + HNSW vectors, fused by reciprocal rank, with filters and boosts.
import { z } from 'zod';
import { SectionKindSchema, type Paragraph, type ReportSummary, type SectionKind } from '../domain.ts';
import type { VectorFilter } from '../ports.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from '../library/corpus.ts';
import { tokenize } from '../text/tokenize.ts';
import { type Lexicon, defaultLexicon, expandQuery, sectionIntent } from './lexicon.ts';
import { analyzeQuestion, asksFigure, asksPlans } from '../question/analyze.ts';
import type { QueryIntent } from './query-intent.ts';
import { type BackoffOptions, backoffWords, canBackoff } from './backoff.ts';
import { statesKind } from '../question/asked-kind.ts';
import { extractFigures } from '../text/figures.ts';
import { charOverlap } from './char-overlap.ts';
import { withoutFrame } from './query-terms.ts';
import { numeralFigureWords } from './numerals.ts';

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
  /** Weights of the two rankings in a reciprocal-rank fusion (k = 60); see defaultFusion. */
  weights?: { lexical: number; vector: number };
  /** How the rankings are fused (overrides weights); see defaultFusion. */
  fusion?: Fusion;
  /** Signals already collected for this query (collectSignals), to fuse them again another way. */
  signals?: Signals;
  /** The question's analysis, when the caller made it already (answering does): never recomputed here. */
  analysis?: QueryIntent;
  /** Library words standing in for question words no paragraph has (see backoffWords); false: none. */
  backoff?: BackoffOptions | false;
  /** Factors for figure questions (see FIGURE_WEIGHTS); for tuning. */
  figureWeights?: FigureWeights;
  /** The sentence-level character pass over the first fused candidates (see RERANK); false: none. */
  rerank?: RerankOptions | false;
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

const DEPTH = 60;

/** What each signal said about one paragraph, before fusion. */
export interface Candidate {
  id: string;
  bm25Rank: number | null;
  bm25Score: number | null;
  vectorRank: number | null;
  vectorScore: number | null;
  /** The best BM25 score and the best/worst cosine in the candidate's scope, for score normalisation. */
  scope: { bm25Max: number; vectorMax: number; vectorMin: number };
}

export interface Signals {
  query: string;
  /** What was searched: the question less the words saying where to look. */
  topic: string;
  intent: QueryIntent;
  expansions: string[];
  candidates: Candidate[];
}

/** Runs BM25 and the vector search (as the mode asks) in every scope the question names; no fusion yet. */
export async function collectSignals(
  lib: Corpus,
  query: string,
  opts: RetrieveOptions = {},
): Promise<Signals> {
  const mode = opts.mode ?? 'hybrid';
  const lexicon = opts.lexicon ?? defaultLexicon;
  const reports = await lib.store.listReports();
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
  const byId = new Map<string, Candidate>();
  const byDocs =
    scopes.some((sc) => sc.documentId && sc !== filter) ||
    scopes.some((sc) => sc.year !== undefined && sc !== filter);
  const topic =
    scopes[0] === filter && !byDocs
      ? query
      : topicOf(query, intent, byDocs && !plansNextYear(intent, reports));
  const topicTokens = withoutFrame(tokenize(topic));
  // Counts spelled in Chinese numerals are searched as the figure words reports print (「两个人」 → 2人, 2名).
  for (const w of numeralFigureWords(topic)) if (!expansions.includes(w)) expansions.push(w);
  if (opts.backoff !== false && canBackoff(lib.embedder)) {
    const known = await lib.lexical.idfs(topicTokens);
    for (const w of backoffWords(lib.embedder, topicTokens, known, opts.backoff || undefined))
      if (!expansions.includes(w)) expansions.push(w);
  }
  const terms = [
    ...topicTokens.map((term) => ({ term, weight: 1 })),
    ...expansions.flatMap((w) => tokenize(w)).map((term) => ({ term, weight: 0.5 })),
  ];
  // A vector index still loading at start is not waited for by a hybrid search: BM25 answers alone meanwhile.
  const vectorSearch = mode === 'vector' || (mode === 'hybrid' && lib.vectors.ready !== false);
  const qv = vectorSearch ? (await lib.embedder.embed([[topic, ...expansions].join(' ')]))[0] : null;
  // Every scope's vector search is sent at once: they run in the index's worker thread while BM25 scores the
  // scopes on this one (one round trip per scope, not one wait per scope). Results are taken in scope order.
  const vectorHits = scopes.map((scope) => {
    if (!qv) return null;
    const p = lib.vectors.query(qv, { topK: DEPTH, filter: scope });
    p.catch(() => undefined); // awaited below, in order; never an unhandled rejection meanwhile
    return p;
  });
  for (const [at, scope] of scopes.entries()) {
    const lexical = mode !== 'vector' ? await lib.lexical.search(terms, DEPTH, scope) : [];
    const vector = vectorHits[at] ? await vectorHits[at] : [];
    const stats = {
      bm25Max: lexical.length ? lexical[0].score : 0,
      vectorMax: vector.length ? vector[0].score : 0,
      vectorMin: vector.length ? vector[vector.length - 1].score : 0,
    };
    const entry = (id: string) => {
      let e = byId.get(id);
      if (!e)
        byId.set(
          id,
          (e = { id, bm25Rank: null, bm25Score: null, vectorRank: null, vectorScore: null, scope: stats }),
        );
      return e;
    };
    lexical.forEach((m, rank) => Object.assign(entry(m.id), { bm25Rank: rank + 1, bm25Score: m.score }));
    vector.forEach((m, rank) => Object.assign(entry(m.id), { vectorRank: rank + 1, vectorScore: m.score }));
  }
  const candidates = [...byId.values()];
  if (scopes.length > 1) {
    // Each named report was searched on its own so none is crowded out; their paragraphs are then ranked
    // together by score (BM25 and cosine are comparable across reports of one library), not round-robin.
    const global = { bm25Max: 0, vectorMax: -Infinity, vectorMin: Infinity };
    const rerank = (key: 'bm25' | 'vector') => {
      const scored = candidates
        .filter((c) => c[`${key}Score`] !== null)
        .sort((a, b) => b[`${key}Score`]! - a[`${key}Score`]! || a.id.localeCompare(b.id));
      scored.forEach((c, i) => (c[`${key}Rank`] = i + 1));
      return scored;
    };
    const lex = rerank('bm25');
    const vec = rerank('vector');
    if (lex.length) global.bm25Max = lex[0].bm25Score!;
    if (vec.length)
      [global.vectorMax, global.vectorMin] = [vec[0].vectorScore!, vec[vec.length - 1].vectorScore!];
    for (const c of candidates) c.scope = global;
  }
  return { query, topic, intent, expansions, candidates };
}

/**
 * The question without the words that only say where to look: the office (and the district written before it)
 * when the search is already confined to that office's reports, and the year when it is confined to reports of
 * that year. Those words would otherwise favour whichever paragraph repeats the office's name or the year
 * (the opening paragraph) over the one about what was asked.
 */
export function topicOf(query: string, intent: QueryIntent, yearScoped: boolean): string {
  let q = query.replace(/\s+/g, '');
  const spans =
    intent.question === q
      ? intent.offices.filter((m) => q.slice(m.start, m.end) === m.mention && m.offices.length)
      : [];
  for (const m of [...spans].sort((a, b) => b.start - a.start))
    q = `${q.slice(0, m.areaStart ?? m.start)} ${q.slice(m.end)}`;
  if (!spans.length) for (const m of intent.offices) if (m.offices.length) q = q.split(m.mention).join(' ');
  if (yearScoped && intent.years.length) {
    q = q.replace(/((?:19|20)?\d{2})年度?/g, (all, y: string, at: number) => {
      const year = y.length === 2 ? 2000 + Number(y) : Number(y);
      return intent.years.includes(year) && !/\d/.test(q[at - 1] ?? '') ? ' ' : all;
    });
  }
  q = q.replace(/\s+/g, ' ').trim();
  return /[\p{L}\p{N}]/u.test(q) ? q : query;
}

/**
 * How the two rankings are combined: weighted reciprocal rank (`rrf`), or a weighted sum of the scores
 * normalised within their scope (`score`: BM25 ÷ the scope's best, cosine min–max over the scope's list).
 */
export type Fusion =
  | { kind: 'rrf'; lexical: number; vector: number; k: number }
  | {
      kind: 'score';
      lexical: number;
      vector: number;
      /** Measured, off by default: the vector weight times agreement(candidates, this k). */
      agreement?: number;
    };

/**
 * How far the two rankings agree on this question: the share of BM25's first `k` candidates that are also among
 * the vector search's first `k`. A vector side that finds other paragraphs than BM25 does is not settling near-ties.
 */
export function agreement(candidates: Candidate[], k: number): number {
  let both = 0;
  let lex = 0;
  for (const c of candidates) {
    if (c.bm25Rank === null || c.bm25Rank > k) continue;
    lex++;
    if (c.vectorRank !== null && c.vectorRank <= k) both++;
  }
  return lex ? both / lex : 0;
}

export function fusedScore(c: Candidate, f: Fusion): number {
  if (f.kind === 'rrf') {
    return (
      (c.bm25Rank ? f.lexical / (f.k + c.bm25Rank) : 0) + (c.vectorRank ? f.vector / (f.k + c.vectorRank) : 0)
    );
  }
  const lex = c.bm25Score !== null && c.scope.bm25Max > 0 ? c.bm25Score / c.scope.bm25Max : 0;
  const span = c.scope.vectorMax - c.scope.vectorMin;
  const vec = c.vectorScore === null ? 0 : span > 1e-9 ? (c.vectorScore - c.scope.vectorMin) / span : 1;
  return f.lexical * lex + f.vector * vec;
}

export async function retrieve(
  lib: Corpus,
  query: string,
  opts: RetrieveOptions = {},
): Promise<RetrieveResult> {
  const topK = Math.max(1, Math.min(opts.topK ?? 8, 100));
  const fusion: Fusion =
    opts.fusion ?? (opts.weights ? { kind: 'rrf', k: 60, ...opts.weights } : defaultFusion(lib.embedder.id));
  const reports = await lib.store.listReports();
  const byId = reportsById(reports);
  const { intent, expansions, candidates, topic } = opts.signals ?? (await collectSignals(lib, query, opts));
  const fused: Fusion =
    fusion.kind === 'score' && fusion.agreement
      ? { ...fusion, vector: fusion.vector * agreement(candidates, fusion.agreement) }
      : fusion;

  // A question asking for a figure is answered by a paragraph that states one (see figureFactor); in such a
  // question a weak section cue (「反映了多少问题」) names what was counted, not a part of the report.
  const figure = opts.boosts === false ? null : figureWeights(intent, opts.figureWeights);
  const sections = plansNextYear(intent, reports)
    ? ['next_steps' as const]
    : figure
      ? figureSections(intent, opts.lexicon ?? defaultLexicon)
      : intent.sections;
  // Boost on indexed metadata, then read only the winners from the store.
  const scoped = intent.documentIds ? new Set(intent.documentIds) : null;
  const ranked: { c: Candidate; score: number; boost: number }[] = [];
  const metas = await lib.lexical.metas(candidates.map((c) => c.id));
  for (const c of candidates) {
    const meta = metas.get(c.id);
    const report = meta && byId.get(meta.documentId);
    if (!meta || !report) continue; // deleted meanwhile: never return a dangling paragraph
    const s = fusedScore(c, fused);
    const f = opts.boosts === false ? 1 : boost(intent, scoped, sections, meta.section, report);
    ranked.push({ c, score: s * f, boost: f });
  }
  ranked.sort((a, b) => b.score - a.score || a.c.id.localeCompare(b.c.id));
  // Not for a question across reports (「各街道存在哪些不足」): it wants each report's paragraphs, and matching
  // characters would favour the reports whose wording happens to echo the question's, crowding others out.
  const rerank =
    (opts.mode ?? 'hybrid') === 'hybrid' && opts.rerank !== false && !intent.across
      ? (opts.rerank ?? RERANK)
      : null;
  // The first few are read: their sentences are matched with the question character by character, and those
  // stating no figure of the kind asked step back (else only the winners are read).
  const depth = Math.max(topK, figure ? RERANK_DEPTH : 0, rerank?.weight ? rerank.depth : 0);
  const top = ranked.slice(0, depth);
  const paragraphs = new Map((await lib.store.getParagraphs(top.map((t) => t.c.id))).map((p) => [p.id, p]));
  if (rerank?.weight) {
    // Each read paragraph gains weight × its best sentence's character overlap with the topic (0–1), times the
    // best fused score read (≈ 1 for normalised scores; a rank fusion's scale is far smaller) and the same
    // office/year/section boosts as its own fused score.
    const read = top.filter((t) => paragraphs.has(t.c.id));
    const scale = Math.max(0, ...read.map((t) => t.score / t.boost));
    const overlap = charOverlap(
      topic ?? query,
      read.map((t) => paragraphs.get(t.c.id)!.text),
    );
    // Measured variants (issue #13, BENCHMARKS.md «fusion at 100k»), all off by default: see RerankOptions.
    const damp = rerank.saturation ? 1 - overlap.reduce((a, b) => a + b, 0) / (overlap.length || 1) : 1;
    const [s0, s1] = [read[0]?.score ?? 0, read[1]?.score ?? 0];
    const lead = rerank.gate === 'lead' && s0 > 0 ? 1 - (s0 - s1) / s0 : 1;
    read.forEach((t, i) => {
      const own =
        rerank.gate === 'lexical'
          ? t.c.bm25Score !== null && t.c.scope.bm25Max > 0
            ? t.c.bm25Score / t.c.scope.bm25Max
            : 0
          : 1;
      t.score += rerank.weight * damp * lead * own * overlap[i] * scale * t.boost;
    });
  }
  if (figure) {
    for (const t of top) {
      const p = paragraphs.get(t.c.id);
      if (p) t.score *= figureFactor(p.text, intent, figure);
    }
  }
  if (figure || rerank?.weight) {
    top.sort((a, b) => b.score - a.score || a.c.id.localeCompare(b.c.id));
    top.length = Math.min(top.length, topK);
  }
  const scored: Hit[] = [];
  for (const { c, score } of top) {
    const paragraph = paragraphs.get(c.id);
    const report = paragraph && byId.get(paragraph.documentId);
    if (!paragraph || !report) continue;
    scored.push({
      paragraph,
      report: { id: report.id, sourceName: report.sourceName, ...report.meta },
      score,
      signals: { bm25Rank: c.bm25Rank, vectorRank: c.vectorRank, vectorScore: c.vectorScore },
    });
  }
  return { query, intent, expansions, hits: scored };
}

/** The fusion retrieve() uses for an embedder, as reciprocal-rank weights (kept for callers of the old API). */
export function defaultWeights(embedderId: string): { lexical: number; vector: number } {
  const f = defaultFusion(embedderId);
  return { lexical: f.lexical, vector: f.vector };
}

/**
 * Chosen on the retrieval eval's dev split (evals/retrieval/tune-fusion.ts): of the fusions with hybrid hit@1
 * and MRR ≥ max(BM25 alone, vector alone) on every dev set, the best mean MRR. For the local embedder (with
 * or without learned word vectors) that is normalised scores with the vector weighing 0.05: BM25 orders, the
 * vector settles near-ties (rank fusions with k 5–60 and a weight 0.2–0.5 also met the rule with learned
 * vectors, at a lower MRR). A semantic model (OpenAI-compatible, not measured here) votes equally.
 */
export function defaultFusion(embedderId: string): Fusion {
  if (embedderId.startsWith('local-')) return { kind: 'score', lexical: 1, vector: 0.05 };
  return { kind: 'rrf', lexical: 1, vector: 1, k: 60 };
}

/** The character pass: how many fused candidates it reads, and the weight of their overlap (0–1) in the score. */
export interface RerankOptions {
  depth: number;
  weight: number;
  /**
   * The weight times 1 − the mean overlap of the candidates read. Where most of them share most of the
   * question's characters (a large library's look-alike paragraphs: copied wording, boilerplate), a higher
   * overlap tells them apart no better than chance, and the pass steps back instead of overturning BM25.
   */
  saturation?: boolean;
  /**
   * `lead`: the weight times 1 − the fused leader's lead over the second (a clear leader is left alone); `lexical`:
   * each candidate's gain times its own BM25 score ÷ the scope's best (the pass reorders what BM25 found).
   */
  gate?: 'lead' | 'lexical';
}

/**
 * Chosen on the dev halves (evals/retrieval/tune-rerank.ts): the best mean hit@5 of the settings that keep
 * hybrid hit@1 and MRR ≥ max(bm25 alone, vector alone) on every dev set. Heavier weights (≥ 1.5) found more
 * paraphrases but pushed section questions' paragraphs down (「存在哪些不足」 has no topic to match by characters).
 */
export const RERANK: RerankOptions = { depth: 60, weight: 0.6 };

/** How many fused candidates a figure question reads and re-weighs. */
const RERANK_DEPTH = 30;

/**
 * A figure question's factors for a paragraph stating no figure at all, and for one stating figures but none
 * of the kind asked (「多少起」 answered by 「3次」). Chosen on the retrieval eval's dev split.
 */
export interface FigureWeights {
  none: number;
  otherKind: number;
}
export const FIGURE_WEIGHTS: FigureWeights = { none: 0.4, otherKind: 0.8 };

/** 「几个街道」「多少份报告」 count the offices asked about, not a figure the answer states. */
const COUNTS_OFFICES = /(?:几|多少)[个份家]?(?:街道|街|镇|乡|区|县|单位|部门|报告)/g;

function figureWeights(intent: QueryIntent, w: FigureWeights = FIGURE_WEIGHTS): FigureWeights | null {
  if (!intent.wantsFigure && !intent.asked.length) return null;
  const rest = intent.question.replace(COUNTS_OFFICES, '，');
  return rest !== intent.question && !asksFigure(rest) ? null : w;
}

function figureFactor(text: string, intent: QueryIntent, w: FigureWeights): number {
  const figures = extractFigures(text).filter(
    (f) => !/^[年月日]$/.test(f.unit) && (f.unit || /[%‰]/.test(f.raw)),
  );
  if (!figures.length) return w.none;
  if (!intent.asked.length || intent.asked.some((k) => statesKind(text, k))) return 1;
  return w.otherKind;
}

/**
 * A year's plans are written in the previous year's report: a question about plans (「2024年准备做哪些工作」)
 * whose reports in scope are all of the year before looks in their 「下一步工作」, keeping the year it names.
 */
function plansNextYear(intent: QueryIntent, reports: ReportSummary[]): boolean {
  if (intent.years.length !== 1 || !intent.documentIds?.length || !asksPlans(intent)) return false;
  const scoped = new Set(intent.documentIds);
  return reports.every((r) => !scoped.has(r.id) || r.meta.year === intent.years[0] - 1);
}

/** The sections a figure question points at once its weak cues (lexicon countedCues) are left out. */
function figureSections(intent: QueryIntent, lexicon: Lexicon): SectionKind[] {
  const weak = lexicon.countedCues ?? [];
  if (!intent.sections.length || !weak.some((w) => intent.question.includes(w))) return intent.sections;
  return sectionIntent(
    weak.reduce((q, w) => q.split(w).join('，'), intent.question),
    lexicon,
  );
}

/**
 * The reports by id. The store hands out the same list until the library changes, so the map is made once per list,
 * not once per question (10,000 reports at 1M paragraphs).
 */
const byIdOf = new WeakMap<ReportSummary[], Map<string, ReportSummary>>();
function reportsById(reports: ReportSummary[]): Map<string, ReportSummary> {
  let m = byIdOf.get(reports);
  if (!m) byIdOf.set(reports, (m = new Map(reports.map((r) => [r.id, r]))));
  return m;
}

function boost(
  intent: QueryIntent,
  scoped: Set<string> | null,
  sections: SectionKind[],
  section: Paragraph['section'],
  r: ReportSummary,
): number {
  let f = 1;
  const key = r.meta.org ? orgKey(r.meta.org) : null;
  if (scoped) f *= scoped.has(r.id) ? 2 : 0.4;
  else if (intent.orgKeys.length) f *= key && intent.orgKeys.includes(key) ? 2 : 0.4;
  if (intent.years.length) f *= r.meta.year !== null && intent.years.includes(r.meta.year) ? 1.5 : 0.6;
  if (sections.length) {
    if (section === sections[0]) f *= 1.6;
    else if (sections.includes(section)) f *= 1.25;
  }
  return f;
}
