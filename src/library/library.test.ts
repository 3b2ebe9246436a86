import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, SEED, cleanupTempDirs, seedInputs, seedLibrary, tempDir } from '../../test/helpers.ts';
import { overwriteNeighbourIds } from '../index/hnsw-file.ts';
import { LocalEmbedder } from '../index/local-embedder.ts';
import { retrieve } from '../search/retrieve.ts';
import { deleteReport, ingestFiles } from './ingest.ts';
import { reindex } from './reindex.ts';
import { writeBm25Snapshot } from '../index/bm25-snapshot.ts';
import { closeLibrary, lexicalPath, openLibrary, vectorDir } from './library.ts';

afterAll(cleanupTempDirs);

const ids = async (lib: Awaited<ReturnType<typeof seedLibrary>>, q: string, k = 5) =>
  (await retrieve(lib, q, { topK: k })).hits.map((h) => h.paragraph.id);

describe('ingesting the seed corpus', () => {
  it('stores five reports with their sections, in the store and both indexes', async () => {
    const lib = await seedLibrary();
    const reports = await lib.store.listReports();
    expect(reports).toHaveLength(5);
    const total = reports.reduce((s, r) => s + r.paragraphCount, 0);
    expect(lib.lexical.size).toBe(total);
    expect(await lib.vectors.count()).toBe(total);
    expect(reports.map((r) => r.meta.org).sort()).toEqual(
      [null, '城西街道', '大港街', '西于庄街道', '金桥街'].sort(),
    );
    await closeLibrary(lib);
  });

  it('re-ingesting unchanged files is a no-op; a changed file replaces its old paragraphs everywhere', async () => {
    const lib = await seedLibrary();
    const gen = await lib.store.generation();
    const again = await ingestFiles(lib, seedInputs());
    expect(again.map((o) => o.status)).toEqual(Array(5).fill('unchanged'));
    expect(await lib.store.generation()).toBe(gen);

    const original = readFileSync(join(CORPUS_DIR, SEED.chengxi), 'utf8');
    const changed = original.replace('全年主动公开政务信息135条', '全年主动公开政务信息246条');
    const [o] = await ingestFiles(lib, [{ name: SEED.chengxi, bytes: Buffer.from(changed) }]);
    expect(o.status).toBe('replaced');
    const hits = (await retrieve(lib, '城西街道主动公开政务信息多少条', { topK: 3 })).hits;
    expect(hits[0].paragraph.text).toContain('246条');
    const all = (await retrieve(lib, '政务信息135条', { topK: 50 })).hits;
    expect(all.some((h) => h.paragraph.text.includes('135条'))).toBe(false);
    expect(lib.lexical.size).toBe(await lib.vectors.count());
    await closeLibrary(lib);
  });

  it('a bad file fails with a message naming it and leaves the library untouched; good files in the batch still land', async () => {
    const lib = await seedLibrary();
    const gen = await lib.store.generation();
    const before = await ids(lib, '行政处罚');
    const out = await ingestFiles(lib, [
      { name: '空.txt', bytes: Buffer.alloc(0) },
      { name: '图片.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
      { name: '乱码.txt', bytes: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)) },
    ]);
    expect(out.map((o) => o.status)).toEqual(['failed', 'failed', 'failed']);
    for (const o of out) if (o.status === 'failed') expect(o.error.message).toContain(o.name);
    expect(await lib.store.generation()).toBe(gen);
    expect(await ids(lib, '行政处罚')).toEqual(before);

    const mixed = await ingestFiles(lib, [
      { name: '空.txt', bytes: Buffer.alloc(0) },
      {
        name: '新街道-2025.md',
        bytes: Buffer.from(
          '# 新华街道2025年法治政府建设情况报告\n\n## 一、主要举措和成效\n\n新华街道全年开展法律明白人培训9期。',
        ),
      },
    ]);
    expect(mixed.map((o) => o.status)).toEqual(['failed', 'added']);
    expect((await retrieve(lib, '新华街道法律明白人培训几期', { topK: 1 })).hits[0].paragraph.text).toContain(
      '9期',
    );
    await closeLibrary(lib);
  });

  it('deleting a report removes its paragraphs from the store and every index', async () => {
    const lib = await seedLibrary();
    const dagang = (await lib.store.listReports()).find((r) => r.meta.org === '大港街')!;
    const { removedParagraphs } = await deleteReport(lib, dagang.id);
    expect(removedParagraphs).toBe(dagang.paragraphCount);
    expect(await lib.store.getReport(dagang.id)).toBeNull();
    const hits = (await retrieve(lib, '大港街 公开行政处罚55条', { topK: 50 })).hits;
    expect(hits.every((h) => h.report.id !== dagang.id)).toBe(true);
    expect(
      (await lib.vectors.query((await lib.embedder.embed(['行政处罚']))[0], { topK: 200 })).some((m) =>
        m.id.startsWith(dagang.id),
      ),
    ).toBe(false);
    await expect(deleteReport(lib, dagang.id)).rejects.toMatchObject({ code: 'not_found' });
    await closeLibrary(lib);
  });
});

