import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, seedLibrary, tempDir } from '../../test/helpers.ts';
import { closeLibrary, lexicalPath, openLibrary } from '../library/library.ts';
import { ingestFiles } from '../library/ingest.ts';
import { retrieve } from '../search/retrieve.ts';
import { tokenize } from '../text/tokenize.ts';
import type { VectorFilter } from '../ports.ts';
import { Bm25Index } from './bm25-index.ts';
import {
  encodeBm25Snapshot,
  readBm25Snapshot,
  writeBm25Snapshot,
  writeBm25SnapshotAsync,
} from './bm25-snapshot.ts';
import { encodeBm25SnapshotV1 } from './bm25-snapshot-v1.ts';
import { LocalEmbedder } from './local-embedder.ts';

afterAll(cleanupTempDirs);

const meta = (
  doc: string,
  org: string | null,
  year: number | null,
  section: 'measures' | 'shortcomings' = 'measures',
) => ({ documentId: doc, orgKey: org, year, section });
const q = (s: string) => tokenize(s).map((term) => ({ term, weight: 1 }));
const QUERIES = ['网格员有多少人', '行政处罚金额', '81人', '普法形式单一', '法律明白人培训'];
const FILTERS: (VectorFilter | undefined)[] = [
  undefined,
  { orgKey: '大港' },
  { orgKey: null },
  { documentId: 'jq' },
  { year: 2024 },
  { section: 'shortcomings' },
];

/** The sample library; `history`: with a paragraph added and removed again and metadata rewritten on the way. */
function sample(history = true): Bm25Index {
  const b = new Bm25Index();
  b.add('jq-0', tokenize('全年共立案81起，治理占道经营3000余次。'), meta('jq', '金桥', 2022));
  b.add('jq-1', tokenize('问题是普法形式单一，群众参与不足。'), meta('jq', '金桥', 2022, 'shortcomings'));
  b.add('wx-0', tokenize('全办共四级网格员 81 人，下派三级专职网格员6人。'), meta('wx', null, 2021));
  b.add('dg-0', tokenize('公开行政处罚55条，更新街镇动态33条。'), meta('dg', '大港', 2023));
  b.add('dg-1', tokenize('法律明白人培训12场，法律明白人 81 人。'), meta('dg', '大港', 2023));
  b.add('xy-0', tokenize('全年行政处罚191起，处罚金额5460元。'), meta('xy', '西于庄', 2024));
  if (history) {
    b.add('gone', tokenize('行政处罚 普法 网格员'), meta('xy', '西于庄', 2024));
    b.remove('gone');
    b.setMetadata([
      { id: 'wx-0', metadata: meta('wx', '前进', 2020) },
      { id: 'wx-0', metadata: meta('wx', null, 2021) },
    ]);
  }
  return b;
}

const answers = async (b: Bm25Index) => ({
  search: QUERIES.flatMap((s) => FILTERS.map((f) => b.search(q(s), 10, f))),
  metas: b.metas(['jq-0', 'wx-0', 'dg-1', 'gone']),
  idfs: b.idfs(['行政处罚', '81人', '没有']),
  size: b.size,
});

