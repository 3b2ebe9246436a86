// The report library: the store (source of truth) plus the two indexes built from it, kept in step.
import { existsSync, mkdirSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Embedder, IndexVectorStore } from '../ports.ts';
import { AppError } from '../errors.ts';
import { Bm25Index } from '../index/bm25-index.ts';
import { type Bm25WarmOptions, Bm25Warmup } from '../index/bm25-warm.ts';
import {
  readBm25Snapshot,
  writeBm25Snapshot,
  writeBm25SnapshotAsync,
  type SnapshotRejection,
} from '../index/bm25-snapshot.ts';
import {
  HnswVectorStore,
  type HnswOptions,
  type IndexLoad,
  type IndexRejection,
} from '../index/hnsw-vector-store.ts';
import { DeferredVectorStore } from '../index/deferred-vector-store.ts';
import { ThreadedVectorStore } from '../index/threaded-vector-store.ts';
import { SqliteReportStore } from '../store/sqlite-report-store.ts';
import type { Corpus } from './corpus.ts';
import { Mutex } from './mutex.ts';
import { storageError } from './storage-errors.ts';

/** The Node library: SQLite store + in-memory BM25 and an hnswlib index, both written under DATA_DIR. */
export interface Library extends Corpus {
  dataDir: string;
  store: SqliteReportStore;
  vectors: IndexVectorStore;
  lexical: Bm25Index;
  /**
   * How the indexes were obtained at open: loaded from disk or rebuilt from the store; `loading` while the vector
   * index is still being loaded (or rebuilt) in the background (`vectorsInBackground`).
   */
  openedBy: 'loaded' | 'rebuilt' | 'empty' | 'loading';
  /** Resolves once the vector index is usable (at once unless it loads in the background). */
  vectorsReady: Promise<void>;
  /** Why the BM25 index file was not used at open and BM25 was rebuilt from the stored tokens (unset when loaded). */
  lexicalRebuildReason?: SnapshotRejection;
  /** Why the vector index on disk was not used at open (unset when it was loaded). */
  rebuildReason?: { code: IndexRejection['code'] | 'stale'; message: string };
  /** Milliseconds each step of openLibrary took (store, each index's load steps), for the start-up figures. */
  openTimings: Record<string, number>;
  /** Index changes not yet written to disk (see scheduleFlush). */
  dirty: boolean;
  /** The BM25 warm-up running after the open (`warmLexical`); closeLibrary stops it. */
  lexicalWarmup?: Bm25Warmup;
  flushTimer?: ReturnType<typeof setTimeout>;
}

export interface OpenLibraryOptions {
  dataDir: string;
  embedder: Embedder;
  /** For `reindex`: accept a store whose vectors came from another embedder (they will be replaced). */
  allowEmbedderChange?: boolean;
  /** Keep the HNSW index in a worker thread (default), so building it runs beside parsing and embedding. */
  threaded?: boolean;
  /**
   * Return as soon as the store and BM25 are ready and let the vector index load in the background (the server):
   * meanwhile hybrid retrieval answers from BM25 alone and `openedBy` is `loading`. Only when BM25 was read from
   * its file; otherwise both indexes are built before openLibrary returns, as without this option.
   */
  vectorsInBackground?: boolean;
  /**
   * After the open, read ahead in the background what the first searches would read cold (bm25-warm.ts): the server
   * does; a one-off command need not. Serving starts as without it; `lexicalWarmup.done` says when it is over.
   */
  warmLexical?: boolean | Bm25WarmOptions;
}

export async function createVectorStore(opts: HnswOptions, threaded = true): Promise<IndexVectorStore> {
  return threaded ? ThreadedVectorStore.create(opts) : HnswVectorStore.create(opts);
}

/** The index on disk, checked (manifest, then the file's SHA-256) before hnswlib reads it; or why it was not used. */
async function loadVectorStore(
  dir: string,
  opts: HnswOptions,
  threaded = true,
): Promise<IndexLoad<IndexVectorStore>> {
  return threaded ? ThreadedVectorStore.open(dir, opts) : HnswVectorStore.open(dir, opts);
}

export const vectorDir = (dataDir: string) => join(dataDir, 'vectors');
export const lexicalPath = (dataDir: string) => join(dataDir, 'lexical', 'bm25.bin');

/**
 * The BM25 index saved at this generation of the store, or why it cannot be used (then it is rebuilt). A file in the
 * old format is read once and rewritten in the current one, which opens without reading the postings.
 */
