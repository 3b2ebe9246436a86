// Pruned BM25 walks for unscoped searches over long posting lists: only the paragraphs that can still reach the topK
// are scored in full, and those that do are scored again in the question's term order, so every score returned is
// the number, to the last bit, that the full walk (bm25-index.ts) gives.

/** One query term: its weight (idf × weight × (k1 + 1), also the bound of what it can add to a score) and postings. */
export interface TermWalk {
  w: number;
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
}

/** What a term adds to a paragraph's score: w·tf / (tf + k1(1 − b) + k1·b·len/avgdl) — always below w. */
export interface Scoring {
  norm: number;
  bl: number;
  lengths: ArrayLike<number>;
}

/** A relative margin far wider than the rounding of a sum of a few terms, so pruning never drops a contender. */
const SAFE = 1 - 1e-9;

/** Slots per window of a pruned walk (its sums, 8 bytes a slot, stay in the cache). */
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
 * An unscoped search over long posting lists (MaxScore, a window of slots at a time): the terms are ordered by their
 * bound w, smallest first; the smallest ones whose bounds together are below the topK-th score so far are
 * "non-essential" — a paragraph only they contain cannot enter the top. The other ("essential") lists' postings in the
 * next WINDOW slots are added up one list at a time into a small array (a bit per slot touched); then the window's
 * paragraphs are taken in slot order and the non-essential lists looked up for each (galloping forward), largest
 * bound first, until its score plus what the rest could add falls below the cut. As the topK-th score rises, more
 * terms become non-essential (from the next window on) and fewer paragraphs are visited at all. Adding a list at a
 * time is what makes a question of twenty common words cheap: the document-at-a-time walk used before found each
 * paragraph as the smallest head of ~10 lists and advanced them one by one (350–500k paragraphs at 1M, most of its time).
 * Summed in another order a score can differ from the full walk's in its last bits, so the paragraphs kept (at or
 * above the final cut, with a margin) are scored again in the question's order: the same numbers, to the last bit, as
 * the full walk gives. With a filter (a year), a rejected paragraph makes a list skip to the next accepted slot
 * (`accepted.next`) in one gallop: a run of other years' reports at a time. Every w must be positive.
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
  const ts = walks
    .map((_, i) => i)
    .sort((a, b) => walks[a].w - walks[b].w || a - b)
    .map((i) => walks[i]);
  const docs = ts.map((t) => t.docs);
  const tfs = ts.map((t) => t.tfs);
  const ends = ts.map((t) => t.docs.length);
  const ws = ts.map((t) => t.w);
  // bound[i]: the most terms 0..i-1 can add together.
  const bound = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) bound[i + 1] = bound[i] + ws[i];
  const at = new Int32Array(m);
  const top = new MinHeap(topK);
  let cut = 0; // the topK-th score so far (0 until there are topK), times SAFE
  let first = 0; // terms below `first` are non-essential
  const kept: number[] = [];
  const keptScores: number[] = [];
  const acc = new Float64Array(window);
  const seen = new Int32Array((window + 31) >> 5);
  for (;;) {
    // The window starts at the first slot an essential list holds (past a filter's rejected run).
    let lo = Infinity;
    for (let i = first; i < m; i++) if (at[i] < ends[i] && docs[i][at[i]] < lo) lo = docs[i][at[i]];
    if (lo === Infinity) break;
    if (allowed !== null && allowed[lo] === 0) {
      const to = accepted!.next[lo];
      for (let i = first; i < m; i++) at[i] = gallop(docs[i], to, at[i], ends[i]);
      continue;
    }
    const hi = lo + window;
    const essential = first; // lists first..m-1 are added up in this window, the others looked up
    for (let i = essential; i < m; i++) {
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
    // The window's paragraphs in slot order (lowest set bit first), each looked up in the non-essential lists.
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
        let i = essential - 1;
        for (; i >= 0; i--) {
          if (s + bound[i + 1] < cut) break;
          const j = (at[i] = gallop(docs[i], d, at[i], ends[i]));
          if (j < ends[i] && docs[i][j] === d) {
            const tf = tfs[i][j];
            s += (ws[i] * tf) / (tf + norm + bl * lengths[d]);
          }
        }
        if (i >= 0 || s < cut) continue;
        kept.push(d);
        keptScores.push(s);
        if (top.push(s)) {
          cut = top.min() * SAFE;
          while (first < m && bound[first + 1] < cut) first++;
        }
      }
    }
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
