// The Vectorize adapter passes the shared VectorStore contract over an in-process binding that follows
// Vectorize's documented behaviour, and copes with what differs: delayed visibility, limits, nulls.
import { describe, expect, it } from 'vitest';
import { InProcessVectorize } from '../../test/worker/in-process-vectorize.ts';
import { vectorStoreContract } from '../index/vector-store.contract.ts';
import { METADATA_INDEXES } from './vectorize.ts';
import { VectorizeVectorStore } from './vectorize-vector-store.ts';

const bindings = new WeakMap<VectorizeVectorStore, InProcessVectorize>();
function make(dimensions: number) {
  const binding = new InProcessVectorize({ dimensions, metadataIndexes: Object.keys(METADATA_INDEXES) });
  const store = new VectorizeVectorStore(binding, { dimensions });
  bindings.set(store, binding);
  return { store, binding };
}

vectorStoreContract('VectorizeVectorStore (in-process Vectorize binding)', async (d) => make(d).store, {
  settle: async (s) => {
    bindings.get(s as VectorizeVectorStore)!.process();
    await (s as VectorizeVectorStore).settled({ pollMs: 1 });
  },
});

const v = (i: number, d = 8) => Array.from({ length: d }, (_, k) => (k === i % d ? 1 : 0.01 * k));
const meta = { documentId: 'r1', orgKey: '大港', year: 2023, section: 'measures' as const };

describe('VectorizeVectorStore and Vectorize behaviour', () => {
  it('a write is invisible until Vectorize processes it; settled() waits for it', async () => {
    const { store, binding } = make(8);
    await store.upsert([{ id: 'a', vector: v(1), metadata: meta }]);
    expect(await store.query(v(1), { topK: 5 })).toEqual([]);
    setTimeout(() => binding.process(), 20);
    await store.settled({ pollMs: 5 });
    expect((await store.query(v(1), { topK: 5 })).map((m) => m.id)).toEqual(['a']);
  });

  it('a deleted id is hidden at once, before Vectorize has processed the delete', async () => {
    const { store, binding } = make(8);
    await store.upsert([
      { id: 'a', vector: v(1), metadata: meta },
      { id: 'b', vector: v(2), metadata: meta },
    ]);
    binding.process();
    await store.delete(['a']);
    expect(binding.pending).toBe(1);
    expect((await store.query(v(1), { topK: 1 })).map((m) => m.id)).toEqual(['b']);
  });

  it('splits large writes into batches of at most 1000 and clamps topK to 100', async () => {
    const { store, binding } = make(8);
    const items = Array.from({ length: 2500 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: meta }));
    await store.upsert(items);
    expect(binding.pending).toBe(3);
    binding.process();
    expect(await store.query(v(3), { topK: 500 })).toHaveLength(100);
    await store.delete(items.map((i) => i.id));
    binding.process();
    expect((await binding.describe()).vectorCount).toBe(0);
  });

  it('refuses ids over 64 bytes and wrong dimensions before sending anything', async () => {
    const { store, binding } = make(8);
    await expect(store.upsert([{ id: '段'.repeat(30), vector: v(1), metadata: meta }])).rejects.toThrow(/64/);
    await expect(store.upsert([{ id: 'x', vector: [1, 2], metadata: meta }])).rejects.toThrow(/维度/);
    expect(binding.pending).toBe(0);
  });

  it('reports without an org or a year stay filterable', async () => {
    const { store, binding } = make(8);
    await store.upsert([
      { id: 'n', vector: v(1), metadata: { ...meta, orgKey: null, year: null } },
      { id: 'd', vector: v(1), metadata: meta },
    ]);
    binding.process();
    expect((await store.query(v(1), { topK: 5, filter: { orgKey: null } })).map((m) => m.id)).toEqual(['n']);
    expect(
      (await store.query(v(1), { topK: 5, filter: { year: 2023, orgKey: '大港' } })).map((m) => m.id),
    ).toEqual(['d']);
  });

  it('a metadata change re-upserts the same vector; one not yet processed is refused (retry), not lost', async () => {
    const { store, binding } = make(8);
    await store.upsert([{ id: 'a', vector: v(1), metadata: meta }]);
    // written seconds ago, not yet visible: changing it now would be overwritten by the pending write
    await expect(
      store.setMetadata([{ id: 'a', metadata: { ...meta, orgKey: '新港' } }]),
    ).rejects.toMatchObject({ code: 'conflict', retryable: true });
    expect(binding.pending).toBe(1);
    binding.process();
    await store.setMetadata([{ id: 'a', metadata: { ...meta, orgKey: '新港', year: 2030 } }]);
    expect(await store.query(v(1), { topK: 5, filter: { orgKey: '新港' } })).toEqual([]); // applied seconds later, like any write
    binding.process();
    expect(
      (await store.query(v(1), { topK: 5, filter: { orgKey: '新港', year: 2030 } })).map((m) => m.id),
    ).toEqual(['a']);
    expect((await binding.getByIds(['a']))[0]).toMatchObject({
      values: v(1),
      metadata: { documentId: 'r1', orgKey: '新港', year: 2030, section: 'measures' },
    });
  });

  it('the binding itself follows the documented limits and operators', async () => {
    const b = new InProcessVectorize({ dimensions: 8, metadataIndexes: ['year'] });
    await b.upsert(
      [1, 2, 3].map((i) => ({ id: `y${i}`, values: v(i), metadata: { year: 2020 + i, org: 'x' } })),
    );
    b.process();
    await expect(b.query(v(1), { topK: 21, returnMetadata: 'all' })).rejects.toThrow(/topK/);
    await expect(b.query(v(1), { topK: 101 })).rejects.toThrow(/topK/);
    const ids = async (filter: object) =>
      (await b.query(v(1), { topK: 10, filter: filter as never })).matches.map((m) => m.id).sort();
    expect(await ids({ year: { $gte: 2022 } })).toEqual(['y2', 'y3']);
    expect(await ids({ year: { $in: [2021, 2023] } })).toEqual(['y1', 'y3']);
    expect(await ids({ year: { $ne: 2021, $lt: 2023 } })).toEqual(['y2']);
    expect(await ids({ org: 'x' })).toEqual([]); // no metadata index on org: filters nothing in
    await b.insert([{ id: 'y1', values: v(5), metadata: { year: 1999 } }]);
    b.process();
    expect((await b.getByIds(['y1']))[0].metadata).toEqual({ year: 2021, org: 'x' }); // insert keeps an existing id
  });
});
