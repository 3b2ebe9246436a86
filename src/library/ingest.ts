// Use cases that change the library: ingest files, delete a report, reindex everything.
import type { Report, ReportFormat, ReportMeta, SectionKind } from '../domain.ts';
import type { StoredParagraph, VectorMetadata } from '../ports.ts';
import { AppError, isAppError } from '../errors.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import { parseReport } from '../ingest/parse-report.ts';
import { readDocument } from '../ingest/read-document.ts';
import { tokenize } from '../text/tokenize.ts';
import type { Corpus } from './corpus.ts';
import { type MetaPatch, applyMetaPatch, metaWarnings, sameMeta } from './meta-patch.ts';
import { storageError } from './storage-errors.ts';
import { setReportMeta } from './update-report-meta.ts';

/** A file as uploaded, or a document already read to text elsewhere (npm run cf:push reads PDFs locally). */
export type IngestInput = FileInput | TextInput;
export type FileInput = {
  name: string;
  bytes: Buffer;
  /** What a person says about the report (office, level, district, city, year), over what was read from it. */
  meta?: MetaPatch;
};

export interface TextInput {
  name: string;
  format: ReportFormat;
  text: string;
  meta?: MetaPatch;
  /** Paragraph vectors computed by the sender; used only when made by this library's embedder. */
  vectors?: { embedder: string; byParagraph: Record<string, number[]> };
}

export type IngestOutcome =
  | ({
      name: string;
      status: 'added' | 'replaced' | 'unchanged';
      reportId: string;
      paragraphs: number;
      sections: Partial<Record<SectionKind, number>>;
      /** What a person should fill in (「未识别单位，请填写」); empty when nothing is missing. */
      warnings: string[];
      /** An unchanged file whose metadata the request corrected. */
      metaUpdated?: true;
    } & Pick<ReportMeta, 'title' | 'org' | 'level' | 'district' | 'city' | 'year' | 'orgSource'>)
  | { name: string; status: 'failed'; error: { code: string; message: string } };

export interface IngestOptions {
  maxBytes?: number;
  onProgress?: (done: number, total: number, name: string) => void;
  /** Write the vector index a little later, once for many changes (the server's uploads). */
  deferFlush?: boolean;
}

/** What the indexes see of a paragraph: its heading path gives words the text itself may lack. */
export const indexedText = (p: { sectionPath: string[]; text: string }) =>
  [...p.sectionPath, p.text].join('\n');

const metaOf = (report: Report, section: SectionKind): VectorMetadata => ({
  documentId: report.id,
  orgKey: report.meta.org ? orgKey(report.meta.org) : null,
  year: report.meta.year,
  section,
});

async function prepare(lib: Corpus, input: IngestInput, opts: IngestOptions) {
  const doc =
    'bytes' in input ? await readDocument(input.name, input.bytes, { maxBytes: opts.maxBytes }) : input;
  const parsed = await parseReport({ sourceName: input.name, format: doc.format, text: doc.text });
  const existing = await lib.store.findBySource(input.name);
  const previous = existing && (await lib.store.listReports()).find((r) => r.id === existing.id)?.meta;
  if (existing && previous && existing.contentHash === parsed.contentHash) {
    // Unchanged text: the stored metadata (perhaps corrected by hand before) stays, with this request's overrides.
    return {
      report: { ...parsed, meta: input.meta ? applyMetaPatch(previous, input.meta) : previous },
      existing,
      previous,
      units: null,
    };
  }
  const report: Report = { ...parsed, meta: withOverrides(parsed.meta, previous, input.meta) };
  const texts = report.paragraphs.map(indexedText);
  const vectors =
    ('vectors' in input && senderVectors(lib, report, input.vectors)) || (await lib.embedder.embed(texts));
  const units: StoredParagraph[] = report.paragraphs.map((p, i) => ({
    ...p,
    tokens: tokenize(texts[i]),
    embedding: vectors[i],
  }));
  return { report, existing, previous, units };
}

/**
 * The metadata a report is stored with: what was read from it, with the office a person filled in for an
 * earlier version of the file kept where the new text names none, then the request's overrides.
 */
function withOverrides(
  read: ReportMeta,
  previous: ReportMeta | null | undefined,
  patch: MetaPatch | undefined,
): ReportMeta {
  let meta = read;
  if (previous?.orgSource === 'manual' && !read.org) {
    meta = {
      ...read,
      org: previous.org,
      level: read.level ?? previous.level,
      district: previous.district,
      city: previous.city,
      orgSource: 'manual',
    };
  }
  return patch ? applyMetaPatch(meta, patch) : meta;
}

