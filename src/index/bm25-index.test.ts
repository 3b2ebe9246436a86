import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../test/helpers.ts';
import { tokenize } from '../text/tokenize.ts';
import { Bm25Index } from './bm25-index.ts';
import { readBm25Snapshot, writeBm25Snapshot } from './bm25-snapshot.ts';

afterAll(cleanupTempDirs);

const meta = (org: string, year = 2023) => ({
  documentId: org,
  orgKey: org,
  year,
  section: 'measures' as const,
});
const q = (s: string) => tokenize(s).map((term) => ({ term, weight: 1 }));

describe('Bm25Index', () => {
  const idx = () => {
    const b = new Bm25Index();
    b.add('a', tokenize('全年共立案81起，治理占道经营3000余次。'), meta('金桥', 2022));
    b.add('b', tokenize('全办共四级网格员 81 人，下派三级专职网格员6人。'), meta('未署名', 2021));
    b.add('c', tokenize('公开行政处罚55条，更新街镇动态33条。'), meta('大港'));
    b.add('d', tokenize('全年行政处罚191起，处罚金额5460元。'), meta('西于庄', 2024));
    return b;
  };

  it('a pruned search over long posting lists (max-score, by windows) returns exactly what the full walk returns', () => {
    // A skewed vocabulary (some words everywhere, some rare), duplicate paragraphs (ties), two years, removals;
    // questions of 2 to 25 terms (real ones reach twenty common words), weights, filters the pruned walk handles;
    // windows of 32 and 256 slots (many windows, terms turning non-essential between them) and one over everything.
    for (const window of [32, 256, 4096]) {
      const { full, pruned, rnd, pick } = prunedPair(7, window);
      expect(differingSearches(full, pruned, rnd, pick, 600)).toBe(0);
    }
  });

  it('pruned searches follow the index: appends (longer and shorter paragraphs), removals, a compaction, an index read from its file', () => {
    const { full, pruned, rnd, pick } = prunedPair(3, 64);
    const both = (f: (b: Bm25Index) => void) => [full, pruned].forEach(f);
    let differing = differingSearches(full, pruned, rnd, pick, 100);
    // Long paragraphs raise the average length (every share rises), short ones lower it.
    for (let i = 0; i < 300; i++) {
      const long = Array.from({ length: 60 + Math.floor(rnd() * 60) }, pick);
      both((b) => b.add(`long${i}`, long, meta(`o${i % 40}`, 2021)));
    }
    differing += differingSearches(full, pruned, rnd, pick, 100);
    for (let i = 0; i < 200; i++) {
      const short = Array.from({ length: 1 + Math.floor(rnd() * 2) }, pick);
      both((b) => b.add(`short${i}`, [...short, ...short], meta(`o${i % 40}`, 2020)));
    }
    differing += differingSearches(full, pruned, rnd, pick, 100);
    // Enough removals for a compaction (the lists are rebuilt, slots renumbered).
    for (let i = 0; i < 3000; i += 2) both((b) => b.remove(`p${i}`));
    differing += differingSearches(full, pruned, rnd, pick, 100);
    // The same index written to its file and read back (postings read from the file), then changed again.
    const path = join(tempDir(), 'bm25.bin');
    writeBm25Snapshot(path, pruned, 1);
    writeBm25Snapshot(`${path}.full`, full, 1);
    const read = (file: string) => {
      const r = readBm25Snapshot(file, 1);
      if (!('index' in r)) throw new Error(r.rejected.message);
      return r.index;
    };
    const [fullRead, loaded] = [read(`${path}.full`), read(path)];
    fullRead.pruneFrom = Infinity;
    loaded.pruneFrom = 0;
    loaded.pruneWindow = 64;
    differing += differingSearches(fullRead, loaded, rnd, pick, 100);
    for (let i = 0; i < 100; i++) {
      const tokens = Array.from({ length: 2 + Math.floor(rnd() * 40) }, pick);
      for (const b of [fullRead, loaded]) b.add(`late${i}`, tokens, meta(`o${i % 40}`, 2021));
    }
    differing += differingSearches(fullRead, loaded, rnd, pick, 100);
    for (const b of [fullRead, loaded]) b.close();
    expect(differing).toBe(0);
  });
  it('ranks the paragraph with the rare query terms first', () => {
    expect(idx().search(q('网格员有多少人'), 3)[0].id).toBe('b');
    expect(idx().search(q('行政处罚金额'), 3)[0].id).toBe('d');
  });

  it('matches a figure with its unit even when the source had a space (「81人」)', () => {
    const res = idx().search(q('81人'), 4);
    expect(res[0].id).toBe('b');
    expect(res[0].score).toBeGreaterThan(res[1]?.score ?? 0);
  });

  it('applies filters and removes deleted paragraphs', () => {
    const b = idx();
    expect(b.search(q('行政处罚'), 5, { orgKey: '大港' }).map((r) => r.id)).toEqual(['c']);
    b.remove('d');
    expect(b.search(q('行政处罚'), 5).map((r) => r.id)).toEqual(['c']);
    expect(b.size).toBe(3);
  });

  it('re-adding an id replaces its text', () => {
    const b = idx();
    b.add('c', tokenize('法律明白人培训'), meta('大港'));
    expect(b.search(q('公开行政处罚'), 5).map((r) => r.id)).not.toContain('c');
    expect(b.search(q('法律明白人'), 5)[0].id).toBe('c');
  });

  it('setMetadata moves paragraphs to another org and year: scoped and filtered searches follow, scores do not change', () => {
    const b = idx();
    const before = b.search(q('行政处罚'), 5);
    b.setMetadata([
      { id: 'c', metadata: { documentId: '大港', orgKey: '新港', year: 2030, section: 'measures' } },
      { id: 'zz', metadata: meta('x') },
    ]);
    expect(b.search(q('行政处罚'), 5, { orgKey: '大港' })).toEqual([]);
    expect(b.search(q('行政处罚'), 5, { orgKey: '新港' }).map((r) => r.id)).toEqual(['c']);
    expect(b.search(q('行政处罚'), 5, { year: 2030 }).map((r) => r.id)).toEqual(['c']);
    expect(b.search(q('行政处罚'), 5, { documentId: '大港' }).map((r) => r.id)).toEqual(['c']);
    expect(b.search(q('行政处罚'), 5)).toEqual(before);
    expect(b.meta('c')).toMatchObject({ orgKey: '新港', year: 2030 });
    expect(b.meta('zz')).toBeNull();
    // and back to no org at all
    b.setMetadata([
      { id: 'c', metadata: { documentId: '大港', orgKey: null, year: 2023, section: 'measures' } },
    ]);
    expect(b.search(q('行政处罚'), 5, { orgKey: '新港' })).toEqual([]);
    expect(b.search(q('行政处罚'), 5, { orgKey: null }).map((r) => r.id)).toEqual(['c']);
  });

  it('stays correct after many removals trigger compaction', () => {
    const b = new Bm25Index();
    for (let i = 0; i < 3000; i++) b.add(`p${i}`, [`t${i % 7}`, `u${i}`], meta('x'));
    for (let i = 0; i < 2500; i++) b.remove(`p${i}`);
    expect(b.size).toBe(500);
    expect(b.search([{ term: 'u2999', weight: 1 }], 3).map((r) => r.id)).toEqual(['p2999']);
    expect(b.search([{ term: 'u10', weight: 1 }], 3)).toEqual([]);
    const expected = Array.from({ length: 500 }, (_, k) => 2500 + k).filter((i) => i % 7 === 3).length;
    expect(b.search([{ term: 't3', weight: 1 }], 1000)).toHaveLength(expected);
  });
});

