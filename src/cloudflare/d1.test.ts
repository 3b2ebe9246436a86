// The D1 adapters against a real local D1 (wrangler's getPlatformProxy, migrations applied with wrangler):
// the report store, BM25 over D1 postings ranked exactly like the in-memory index, traces, drafts, eval cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localD1 } from '../../test/worker/local-d1.ts';
import { seedInputs } from '../../test/helpers.ts';
import { Bm25Index } from '../index/bm25-index.ts';
import { LocalEmbedder } from '../index/local-embedder.ts';
import { ingestFiles } from '../library/ingest.ts';
import { Mutex } from '../library/mutex.ts';
import type { Corpus } from '../library/corpus.ts';
import type { VectorStore } from '../ports.ts';
import { tokenize } from '../text/tokenize.ts';
import type { D1Database } from './d1.ts';
import { D1DraftStore } from './d1-draft-store.ts';
import { D1EvalCaseSink } from './d1-eval-case-sink.ts';
import { D1LexicalIndex } from './d1-lexical-index.ts';
import { D1ReportStore } from './d1-report-store.ts';
import { D1TraceStore } from './d1-trace-store.ts';
import { loadDraftContext } from '../draft/evidence.ts';
import { DraftRequestSchema } from '../draft/types.ts';

const nullVectors: VectorStore = {
  upsert: async () => {},
  delete: async () => {},
  setMetadata: async () => {},
  query: async () => [],
};

let d1: Awaited<ReturnType<typeof localD1>>;
let db: D1Database;
let corpus: Corpus;

/** The in-memory index over what D1 now holds, built the way the Node server builds it. */
async function referenceIndex(store: D1ReportStore): Promise<Bm25Index> {
  const ref = new Bm25Index();
  for (const r of await store.listReports()) {
    const full = (await store.getReport(r.id))!;
    for (const p of full.paragraphs) {
      ref.add(p.id, tokenize([...p.sectionPath, p.text].join('\n')), {
        documentId: r.id,
        orgKey: null,
        year: r.meta.year,
        section: p.section,
      });
    }
  }
  return ref;
}

const QUESTIONS = [
  '西于庄街道2024年行政处罚多少起',
  '法治宣传教育活动',
  '存在的不足 执法人员',
  '下一步 工作打算 依法行政',
  '人民调解 矛盾纠纷 化解',
  '公职律师 合法性审查',
];

beforeAll(async () => {
  d1 = await localD1();
  db = d1.db;
  corpus = {
    store: new D1ReportStore(db),
    lexical: new D1LexicalIndex(db),
    vectors: nullVectors,
    embedder: new LocalEmbedder(),
    writeLock: new Mutex(),
    indexChanged: async () => {},
  };
}, 60_000);
afterAll(async () => d1?.dispose());