function loadLexical(
  dataDir: string,
  generation: number,
  timings?: Record<string, number>,
): { index: Bm25Index } | { rejected: SnapshotRejection } {
  let saved: ReturnType<typeof readBm25Snapshot>;
  try {
    saved = readBm25Snapshot(lexicalPath(dataDir), generation, timings);
  } catch (e) {
    return { rejected: { code: 'format', message: `BM25 索引文件无法读取：${(e as Error).message}` } };
  }
  if ('index' in saved && saved.format === 1) {
    try {
      writeBm25Snapshot(lexicalPath(dataDir), saved.index, generation);
      console.warn('BM25 索引文件已改写为新格式（只需一次，此后启动不再逐项读取索引）');
    } catch (e) {
      console.error(
        `BM25 索引文件未能改写为新格式（${storageError(e)?.message ?? (e as Error).message}），下次启动再试；本次照常使用`,
      );
    }
  }
  return saved;
}

export async function openLibrary(opts: OpenLibraryOptions): Promise<Library> {
  const { dataDir, embedder } = opts;
  const openTimings: Record<string, number> = {};
  const t0 = performance.now();
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.R_OK);
  } catch (cause) {
    throw new AppError('internal', `无法使用数据目录「${dataDir}」：${(cause as Error).message}`, { cause });
  }
  const store = new SqliteReportStore(join(dataDir, 'library.db'));
  const stored = await store.getEmbedder();
  const hasParagraphs = (await store.listReports()).length > 0;
  if (
    stored &&
    hasParagraphs &&
    (stored.id !== embedder.id || stored.dimensions !== embedder.dimensions) &&
    !opts.allowEmbedderChange
  ) {
    await store.close();
    throw new AppError(
      'index_mismatch',
      `数据目录中的段落向量由「${stored.id}」生成，当前配置的是「${embedder.id}」，不能混用；请运行 npm run reindex 用当前配置重建索引`,
    );
  }
  if (!stored || !hasParagraphs)
    await store.setEmbedder({ id: embedder.id, dimensions: embedder.dimensions });

  const hnswOpts = { embedderId: embedder.id, dimensions: embedder.dimensions };
  const generation = await store.generation();
  const threaded = opts.threaded ?? true;
  openTimings.store = performance.now() - t0;
  let vectors: IndexVectorStore | null = null;
  let openedBy: Library['openedBy'] = 'loaded';
  let rebuildReason: Library['rebuildReason'] = { code: 'absent', message: '没有向量索引' };
  // The vector index loads in its worker thread (checked, then read by hnswlib) while BM25 is read here.
  const vectorLoad =
    !opts.allowEmbedderChange && existsSync(vectorDir(dataDir))
      ? loadVectorStore(vectorDir(dataDir), hnswOpts, threaded)
      : null;
  vectorLoad?.catch(() => undefined); // awaited below
  // BM25 comes from its file when it was saved at this generation; otherwise it is rebuilt from the stored tokens.
  const t1 = performance.now();
  const saved = loadLexical(dataDir, generation, openTimings);
  openTimings.bm25 = performance.now() - t1;
  if (vectorLoad && opts.vectorsInBackground && 'index' in saved) {
    openTimings.total = performance.now() - t0;
    const lib = backgroundLoad(
      { dataDir, store, embedder, generation, threaded, openTimings, lexical: saved.index },
      vectorLoad,
    );
    await startWarmup(lib, opts.warmLexical);
    return lib;
  }
  if (vectorLoad) {
    try {
      const r = await vectorLoad;
      vectors = r.store;
      rebuildReason = r.rejected;
      for (const [step, ms] of Object.entries(r.timings ?? {})) openTimings[`hnsw.${step}`] = ms;
      openTimings.vectors = performance.now() - t1;
    } catch (e) {
      await store.close();
      throw e;
    }
    if (vectors && vectors.generation !== generation) {
      await vectors.close(); // stale: a write was not flushed
      rebuildReason = {
        code: 'stale',
        message: `磁盘上的向量索引是第 ${vectors.generation} 代，数据库已是第 ${generation} 代（上次的改动未及写盘）`,
      };
      vectors = null;
    }
  }
  const rebuild = !vectors;
  if (!vectors) vectors = await createVectorStore(hnswOpts, threaded);
  const lexical = 'index' in saved ? saved.index : new Bm25Index();
  const lexicalRebuild = !('index' in saved);
  let count = 0;
  const batch: Parameters<IndexVectorStore['upsert']>[0] = [];
  if (rebuild || lexicalRebuild) {
    for await (const p of store.allParagraphs()) {
      const meta = { documentId: p.documentId, orgKey: p.orgKey, year: p.year, section: p.section };
      if (lexicalRebuild) lexical.add(p.id, p.tokens, meta);
      if (rebuild && p.embedding.length === embedder.dimensions)
        batch.push({ id: p.id, vector: p.embedding, metadata: meta });
      count++;
    }
  }
  let dirty = false;
  const lexicalRebuildReason = lexicalRebuild && count ? saved.rejected : undefined;
  if (lexicalRebuildReason) {
    if (lexicalRebuildReason.code !== 'absent')
      console.warn(`BM25 索引未从磁盘载入：${lexicalRebuildReason.message}。已用数据库中保存的分词结果重建`);
    try {
      writeBm25Snapshot(lexicalPath(dataDir), lexical, generation);
    } catch (e) {
      console.error(
        `重建的 BM25 索引未能写盘（${storageError(e)?.message ?? (e as Error).message}），先在内存中使用；数据库中的报告不受影响`,
      );
      dirty = true;
    }
  }
  if (rebuild) {
    await vectors.upsert(batch);
    openedBy = count ? 'rebuilt' : 'empty';
    if (count && !opts.allowEmbedderChange && rebuildReason) {
      console.warn(
        `向量索引未从磁盘载入：${rebuildReason.message}。已用数据库中保存的 ${batch.length} 个段落向量重建索引，数据库中的报告不受影响`,
      );
    }
    if (count && !opts.allowEmbedderChange) {
      try {
        await vectors.flush(vectorDir(dataDir), generation);
      } catch (e) {
        // A full or read-only disk must not keep the library from serving what it has: the rebuilt index
        // stays in memory (the one on disk is untouched) and is written again at close.
        console.error(
          `重建的向量索引未能写盘（${storageError(e)?.message ?? (e as Error).message}），先在内存中使用；数据库中的报告不受影响`,
        );
        dirty = true;
      }
    }
  }
  openTimings.total = performance.now() - t0;
  const lib: Library = {
    dataDir,
    openTimings,
    store,
    embedder,
    vectors,
    lexical,
    writeLock: new Mutex(),
    openedBy,
    vectorsReady: Promise.resolve(),
    ...(lexicalRebuildReason ? { lexicalRebuildReason } : {}),
    ...(openedBy === 'rebuilt' && rebuildReason && !opts.allowEmbedderChange ? { rebuildReason } : {}),
    dirty,
    indexChanged: async ({ deferred }) => {
      lib.dirty = true;
      if (deferred) scheduleFlush(lib);
      else await flushIndex(lib);
    },
  };
  await startWarmup(lib, opts.warmLexical);
  return lib;
}

