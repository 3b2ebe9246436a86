// DeferredVectorStore: a vector index still loading (or being rebuilt) at start, usable before it is ready.
import type {
  IndexVectorStore,
  MetadataChange,
  VectorFilter,
  VectorMatch,
  VectorMetadata,
} from '../ports.ts';
import type { YearGraphStatus } from './hnsw-year-graphs.ts';

/**
 * Stands for the index a library is loading in the background. Until it is there, `ready` is false and a search
 * waits for it (hybrid retrieval does not ask: it answers from BM25 alone meanwhile, see retrieve.ts); writes and
 * flushes wait too and then run in the order they were made, so nothing written during the load is lost.
 * A load that fails makes every later call fail with its error.
 */
export class DeferredVectorStore implements IndexVectorStore {
  private inner: IndexVectorStore | null = null;
  private error: Error | null = null;
  /** Resolves once the index is there (never rejects: a failed load is kept in `failure`). */
  readonly whenReady: Promise<void>;

  constructor(loading: Promise<IndexVectorStore>) {
    this.whenReady = loading.then(
      (s) => void (this.inner = s),
      (e: Error) => void (this.error = e),
    );
  }

  /** False while the index is loading. */
  get ready(): boolean {
    return this.inner !== null;
  }

  /** Why the load failed (null while loading or once loaded). */
  get failure(): Error | null {
    return this.error;
  }

  get generation(): number {
    return this.inner?.generation ?? -1;
  }

  private async store(): Promise<IndexVectorStore> {
    await this.whenReady;
    if (this.error) throw this.error;
    return this.inner!;
  }

  async upsert(items: { id: string; vector: number[]; metadata: VectorMetadata }[]): Promise<void> {
    return (await this.store()).upsert(items);
  }

  async delete(ids: string[]): Promise<void> {
    return (await this.store()).delete(ids);
  }

  async setMetadata(changes: MetadataChange[]): Promise<void> {
    return (await this.store()).setMetadata(changes);
  }

  async query(vector: number[], opts: { topK: number; filter?: VectorFilter }): Promise<VectorMatch[]> {
    return (this.inner ?? (await this.store())).query(vector, opts);
  }

  async count(): Promise<number> {
    return (await this.store()).count();
  }

  /** Once loaded, until the loaded index's year graphs are read or built (benches; see HnswVectorStore). */
  async yearGraphsSettled(): Promise<YearGraphStatus | null> {
    const s = (await this.store()) as IndexVectorStore & { yearGraphsSettled?(): Promise<YearGraphStatus> };
    return s.yearGraphsSettled ? s.yearGraphsSettled() : null;
  }

  async flush(dir: string, generation: number): Promise<void> {
    return (await this.store()).flush(dir, generation);
  }

  async close(): Promise<void> {
    await this.whenReady;
    await this.inner?.close();
  }
}