describe('the BM25 index file', () => {
  it('loads an index that answers exactly as one rebuilt from the live paragraphs (scores, filters, metadata, idf) and keeps changing alike', async () => {
    const path = join(tempDir(), 'bm25.bin');
    writeBm25Snapshot(path, sample(), 7);
    // What a start used to build from the store: the live paragraphs only (a removed one no longer counts in df).
    const original = sample(false);
    // No removals: toData copies the postings in bulk (the dense path) and gives the same index.
    expect(await answers(Bm25Index.fromData(original.toData()))).toEqual(await answers(original));
    const loaded = readBm25Snapshot(path, 7);
    if (!('index' in loaded)) throw new Error(loaded.rejected.message);
    expect(await answers(loaded.index)).toEqual(await answers(original));
    // Changes after a load (postings were views into the file) land as they do in the original.
    for (const b of [original, loaded.index]) {
      b.add('new', tokenize('新增行政处罚9起，网格员培训'), meta('dg', '大港', 2023));
      b.remove('xy-0');
      b.setMetadata([{ id: 'jq-0', metadata: meta('jq', '前进', 2020) }]);
    }
    expect(await answers(loaded.index)).toEqual(await answers(original));
    expect(loaded.index.search(q('行政处罚'), 10, { orgKey: '前进' })).toEqual([]);
    // A second generation saved from the loaded index reads back as the live paragraphs of the original (compacted).
    writeBm25Snapshot(path, loaded.index, 8);
    const again = readBm25Snapshot(path, 8);
    if (!('index' in again)) throw new Error(again.rejected.message);
    expect(await answers(again.index)).toEqual(await answers(Bm25Index.fromData(original.toData())));
    expect(again.index.size).toBe(6);
  });

  it('changes made before any search (postings still in the file) and a compaction of a loaded index land as in the original', async () => {
    const path = join(tempDir(), 'bm25.bin');
    writeBm25Snapshot(path, sample(false), 3);
    const loaded = readBm25Snapshot(path, 3);
    if (!('index' in loaded)) throw new Error(loaded.rejected.message);
    const original = sample(false);
    for (const b of [original, loaded.index]) {
      b.add('jq-0', tokenize('全年共立案82起，行政处罚网格员'), meta('jq', '金桥', 2022)); // re-added: replaces
      b.setMetadata([{ id: 'dg-1', metadata: meta('dg2', '大港', 2024) }]);
    }
    expect(await answers(loaded.index)).toEqual(await answers(original));
    // Removing more than half compacts: every term is read from the file, removed slots are dropped.
    const big = new Bm25Index();
    for (let i = 0; i < 1500; i++)
      big.add(
        `p${i}`,
        ['普法', `w${i % 13}`, i % 2 ? '网格员' : '宣传'],
        meta(`d${i % 9}`, `o${i % 4}`, 2020 + (i % 3)),
      );
    writeBm25Snapshot(path, big, 4);
    const l2 = readBm25Snapshot(path, 4);
    if (!('index' in l2)) throw new Error(l2.rejected.message);
    const plain = Bm25Index.fromData(big.toData());
    for (const b of [plain, l2.index])
      for (let i = 0; i < 1500; i += 3) for (const k of [i, i + 1]) b.remove(`p${k}`);
    const ask = (b: Bm25Index) =>
      [undefined, { orgKey: 'o1' }, { documentId: 'd2' }, { year: 2021 }].map((f) =>
        b.search(q('普法网格员 w5'), 20, f),
      );
    expect(l2.index.size).toBe(500);
    expect(ask(l2.index)).toEqual(ask(plain));
  });

  it('a loaded index keeps reading the file it was opened with when a flush puts a new file in its place', () => {
    const path = join(tempDir(), 'bm25.bin');
    writeBm25Snapshot(path, sample(false), 1);
    const loaded = readBm25Snapshot(path, 1);
    if (!('index' in loaded)) throw new Error(loaded.rejected.message);
    const other = new Bm25Index();
    other.add('x', tokenize('完全不同的段落'), meta('x', null, 2020));
    writeBm25Snapshot(path, other, 2); // written to a temporary file, renamed over this one
    expect(loaded.index.search(q('行政处罚金额'), 3)).toEqual(sample(false).search(q('行政处罚金额'), 3));
    loaded.index.close();
    loaded.index.close(); // twice is harmless
    expect(() => loaded.index.search(q('普法形式'), 3)).toThrow('已关闭'); // a term not read before the close
  });

  it('a file in the old format (1) still loads, answers alike, and is reported as such (the library rewrites it)', async () => {
    const path = join(tempDir(), 'bm25.bin');
    writeFileSync(path, encodeBm25SnapshotV1(sample(), 5));
    const loaded = readBm25Snapshot(path, 5);
    if (!('index' in loaded)) throw new Error(loaded.rejected.message);
    expect(loaded.format).toBe(1);
    expect(await answers(loaded.index)).toEqual(await answers(sample(false)));
    expect(readBm25Snapshot(path, 6)).toMatchObject({ rejected: { code: 'stale' } });
    const flipped = encodeBm25SnapshotV1(sample(), 5);
    flipped[flipped.length - 5] ^= 0x40;
    writeFileSync(path, flipped);
    expect(readBm25Snapshot(path, 5)).toMatchObject({ rejected: { code: 'checksum_mismatch' } });
  });

  it('an empty index round-trips', () => {
    const path = join(tempDir(), 'bm25.bin');
    writeBm25Snapshot(path, new Bm25Index(), 0);
    const r = readBm25Snapshot(path, 0);
    expect('index' in r && r.index.size).toBe(0);
  });

  it('is refused — never half-read — when absent, of another generation, altered, truncated or not an index file', () => {
    const dir = tempDir();
    const path = join(dir, 'bm25.bin');
    expect(readBm25Snapshot(path, 1)).toMatchObject({ rejected: { code: 'absent' } });
    const bytes = encodeBm25Snapshot(sample(), 3);
    writeFileSync(path, bytes);
    expect(readBm25Snapshot(path, 4)).toMatchObject({
      rejected: { code: 'stale', message: expect.stringContaining('第 3 代') },
    });
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] ^= 0x40; // a tf in the postings
    writeFileSync(path, flipped);
    expect(readBm25Snapshot(path, 3)).toMatchObject({ rejected: { code: 'checksum_mismatch' } });
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    expect(readBm25Snapshot(path, 3)).toMatchObject({ rejected: { code: 'checksum_mismatch' } });
    for (const junk of [Buffer.alloc(0), Buffer.from('not an index'), bytes.subarray(0, 20)]) {
      writeFileSync(path, junk);
      expect(readBm25Snapshot(path, 3)).toMatchObject({ rejected: { code: 'format' } });
    }
  });
});

