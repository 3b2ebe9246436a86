import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../test/helpers.ts';
import { overwriteNeighbourIds, readHnswHeader } from './hnsw-file.ts';
import { HNSW_DEFAULTS, HnswVectorStore, scaledEf } from './hnsw-vector-store.ts';
import { ThreadedVectorStore } from './threaded-vector-store.ts';
import { vectorStoreContract } from './vector-store.contract.ts';

afterAll(cleanupTempDirs);

vectorStoreContract('HnswVectorStore', async (dimensions) =>
  HnswVectorStore.create({ embedderId: 'test', dimensions, initialCapacity: 8 }),
);

const opened: ThreadedVectorStore[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});
vectorStoreContract('ThreadedVectorStore (worker thread)', async (dimensions) => {
  const s = await ThreadedVectorStore.create({ embedderId: 'test', dimensions, initialCapacity: 8 });
  opened.push(s);
  return s;
});

const v = (i: number) => {
  const x = Array.from({ length: 8 }, (_, j) => Math.cos(i * 3.1 + j));
  const n = Math.hypot(...x);
  return x.map((y) => y / n);
};
const m = { documentId: 'd', orgKey: null, year: 2023, section: 'measures' as const };

describe('HnswVectorStore persistence', () => {
  it('round-trips through flush/load, with the generation it was flushed at', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create({ embedderId: 'e1', dimensions: 8 });
    await s.upsert(Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: m })));
    await s.delete(['p3']);
    await s.flush(dir, 7);
    const loaded = HnswVectorStore.load(dir, { embedderId: 'e1', dimensions: 8 })!;
    expect(loaded.generation).toBe(7);
    expect(loaded.size).toBe(29);
    expect((await loaded.query(v(4), { topK: 1 }))[0].id).toBe('p4');
    expect((await loaded.query(v(3), { topK: 29 })).map((r) => r.id)).not.toContain('p3');
    // old index files are removed after a newer flush
    await loaded.flush(dir, 8);
    expect(readdirSync(dir).filter((f) => f.endsWith('.hnsw'))).toHaveLength(1);
  });

  it('scales efSearch with the index size past 400k vectors, up to twice the configured one', () => {
    expect(scaledEf(1024, 50)).toBe(1024);
    expect(scaledEf(1024, 400_000)).toBe(1024);
    expect(scaledEf(1024, 1_000_000)).toBe(1619);
    expect(scaledEf(1024, 10_000_000)).toBe(2048);
  });

  it('opens an index built with other build parameters and keeps them for later inserts', async () => {
    const dir = tempDir();
    const hnswFile = () =>
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.hnsw'))!,
      );
    const old = HnswVectorStore.create({ embedderId: 'e1', dimensions: 8, M: 16, efConstruction: 48 });
    await old.upsert(Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: m })));
    await old.flush(dir, 1);
    expect(readHnswHeader(hnswFile())).toMatchObject({ M: 16, efConstruction: 48 });
    const loaded = HnswVectorStore.load(dir, { embedderId: 'e1', dimensions: 8 })!; // today's defaults
    await loaded.upsert(
      Array.from({ length: 10 }, (_, i) => ({ id: `q${i}`, vector: v(40 + i), metadata: m })),
    );
    expect((await loaded.query(v(3), { topK: 1 }))[0].id).toBe('p3');
    expect((await loaded.query(v(45), { topK: 1 }))[0].id).toBe('q5');
    await loaded.flush(dir, 2);
    expect(readHnswHeader(hnswFile())).toMatchObject({ M: 16, efConstruction: 48 });
    const fresh = HnswVectorStore.create({ embedderId: 'e2', dimensions: 8 });
    await fresh.upsert([{ id: 'x', vector: v(1), metadata: m }]);
    const other = tempDir();
    await fresh.flush(other, 1);
    const file = join(
      other,
      readdirSync(other).find((f) => f.endsWith('.hnsw'))!,
    );
    expect(readHnswHeader(file)).toMatchObject({
      M: HNSW_DEFAULTS.M,
      efConstruction: HNSW_DEFAULTS.efConstruction,
    });
  });

  it('keeps changed metadata through flush/load (the manifest carries it)', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create({ embedderId: 'e1', dimensions: 8 });
    await s.upsert(Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: m })));
    await s.setMetadata([{ id: 'p2', metadata: { ...m, orgKey: '新桥', year: 2030 } }]);
    await s.flush(dir, 3);
    const loaded = HnswVectorStore.load(dir, { embedderId: 'e1', dimensions: 8 })!;
    expect(
      (await loaded.query(v(2), { topK: 5, filter: { orgKey: '新桥', year: 2030 } })).map((r) => r.id),
    ).toEqual(['p2']);
    expect((await loaded.query(v(2), { topK: 10, filter: { orgKey: null } })).map((r) => r.id)).not.toContain(
      'p2',
    );
  });

  it('refuses to load an index built by another embedder', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create({ embedderId: 'local-a', dimensions: 8 });
    await s.upsert([{ id: 'a', vector: v(1), metadata: m }]);
    await s.flush(dir, 1);
    expect(() => HnswVectorStore.load(dir, { embedderId: 'openai:x', dimensions: 8 })).toThrow(/reindex/);
  });

  it('answers null (rebuild) for a missing, corrupt or truncated index instead of loading garbage', async () => {
    const dir = tempDir();
    expect(HnswVectorStore.load(dir, { embedderId: 'e', dimensions: 8 })).toBeNull();
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8 });
    await s.upsert([{ id: 'a', vector: v(1), metadata: m }]);
    await s.flush(dir, 1);
    const file = readdirSync(dir).find((f) => f.endsWith('.hnsw'))!;
    writeFileSync(join(dir, file), Buffer.from('truncated'));
    expect(HnswVectorStore.load(dir, { embedderId: 'e', dimensions: 8 })).toBeNull();
    writeFileSync(join(dir, 'vectors.json'), '{"format":1,');
    expect(HnswVectorStore.load(dir, { embedderId: 'e', dimensions: 8 })).toBeNull();
    expect(existsSync(join(dir, 'vectors.json'))).toBe(true);
  });

  it('writes the entries in columns (format 2) and still loads a format-1 manifest alike, synchronously and off-thread', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8 });
    const meta = (i: number) => ({ ...m, documentId: `d${i % 3}`, orgKey: i % 2 ? '新桥' : null });
    await s.upsert(Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: meta(i) })));
    await s.delete(['p5']);
    await s.flush(dir, 2);
    const path = join(dir, 'vectors.json');
    const columns = JSON.parse(readFileSync(path, 'utf8'));
    expect(columns).toMatchObject({ format: 2, ids: expect.any(Array), metaOf: expect.any(Array) });
    expect(columns.metas).toHaveLength(6); // one per distinct report × org
    const answers = async (x: HnswVectorStore) => [
      await x.count(),
      ...(await Promise.all(
        [undefined, { documentId: 'd1' }, { orgKey: '新桥' }, { orgKey: null, documentId: 'd2' }].map(
          (filter) => x.query(v(7), { topK: 10, filter }),
        ),
      )),
    ];
    const opts = { embedderId: 'e', dimensions: 8 };
    const expected = await answers(HnswVectorStore.load(dir, opts)!);
    expect(await answers((await HnswVectorStore.openAsync(dir, opts)).store!)).toEqual(expected);
    const { labels, ids, metaOf, metas, ...rest } = columns;
    const entries = labels.map((l: number, i: number) => [l, ids[i], metas[metaOf[i]]]);
    writeFileSync(path, JSON.stringify({ ...rest, format: 1, entries }));
    expect(await answers(HnswVectorStore.load(dir, opts)!)).toEqual(expected);
    expect(await answers((await HnswVectorStore.openAsync(dir, opts)).store!)).toEqual(expected);
    writeFileSync(path, JSON.stringify({ ...columns, metaOf: [...metaOf.slice(1), 99] }));
    expect(HnswVectorStore.open(dir, opts).rejected?.code).toBe('manifest_unreadable');
  });

  it('a filtered graph search follows every change (the accepted labels kept per filter are dropped at each change)', async () => {
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8 });
    const year = (i: number) => ({ ...m, year: 2020 + (i % 2) });
    await s.upsert(Array.from({ length: 60 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: year(i) })));
    const ids = async () =>
      (await s.query(v(0), { topK: 60, filter: { year: 2021 } })).map((r) => r.id).sort();
    const odd = Array.from({ length: 30 }, (_, i) => `p${2 * i + 1}`).sort();
    expect(await ids()).toEqual(odd);
    await s.setMetadata([{ id: 'p0', metadata: { ...m, year: 2021 } }]);
    expect(await ids()).toEqual(['p0', ...odd].sort());
    await s.delete(['p1']);
    expect(await ids()).toEqual(['p0', ...odd.filter((x) => x !== 'p1')].sort());
    await s.upsert([{ id: 'new', vector: v(99), metadata: { ...m, year: 2021 } }]);
    expect(await ids()).toContain('new');
    expect(await s.query(v(0), { topK: 5, filter: { year: 2021, section: 'shortcomings' } })).toEqual([]);
  });

  it("records the index file's SHA-256 and size in the manifest at flush", async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8 });
    await s.upsert(Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: m })));
    await s.flush(dir, 1);
    const manifest = JSON.parse(readFileSync(join(dir, 'vectors.json'), 'utf8'));
    const file = join(dir, manifest.file);
    expect(manifest.bytes).toBe(statSync(file).size);
    expect(manifest.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
  });

  describe("an index file with overwritten neighbour ids (same size, so hnswlib's own length check passes)", () => {
    const build = async () => {
      const dir = tempDir();
      const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8 });
      await s.upsert(Array.from({ length: 200 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: m })));
      await s.flush(dir, 4);
      const file = join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.hnsw'))!,
      );
      const size = statSync(file).size;
      expect(overwriteNeighbourIds(file)).toBe(800);
      expect(statSync(file).size).toBe(size);
      return { dir, file };
    };

    it('crashes the process natively when handed to hnswlib unchecked (what the checksum prevents)', async () => {
      const { file } = await build();
      // Plain hnswlib in a child process: it loads the file and faults on the first search.
      const child = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import h from 'hnswlib-node'; const i = new h.HierarchicalNSW('cosine', 8); i.readIndexSync(${JSON.stringify(file)}, true); i.setEf(64); i.searchKnn(Array(8).fill(0.3), 5); console.log('searched');`,
        ],
        { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', timeout: 30_000 },
      );
      expect(child.signal).toBe('SIGSEGV');
      expect(child.stdout).not.toContain('searched');
    });

    it('is refused at load by its checksum (null → rebuild), in-process and in the worker thread', async () => {
      const { dir } = await build();
      const direct = HnswVectorStore.open(dir, { embedderId: 'e', dimensions: 8 });
      expect(direct.store).toBeNull();
      expect(direct.rejected).toMatchObject({
        code: 'checksum_mismatch',
        message: expect.stringContaining('SHA-256'),
      });
      expect(HnswVectorStore.load(dir, { embedderId: 'e', dimensions: 8 })).toBeNull();
      const threaded = await ThreadedVectorStore.open(dir, { embedderId: 'e', dimensions: 8 });
      expect(threaded.store).toBeNull();
      expect(threaded.rejected?.code).toBe('checksum_mismatch');
    });
  });

  it('refuses a manifest without a checksum (written by an older version) and one whose file changed size', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8 });
    await s.upsert(Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: m })));
    await s.flush(dir, 2);
    const manifestPath = join(dir, 'vectors.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(HnswVectorStore.open(dir, { embedderId: 'e', dimensions: 8 }).store?.size).toBe(20);

    writeFileSync(manifestPath, JSON.stringify({ ...manifest, bytes: manifest.bytes + 1 }));
    expect(HnswVectorStore.open(dir, { embedderId: 'e', dimensions: 8 }).rejected?.code).toBe(
      'size_mismatch',
    );

    const { sha256: _h, bytes: _b, ...old } = manifest;
    writeFileSync(manifestPath, JSON.stringify(old));
    const r = HnswVectorStore.open(dir, { embedderId: 'e', dimensions: 8 });
    expect(r.rejected).toMatchObject({ code: 'no_checksum', message: expect.stringContaining('旧版本') });
    expect((await ThreadedVectorStore.open(dir, { embedderId: 'e', dimensions: 8 })).rejected?.code).toBe(
      'no_checksum',
    );

    writeFileSync(manifestPath, JSON.stringify({ ...manifest, file: '../elsewhere.hnsw' }));
    expect(HnswVectorStore.open(dir, { embedderId: 'e', dimensions: 8 }).rejected?.code).toBe('file_missing');
  });

  it('grows past its initial capacity', async () => {
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8, initialCapacity: 4 });
    await s.upsert(Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: m })));
    expect(s.size).toBe(100);
    expect((await s.query(v(99), { topK: 1 }))[0].id).toBe('p99');
  });
});

describe('HnswVectorStore filtered queries', () => {
  it('answers a narrow filter exactly (same as a brute-force scan) and a wide one through the graph', async () => {
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8, initialCapacity: 16 });
    const items = Array.from({ length: 6000 }, (_, i) => ({
      id: `p${i}`,
      vector: v(i),
      metadata: {
        documentId: `d${i % 300}`,
        orgKey: i % 1000 === 0 ? 'rare' : 'common',
        year: 2023,
        section: 'measures' as const,
      },
    }));
    await s.upsert(items);
    const q = v(4242);
    const narrow = await s.query(q, { topK: 3, filter: { orgKey: 'rare' } });
    const expected = items
      .filter((it) => it.metadata.orgKey === 'rare')
      .map((it) => ({ id: it.id, score: it.vector.reduce((acc, x, j) => acc + x * q[j], 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3);
    expect(narrow.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    expect(narrow[0].score).toBeCloseTo(expected[0].score, 5);
    const byDoc = await s.query(q, { topK: 50, filter: { documentId: 'd7' } });
    expect(byDoc).toHaveLength(20);
    expect(await s.query(q, { topK: 5, filter: { orgKey: 'nobody' } })).toEqual([]);
    const wide = await s.query(q, { topK: 5, filter: { orgKey: 'common' } });
    expect(wide).toHaveLength(5);
    await s.delete(['p0']);
    expect((await s.query(q, { topK: 10, filter: { orgKey: 'rare' } })).map((m) => m.id)).not.toContain('p0');
  });
});

describe('HnswVectorStore copy of the stored vectors', () => {
  it('answers scoped scans from the copy after a load exactly as the graph did, and keeps it through changes', async () => {
    const dir = tempDir();
    const s = HnswVectorStore.create({ embedderId: 'e', dimensions: 8, initialCapacity: 16 });
    const meta = (i: number) => ({ ...m, documentId: `d${i % 5}` });
    await s.upsert(Array.from({ length: 300 }, (_, i) => ({ id: `p${i}`, vector: v(i), metadata: meta(i) })));
    await s.delete(['p1', 'p2']);
    await s.upsert([{ id: 'p3', vector: v(1003), metadata: meta(3) }]); // replaced: a new label, a reused slot
    await s.flush(dir, 1);
    const loaded = HnswVectorStore.load(dir, { embedderId: 'e', dimensions: 8 })!;
    expect(await loaded.pointsCopied()).toBe(298);
    for (const doc of ['d0', 'd3', 'd4']) {
      const filter = { documentId: doc };
      expect(await loaded.query(v(77), { topK: 10, filter })).toEqual(
        await s.query(v(77), { topK: 10, filter }),
      );
    }
    await loaded.upsert([{ id: 'new', vector: v(5000), metadata: meta(0) }]);
    await loaded.delete(['p0']);
    const hits = await loaded.query(v(5000), { topK: 3, filter: { documentId: 'd0' } });
    expect(hits[0].id).toBe('new');
    expect(hits.map((h) => h.id)).not.toContain('p0');
    expect(await loaded.pointsCopied()).toBe(298);
  });
});