/** Starts the BM25 warm-up (see OpenLibraryOptions.warmLexical), with the filters of the years the library holds. */
async function startWarmup(lib: Library, warm: OpenLibraryOptions['warmLexical']): Promise<void> {
  if (!warm) return;
  const years = new Set<number>();
  for (const r of await lib.store.listReports()) if (r.meta.year !== null) years.add(r.meta.year);
  lib.lexicalWarmup = new Bm25Warmup(lib.lexical, {
    years: [...years].sort(),
    ...(warm === true ? {} : warm),
  });
}

/**
 * The library with BM25 ready and the vector index still loading in its worker: a DeferredVectorStore stands for
 * it until then. A stale or unusable index on disk is rebuilt from the stored vectors, still in the background.
 */
function backgroundLoad(
  base: Pick<Library, 'dataDir' | 'store' | 'embedder' | 'openTimings' | 'lexical'> & {
    generation: number;
    threaded: boolean;
  },
  vectorLoad: Promise<IndexLoad<IndexVectorStore>>,
): Library {
  const { dataDir, store, embedder, generation, threaded, openTimings } = base;
  const hnswOpts = { embedderId: embedder.id, dimensions: embedder.dimensions };
  const t0 = performance.now();
  const settle = async (lib: Library): Promise<IndexVectorStore> => {
    const r = await vectorLoad;
    for (const [step, ms] of Object.entries(r.timings ?? {})) openTimings[`hnsw.${step}`] = ms;
    let reason: Library['rebuildReason'] = r.rejected;
    if (r.store && r.store.generation === generation) {
      lib.openedBy = 'loaded';
      return r.store;
    }
    if (r.store) {
      await r.store.close();
      reason = {
        code: 'stale',
        message: `磁盘上的向量索引是第 ${r.store.generation} 代，数据库已是第 ${generation} 代（上次的改动未及写盘）`,
      };
    }
    const vectors = await createVectorStore(hnswOpts, threaded);
    const batch: Parameters<IndexVectorStore['upsert']>[0] = [];
    for await (const p of store.allParagraphs()) {
      if (p.embedding.length !== embedder.dimensions) continue;
      const meta = { documentId: p.documentId, orgKey: p.orgKey, year: p.year, section: p.section };
      batch.push({ id: p.id, vector: p.embedding, metadata: meta });
    }
    await vectors.upsert(batch);
    lib.openedBy = batch.length ? 'rebuilt' : 'empty';
    if (batch.length && reason) {
      lib.rebuildReason = reason;
      console.warn(
        `向量索引未从磁盘载入：${reason.message}。已用数据库中保存的 ${batch.length} 个段落向量重建索引，数据库中的报告不受影响`,
      );
    }
    try {
      await vectors.flush(vectorDir(dataDir), generation);
    } catch (e) {
      console.error(
        `重建的向量索引未能写盘（${storageError(e)?.message ?? (e as Error).message}），先在内存中使用；数据库中的报告不受影响`,
      );
      lib.dirty = true;
    }
    return vectors;
  };
  let settled!: (lib: Library) => void;
  const vectors = new DeferredVectorStore(
    new Promise<IndexVectorStore>((resolve, reject) => {
      settled = (lib) => settle(lib).then(resolve, reject);
    }),
  );
  const lib: Library = {
    ...base,
    vectors,
    openedBy: 'loading',
    vectorsReady: vectors.whenReady.then(() => {
      openTimings.vectorsReady = performance.now() - t0 + openTimings.total;
      if (vectors.failure) console.error(`向量索引载入失败，只用 BM25 检索：${vectors.failure.message}`);
    }),
    writeLock: new Mutex(),
    dirty: false,
    indexChanged: async ({ deferred }) => {
      lib.dirty = true;
      if (deferred) scheduleFlush(lib);
      else await flushIndex(lib);
    },
  };
  settled(lib);
  return lib;
}

