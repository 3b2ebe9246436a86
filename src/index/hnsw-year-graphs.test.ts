import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VectorFilter } from '../ports.ts';
import { cleanupTempDirs, tempDir } from '../../test/helpers.ts';
import { HnswVectorStore } from './hnsw-vector-store.ts';
import { ThreadedVectorStore } from './threaded-vector-store.ts';

afterAll(cleanupTempDirs);

const DIMS = 8;
const v = (i: number) => {
  const x = Array.from({ length: DIMS }, (_, j) => Math.cos(i * 3.1 + j * (1 + (i % 7))));
  const n = Math.hypot(...x);
  return x.map((y) => y / n);
};
const meta = (i: number) => ({
  documentId: `d${i % 20}`,
  orgKey: null,
  // 170 vectors in 2020 and in 2021 (past the minimum of 120 below: graphs), 110 in 2022 (the whole graph, filtered)
  year: 2020 + (i < 330 ? i % 3 : i % 2),
  section: i % 2 ? ('measures' as const) : ('shortcomings' as const),
});
const N = 450;
const items = Array.from({ length: N }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: meta(i) }));
const opts = { embedderId: 'e', dimensions: DIMS, yearGraphMin: 120, efSearch: 512 };

/** The exact answer: every vector the filter accepts, by cosine. */
function exact(q: number[], filter: VectorFilter, k: number, pool = items) {
  return pool
    .filter((it) => Object.entries(filter).every(([key, val]) => it.metadata[key as 'year'] === val))
    .map((it) => ({ id: it.id, score: it.vector.reduce((s, x, j) => s + x * q[j], 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((m) => m.id);
}

const ids = async (s: HnswVectorStore, q: number[], filter: VectorFilter, k = 10) =>
  (await s.query(q, { topK: k, filter })).map((m) => m.id);

describe('HnswVectorStore year graphs', () => {
  it('builds a graph for each year past the minimum and answers year-scoped searches from it', async () => {
    const s = HnswVectorStore.create(opts);
    await s.upsert(items);
    const status = await s.yearGraphsSettled();
    expect(status.ready.sort()).toEqual([2020, 2021]);
    expect(status.building).toEqual([]);
    for (const q of [v(1000), v(1001), v(7)]) {
      expect(await ids(s, q, { year: 2021 })).toEqual(exact(q, { year: 2021 }, 10));
      // with another condition: the year graph, filtered by it
      expect(await ids(s, q, { year: 2020, section: 'measures' })).toEqual(
        exact(q, { year: 2020, section: 'measures' }, 10),
      );
      // a small year: the whole graph with a filter, as before
      expect(await ids(s, q, { year: 2022 })).toEqual(exact(q, { year: 2022 }, 10));
    }
    // asking for more than the year holds gives the whole year
    expect(await ids(s, v(3), { year: 2021 }, 400)).toHaveLength(170);
  });

  it('follows deletes, new vectors and years corrected (and corrected back)', async () => {
    const s = HnswVectorStore.create(opts);
    await s.upsert(items);
    await s.yearGraphsSettled();
    const q = v(1);
    const top = await ids(s, q, { year: 2021 }, 3);
    await s.delete([top[0]]);
    expect(await ids(s, q, { year: 2021 }, 3)).not.toContain(top[0]);
    await s.upsert([{ id: 'new', vector: q, metadata: { ...meta(1), year: 2021 } }]);
    expect((await ids(s, q, { year: 2021 }, 1))[0]).toBe('new');
    await s.setMetadata([{ id: 'new', metadata: { ...meta(1), year: 2020 } }]);
    expect(await ids(s, q, { year: 2021 }, 5)).not.toContain('new');
    expect((await ids(s, q, { year: 2020 }, 1))[0]).toBe('new');
    await s.setMetadata([{ id: 'new', metadata: { ...meta(1), year: 2021, orgKey: '新桥' } }]);
    expect((await ids(s, q, { year: 2021 }, 1))[0]).toBe('new');
    expect(await ids(s, q, { year: 2020 }, 5)).not.toContain('new');
    // a year growing past the minimum gets its graph
    const more = Array.from({ length: 40 }, (_, i) => ({
      id: `m${i}`,
      vector: v(5000 + i),
      metadata: { ...meta(2), year: 2022 },
    }));
    await s.upsert(more);
    expect((await s.yearGraphsSettled()).ready.sort()).toEqual([2020, 2021, 2022]);
    const pool = [...items.filter((it) => it.metadata.year === 2022), ...more];
    expect(await ids(s, q, { year: 2022 })).toEqual(exact(q, { year: 2022 }, 10, pool));
  });

  it('writes the year graphs with the index and reads them back, rewriting only those changed', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create(opts);
    await s.upsert(items);
    await s.yearGraphsSettled();
    await s.flush(dir, 1);
    const first = JSON.parse(readFileSync(join(dir, 'vectors.json'), 'utf8'));
    expect(first.years.map((y: { year: number }) => y.year).sort()).toEqual([2020, 2021]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.hnsw'))).toHaveLength(3);

    const loaded = HnswVectorStore.load(dir, opts)!;
    expect(loaded.yearGraphs().loading.sort()).toEqual([2020, 2021]); // read in the background
    expect((await loaded.yearGraphsSettled()).ready.sort()).toEqual([2020, 2021]);
    const q = v(11);
    expect(await ids(loaded, q, { year: 2020 })).toEqual(await ids(s, q, { year: 2020 }));

    await loaded.delete(['p1']); // year 2021
    await loaded.flush(dir, 2);
    const second = JSON.parse(readFileSync(join(dir, 'vectors.json'), 'utf8'));
    const fileOf = (m: typeof first, year: number) =>
      m.years.find((y: { year: number }) => y.year === year).file;
    expect(fileOf(second, 2020)).toBe(fileOf(first, 2020)); // unchanged: kept
    expect(fileOf(second, 2021)).not.toBe(fileOf(first, 2021));
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.hnsw'))
        .sort(),
    ).toEqual([second.file, fileOf(second, 2020), fileOf(second, 2021)].sort());
  });

  it('builds in the background what is missing or damaged on disk; searches meanwhile use the whole graph', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create(opts);
    await s.upsert(items);
    await s.yearGraphsSettled();
    await s.flush(dir, 1);
    const path = join(dir, 'vectors.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    const y2020 = manifest.years.find((y: { year: number }) => y.year === 2020);
    writeFileSync(join(dir, y2020.file), Buffer.alloc(y2020.bytes)); // same size, other bytes
    const damaged = HnswVectorStore.load(dir, opts)!;
    const q = v(21);
    const before = await ids(damaged, q, { year: 2020 }); // the year graph is not there yet
    expect(before).toEqual(exact(q, { year: 2020 }, 10));
    expect((await damaged.yearGraphsSettled()).ready.sort()).toEqual([2020, 2021]);
    expect(await ids(damaged, q, { year: 2020 })).toEqual(before);
    await damaged.flush(dir, 2); // 2020 was built again (a new file), 2021 read (its file kept)
    const rewritten = JSON.parse(readFileSync(path, 'utf8'));
    const fileOf = (m: typeof manifest, year: number) =>
      m.years.find((y: { year: number }) => y.year === year).file;
    expect(fileOf(rewritten, 2020)).not.toBe(y2020.file);
    expect(fileOf(rewritten, 2021)).toBe(fileOf(manifest, 2021));

    // changed while its file is read: that year's graph is built again, not used stale
    const changing = HnswVectorStore.load(dir, opts)!;
    const gone = (await ids(changing, q, { year: 2021 }, 1))[0];
    await changing.delete([gone]);
    expect((await changing.yearGraphsSettled()).ready.sort()).toEqual([2020, 2021]);
    const rest = items.filter((it) => it.id !== gone);
    expect(await ids(changing, q, { year: 2021 })).toEqual(exact(q, { year: 2021 }, 10, rest));

    const { years: _y, ...older } = rewritten; // written before year graphs existed
    writeFileSync(path, JSON.stringify(older));
    const old = HnswVectorStore.load(dir, opts)!;
    expect(old.yearGraphs().ready).toEqual([]);
    expect((await old.yearGraphsSettled()).ready.sort()).toEqual([2020, 2021]);
    expect(await ids(old, q, { year: 2021 })).toEqual(exact(q, { year: 2021 }, 10));
    // once built, they were written beside the index (same index file, manifest listing them): the next open reads them
    const after = JSON.parse(readFileSync(path, 'utf8'));
    expect(after.file).toBe(older.file);
    expect(after.years.map((y: { year: number }) => y.year).sort()).toEqual([2020, 2021]);
    const next = HnswVectorStore.load(dir, opts)!;
    expect(next.yearGraphs().loading.sort()).toEqual([2020, 2021]);
    expect((await next.yearGraphsSettled()).ready.sort()).toEqual([2020, 2021]);
  });

  it('closes while year graphs are being read, in this thread and in the worker', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create(opts);
    await s.upsert(items);
    await s.yearGraphsSettled();
    await s.flush(dir, 1);
    const reading = HnswVectorStore.load(dir, opts)!;
    expect(reading.yearGraphs().loading).toHaveLength(2);
    await reading.close();
    expect(reading.yearGraphs().ready).toEqual([]); // stopped, not finished
    const t = (await ThreadedVectorStore.open(dir, opts)).store!;
    await t.close(); // the worker's store stops before the worker ends (no read left running on a dead thread)
  });

  it('works the same in the worker thread', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create(opts);
    await s.upsert(items);
    await s.yearGraphsSettled();
    await s.flush(dir, 1);
    const t = (await ThreadedVectorStore.open(dir, opts)).store!;
    try {
      expect((await t.yearGraphsSettled()).ready.sort()).toEqual([2020, 2021]);
      const q = v(31);
      expect((await t.query(q, { topK: 10, filter: { year: 2021 } })).map((m) => m.id)).toEqual(
        exact(q, { year: 2021 }, 10),
      );
    } finally {
      await t.close();
    }
  });
});
