import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cleanupTempDirs, seedLibrary, tempDir } from '../../test/helpers.ts';
import { closeLibrary, openLibrary } from '../library/library.ts';
import { retrieve } from '../search/retrieve.ts';
import type { VectorFilter } from '../ports.ts';
import { Bm25Index } from './bm25-index.ts';
import { readBm25Snapshot, writeBm25Snapshot } from './bm25-snapshot.ts';
import { Bm25Warmup } from './bm25-warm.ts';
import { LocalEmbedder } from './local-embedder.ts';

afterAll(cleanupTempDirs);

const meta = (i: number) => ({
  documentId: `d${i % 40}`,
  orgKey: `o${i % 7}`,
  year: 2018 + (i % 5),
  section: 'measures' as const,
});
/** Terms with lists of many lengths: `common` in every paragraph, `tN` in every Nth, `wN` in one of 50. */
const tokens = (i: number) => [
  'common',
  ...[2, 3, 5, 8, 13, 40].filter((n) => i % n === 0).map((n) => `t${n}`),
  `w${i % 50}`,
  ...(i % 4 ? [] : ['common']),
];
const N = 4000;

function loaded(): { index: Bm25Index; path: string } {
  const b = new Bm25Index();
  for (let i = 0; i < N; i++) b.add(`p${i}`, tokens(i), meta(i));
  const path = join(tempDir(), 'bm25.bin');
  writeBm25Snapshot(path, b, 1);
  return { index: open(path), path };
}
function open(path: string): Bm25Index {
  const r = readBm25Snapshot(path, 1);
  if (!('index' in r)) throw new Error(r.rejected.message);
  return r.index;
}

const QUERIES = [
  ['common', 't2'],
  ['t3', 't5', 'w7'],
  ['t8', 't13', 'common', 'w1'],
  ['t40'],
  ['w3', 'nope'],
];
const FILTERS: (VectorFilter | undefined)[] = [
  undefined,
  { year: 2019 },
  { orgKey: 'o3' },
  { documentId: 'd5' },
];
const answers = (b: Bm25Index) =>
  QUERIES.flatMap((q) =>
    FILTERS.map((f) =>
      b.search(
        q.map((term) => ({ term, weight: 1 })),
        20,
        f,
      ),
    ),
  );
const sizes = (file: NonNullable<Bm25Index['file']>) =>
  Array.from({ length: file.starts.length - 1 }, (_, t) => [
    file.terms.at(t),
    file.starts[t + 1] - file.starts[t],
  ]);

