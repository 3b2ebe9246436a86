// Worker-thread side of ThreadedVectorStore: owns an HnswVectorStore and runs its operations one at a time.
import { parentPort } from 'node:worker_threads';
import { HnswVectorStore } from './hnsw-vector-store.ts';

type Request = { id: number; op: string; args: unknown[] };

let store: HnswVectorStore | null = null;
let queue: Promise<unknown> = Promise.resolve();

const ops: Record<string, (...args: any[]) => unknown> = {
  create: (opts) => {
    store = HnswVectorStore.create(opts);
    return { generation: store.generation };
  },
  // The index file is checked (SHA-256 against the manifest) here, before hnswlib reads it: a damaged
  // index would otherwise fault inside the native search and take the whole process down, not just this thread.
  load: async (dir, opts) => {
    const startedAt = performance.timeOrigin + performance.now(); // the parent times the worker's start by it
    const r = await HnswVectorStore.openAsync(dir, opts);
    store = r.store;
    return r.store
      ? { generation: r.store.generation, timings: r.timings, startedAt }
      : { rejected: r.rejected, timings: r.timings, startedAt };
  },
  upsert: async (items) => (await live().upsert(items), live().size),
  delete: async (ids) => (await live().delete(ids), live().size),
  setMetadata: async (changes) => (await live().setMetadata(changes), null),
  query: (vector, opts) => live().query(vector, opts),
  count: () => live().size,
  yearGraphs: () => live().yearGraphs(),
  close: async () => (await store?.close(), null),
  flush: async (dir, generation) => (await live().flush(dir, generation), null),
};

function live(): HnswVectorStore {
  if (!store) throw new Error('vector store not opened');
  return store;
}

parentPort!.on('message', (req: Request) => {
  // Waiting for the year graphs is not queued: it would hold every search and write until they are there.
  if (req.op === 'yearGraphsSettled') {
    Promise.resolve()
      .then(() => live().yearGraphsSettled())
      .then(
        (result) => parentPort!.postMessage({ id: req.id, result }),
        (e: Error) =>
          parentPort!.postMessage({ id: req.id, error: { code: 'internal', message: e.message } }),
      );
    return;
  }
  // Operations are queued: an async flush must not overlap an insert or a search.
  queue = queue.then(async () => {
    try {
      const fn = ops[req.op];
      if (!fn) throw new Error(`unknown op ${req.op}`);
      parentPort!.postMessage({ id: req.id, result: await fn(...req.args) });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      parentPort!.postMessage({
        id: req.id,
        error: { code: err.code ?? 'internal', message: err.message ?? String(e) },
      });
    }
  });
});