describe('scoped search', () => {
  it("scoring only an org's or a report's paragraphs gives the same ranking as filtering all of them, also after removals", async () => {
    const { Bm25Index } = await import('./bm25-index.ts');
    const idx = new Bm25Index();
    const words = ['普法', '宣传', '执法', '复议', '调解', '信访', '公开', '学习', '培训', '律师'];
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 600; i++) {
      const tokens = Array.from(
        { length: 5 + Math.floor(rand() * 20) },
        () => words[Math.floor(rand() * words.length)],
      );
      idx.add(`p${i}`, tokens, {
        documentId: `d${i % 30}`,
        orgKey: `org${i % 7}`,
        year: 2020 + (i % 4),
        section: i % 2 ? 'measures' : 'shortcomings',
      });
    }
    for (let i = 0; i < 600; i += 9) idx.remove(`p${i}`);
    const terms = [
      { term: '普法', weight: 1 },
      { term: '复议', weight: 1 },
      { term: '律师', weight: 0.5 },
    ];
    const all = idx.search(terms, 1000);
    for (const filter of [
      { orgKey: 'org3' },
      { documentId: 'd5' },
      { orgKey: 'org2', year: 2021 },
      { orgKey: 'nobody' },
    ]) {
      const scoped = idx.search(terms, 10, filter);
      const expected = all
        .filter((m) =>
          Object.entries(filter).every(
            ([k, v]) => (idx.meta(m.id) as unknown as Record<string, unknown>)[k] === v,
          ),
        )
        .slice(0, 10);
      expect(scoped.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    }
  });

  it('a small scope in long posting lists (looked up, not walked) scores exactly as the whole list filtered', () => {
    // 40 reports of 50 paragraphs over a few words, so every word's postings are far longer than one report;
    // one report re-added later (its slots at the end) and one paragraph moved to another report by setMetadata
    // (that report's slots out of order), one removed: the lookups must see what the full walk sees.
    const words = ['普法', '宣传', '行政', '复议', '调解', '纠纷', '网格', '执法'];
    let seed = 1;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = () =>
      Array.from({ length: 3 + Math.floor(rand() * 8) }, () => words[Math.floor(rand() * 8)]);
    const b = new Bm25Index();
    const reference = new Map<string, { tokens: string[]; doc: string }>();
    const add = (id: string, doc: string) => {
      const tokens = text();
      reference.set(id, { tokens, doc });
      b.add(id, tokens, meta(doc));
    };
    for (let r = 0; r < 40; r++) for (let i = 0; i < 50; i++) add(`r${r}-${i}`, `r${r}`);
    for (let i = 0; i < 50; i++) add(`r3-${i}`, 'r3');
    b.setMetadata([{ id: 'r0-7', metadata: meta('r5') }]);
    reference.get('r0-7')!.doc = 'r5';
    b.remove('r5-9');
    reference.delete('r5-9');
    const terms = q('普法宣传和行政复议');
    const all = b.search(terms, 5000);
    expect(all.length).toBeGreaterThan(1500);
    for (const doc of ['r0', 'r3', 'r5', 'r39']) {
      const expected = all.filter((m) => reference.get(m.id)?.doc === doc);
      expect(b.search(terms, 5000, { documentId: doc })).toEqual(expected);
      expect(b.search(terms, 10, { documentId: doc })).toEqual(expected.slice(0, 10));
    }
  });

  it('an unscoped filtered search (a year) follows every change (the accepted slots kept per filter are dropped)', () => {
    const b = new Bm25Index();
    b.add('a', tokenize('全年共立案81起，治理占道经营3000余次。'), meta('金桥', 2022));
    b.add('c', tokenize('公开行政处罚55条，更新街镇动态33条。'), meta('大港'));
    b.add('d', tokenize('全年行政处罚191起，处罚金额5460元。'), meta('西于庄', 2024));
    const ids = (year: number) => b.search(q('行政处罚'), 10, { year }).map((r) => r.id);
    expect(ids(2023)).toEqual(['c']);
    b.setMetadata([{ id: 'd', metadata: meta('西于庄', 2023) }]);
    expect(ids(2023).sort()).toEqual(['c', 'd']);
    b.remove('c');
    expect(ids(2023)).toEqual(['d']);
    b.add('e', tokenize('行政处罚案件12起。'), meta('新港', 2023));
    expect(ids(2023).sort()).toEqual(['d', 'e']);
    expect(ids(2024)).toEqual([]);
  });
});