describe('persistence', () => {
  it('survives a restart: the index is loaded, not rebuilt, and answers the same', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const before = await ids(lib, '普法形式单一');
    await closeLibrary(lib);
    const again = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(again.openedBy).toBe('loaded');
    expect(await ids(again, '普法形式单一')).toEqual(before);
    await closeLibrary(again);
  });

  it('with vectorsInBackground, opens on BM25 alone while the vector index loads, then searches both', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const hybrid = await ids(lib, '普法形式单一');
    // BM25's candidates (hybrid re-ranks its first 60 by characters, so its order may differ from BM25 mode's).
    const bm25 = (await retrieve(lib, '普法形式单一', { topK: 60, mode: 'bm25' })).hits.map(
      (h) => h.paragraph.id,
    );
    await closeLibrary(lib);
    const again = await openLibrary({
      dataDir: dir,
      embedder: new LocalEmbedder(),
      vectorsInBackground: true,
    });
    expect(again.openedBy).toBe('loading');
    expect(again.vectors.ready).toBe(false);
    // Hybrid does not wait for the index: BM25 answers alone meanwhile (only BM25's candidates come back).
    const loading = await ids(again, '普法形式单一');
    expect(loading.length).toBeGreaterThan(0);
    expect(loading.filter((id) => !bm25.includes(id))).toEqual([]);
    await again.vectorsReady;
    expect(again.openedBy).toBe('loaded');
    expect(await ids(again, '普法形式单一')).toEqual(hybrid);
    await closeLibrary(again);
  });

  it('with vectorsInBackground, a stale index is rebuilt in the background and a write made meanwhile is kept', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    await closeLibrary(lib);
    const stale = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    await deleteReport(stale, (await stale.store.listReports())[0].id, { deferFlush: true });
    if (stale.flushTimer) clearTimeout(stale.flushTimer);
    // BM25 written, the vector index not (as if the process died between the two): the one on disk is stale.
    writeBm25Snapshot(lexicalPath(dir), stale.lexical, await stale.store.generation());
    await stale.vectors.close();
    await stale.store.close();
    const bg = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder(), vectorsInBackground: true });
    expect(bg.openedBy).toBe('loading');
    const [o] = await ingestFiles(bg, [seedInputs()[0]]);
    expect(o.status).not.toBe('failed');
    await bg.vectorsReady;
    expect(bg.openedBy).toBe('rebuilt');
    expect(bg.rebuildReason?.code).toBe('stale');
    expect(await bg.vectors.count()).toBe(bg.lexical.size);
    await closeLibrary(bg);
  });

  it('rebuilds the vector index from stored paragraphs when it is missing, corrupt or stale', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const before = await ids(lib, '法律顾问审查重大合同');
    await closeLibrary(lib);

    writeFileSync(join(vectorDir(dir), 'vectors.json'), '{"format":1,"entr');
    const a = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(a.openedBy).toBe('rebuilt');
    expect(await ids(a, '法律顾问审查重大合同')).toEqual(before);
    await closeLibrary(a);

    for (const f of readdirSync(vectorDir(dir)))
      if (f.endsWith('.hnsw')) writeFileSync(join(vectorDir(dir), f), 'x');
    const b = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(b.openedBy).toBe('rebuilt');
    await closeLibrary(b);

    rmSync(vectorDir(dir), { recursive: true });
    const c = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(c.openedBy).toBe('rebuilt');
    expect(await ids(c, '法律顾问审查重大合同')).toEqual(before);
    await closeLibrary(c);
  });

  describe('an index file with overwritten neighbour ids (same size; it used to segfault on the first query)', () => {
    const Q = '法律顾问审查重大合同';
    const damaged = async () => {
      const dir = tempDir();
      const lib = await seedLibrary(new LocalEmbedder(), dir);
      const before = {
        hybrid: await ids(lib, Q),
        vector: (await retrieve(lib, Q, { topK: 5, mode: 'vector' })).hits.map((h) => h.paragraph.id),
      };
      await closeLibrary(lib);
      const file = readdirSync(vectorDir(dir)).find((f) => f.endsWith('.hnsw'))!;
      expect(overwriteNeighbourIds(join(vectorDir(dir), file))).toBeGreaterThan(300);
      return { dir, before };
    };

    it.each([true, false])(
      'is caught by its checksum and rebuilt from SQLite, with the same answers (threaded: %s)',
      async (threaded) => {
        const { dir, before } = await damaged();
        const a = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder(), threaded });
        expect(a.openedBy).toBe('rebuilt');
        expect(a.rebuildReason?.code).toBe('checksum_mismatch');
        expect(await ids(a, Q)).toEqual(before.hybrid);
        expect((await retrieve(a, Q, { topK: 5, mode: 'vector' })).hits.map((h) => h.paragraph.id)).toEqual(
          before.vector,
        );
        await closeLibrary(a);
        const b = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder(), threaded });
        expect(b.openedBy).toBe('loaded'); // the rebuilt index was written with a fresh checksum
        expect(await ids(b, Q)).toEqual(before.hybrid);
        await closeLibrary(b);
      },
    );

    it('a separate process reopening it answers and exits 0 (no SIGSEGV), then loads the rebuilt index next start', async () => {
      const { dir, before } = await damaged();
      const script = join(tempDir(), 'reopen.mts');
      const src = (p: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, '..', p)).href);
      writeFileSync(
        script,
        [
          `import { openLibrary, closeLibrary } from ${src('library/library.ts')};`,
          `import { LocalEmbedder } from ${src('index/local-embedder.ts')};`,
          `import { retrieve } from ${src('search/retrieve.ts')};`,
          `const lib = await openLibrary({ dataDir: ${JSON.stringify(dir)}, embedder: new LocalEmbedder() });`,
          `const hybrid = (await retrieve(lib, ${JSON.stringify(Q)}, { topK: 5 })).hits.map((h) => h.paragraph.id);`,
          `const vector = (await retrieve(lib, ${JSON.stringify(Q)}, { topK: 5, mode: 'vector' })).hits.map((h) => h.paragraph.id);`,
          `console.log(JSON.stringify({ openedBy: lib.openedBy, reason: lib.rebuildReason?.code ?? null, hybrid, vector }));`,
          `await closeLibrary(lib);`,
        ].join('\n'),
      );
      const reopen = () =>
        new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
          (resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', script], {
              cwd: join(import.meta.dirname, '..', '..'),
            });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d) => (stdout += d));
            child.stderr.on('data', (d) => (stderr += d));
            child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
          },
        );
      const first = await reopen();
      expect({ code: first.code, signal: first.signal }).toEqual({ code: 0, signal: null });
      expect(JSON.parse(first.stdout)).toEqual({
        openedBy: 'rebuilt',
        reason: 'checksum_mismatch',
        ...before,
      });
      expect(first.stderr).toContain('SHA-256 校验值与清单记录的不一致');
      expect(first.stderr).toContain('已用数据库中保存的');
      const second = await reopen();
      expect({ code: second.code, signal: second.signal }).toEqual({ code: 0, signal: null });
      expect(JSON.parse(second.stdout)).toEqual({ openedBy: 'loaded', reason: null, ...before });
    }, 60_000);
  });

  it('rebuilds once, saying so, an index whose manifest has no checksum (written before checksums existed)', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const before = await ids(lib, '普法形式单一');
    await closeLibrary(lib);
    const manifestPath = join(vectorDir(dir), 'vectors.json');
    const { sha256: _h, bytes: _b, ...old } = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify(old));
    const a = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect([a.openedBy, a.rebuildReason?.code]).toEqual(['rebuilt', 'no_checksum']);
    expect(await ids(a, '普法形式单一')).toEqual(before);
    await closeLibrary(a);
    expect(JSON.parse(readFileSync(manifestPath, 'utf8')).sha256).toMatch(/^[0-9a-f]{64}$/);
    const b = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(b.openedBy).toBe('loaded');
    await closeLibrary(b);
  });

  it('refuses to mix embedders, and reindex switches them cleanly', async () => {
    const dir = tempDir();
    await closeLibrary(await seedLibrary(new LocalEmbedder(), dir));
    await expect(
      openLibrary({ dataDir: dir, embedder: new LocalEmbedder({ dimensions: 384 }) }),
    ).rejects.toMatchObject({
      code: 'index_mismatch',
      message: expect.stringContaining('reindex'),
    });
    const lib = await openLibrary({
      dataDir: dir,
      embedder: new LocalEmbedder({ dimensions: 384 }),
      allowEmbedderChange: true,
    });
    const { paragraphs } = await reindex(lib);
    expect(paragraphs).toBe(lib.lexical.size);
    await closeLibrary(lib);
    const reopened = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder({ dimensions: 384 }) });
    expect(reopened.openedBy).toBe('loaded');
    expect((await retrieve(reopened, '网格员81人', { topK: 1 })).hits[0].paragraph.text).toContain('81人');
    await closeLibrary(reopened);
  });
});
