// The VectorStore contract: one suite every adapter runs (hnswlib in process and in a worker thread, Vectorize).
import { describe, expect, it } from 'vitest';
import type { VectorMetadata, VectorStore } from '../ports.ts';

const DIM = 16;

function unit(seed: number): number[] {
  const v = Array.from({ length: DIM }, (_, i) => (Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1);
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}
const meta = (i: number): VectorMetadata => ({
  documentId: `doc${i % 3}`,
  orgKey: ['大港', '金桥', null][i % 3],
  year: 2021 + (i % 4),
  section: (['measures', 'shortcomings', 'next_steps'] as const)[i % 3],
});

/**
 * `make` builds an empty store. Stores that apply writes later (Vectorize) pass `settle`, called after each
 * write before reading; the suite then checks the state once the writes are visible.
 */
export function vectorStoreContract(
  name: string,
  makeStore: (dimensions: number) => Promise<VectorStore>,
  opts: { settle?: (s: VectorStore) => Promise<void> } = {},
) {
  const settle = opts.settle ?? (async () => {});
  // Every write is followed by settle(): wrap the store once so the tests read as for a synchronous store.
  const make = async (dimensions: number): Promise<VectorStore> => {
    const s = await makeStore(dimensions);
    return {
      upsert: async (items) => {
        await s.upsert(items);
        await settle(s);
      },
      delete: async (ids) => {
        await s.delete(ids);
        await settle(s);
      },
      setMetadata: async (changes) => {
        await s.setMetadata(changes);
        await settle(s);
      },
      query: (v, o) => s.query(v, o),
    };
  };
  describe(`VectorStore contract: ${name}`, () => {
    it('finds an inserted vector as its own nearest neighbour, with similarity ≈ 1', async () => {
      const s = await make(DIM);
      await s.upsert(
        Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, vector: unit(i), metadata: meta(i) })),
      );
      const res = await s.query(unit(7), { topK: 3 });
      expect(res[0].id).toBe('p7');
      expect(res[0].score).toBeCloseTo(1, 4);
      expect(res.length).toBe(3);
      expect(res[0].score).toBeGreaterThanOrEqual(res[1].score);
    });

    it('upsert replaces the vector and metadata of an existing id', async () => {
      const s = await make(DIM);
      await s.upsert([
        { id: 'a', vector: unit(1), metadata: meta(0) },
        { id: 'b', vector: unit(2), metadata: meta(1) },
      ]);
      await s.upsert([{ id: 'a', vector: unit(3), metadata: { ...meta(0), year: 1999 } }]);
      const res = await s.query(unit(3), { topK: 2 });
      expect(res[0].id).toBe('a');
      expect(res.filter((r) => r.id === 'a')).toHaveLength(1);
      expect((await s.query(unit(3), { topK: 5, filter: { year: 1999 } })).map((r) => r.id)).toEqual(['a']);
    });

    it('filters by equality on every field given (AND)', async () => {
      const s = await make(DIM);
      await s.upsert(
        Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, vector: unit(i), metadata: meta(i) })),
      );
      const res = await s.query(unit(0), { topK: 20, filter: { orgKey: '大港', section: 'measures' } });
      expect(res.length).toBeGreaterThan(0);
      for (const r of res) expect(Number(r.id.slice(1)) % 3).toBe(0);
      const none = await s.query(unit(0), { topK: 5, filter: { orgKey: '大港', section: 'shortcomings' } });
      expect(none).toEqual([]);
    });

    it('deleted ids never come back, and deleting an unknown id is harmless', async () => {
      const s = await make(DIM);
      await s.upsert(
        Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, vector: unit(i), metadata: meta(i) })),
      );
      await s.delete(['p5', 'nope']);
      const res = await s.query(unit(5), { topK: 20 });
      expect(res.map((r) => r.id)).not.toContain('p5');
      expect(res).toHaveLength(19);
    });

    it('an empty store or topK 0 answers nothing; topK larger than the store answers all', async () => {
      const s = await make(DIM);
      expect(await s.query(unit(1), { topK: 5 })).toEqual([]);
      await s.upsert([{ id: 'x', vector: unit(1), metadata: meta(0) }]);
      expect(await s.query(unit(1), { topK: 0 })).toEqual([]);
      expect(await s.query(unit(1), { topK: 100 })).toHaveLength(1);
    });

    it('setMetadata changes what filters see and keeps the vector; a deleted id is not brought back', async () => {
      const s = await make(DIM);
      await s.upsert(
        Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, vector: unit(i), metadata: meta(i) })),
      );
      const moved = [0, 3, 6].map((i) => ({
        id: `p${i}`,
        metadata: { ...meta(i), orgKey: '新桥', year: 2030 },
      }));
      await s.setMetadata(moved);
      const byNew = await s.query(unit(3), { topK: 10, filter: { orgKey: '新桥' } });
      expect(byNew.map((r) => r.id).sort()).toEqual(['p0', 'p3', 'p6']);
      expect(byNew[0]).toMatchObject({ id: 'p3' });
      expect(byNew[0].score).toBeCloseTo(1, 4);
      expect(
        (await s.query(unit(3), { topK: 10, filter: { orgKey: '新桥', year: 2030, section: 'measures' } }))
          .map((r) => r.id)
          .sort(),
      ).toEqual(['p0', 'p3', 'p6']);
      const byOld = await s.query(unit(3), { topK: 30, filter: { orgKey: '大港' } });
      expect(byOld.map((r) => r.id)).not.toContain('p3');
      expect(byOld).toHaveLength(7);
      expect(await s.query(unit(1), { topK: 30 })).toHaveLength(30);
      // a paragraph that came back without an org is filtered as such
      await s.setMetadata([{ id: 'p3', metadata: { ...meta(3), orgKey: null } }]);
      expect((await s.query(unit(3), { topK: 30, filter: { orgKey: null } })).map((r) => r.id)).toContain(
        'p3',
      );
      await s.delete(['p0']);
      await s.setMetadata([{ id: 'p0', metadata: meta(0) }]).catch(() => undefined); // skipped, or refused (Vectorize)
      expect((await s.query(unit(0), { topK: 30 })).map((r) => r.id)).not.toContain('p0');
    });

    it('rejects a vector of the wrong dimension without changing anything', async () => {
      const s = await make(DIM);
      await s.upsert([{ id: 'x', vector: unit(1), metadata: meta(0) }]);
      await expect(s.upsert([{ id: 'y', vector: [1, 2, 3], metadata: meta(0) }])).rejects.toThrow();
      expect(await s.query(unit(1), { topK: 10 })).toHaveLength(1);
    });
  });
}