describe('a library re-opened from disk', () => {
  const Q = '大港街公开了多少条行政处罚';
  const hits = async (lib: Awaited<ReturnType<typeof seedLibrary>>) =>
    (await retrieve(lib, Q, { topK: 8, mode: 'bm25' })).hits.map((h) => [h.paragraph.id, h.score]);

  it('loads BM25 from its file instead of rebuilding it, with the same results; a damaged or stale file is rebuilt once', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const before = await hits(lib);
    await closeLibrary(lib);

    const reopened = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(reopened.lexicalRebuildReason).toBeUndefined();
    expect(reopened.lexical.size).toBe(
      (await reopened.store.listReports()).reduce((s, r) => s + r.paragraphCount, 0),
    );
    expect(await hits(reopened)).toEqual(before);
    await closeLibrary(reopened);

    const file = readFileSync(lexicalPath(dir));
    file[file.length - 1] ^= 0xff;
    writeFileSync(lexicalPath(dir), file);
    const repaired = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(repaired.lexicalRebuildReason?.code).toBe('checksum_mismatch');
    expect(await hits(repaired)).toEqual(before);
    await closeLibrary(repaired);
    const next = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(next.lexicalRebuildReason).toBeUndefined(); // the rebuilt index was written at once
    await closeLibrary(next);
  }, 120_000);

  it('an upload not yet written when the process died is found in the store: the older file is stale and rebuilt', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    await ingestFiles(
      lib,
      [
        {
          name: '新增街道-2025.txt',
          bytes: Buffer.from(
            '新增街道2025年法治政府建设情况报告\n\n一、主要举措\n\n全年开展甲乙丙丁专项行动12次。\n',
          ),
        },
      ],
      { deferFlush: true },
    );
    // "crash": another process opens the folder before the deferred write
    const crashed = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(crashed.lexicalRebuildReason?.code).toBe('stale');
    expect(
      (await retrieve(crashed, '甲乙丙丁专项行动', { topK: 1, mode: 'bm25' })).hits[0].paragraph.text,
    ).toContain('甲乙丙丁');
    await closeLibrary(crashed);
    await closeLibrary(lib);
  }, 120_000);

  it('a library whose BM25 file is in the old format opens from it, rewrites it once in the new one, then opens from that', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const before = await hits(lib);
    const generation = await lib.store.generation();
    writeFileSync(lexicalPath(dir), encodeBm25SnapshotV1(lib.lexical, generation));
    await closeLibrary(lib); // nothing pending: the old-format file stays
    const old = readBm25Snapshot(lexicalPath(dir), generation);
    expect('index' in old && old.format).toBe(1);
    const first = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(first.lexicalRebuildReason).toBeUndefined();
    expect(await hits(first)).toEqual(before);
    await closeLibrary(first);
    const rewritten = readBm25Snapshot(lexicalPath(dir), generation);
    expect('index' in rewritten && rewritten.format).toBe(2);
    if ('index' in rewritten) rewritten.index.close();
    const second = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(second.lexicalRebuildReason).toBeUndefined();
    expect(await hits(second)).toEqual(before);
    await closeLibrary(second);
  }, 120_000);

  it('a library from before this file (vectors on disk, no BM25 file) builds it once at first open', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const before = await hits(lib);
    await closeLibrary(lib);
    rmSync(lexicalPath(dir));
    const first = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(first.openedBy).toBe('loaded'); // the vector index was not touched
    expect(first.lexicalRebuildReason?.code).toBe('absent');
    expect(await hits(first)).toEqual(before);
    await closeLibrary(first);
    const second = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(second.lexicalRebuildReason).toBeUndefined();
    expect(await hits(second)).toEqual(before);
    await closeLibrary(second);
  }, 120_000);
});

