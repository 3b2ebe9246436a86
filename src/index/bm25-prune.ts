// Pruned BM25 walks for unscoped searches over long posting lists: only the paragraphs that can still reach the topK
// are scored in full, and those that do are scored again in the question's term order, so every score returned is
// the number, to the last bit, that the full walk (bm25-index.ts) gives.
import { BLOCK_SHIFT } from './bm25-block-max.ts';

/** One query term: its weight (idf × weight × (k1 + 1), the most it can add to a score), postings and block bounds. */
export interface TermWalk {
  w: number;
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
  /** Per block of BLOCK postings, the largest share (≤ 1) of w the term adds to a paragraph there. */
  blocks: ArrayLike<number>;
}

/** What a term adds to a paragraph's score: w·tf / (tf + k1(1 − b) + k1·b·len/avgdl) — always below w. */
export interface Scoring {
  norm: number;
  bl: number;
  lengths: ArrayLike<number>;
}

/** A relative margin far wider than the rounding of a sum of a few terms, so pruning never drops a contender. */
const SAFE = 1 - 1e-9;

/** Slots per window (acc, 8 bytes a slot, stays in the cache). */
export const WINDOW = 4096;

/**
 * lowerBound for a walk that moves forward through `xs`: steps of 1, 2, 4… from lo, then a binary search in the last
 * step — about log(distance) probes, so looking up many nearby values costs no more than walking the list.
 */
export function gallop(xs: ArrayLike<number>, x: number, lo: number, hi: number): number {
  if (lo >= hi || xs[lo] >= x) return lo;
  let prev = lo; // xs[prev] < x
  let step = 1;
  while (prev + step < hi && xs[prev + step] < x) {
    prev += step;
    step *= 2;
  }
  return lowerBound(xs, x, prev + 1, Math.min(hi, prev + step + 1));
}

