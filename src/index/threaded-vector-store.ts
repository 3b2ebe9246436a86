// ThreadedVectorStore: the HNSW index in a worker thread, so building it overlaps parsing and embedding on the other core.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { MetadataChange, VectorFilter, VectorMatch, VectorMetadata, VectorStore } from '../ports.ts';
import { AppError, isErrorCode } from '../errors.ts';
import { performance } from 'node:perf_hooks';
import type { HnswOptions, IndexLoad, IndexRejection, LoadTimings } from './hnsw-vector-store.ts';
import type { YearGraphStatus } from './hnsw-year-graphs.ts';

export class ThreadedVectorStore implements VectorStore {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private failed: Error | null = null;
  generation = -1;

  private constructor(
    private readonly worker: Worker,
    private readonly dimensions: number,
  ) {
    worker.on('message', (m: { id: number; result?: unknown; error?: { code: string; message: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref(); // idle: do not keep the process alive
      // Our own errors keep their code; system ones (ENOSPC, EROFS…) keep theirs for storageError().
      if (m.error)
        p.reject(
          isErrorCode(m.error.code)
            ? new AppError(m.error.code, m.error.message)
            : Object.assign(new Error(m.error.message), { code: m.error.code }),
        );
      else p.resolve(m.result);
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`vector index worker exited (${code})`)));
    worker.unref();
  }

  private fail(e: Error) {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private call<T>(op: string, ...args: unknown[]): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref(); // a reply is awaited: keep the process alive
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  private static spawn(dimensions: number): ThreadedVectorStore {
    const source = bundledWorker();
    if (source) return new ThreadedVectorStore(new Worker(source, { eval: true }), dimensions);
    const entry = new URL(
      import.meta.url.endsWith('.ts') ? './hnsw-worker.ts' : './hnsw-worker.js',
      import.meta.url,
    ).href;
    const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry } });
    return new ThreadedVectorStore(worker, dimensions);
  }

  static async create(opts: HnswOptions): Promise<ThreadedVectorStore> {
    const s = ThreadedVectorStore.spawn(opts.dimensions);
    await s.call('create', opts);
    return s;
  }

  /** Null when there is no usable index on disk (the caller rebuilds); throws on an embedder mismatch. */
  static async load(dir: string, opts: HnswOptions): Promise<ThreadedVectorStore | null> {
    return (await ThreadedVectorStore.open(dir, opts)).store;
  }

  /** Like load, saying why an index on disk was not used (the worker checks the file before hnswlib reads it). */
  static async open(dir: string, opts: HnswOptions): Promise<IndexLoad<ThreadedVectorStore>> {
    const t0 = performance.timeOrigin + performance.now();
    const s = ThreadedVectorStore.spawn(opts.dimensions);
    try {
      // Sent at once, not after a reply: this thread may be busy (reading BM25) while the worker starts and loads.
      const r = await s.call<
        ({ generation: number } | { rejected: IndexRejection }) & {
          timings?: LoadTimings;
          startedAt?: number;
        }
      >('load', dir, opts);
      const timings: LoadTimings = { workerStart: (r.startedAt ?? t0) - t0 };
      Object.assign(timings, r.timings);
      if ('rejected' in r) {
        await s.close();
        return { store: null, rejected: r.rejected, timings };
      }
      s.generation = r.generation;
      return { store: s, timings };
    } catch (e) {
      await s.close();
      throw e;
    }
  }

  async upsert(items: { id: string; vector: number[]; metadata: VectorMetadata }[]): Promise<void> {
    for (const item of items) {
      if (item.vector.length !== this.dimensions) {
        throw new AppError(
          'bad_input',
          `向量维度 ${item.vector.length} 与索引维度 ${this.dimensions} 不一致`,
        );
      }
    }
    await this.call('upsert', items);
  }

  async delete(ids: string[]): Promise<void> {
    await this.call('delete', ids);
  }

  async setMetadata(changes: MetadataChange[]): Promise<void> {
    await this.call('setMetadata', changes);
  }

  query(vector: number[], opts: { topK: number; filter?: VectorFilter }): Promise<VectorMatch[]> {
    return this.call('query', vector, opts);
  }

  count(): Promise<number> {
    return this.call('count');
  }

  /** The year graphs (see HnswVectorStore.yearGraphs). */
  yearGraphs(): Promise<YearGraphStatus> {
    return this.call('yearGraphs');
  }

  /** Resolves once no year graph is being read or built in the worker (benches, tests). */
  yearGraphsSettled(): Promise<YearGraphStatus> {
    return this.call('yearGraphsSettled');
  }

  async flush(dir: string, generation: number): Promise<void> {
    await this.call('flush', dir, generation);
    this.generation = generation;
  }

  /** The store in the worker stops first (a file hnswlib is still reading must be finished), then the worker ends. */
  async close(): Promise<void> {
    await this.call('close').catch(() => undefined);
    await this.worker.terminate();
  }
}

let bundled: string | null | undefined;

/**
 * The worker's code as one plain script, bundled once per process from the TypeScript sources (esbuild, ~40 ms):
 * a worker that registers tsx and compiles its modules itself took 1.5–2.9 s to start at load ~11, this one
 * 0.3–0.8 s. hnswlib-node stays a require of its installed path. Null (the tsx bootstrap is used) when running
 * from compiled JavaScript or when bundling fails.
 */
function bundledWorker(): string | null {
  if (bundled !== undefined) return bundled;
  bundled = null;
  if (!import.meta.url.endsWith('.ts')) return bundled;
  try {
    const out = buildSync({
      entryPoints: [fileURLToPath(new URL('./hnsw-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      external: ['hnswlib-node'],
    }).outputFiles[0].text;
    const native = JSON.stringify(createRequire(import.meta.url).resolve('hnswlib-node'));
    const code = out.replaceAll('require("hnswlib-node")', `require(${native})`);
    if (code !== out) bundled = code;
  } catch {
    // the tsx bootstrap below still works
  }
  return bundled;
}
