import { describe, expect, it } from 'vitest';
import { DeferredVectorStore } from './deferred-vector-store.ts';
import { HnswVectorStore } from './hnsw-vector-store.ts';

const meta = { documentId: 'd', orgKey: null, year: 2023, section: 'measures' as const };
const v = (i: number) => Array.from({ length: 4 }, (_, j) => Math.cos(i + j));

describe('DeferredVectorStore', () => {
  it('is not ready while loading; writes made meanwhile land in order once it is, and searches wait for it', async () => {
    let loaded!: (s: HnswVectorStore) => void;
    const deferred = new DeferredVectorStore(new Promise((r) => (loaded = r)));
    expect(deferred.ready).toBe(false);
    const writes = [
      deferred.upsert([{ id: 'a', vector: v(1), metadata: meta }]),
      deferred.upsert([{ id: 'b', vector: v(2), metadata: meta }]),
      deferred.delete(['a']),
    ];
    const search = deferred.query(v(2), { topK: 5 });
    const inner = HnswVectorStore.create({ embedderId: 'e', dimensions: 4 });
    await inner.upsert([{ id: 'old', vector: v(9), metadata: meta }]);
    loaded(inner);
    await Promise.all(writes);
    expect(deferred.ready).toBe(true);
    expect((await search).map((m) => m.id).sort()).toEqual(['b', 'old']);
    expect(await deferred.count()).toBe(2);
  });

  it('a failed load fails every later call with its error', async () => {
    const deferred = new DeferredVectorStore(Promise.reject(new Error('index_mismatch')));
    await deferred.whenReady;
    expect(deferred.ready).toBe(false);
    expect(deferred.failure?.message).toBe('index_mismatch');
    await expect(deferred.upsert([{ id: 'a', vector: v(1), metadata: meta }])).rejects.toThrow(
      'index_mismatch',
    );
    await expect(deferred.query(v(1), { topK: 1 })).rejects.toThrow('index_mismatch');
    await deferred.close();
  });
});