/** The first index in [lo, hi) of the ascending `xs` whose value is ≥ x (hi when none is). */
export function lowerBound(xs: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An unscoped search over long posting lists (block-max MaxScore, a window of slots at a time). For each window of
 * WINDOW slots every term gets a bound: w times the largest share of its blocks that reach into the window (`blocks`,
 * bm25-block-max.ts). The terms whose bounds together stay below the topK-th score so far are "non-essential" there —
 * a paragraph only they contain cannot enter the top — and when all of them are, the window is skipped. The other
 * ("essential") lists' postings in the window are added up one list at a time into a small array; then, in slot
 * order, each paragraph they hold has the non-essential lists looked up (galloping forward), largest bound first,
 * until its score plus what the rest could add falls below the cut. A common word's block bounds are well below its
 * weight w (the shares of 64 postings rather than the largest possible), so far fewer paragraphs need a look-up than
 * with w as the bound (document-at-a-time MaxScore, used before, visited ~500k paragraphs at 1M for a question of
 * twenty common words and looked most of them up in the common lists). Summed in another order a score can differ
 * from the full walk's in its last bits, so the paragraphs kept (at or above the final cut, with a margin) are scored
 * again in the question's order: the same numbers, to the last bit, as the full walk gives. With a filter (a year), a
 * rejected paragraph makes a list skip to the next accepted slot (`accepted.next`) in one gallop: a run of other
 * years' reports at a time. Every w must be positive.
 */
export function maxScoreScores(
  walks: TermWalk[],
  topK: number,
  accepted: { mask: Uint8Array; next: Int32Array } | null,
  { norm, bl, lengths }: Scoring,
  live: (slot: number) => boolean,
  window = WINDOW,
): { slot: number; score: number }[] {
  const m = walks.length;
  const allowed = accepted?.mask ?? null;
  const docs = walks.map((t) => t.docs);
  const tfs = walks.map((t) => t.tfs);
  const ends = walks.map((t) => t.docs.length);
  const ws = walks.map((t) => t.w);
  const blocks = walks.map((t) => t.blocks);
  const at = new Int32Array(m);
  const bounds = new Float64Array(m); // each term's bound in the window
  const order = new Int32Array(m); // the terms by bound, smallest first
  const below = new Float64Array(m + 1); // below[r]: the most the terms order[0..r-1] can add together
  const top = new MinHeap(topK);
  let cut = 0; // the topK-th score so far (0 until there are topK), times SAFE
  const kept: number[] = [];
  const keptScores: number[] = [];
  const acc = new Float64Array(window);
  const seen = new Int32Array((window + 31) >> 5);
  let lo = 0;
  for (;;) {
    // The window starts at the first slot from `lo` any list holds (past a filter's rejected run).
    let next = Infinity;
    for (let i = 0; i < m; i++) {
      const j = (at[i] = gallop(docs[i], lo, at[i], ends[i]));
      if (j < ends[i] && docs[i][j] < next) next = docs[i][j];
    }
    if (next === Infinity) break;
    lo = next;
    if (allowed !== null && allowed[lo] === 0) {
      lo = accepted!.next[lo];
      continue;
    }
    const hi = lo + window;
    for (let i = 0; i < m; i++) bounds[i] = ws[i] * windowShare(docs[i], blocks[i], at[i], ends[i], hi);
    for (let i = 0; i < m; i++) {
      let r = i;
      for (; r > 0 && bounds[order[r - 1]] > bounds[i]; r--) order[r] = order[r - 1];
      order[r] = i;
    }
    let ne = 0; // order[0..ne-1] are non-essential in this window
    for (; ne < m; ne++) {
      below[ne + 1] = below[ne] + bounds[order[ne]];
      if (below[ne + 1] >= cut) break;
    }
    if (ne === m) {
      lo = hi; // no paragraph of the window can reach the cut
      continue;
    }
    // The essential lists' postings in the window, one list at a time, added into acc (a bit per slot touched).
    for (let r = ne; r < m; r++) {
      const i = order[r];
      const ds = docs[i];
      const fs = tfs[i];
      const w = ws[i];
      const e = ends[i];
      let j = at[i];
      while (j < e) {
        const d = ds[j];
        if (d >= hi) break;
        if (allowed !== null && allowed[d] === 0) {
          j = gallop(ds, accepted!.next[d], j + 1, e);
          continue;
        }
        const tf = fs[j++];
        const k = d - lo;
        acc[k] += (w * tf) / (tf + norm + bl * lengths[d]);
        seen[k >> 5] |= 1 << (k & 31);
      }
      at[i] = j;
    }
    // The window's paragraphs in slot order, the non-essential lists looked up while they can still lift one to the cut.
    for (let word = 0; word < seen.length; word++) {
      let bits = seen[word];
      if (bits === 0) continue;
      seen[word] = 0;
      while (bits !== 0) {
        const k = (word << 5) | (31 - Math.clz32(bits & -bits));
        bits &= bits - 1;
        let s = acc[k];
        acc[k] = 0;
        const d = lo + k;
        if (!live(d)) continue;
        let r = ne - 1;
        for (; r >= 0; r--) {
          if (s + below[r + 1] < cut) break;
          const i = order[r];
          const j = (at[i] = gallop(docs[i], d, at[i], ends[i]));
          if (j < ends[i] && docs[i][j] === d) {
            const tf = tfs[i][j];
            s += (ws[i] * tf) / (tf + norm + bl * lengths[d]);
          }
        }
        if (r >= 0 || s < cut) continue;
        kept.push(d);
        keptScores.push(s);
        if (top.push(s)) cut = top.min() * SAFE;
      }
    }
    lo = hi;
  }
  const out: { slot: number; score: number }[] = [];
  for (let k = 0; k < kept.length; k++) if (keptScores[k] >= cut) out.push({ slot: kept[k], score: 0 });
  for (const { w, docs: list, tfs: counts } of walks) {
    let j = 0;
    for (const c of out) {
      j = gallop(list, c.slot, j, list.length);
      if (j === list.length) break;
      if (list[j] !== c.slot) continue;
      const tf = counts[j];
      c.score += (w * tf) / (tf + norm + bl * lengths[c.slot]);
    }
  }
  return out;
}

/**
 * The largest block bound of a list from its posting `from` up to its last posting below slot `hi` (0 when it has
 * none there): the blocks are read from the one holding `from` until one ends at or past `hi`.
 */
function windowShare(
  docs: ArrayLike<number>,
  blocks: ArrayLike<number>,
  from: number,
  end: number,
  hi: number,
): number {
  if (from >= end || docs[from] >= hi) return 0;
  let max = 0;
  for (let k = from >> BLOCK_SHIFT; k < blocks.length; k++) {
    if (blocks[k] > max) max = blocks[k];
    const last = Math.min(end, (k + 1) << BLOCK_SHIFT) - 1;
    if (docs[last] >= hi) break;
  }
  return max;
}

/** The k largest numbers pushed so far (a binary min-heap over a Float64Array). */
class MinHeap {
  private readonly h: Float64Array;
  private n = 0;
  constructor(private readonly k: number) {
    this.h = new Float64Array(Math.max(1, k));
  }
  /** Adds x if it is among the k largest; true when the heap is full afterwards (min() is then the k-th largest). */
  push(x: number): boolean {
    const h = this.h;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (h[p] <= x) break;
        h[i] = h[p];
        i = p;
      }
      h[i] = x;
    } else if (this.k > 0 && x > h[0]) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.n) break;
        const c = l + 1 < this.n && h[l + 1] < h[l] ? l + 1 : l;
        if (h[c] >= x) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = x;
    }
    return this.n === this.k && this.k > 0;
  }
  min(): number {
    return this.h[0];
  }
}
