// Use case: correct a report's metadata (office, level, district, city, year). The store commits first, then
// both indexes follow at once; if an index refuses, the store and the indexes are put back as they were.
import type { ReportMeta, ReportSummary } from '../domain.ts';
import type { MetadataChange } from '../ports.ts';
import { AppError, isAppError } from '../errors.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from './corpus.ts';
import { type MetaPatch, applyMetaPatch, sameMeta } from './meta-patch.ts';

/**
 * Applies `patch` to report `id` everywhere it is used: the store (listings, citations, drafting), the lexical
 * index's and the vector store's filter fields (org, year). Returns the report as now stored.
 */
export async function updateReportMeta(
  lib: Corpus,
  id: string,
  patch: MetaPatch,
  opts: { deferFlush?: boolean } = {},
): Promise<ReportSummary> {
  return lib.writeLock.run(async () => {
    const report = (await lib.store.listReports()).find((r) => r.id === id);
    if (!report) throw new AppError('not_found', `没有找到报告「${id}」`);
    const next = applyMetaPatch(report.meta, patch);
    if (sameMeta(next, report.meta)) return report;
    await setReportMeta(lib, id, report.meta, next);
    await lib.indexChanged({ deferred: !!opts.deferFlush });
    return (await lib.store.listReports()).find((r) => r.id === id) ?? { ...report, meta: next };
  });
}

/**
 * Writes `next` in the store, then in both indexes. Call under the write lock; the caller flushes. On an index
 * failure the old metadata is written back everywhere and the error is rethrown: nothing stays half-updated.
 */
export async function setReportMeta(
  lib: Corpus,
  id: string,
  before: ReportMeta,
  next: ReportMeta,
): Promise<void> {
  const res = await lib.store.updateMeta(id, next);
  if (!res) throw new AppError('not_found', `没有找到报告「${id}」`);
  const changes = (m: ReportMeta): MetadataChange[] =>
    res.paragraphs.map((p) => ({
      id: p.id,
      metadata: { documentId: id, orgKey: m.org ? orgKey(m.org) : null, year: m.year, section: p.section },
    }));
  try {
    await lib.vectors.setMetadata(changes(next));
    await lib.lexical.setMetadata(changes(next));
  } catch (e) {
    const restored = await restore(lib, id, before, changes(before));
    if (isAppError(e) && e.code === 'conflict' && restored !== 'nothing') throw e; // refused before writing (Vectorize busy)
    const why = `更新检索索引失败（${(e as Error).message}）`;
    throw new AppError(
      'internal',
      restored === 'all'
        ? `${why}，修改未保存，报告保持原样`
        : restored === 'store'
          ? `${why}，修改未保存，报告保持原样；检索索引未能确认复原，重启服务时会按数据库重建`
          : `${why}，且未能恢复原值；重启服务时会按数据库中的内容重建索引`,
      { cause: e },
    );
  }
}

/** Puts the old metadata back in the store, then in both indexes; says how far it got. */
async function restore(
  lib: Corpus,
  id: string,
  before: ReportMeta,
  changes: MetadataChange[],
): Promise<'all' | 'store' | 'nothing'> {
  try {
    await lib.store.updateMeta(id, before);
  } catch {
    return 'nothing';
  }
  try {
    await lib.vectors.setMetadata(changes);
    await lib.lexical.setMetadata(changes);
  } catch {
    return 'store'; // the index on disk is older than the store now (generation): the next start rebuilds it
  }
  // The store's generation moved on; record that the index again matches it.
  await lib.indexChanged({ deferred: true }).catch(() => undefined);
  return 'all';
}
