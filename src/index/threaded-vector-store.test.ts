import { afterAll, describe, expect, it } from 'vitest';
import { ThreadedVectorStore } from './threaded-vector-store.ts';

const v = (i: number) => {
  const x = Array.from({ length: 8 }, (_, j) => Math.sin(i * 1.7 + j * (1 + (i % 5))));
  const n = Math.hypot(...x);
  return x.map((y) => y / n);
};

const stores: ThreadedVectorStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

describe('ThreadedVectorStore searches asked for in the same turn', () => {
  it('go to the worker as one message and answer each as alone', async () => {
    const s = await ThreadedVectorStore.create({ embedderId: 'e', dimensions: 8, initialCapacity: 8 });
    stores.push(s);
    await s.upsert(
      Array.from({ length: 200 }, (_, i) => ({
        id: `p${i}`,
        vector: v(i),
        metadata: {
          documentId: `d${i % 10}`,
          orgKey: null,
          year: 2020 + (i % 2),
          section: 'measures' as const,
        },
      })),
    );
    const asks = [
      { topK: 5 },
      { topK: 7, filter: { documentId: 'd3' } },
      { topK: 4, filter: { year: 2021 } },
    ];
    const alone = [];
    for (const o of asks) alone.push(await s.query(v(500), o));
    const messages = (x: ThreadedVectorStore) => (x as unknown as { seq: number }).seq;
    const before = messages(s);
    const together = await Promise.all(asks.map((o) => s.query(v(500), o)));
    expect(messages(s) - before).toBe(1);
    expect(together).toEqual(alone);
    expect(together.map((r) => r.length)).toEqual([5, 7, 4]);
  });

  it('fail together when the worker fails the batch', async () => {
    const s = await ThreadedVectorStore.create({ embedderId: 'e', dimensions: 8, initialCapacity: 8 });
    stores.push(s);
    await s.upsert([
      { id: 'a', vector: v(1), metadata: { documentId: 'd', orgKey: null, year: null, section: 'measures' } },
    ]);
    const results = await Promise.allSettled([s.query(v(2), { topK: 1 }), s.query([1, 2, 3], { topK: 1 })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await s.query(v(2), { topK: 1 }))[0].id).toBe('a'); // the store still answers
  });
});
