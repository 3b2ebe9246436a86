// Per-block bounds of a term's BM25 share, for block-max pruning (bm25-prune.ts): for each block of BLOCK consecutive
// postings, the largest tf / (tf + k1(1 − b) + k1·b·len/avgdl) in it, so the term adds at most w times that to any
// paragraph of the block. Computed from the postings the first time a term is searched with pruning, not stored.

/** Postings per block (a power of two). */
export const BLOCK_SHIFT = 6;
export const BLOCK = 1 << BLOCK_SHIFT;

/**
 * The average length the shares are computed with is this much above the index's: a larger average only raises
 * every share (the length weighs less), so the bounds hold while appends lift the average by less than this.
 */
const HEADROOM = 1.02;

interface Entry {
  /** The average paragraph length the shares were computed with. */
  avgdl: number;
  /** Postings covered (a list only grows, at its end, until it is replaced). */
  count: number;
  maxes: Float64Array;
}

/**
 * Block bounds per posting list, kept until the list grows (its last blocks are redone) or is replaced, or the
 * index's average length passes the one they were computed with. A removed paragraph stays in its lists until
 * compaction, so a bound may count it: only looser, never wrong.
 */
export class BlockMaxCache {
  private entries = new WeakMap<object, Entry>();

  constructor(
    private readonly k1: number,
    private readonly b: number,
  ) {}

  /** The bounds of `docs`' blocks (block i: postings i·BLOCK up to (i + 1)·BLOCK), valid at this average length. */
  of(
    docs: ArrayLike<number>,
    tfs: ArrayLike<number>,
    lengths: ArrayLike<number>,
    avgdl: number,
  ): Float64Array {
    const n = docs.length;
    const blocks = (n + BLOCK - 1) >> BLOCK_SHIFT;
    let e = this.entries.get(docs);
    let from = 0;
    if (!e || e.avgdl < avgdl) {
      e = { avgdl: avgdl * HEADROOM, count: 0, maxes: new Float64Array(blocks) };
      this.entries.set(docs, e);
    } else if (e.count === n) {
      return e.maxes.subarray(0, blocks);
    } else {
      from = e.count >> BLOCK_SHIFT; // the last, partly filled block and those after it
      if (e.maxes.length < blocks) {
        const grown = new Float64Array(Math.max(blocks, e.maxes.length * 2));
        grown.set(e.maxes.subarray(0, from));
        e.maxes = grown;
      }
    }
    const norm = this.k1 * (1 - this.b);
    const bl = (this.k1 * this.b) / e.avgdl;
    for (let k = from; k < blocks; k++) {
      let max = 0;
      const end = Math.min(n, (k + 1) << BLOCK_SHIFT);
      for (let j = k << BLOCK_SHIFT; j < end; j++) {
        const tf = tfs[j];
        const share = tf / (tf + norm + bl * lengths[docs[j]]);
        if (share > max) max = share;
      }
      e.maxes[k] = max;
    }
    e.count = n;
    return e.maxes.subarray(0, blocks);
  }
}