describe('warming a loaded BM25 index', () => {
  it('reads ahead the longest lists within its budget and the years’ filters; the warmed index answers identically', async () => {
    const { index, path } = loaded();
    const cold = open(path);
    const file = index.file!;
    // Budget for the two longest lists (common: 4000, t2: 2000) and not t3 (1334): it is skipped, t5 (800) fits.
    const report = await new Bm25Warmup(index, {
      budgetBytes: 8 * (4000 + 2000 + 800 + 10),
      minPostings: 300,
      years: [2019, 2021],
    }).done;
    expect(report).toMatchObject({ terms: 3, postings: 6800, bytes: 8 * 6800, filters: 2, stopped: false });
    expect(report.tableBytes).toBe(file.tables.length);
    const warmed = sizes(file).filter(([term]) => !index.unread(file, file.terms.find(term as string)));
    expect(warmed.map(([term]) => term).sort()).toEqual(['common', 't2', 't5']);
    // Searches read only what was not warmed.
    const reads = vi.spyOn(file, 'read');
    expect(answers(index)).toEqual(answers(cold));
    const read = reads.mock.calls.map(([t]) => file.terms.at(t));
    expect(read).not.toContain('common');
    expect(read).toContain('t3');
    // Everything warmed: no read at all.
    const all = open(path);
    await new Bm25Warmup(all, { minPostings: 1 }).done;
    const none = vi.spyOn(all.file!, 'read');
    expect(answers(all)).toEqual(answers(cold));
    expect(none).not.toHaveBeenCalled();
  });

  it('gives the event loop a turn between slices, and stop() ends it with nothing more kept', async () => {
    // An index in memory (no file): the scratch arrays and a year's filter (made in steps of 65,536 slots).
    const big = new Bm25Index();
    for (let i = 0; i < 140_000; i++) big.add(`p${i}`, ['a'], meta(i));
    let turns = 0;
    let over = false;
    const tick = () => {
      turns++;
      if (!over) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    const prepare = big.prepareFilter.bind(big);
    big.prepareFilter = function* (filter) {
      const steps = prepare(filter);
      for (let r = steps.next(); ; r = steps.next()) {
        seen.push(turns);
        if (r.done) return r.value;
        yield;
      }
    };
    const report = await new Bm25Warmup(big, { sliceMs: 0, years: [2018] }).done;
    over = true;
    expect(report).toMatchObject({ filters: 1, terms: 0, stopped: false });
    expect(report.slices).toBeGreaterThan(10);
    // Other work ran between every two steps of the filter.
    expect(seen.length).toBe(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);

    const again = loaded().index;
    const file = again.file!;
    const warmup = new Bm25Warmup(again, { minPostings: 1, sliceMs: 0 });
    await nextTurn();
    await nextTurn();
    const stopped = await warmup.stop();
    expect(stopped.stopped).toBe(true);
    const held = sizes(file).filter(([term]) => !again.unread(file, file.terms.find(term as string))).length;
    expect(held).toBe(stopped.terms);
    expect(held).toBeLessThan(file.starts.length - 1);
    for (let i = 0; i < 20; i++) await nextTurn();
    expect(sizes(file).filter(([term]) => !again.unread(file, file.terms.find(term as string))).length).toBe(
      held,
    );
  });

  it('never keeps what a change made meanwhile replaced, and stops when the file is closed under it', async () => {
    const { index, path } = loaded();
    const plain = open(path);
    const warmup = new Bm25Warmup(index, { minPostings: 1, sliceMs: 0, years: [2018, 2019, 2020] });
    await nextTurn();
    for (const b of [index, plain]) {
      b.add('new', ['common', 't3', 'extra'], meta(1));
      b.remove('p8');
    }
    await warmup.done;
    expect(answers(index)).toEqual(answers(plain));
    expect(index.search([{ term: 'extra', weight: 1 }], 5)).toEqual(
      plain.search([{ term: 'extra', weight: 1 }], 5),
    );

    // A read under way when the file is closed: it fails rather than read through a descriptor that was reused.
    const other = open(path);
    const file = other.file!;
    const reading = file.readAsync(0);
    other.close();
    await expect(reading).rejects.toThrow('已关闭');
    await expect(file.readAsync(1)).rejects.toThrow('已关闭');
    const late = await new Bm25Warmup(other, { minPostings: 1 }).done;
    expect(late).toMatchObject({ stopped: true, terms: 0 });
  });

  it('runs after a library opens with warmLexical, answers as without, and closeLibrary stops it', async () => {
    const dir = tempDir();
    const seeded = await seedLibrary(new LocalEmbedder(), dir);
    const ask = async (lib: typeof seeded) =>
      Promise.all(
        ['普法形式单一', '2022年行政处罚多少起', '网格员有多少人'].map(async (q) =>
          (await retrieve(lib, q, { mode: 'bm25' })).hits.map((h) => [h.paragraph.id, h.score]),
        ),
      );
    await closeLibrary(seeded);
    const plain = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(plain.lexicalWarmup).toBeUndefined();
    const before = await ask(plain);
    await closeLibrary(plain);
    const warm = await openLibrary({
      dataDir: dir,
      embedder: new LocalEmbedder(),
      warmLexical: { minPostings: 1 },
    });
    const report = await warm.lexicalWarmup!.done;
    expect(report.stopped).toBe(false);
    expect(report.terms).toBeGreaterThan(0);
    expect(report.filters).toBeGreaterThan(0);
    expect(await ask(warm)).toEqual(before);
    await closeLibrary(warm);
    const closing = await openLibrary({
      dataDir: dir,
      embedder: new LocalEmbedder(),
      warmLexical: { sliceMs: 0 },
    });
    await closeLibrary(closing);
    expect((await closing.lexicalWarmup!.done).stopped).toBe(true);
  });
});