describe('D1 adapters (local D1 from wrangler)', () => {
  it('the migrations created the schema: an empty library', async () => {
    expect(await corpus.store.listReports()).toEqual([]);
    expect(await corpus.lexical.count()).toBe(0);
    expect(await corpus.store.generation()).toBe(0);
  });

  it('ingests the seed corpus through the shared ingest use case', async () => {
    const out = await ingestFiles(corpus, seedInputs());
    expect(out.map((o) => o.status)).toEqual(['added', 'added', 'added', 'added', 'added']);
    const reports = await corpus.store.listReports();
    expect(reports).toHaveLength(5);
    const total = reports.reduce((s, r) => s + r.paragraphCount, 0);
    expect(await corpus.lexical.count()).toBe(total);
    const again = await ingestFiles(corpus, seedInputs());
    expect(again.every((o) => o.status === 'unchanged')).toBe(true);
  }, 60_000);

  it('reads reports and paragraphs back as stored, in order', async () => {
    const [r] = await corpus.store.listReports();
    const full = (await corpus.store.getReport(r.id))!;
    expect(full.paragraphs.length).toBe(r.paragraphCount);
    expect(full.paragraphs.map((p) => p.ordinal)).toEqual(
      [...full.paragraphs.map((p) => p.ordinal)].sort((a, b) => a - b),
    );
    const ids = [full.paragraphs[3].id, full.paragraphs[0].id, 'missing'];
    expect((await corpus.store.getParagraphs(ids)).map((p) => p.id)).toEqual(ids.slice(0, 2));
    expect(await corpus.store.findBySource(r.sourceName)).toEqual({ id: r.id, contentHash: r.contentHash });
  });

  it('BM25 over D1 ranks exactly like the in-memory index (same ids, same scores, same idf)', async () => {
    const ref = await referenceIndex(corpus.store as D1ReportStore);
    for (const q of QUESTIONS) {
      const terms = tokenize(q).map((term) => ({ term, weight: 1 }));
      const mine = await corpus.lexical.search(terms, 20);
      const theirs = ref.search(terms, 20);
      expect(mine.map((m) => m.id)).toEqual(theirs.map((m) => m.id));
      mine.forEach((m, i) => expect(m.score).toBeCloseTo(theirs[i].score, 9));
      const idfs = await corpus.lexical.idfs(terms.map((t) => t.term));
      for (const t of terms) expect(idfs.get(t.term)).toBeCloseTo(ref.idf(t.term), 12);
    }
  });

  it('reads a common term’s postings best-first and at most the cap per term', async () => {
    const capped = new D1LexicalIndex(db, 5);
    const [common] = [...(await corpus.lexical.idfs(tokenize('法治政府建设 行政执法 依法行政 法律顾问')))]
      .filter(([, v]) => v > 0)
      .sort((a, b) => a[1] - b[1]);
    const all = await corpus.lexical.search([{ term: common[0], weight: 1 }], 1000);
    expect(all.length).toBeGreaterThan(20);
    const few = await capped.search([{ term: common[0], weight: 1 }], 1000);
    expect(few.length).toBe(5);
    const paragraphs = await corpus.store.getParagraphs(few.map((m) => m.id));
    for (const p of paragraphs) expect(tokenize([...p.sectionPath, p.text].join('\n'))).toContain(common[0]);
    // Reading best-first keeps the strongest matches: the capped top 5 are among the uncapped top 10.
    const top10 = new Set(all.slice(0, 10).map((m) => m.id));
    expect(few.filter((m) => top10.has(m.id)).length).toBeGreaterThanOrEqual(4);
  });

  it('filters by org, report, year and section, and returns each paragraph’s metadata', async () => {
    const reports = await corpus.store.listReports();
    const xyz = reports.find((r) => r.meta.org?.startsWith('西于庄'))!;
    const terms = tokenize('法治 宣传 执法').map((term) => ({ term, weight: 1 }));
    const byOrg = await corpus.lexical.search(terms, 50, { orgKey: '西于庄' });
    expect(byOrg.length).toBeGreaterThan(0);
    const metas = await corpus.lexical.metas(byOrg.map((m) => m.id));
    for (const m of byOrg)
      expect(metas.get(m.id)).toMatchObject({ documentId: xyz.id, orgKey: '西于庄', year: 2024 });
    const sectioned = await corpus.lexical.search(terms, 50, { documentId: xyz.id, section: 'shortcomings' });
    const sm = await corpus.lexical.metas(sectioned.map((m) => m.id));
    for (const m of sectioned) expect(sm.get(m.id)?.section).toBe('shortcomings');
    const unnamed = reports.find((r) => !r.meta.org)!;
    const nulls = await corpus.lexical.search(terms, 50, { orgKey: null });
    const nm = await corpus.lexical.metas(nulls.map((m) => m.id));
    for (const m of nulls) expect(nm.get(m.id)?.documentId).toBe(unnamed.id);
  });

  it('replacing and deleting a report keeps postings, df and lengths exact (one transaction each)', async () => {
    const g0 = await corpus.store.generation();
    const [first] = seedInputs();
    const changed = {
      name: first.name,
      bytes: Buffer.concat([
        first.bytes,
        Buffer.from('\n\n三、其他\n\n本年度新增一段用于测试替换的文字，含特有词语甲乙丙丁。\n'),
      ]),
    };
    const [out] = await ingestFiles(corpus, [changed]);
    expect(out.status).toBe('replaced');
    const reports = await corpus.store.listReports();
    const victim = reports.find((r) => r.sourceName !== first.name)!;
    expect((await corpus.store.deleteReport(victim.id))!.removed.length).toBe(victim.paragraphCount);
    expect(await corpus.store.deleteReport(victim.id)).toBeNull();
    expect(await corpus.store.generation()).toBe(g0 + 2);
    const ref = await referenceIndex(corpus.store as D1ReportStore);
    expect(await corpus.lexical.count()).toBe(ref.size);
    for (const q of [...QUESTIONS, '甲乙丙丁']) {
      const terms = tokenize(q).map((term) => ({ term, weight: 1 }));
      const mine = await corpus.lexical.search(terms, 20);
      expect(mine.map((m) => m.id)).toEqual(ref.search(terms, 20).map((m) => m.id));
    }
    const orphans = await db
      .prepare('SELECT COUNT(*) AS n FROM postings WHERE pid NOT IN (SELECT pid FROM paragraphs)')
      .first<{ n: number }>();
    expect(orphans!.n).toBe(0);
    const postings = await db.prepare('SELECT COUNT(*) AS n FROM postings').first<{ n: number }>();
    const stats = await db
      .prepare('SELECT paragraphs, total_length FROM lexical_stats')
      .first<{ paragraphs: number; total_length: number }>();
    const sums = await db
      .prepare('SELECT COUNT(*) AS n, SUM(token_count) AS len FROM paragraphs')
      .first<{ n: number; len: number }>();
    expect(stats).toEqual({ paragraphs: sums!.n, total_length: sums!.len });
    expect(postings!.n).toBeGreaterThan(sums!.n);
    const badDf = await db
      .prepare(
        'SELECT COUNT(*) AS n FROM terms t WHERE df != (SELECT COUNT(*) FROM postings p WHERE p.term = t.term)',
      )
      .first<{ n: number }>();
    expect(badDf!.n).toBe(0);
  }, 60_000);

  it('drafting reads past sections in one batch, and at most draftOtherReports other reports', async () => {
    const reports = await corpus.store.listReports();
    const bySection = await (corpus.store as D1ReportStore).getSectionParagraphs(
      reports.map((r) => r.id),
      ['shortcomings', 'next_steps'],
    );
    let n = 0;
    for (const [id, ps] of bySection) {
      for (const p of ps)
        expect([p.documentId, ['shortcomings', 'next_steps'].includes(p.section)]).toEqual([id, true]);
      expect(ps.map((p) => p.ordinal)).toEqual([...ps.map((p) => p.ordinal)].sort((a, b) => a - b));
      n += ps.length;
    }
    expect(n).toBeGreaterThan(10);
    const req = DraftRequestSchema.parse({ section: 'shortcomings', org: '西于庄街道', year: 2026 });
    const all = await loadDraftContext(corpus, req);
    const bounded = await loadDraftContext({ ...corpus, draftOtherReports: 1 }, req);
    expect(all.past.length).toBeGreaterThan(2);
    expect(bounded.past.length).toBe(bounded.own.length + 1);
    expect(bounded.own.map((r) => r.id)).toEqual(all.own.map((r) => r.id));
    const roomy = await loadDraftContext({ ...corpus, draftOtherReports: 300 }, req);
    expect(roomy.points).toEqual(all.points);
  });

  it('keeps traces with filters and reviews, drafts, and eval cases', async () => {
    const traces = new D1TraceStore(db);
    const base = {
      conversationId: 'c1',
      question: '处罚多少起',
      resolvedQuestion: '处罚多少起',
      request: {},
      answer: '全年行政处罚191起[1]。',
      answerable: true,
      mode: 'extractive' as const,
      model: 'extractive',
      promptHash: null,
      citations: [],
      retrieved: [],
      timings: {},
      review: null,
      feedback: null,
      verification: { ok: true } as never,
    };
    await traces.record({ ...base, id: 't1', createdAt: '2026-01-01T00:00:00Z' });
    await traces.record({
      ...base,
      id: 't2',
      createdAt: '2026-01-02T00:00:00Z',
      question: '调解',
      verification: { ok: false } as never,
    });
    expect((await traces.lastInConversation('c1'))!.id).toBe('t2');
    expect((await traces.list({ limit: 10, offset: 0, failed: true })).items.map((t) => t.id)).toEqual([
      't2',
    ]);
    expect((await traces.list({ limit: 10, offset: 0, q: '调解' })).total).toBe(1);
    expect(await traces.review('nope', { verdict: 'correct', reviewedAt: 'x' })).toBeNull();
    const reviewed = await traces.review('t1', { verdict: 'correct', reviewedAt: '2026-01-03T00:00:00Z' });
    expect(reviewed!.review!.verdict).toBe('correct');
    expect(
      (await traces.list({ limit: 10, offset: 0, verdict: 'unreviewed' })).items.map((t) => t.id),
    ).toEqual(['t2']);

    const drafts = new D1DraftStore(db);
    const d = {
      draftId: 'd1',
      createdAt: '2026-01-01T00:00:00Z',
      request: { section: 'shortcomings', org: '大港街道', year: 2025 },
      mode: 'extractive',
      verification: { ok: true },
      points: [],
      trace: { evidence: [], promptHash: null, timings: {} },
    } as never;
    await drafts.save(d);
    await drafts.update({ ...(d as object), editedAt: 'x' } as never);
    expect((await drafts.get('d1'))!.editedAt).toBe('x');
    expect((await drafts.list({ limit: 5, offset: 0 })).total).toBe(1);

    const sink = new D1EvalCaseSink(db);
    const c = {
      id: 'reviewed-t1',
      type: 'reviewed' as const,
      question: 'q',
      answerable: true,
      facts: ['191起'],
      cite: [],
      from: { traceId: 't1', verdict: 'correct', reviewedAt: 'x' },
    };
    expect(await sink.save(c)).toContain('reviewed-t1');
    await sink.save(c);
    expect(await sink.list()).toEqual([c]);
  });
});
