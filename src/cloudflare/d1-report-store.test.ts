// Correcting a report's metadata on Workers, against a real local D1 (wrangler) and the in-process Vectorize
// binding: D1 reports, paragraphs and postings change in one batch; Vectorize follows once it processes the
// upsert; a change Vectorize cannot take yet leaves D1 exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessVectorize } from '../../test/worker/in-process-vectorize.ts';
import { localD1 } from '../../test/worker/local-d1.ts';
import { SEED, seedInputs } from '../../test/helpers.ts';
import { LocalEmbedder } from '../index/local-embedder.ts';
import { ingestFiles } from '../library/ingest.ts';
import { Mutex } from '../library/mutex.ts';
import type { Corpus } from '../library/corpus.ts';
import { updateReportMeta } from '../library/update-report-meta.ts';
import { retrieve } from '../search/retrieve.ts';
import { tokenize } from '../text/tokenize.ts';
import type { D1Database } from './d1.ts';
import { D1LexicalIndex } from './d1-lexical-index.ts';
import { D1ReportStore } from './d1-report-store.ts';
import { METADATA_INDEXES } from './vectorize.ts';
import { VectorizeVectorStore } from './vectorize-vector-store.ts';

let d1: Awaited<ReturnType<typeof localD1>>;
let db: D1Database;
let corpus: Corpus;
let binding: InProcessVectorize;
const embedder = new LocalEmbedder();

beforeAll(async () => {
  d1 = await localD1();
  db = d1.db;
  binding = new InProcessVectorize({
    dimensions: embedder.dimensions,
    metadataIndexes: Object.keys(METADATA_INDEXES),
  });
  corpus = {
    store: new D1ReportStore(db),
    lexical: new D1LexicalIndex(db),
    vectors: new VectorizeVectorStore(binding, { dimensions: embedder.dimensions }),
    embedder,
    writeLock: new Mutex(),
    indexChanged: async () => {},
  };
  await ingestFiles(corpus, seedInputs());
  binding.process();
}, 90_000);
afterAll(async () => d1?.dispose());

const report = async (name: string) => (await corpus.store.listReports()).find((r) => r.sourceName === name)!;
/** The filter fields as D1 holds them: per paragraph, and per posting. */
async function stored(id: string) {
  const paragraphs = await db
    .prepare('SELECT DISTINCT org_key, year FROM paragraphs WHERE document_id = ?')
    .bind(id)
    .all<{ org_key: string | null; year: number }>();
  const postings = await db
    .prepare(
      'SELECT DISTINCT po.org_key, po.year FROM postings po JOIN paragraphs p ON p.pid = po.pid WHERE p.document_id = ?',
    )
    .bind(id)
    .all<{ org_key: string | null; year: number }>();
  const row = await db
    .prepare('SELECT org, org_key, year, meta_extra FROM reports WHERE id = ?')
    .bind(id)
    .first<{ org: string | null; org_key: string | null; year: number; meta_extra: string }>();
  return {
    paragraphs: paragraphs.results,
    postings: postings.results,
    row: { ...row, meta_extra: JSON.parse(row!.meta_extra) },
  };
}
const terms = (q: string) => tokenize(q).map((term) => ({ term, weight: 1 }));
const vectorHits = async (filter: object) =>
  (await corpus.vectors.query((await embedder.embed(['法治 宣传 执法 工作']))[0], { topK: 100, filter })).map(
    (m) => m.id,
  );

describe('D1ReportStore.updateMeta with Vectorize (local D1)', () => {
  it('names an unnamed report: the report row, every paragraph and posting change in one batch; BM25 filters at once', async () => {
    const unnamed = await report(SEED.unnamed);
    const gen = await corpus.store.generation();
    await updateReportMeta(corpus, unnamed.id, { org: '前进街道', district: '东丽区', year: 2020 });
    expect(await corpus.store.generation()).toBe(gen + 1);
    expect(await stored(unnamed.id)).toEqual({
      paragraphs: [{ org_key: '前进', year: 2020 }],
      postings: [{ org_key: '前进', year: 2020 }],
      row: {
        org: '前进街道',
        org_key: '前进',
        year: 2020,
        meta_extra: { level: '街道', city: null, orgSource: 'manual', signoff: null },
      },
    });
    expect((await report(SEED.unnamed)).meta).toMatchObject({
      org: '前进街道',
      district: '东丽区',
      year: 2020,
      orgSource: 'manual',
    });
    const byNew = await corpus.lexical.search(terms('法治 宣传 执法'), 50, { orgKey: '前进', year: 2020 });
    expect(byNew.length).toBeGreaterThan(0);
    const metas = await corpus.lexical.metas(byNew.map((m) => m.id));
    for (const m of byNew)
      expect(metas.get(m.id)).toMatchObject({ documentId: unnamed.id, orgKey: '前进', year: 2020 });
    expect(await corpus.lexical.search(terms('法治 宣传 执法'), 50, { orgKey: null })).toEqual([]);
    const hits = (await retrieve(corpus, '法治宣传教育', { topK: 5, filters: { org: '前进街道' } })).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.report.org === '前进街道' && h.report.year === 2020)).toBe(true);
    // Vectorize has the same vectors with the new metadata once it processed the upsert
    expect(await vectorHits({ orgKey: '前进' })).toEqual([]);
    binding.process();
    expect((await vectorHits({ orgKey: '前进', year: 2020 })).length).toBe(unnamed.paragraphCount);
    expect(await vectorHits({ orgKey: null })).toEqual([]);
  }, 60_000);

  it('a change Vectorize cannot take yet (report just written) is refused with 409 and D1 is left exactly as it was', async () => {
    const dagang = await report(SEED.dagang);
    const text = seedInputs().find((f) => f.name === SEED.dagang)!;
    await ingestFiles(corpus, [
      {
        name: text.name,
        bytes: Buffer.concat([text.bytes, Buffer.from('\n\n五、其他\n\n补充一段说明。\n')]),
      },
    ]);
    const before = await stored(dagang.id);
    const gen = await corpus.store.generation();
    await expect(updateReportMeta(corpus, dagang.id, { org: '小港街', year: 2030 })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('请稍后再修改'),
    });
    expect(await stored(dagang.id)).toEqual(before);
    expect((await report(SEED.dagang)).meta).toMatchObject({ org: '大港街', year: 2023, orgSource: 'title' });
    expect(await corpus.store.generation()).toBe(gen + 2);
    expect(await corpus.lexical.search(terms('行政处罚'), 10, { orgKey: '小港' })).toEqual([]);
    binding.process();
    await updateReportMeta(corpus, dagang.id, { org: '小港街', year: 2030 });
    expect((await stored(dagang.id)).postings).toEqual([{ org_key: '小港', year: 2030 }]);
    expect(await updateReportMeta(corpus, 'rmissing', { year: 2020 }).catch((e) => e.code)).toBe('not_found');
  }, 60_000);
});
