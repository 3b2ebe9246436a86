// Corpus: what the use cases (retrieve, answer, draft, ingest) read and write, as ports only — so the same
// code runs on the Node server (SQLite + in-memory BM25 + hnswlib) and on Workers (D1 + Vectorize).
import type { Embedder, LexicalIndex, ReportStore, VectorStore } from '../ports.ts';
import type { Mutex } from './mutex.ts';

export interface Corpus {
  store: ReportStore;
  embedder: Embedder;
  vectors: VectorStore;
  lexical: LexicalIndex;
  /** Serialises writes (ingest, delete, reindex); reads never wait. */
  writeLock: Mutex;
  /**
   * Called under the write lock after the indexes changed. Node writes its vector index file now or a
   * little later (`deferred`); stores that commit as they go (D1, Vectorize) have nothing to do.
   */
  indexChanged(opts: { deferred: boolean }): Promise<void>;
  /**
   * Drafting mines the past 「不足」「下一步」 of other streets' reports. Unset: every past report (Node keeps
   * them mined in memory). A Worker has ~1000 D1 queries and 128 MB per request, so it drafts from the org's
   * own reports plus at most this many others: same district first, then the most recent.
   */
  readonly draftOtherReports?: number;
  /**
   * How a local vector index was obtained at start (Node), `loading` while it still loads in the background;
   * absent where the index is a service.
   */
  readonly openedBy?: 'loaded' | 'rebuilt' | 'empty' | 'loading';
}