/** Writes both indexes if they changed since the last write. Call under the write lock. */
export async function flushIndex(lib: Library): Promise<void> {
  if (!lib.dirty) return;
  const generation = await lib.store.generation();
  // Both are written off this thread's back: the HNSW file by the index's worker, BM25 in slices between requests.
  // Both are awaited even when one fails: the BM25 encoder reads the index until it is done, and the write lock
  // (held by the caller) must keep every change out until then.
  const written = await Promise.allSettled([
    lib.vectors.flush(vectorDir(lib.dataDir), generation),
    writeBm25SnapshotAsync(lexicalPath(lib.dataDir), lib.lexical, generation),
  ]);
  const failed = written.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  lib.dirty = false;
}

/**
 * Writes the index a little later, once for many changes: at 100k paragraphs a write is ~100 MB, too much
 * for every upload. The store stays the source of truth meanwhile: after a crash the stale index on disk is
 * noticed by its generation and rebuilt from the stored paragraphs. closeLibrary writes what is pending.
 */
export function scheduleFlush(lib: Library, ms = 10_000): void {
  lib.dirty = true;
  if (lib.flushTimer) return;
  lib.flushTimer = setTimeout(() => {
    lib.flushTimer = undefined;
    lib.writeLock
      .run(() => flushIndex(lib))
      .catch((e) => console.error(`向量索引写盘失败（重启时会从数据库重建）：${(e as Error).message}`));
  }, ms);
  lib.flushTimer.unref?.();
}

export async function closeLibrary(lib: Library): Promise<void> {
  if (lib.flushTimer) clearTimeout(lib.flushTimer);
  lib.flushTimer = undefined;
  await lib.lexicalWarmup?.stop();
  await lib.writeLock.run(async () => {
    await flushIndex(lib).catch((e) =>
      console.error(`向量索引写盘失败（重启时会从数据库重建）：${(e as Error).message}`),
    );
    await lib.vectors.close();
    lib.lexical.close();
    await lib.store.close();
  });
}