describe('writing the file without holding the thread', () => {
  const leftovers = (path: string) => readdirSync(dirname(path)).filter((f) => f.includes('.tmp-'));

  it('writes the same bytes as the one-piece encoder, in slices, and the file loads', async () => {
    const path = join(tempDir(), 'lexical', 'bm25.bin');
    const index = sample();
    await writeBm25SnapshotAsync(path, index, 7, { sliceMs: 0 }); // a pause after every step
    expect(readFileSync(path).equals(encodeBm25Snapshot(index, 7))).toBe(true);
    const loaded = readBm25Snapshot(path, 7);
    if (!('index' in loaded)) throw new Error(loaded.rejected.message);
    // As the one-piece file does: what the live paragraphs alone would give (see the test above).
    expect(await answers(loaded.index)).toEqual(await answers(sample(false)));
    expect(leftovers(path)).toEqual([]);
  });

  it('a write that fails half way (a disk error) leaves the previous file whole and no temporary file', async () => {
    const path = join(tempDir(), 'bm25.bin');
    writeBm25Snapshot(path, sample(false), 1);
    const before = readFileSync(path);
    for (const piece of [0, 3, 5]) {
      await expect(
        writeBm25SnapshotAsync(path, sample(), 2, {
          beforeWrite: (i) => {
            if (i === piece) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          },
        }),
      ).rejects.toThrow('no space left');
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(readBm25Snapshot(path, 1)).toHaveProperty('index');
      expect(leftovers(path)).toEqual([]);
    }
  });

  it('a process killed in the middle of the write leaves the previous file, which loads; the next write clears what it left', async () => {
    const dir = tempDir();
    const path = join(dir, 'bm25.bin');
    writeBm25Snapshot(path, sample(false), 1);
    const before = readFileSync(path);
    const script = join(tempDir(), 'killed.mts');
    const src = (p: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, p)).href);
    writeFileSync(
      script,
      [
        `import { Bm25Index } from ${src('bm25-index.ts')};`,
        `import { writeBm25SnapshotAsync } from ${src('bm25-snapshot.ts')};`,
        `const index = new Bm25Index();`,
        `for (let i = 0; i < 2000; i++) index.add('p' + i, ['普法', '宣传', 'w' + (i % 97)], { documentId: 'd' + (i % 20), orgKey: null, year: 2024, section: 'measures' });`,
        // SIGKILL: no exit handlers, no clean-up — as when the machine or the process dies
        `await writeBm25SnapshotAsync(${JSON.stringify(path)}, index, 2, { beforeWrite: (i) => { if (i === 4) process.kill(process.pid, 'SIGKILL'); } });`,
        `console.log('not killed');`,
      ].join('\n'),
    );
    const result = await new Promise<{ signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: join(import.meta.dirname, '..', '..'),
      });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('exit', (_code, signal) => resolve({ signal, stdout }));
    });
    expect(result).toEqual({ signal: 'SIGKILL', stdout: '' });
    expect(leftovers(path)).toHaveLength(1); // the half-written temporary file…
    expect(readFileSync(path).equals(before)).toBe(true); // …never the index itself
    expect(readBm25Snapshot(path, 1)).toHaveProperty('index');
    expect(readBm25Snapshot(path, 2)).toMatchObject({ rejected: { code: 'stale' } }); // the library rebuilds
    await writeBm25SnapshotAsync(path, sample(), 3);
    expect(leftovers(path)).toEqual([]);
    expect(existsSync(path) && readBm25Snapshot(path, 3)).toHaveProperty('index');
  }, 60_000);
});