/** Two indexes of the same skewed paragraphs: one always walked in full, one always pruned with this window. */
function prunedPair(seed: number, window: number) {
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
  const pick = () => words[Math.floor(words.length * rnd() ** 3)];
  const full = new Bm25Index();
  const pruned = new Bm25Index();
  full.pruneFrom = Infinity;
  pruned.pruneFrom = 0;
  pruned.pruneWindow = window;
  for (let i = 0; i < 3000; i++) {
    const tokens =
      i % 10 === 9 ? ['w0', 'w1', 'w5'] : Array.from({ length: 3 + Math.floor(rnd() * 12) }, pick);
    const m = { ...meta(`o${i % 40}`, 2020 + (i % 2)), orgKey: i % 13 === 0 ? null : `o${i % 40}` };
    for (const b of [full, pruned]) b.add(`p${i}`, tokens, i % 3 ? m : { ...m, section: 'shortcomings' });
  }
  // Paragraphs of a few common words, each said many times: their shares come close to the bound w, so a term
  // wrongly counted as non-essential leaves a paragraph out that could enter the top.
  for (let i = 0; i < 300; i++) {
    const few = Array.from({ length: 1 + (i % 4) }, pick);
    const tokens = few.flatMap((w) => Array.from({ length: 40 }, () => w));
    for (const b of [full, pruned]) b.add(`r${i}`, tokens, meta(`o${i % 40}`, 2020 + (i % 2)));
  }
  for (let i = 0; i < 3000; i += 7) for (const b of [full, pruned]) b.remove(`p${i}`);
  return { full, pruned, rnd, pick };
}

/** How many of `count` random searches (2–25 terms, weights, topK 1–200, filters) the two indexes answer differently. */
function differingSearches(
  full: Bm25Index,
  pruned: Bm25Index,
  rnd: () => number,
  pick: () => string,
  count: number,
): number {
  const filters = [undefined, { year: 2021 }, { orgKey: null }, { section: 'shortcomings' as const }];
  let differing = 0;
  for (let n = 0; n < count; n++) {
    const many = n % 5 === 4;
    const terms = Array.from({ length: 2 + Math.floor(rnd() * (many ? 24 : 5)) }, () => ({
      term: pick(),
      weight: rnd() < 0.3 ? 0.5 : 1,
    }));
    const topK = [1, 8, 60, 200][n % 4];
    const filter = filters[Math.floor(n / 4) % filters.length];
    if (
      JSON.stringify(full.search(terms, topK, filter)) !== JSON.stringify(pruned.search(terms, topK, filter))
    )
      differing++;
    // Now and then a short paragraph repeating a few words (a high share, added after the rest).
    if (n % 20 === 19) {
      const short = Array.from({ length: 1 + Math.floor(rnd() * 3) }, pick).flatMap((w) => [w, w, w]);
      const id = `s${n}-${Math.floor(rnd() * 1e9)}`;
      for (const x of [full, pruned]) x.add(id, short, meta(`o${n % 40}`, 2021));
    }
  }
  return differing;
}