/** The sender's vectors, when they come from this library's embedder and cover every paragraph. */
function senderVectors(lib: Corpus, report: Report, v: TextInput['vectors']): number[][] | null {
  if (!v) return null;
  if (v.embedder !== lib.embedder.id) {
    throw new AppError(
      'conflict',
      `上传的向量由「${v.embedder}」生成，本库使用「${lib.embedder.id}」；请去掉向量重新上传，由服务端计算`,
    );
  }
  const out = report.paragraphs.map((p) => v.byParagraph[p.id]);
  if (
    out.some(
      (x) => !Array.isArray(x) || x.length !== lib.embedder.dimensions || x.some((n) => !Number.isFinite(n)),
    )
  ) {
    throw new AppError(
      'bad_input',
      `上传的向量与解析出的段落不一致（需要每个段落一个 ${lib.embedder.dimensions} 维向量）`,
    );
  }
  return out;
}

/**
 * Ingests files one by one. A file that fails is reported with a clear error and changes nothing;
 * an unchanged file is a no-op; a changed file replaces its old paragraphs in the store and both indexes.
 */
export async function ingestFiles(
  lib: Corpus,
  inputs: IngestInput[],
  opts: IngestOptions = {},
): Promise<IngestOutcome[]> {
  return lib.writeLock.run(async () => {
    const outcomes: IngestOutcome[] = [];
    let changed = false;
    // Vector inserts run in the index's own thread; they are awaited together before the flush.
    const indexing: Promise<void>[] = [];
    const track = (p: Promise<void>) => {
      p.catch(() => undefined); // inspected below; never an unhandled rejection meanwhile
      indexing.push(p);
    };
    for (const [i, input] of inputs.entries()) {
      try {
        const { report, existing, previous, units } = await prepare(lib, input, opts);
        let metaUpdated = false;
        if (units) {
          const { removed } = await lib.store.replaceReport(report, units);
          await lib.lexical.update(
            removed,
            units.map((u) => ({ id: u.id, tokens: u.tokens, meta: metaOf(report, u.section) })),
          );
          if (removed.length) track(lib.vectors.delete(removed));
          track(
            lib.vectors.upsert(
              units.map((u) => ({ id: u.id, vector: u.embedding, metadata: metaOf(report, u.section) })),
            ),
          );
          changed = true;
        } else if (input.meta && previous && !sameMeta(previous, report.meta)) {
          // Same text, corrected metadata: only the metadata changes (in the store and both indexes).
          await Promise.allSettled(indexing); // earlier vector writes land before any metadata change
          await setReportMeta(lib, report.id, previous, report.meta);
          metaUpdated = changed = true;
        }
        const sections: Partial<Record<SectionKind, number>> = {};
        for (const p of report.paragraphs) sections[p.section] = (sections[p.section] ?? 0) + 1;
        const m = report.meta;
        outcomes.push({
          name: input.name,
          status: !units ? 'unchanged' : existing ? 'replaced' : 'added',
          reportId: report.id,
          title: m.title,
          org: m.org,
          level: m.level,
          district: m.district,
          city: m.city,
          year: m.year,
          orgSource: m.orgSource,
          paragraphs: report.paragraphs.length,
          sections,
          warnings: metaWarnings(m),
          ...(metaUpdated ? { metaUpdated: true as const } : {}),
        });
      } catch (e) {
        const err = isAppError(e)
          ? e
          : (storageError(e) ??
            new AppError('internal', `导入「${input.name}」失败：${(e as Error).message}`, { cause: e }));
        outcomes.push({
          name: input.name,
          status: 'failed',
          error: { code: err.code, message: err.message },
        });
      }
      opts.onProgress?.(i + 1, inputs.length, input.name);
    }
    const failed = (await Promise.allSettled(indexing)).find((r) => r.status === 'rejected');
    if (failed) {
      // The store committed but the index did not take every vector: leave the index unflushed (stale),
      // so the next start rebuilds it from the store, and say so.
      throw new AppError(
        'internal',
        `向量索引更新失败（${(failed as PromiseRejectedResult).reason?.message}）；报告已保存，重启服务时会自动重建索引`,
      );
    }
    if (changed) await lib.indexChanged({ deferred: !!opts.deferFlush });
    return outcomes;
  });
}

/** Removes a report and its paragraphs from the store and from both indexes. */
export async function deleteReport(
  lib: Corpus,
  id: string,
  opts: { deferFlush?: boolean } = {},
): Promise<{ removedParagraphs: number }> {
  return lib.writeLock.run(async () => {
    const res = await lib.store.deleteReport(id);
    if (!res) throw new AppError('not_found', `没有找到报告「${id}」`);
    await lib.lexical.update(res.removed, []);
    await lib.vectors.delete(res.removed);
    await lib.indexChanged({ deferred: !!opts.deferFlush });
    return { removedParagraphs: res.removed.length };
  });
}
