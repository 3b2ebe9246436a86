// Bm25Index: in-memory inverted index with BM25 scoring, filters, and removal by paragraph id.
import type {
  LexicalIndex,
  LexicalMatch,
  MetadataChange,
  VectorFilter,
  VectorMetadata,
  WeightedTerm,
} from '../ports.ts';
import { TopK } from './top-k.ts';

export type { LexicalMatch, WeightedTerm };

/** A compacted index as plain arrays (see bm25-snapshot.ts): paragraph i is slot i; each term's postings are consecutive. */
export interface Bm25Data {
  ids: string[];
  lengths: ArrayLike<number>;
  metas: VectorMetadata[];
  terms: string[];
  postingCounts: Int32Array;
  postingDocs: Int32Array;
  postingTfs: Int32Array;
}

/** A term's postings: arrays while the index grows, views into a snapshot after a load (copied on first change). */
type Postings = { docs: number[] | Int32Array; tfs: number[] | Int32Array };

/** BM25's idf, shared by every lexical adapter so they rank alike. */
export const bm25Idf = (n: number, df: number) =>
  df === 0 || n === 0 ? 0 : Math.log(1 + (n - df + 0.5) / (df + 0.5));
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

export class Bm25Index implements LexicalIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly ids: (string | null)[] = [];
  private readonly lengths: number[] = [];
  private readonly metaBySlot: (VectorMetadata | null)[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Slots of each org and each report, so a scoped search scores only their paragraphs. */
  private readonly byOrg = new Map<string, number[]>();
  private readonly byDocument = new Map<string, number[]>();
  private totalLength = 0;
  private scratch = new Float64Array(0);
  /** Slots each recent filter accepts (see acceptedSlots); emptied by every change to the index. */
  private readonly filterMasks = new Map<string, Uint8Array>();
  private mask = new Uint8Array(0);
  /** Unscoped searches walking at least this many postings are pruned (see prunedScores); tests lower it. */
  pruneFrom = 50_000;

  constructor(
    private readonly k1 = BM25_K1,
    private readonly b = BM25_B,
  ) {}

  get size(): number {
    return this.slotOf.size;
  }

  count(): number {
    return this.slotOf.size;
  }

  metas(ids: string[]): Map<string, VectorMetadata> {
    const out = new Map<string, VectorMetadata>();
    for (const id of ids) {
      const m = this.meta(id);
      if (m) out.set(id, m);
    }
    return out;
  }

  idfs(terms: string[]): Map<string, number> {
    return new Map(terms.map((t) => [t, this.idf(t)]));
  }

  update(removed: string[], added: { id: string; tokens: string[]; meta: VectorMetadata }[]): void {
    for (const id of removed) this.remove(id);
    for (const a of added) this.add(a.id, a.tokens, a.meta);
  }

  add(id: string, tokens: string[], meta: VectorMetadata): void {
    this.filterMasks.clear();
    this.remove(id);
    const slot = this.ids.length;
    this.ids.push(id);
    this.lengths.push(tokens.length);
    this.metaBySlot.push(meta);
    this.slotOf.set(id, slot);
    this.index(slot, meta);
    this.totalLength += tokens.length;
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      let p = this.postings.get(term);
      if (!p || !Array.isArray(p.docs))
        this.postings.set(term, (p = { docs: p ? Array.from(p.docs) : [], tfs: p ? Array.from(p.tfs) : [] }));
      (p.docs as number[]).push(slot);
      (p.tfs as number[]).push(n);
    }
  }

  /** The live paragraphs and their postings as arrays (compacted: removed paragraphs are left out). */
  toData(): Bm25Data {
    return runSteps(this.toDataSteps());
  }

  /**
   * toData in steps: the generator pauses every few thousand postings, so a caller can let other work run
   * between steps (the index must not change meanwhile: flushes hold the library's write lock).
   */
  *toDataSteps(): Generator<void, Bm25Data> {
    if (this.slotOf.size === this.ids.length) return yield* this.denseData();
    const live = [...this.slotOf.entries()].sort((a, b) => a[1] - b[1]);
    const remap = new Int32Array(this.ids.length).fill(-1);
    live.forEach(([, slot], i) => (remap[slot] = i));
    const terms: string[] = [];
    const counts: number[] = [];
    let total = 0;
    for (const p of this.postings.values()) total += p.docs.length;
    const docs = new Int32Array(total);
    const tfs = new Int32Array(total);
    let at = 0;
    let work = 0;
    for (const [term, p] of this.postings) {
      const start = at;
      for (let i = 0; i < p.docs.length; i++) {
        const to = remap[p.docs[i]];
        if (to < 0) continue;
        docs[at] = to;
        tfs[at++] = p.tfs[i];
      }
      if (at > start) {
        terms.push(term);
        counts.push(at - start);
      }
      if ((work += p.docs.length + 16) >= STEP) {
        work = 0;
        yield;
      }
    }
    return {
      ids: live.map(([id]) => id),
      lengths: live.map(([, s]) => this.lengths[s]),
      metas: live.map(([, s]) => this.metaBySlot[s]!),
      terms,
      postingCounts: Int32Array.from(counts),
      postingDocs: docs.subarray(0, at),
      postingTfs: tfs.subarray(0, at),
    };
  }

  /** toData when no paragraph was removed since the last compaction: slots are already dense, postings copied in bulk. */
  private *denseData(): Generator<void, Bm25Data> {
    let total = 0;
    for (const p of this.postings.values()) total += p.docs.length;
    const docs = new Int32Array(total);
    const tfs = new Int32Array(total);
    const terms: string[] = [];
    const counts = new Int32Array(this.postings.size);
    let at = 0;
    let work = 0;
    for (const [term, p] of this.postings) {
      docs.set(p.docs, at);
      tfs.set(p.tfs, at);
      counts[terms.length] = p.docs.length;
      terms.push(term);
      at += p.docs.length;
      if ((work += p.docs.length + 16) >= STEP) {
        work = 0;
        yield;
      }
    }
    return {
      ids: this.ids as string[],
      lengths: this.lengths,
      metas: this.metaBySlot as VectorMetadata[],
      terms,
      postingCounts: counts,
      postingDocs: docs,
      postingTfs: tfs,
    };
  }

  /** An index from arrays made by toData (the postings are used in place, not copied). */
  static fromData(d: Bm25Data, k1 = BM25_K1, b = BM25_B): Bm25Index {
    const index = new Bm25Index(k1, b);
    d.ids.forEach((id, slot) => {
      index.ids.push(id);
      index.lengths.push(d.lengths[slot]);
      index.metaBySlot.push(d.metas[slot]);
      index.slotOf.set(id, slot);
      index.index(slot, d.metas[slot]);
      index.totalLength += d.lengths[slot];
    });
    let at = 0;
    d.terms.forEach((term, i) => {
      const n = d.postingCounts[i];
      index.postings.set(term, {
        docs: d.postingDocs.subarray(at, at + n),
        tfs: d.postingTfs.subarray(at, at + n),
      });
      at += n;
    });
    return index;
  }

  /** New filter fields for indexed paragraphs (a report's office or year corrected); tokens and scores stay. */
  setMetadata(changes: MetadataChange[]): void {
    this.filterMasks.clear();
    const leaving = { org: new Map<string, Set<number>>(), doc: new Map<string, Set<number>>() };
    const leave = (m: Map<string, Set<number>>, key: string, slot: number) =>
      (m.get(key) ?? m.set(key, new Set()).get(key)!).add(slot);
    for (const { id, metadata } of changes) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      const old = this.metaBySlot[slot]!;
      if (old.orgKey !== metadata.orgKey) {
        if (old.orgKey) leave(leaving.org, old.orgKey, slot);
        if (metadata.orgKey) push(this.byOrg, metadata.orgKey, slot);
      }
      if (old.documentId !== metadata.documentId) {
        leave(leaving.doc, old.documentId, slot);
        push(this.byDocument, metadata.documentId, slot);
      }
      this.metaBySlot[slot] = { ...metadata };
    }
    for (const [key, slots] of leaving.org) unlist(this.byOrg, key, slots);
    for (const [key, slots] of leaving.doc) unlist(this.byDocument, key, slots);
  }

  private index(slot: number, meta: VectorMetadata): void {
    if (meta.orgKey) push(this.byOrg, meta.orgKey, slot);
    push(this.byDocument, meta.documentId, slot);
  }

  remove(id: string): void {
    this.filterMasks.clear();
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.ids[slot] = null;
    this.metaBySlot[slot] = null;
    this.totalLength -= this.lengths[slot];
    if (this.ids.length > 1000 && this.slotOf.size < this.ids.length / 2) this.compact();
  }

  /** Rebuilds the postings without removed slots, so removal never leaves the index slower. */
  private compact(): void {
    const live = [...this.slotOf.entries()].sort((a, b) => a[1] - b[1]);
    const remap = new Int32Array(this.ids.length).fill(-1);
    live.forEach(([, slot], i) => (remap[slot] = i));
    for (const [term, p] of this.postings) {
      const docs: number[] = [];
      const tfs: number[] = [];
      for (let i = 0; i < p.docs.length; i++) {
        const to = remap[p.docs[i]];
        if (to >= 0) {
          docs.push(to);
          tfs.push(p.tfs[i]);
        }
      }
      if (docs.length) this.postings.set(term, { docs, tfs });
      else this.postings.delete(term);
    }
    const ids = live.map(([id]) => id);
    const lengths = live.map(([, s]) => this.lengths[s]);
    const metas = live.map(([, s]) => this.metaBySlot[s]);
    this.ids.length = this.lengths.length = this.metaBySlot.length = 0;
    this.ids.push(...ids);
    this.lengths.push(...lengths);
    this.metaBySlot.push(...metas);
    this.slotOf.clear();
    ids.forEach((id, i) => this.slotOf.set(id, i));
    this.byOrg.clear();
    this.byDocument.clear();
    metas.forEach((m, i) => m && this.index(i, m));
  }

  /** 1 for each live slot the filter accepts; kept per filter until the index changes (few filters recur: years). */
  private acceptedSlots(filter: VectorFilter): Uint8Array {
    const key = JSON.stringify(
      Object.keys(filter)
        .sort()
        .map((k) => [k, filter[k as keyof VectorFilter]]),
    );
    let accepted = this.filterMasks.get(key);
    if (accepted) return accepted;
    accepted = new Uint8Array(this.ids.length);
    for (let d = 0; d < this.ids.length; d++) {
      const meta = this.metaBySlot[d];
      if (meta && matches(meta, filter)) accepted[d] = 1;
    }
    if (this.filterMasks.size >= 16) this.filterMasks.clear();
    this.filterMasks.set(key, accepted);
    return accepted;
  }

  /** The metadata a paragraph was indexed with (null when it is not in the index). */
  meta(id: string): VectorMetadata | null {
    const slot = this.slotOf.get(id);
    return slot === undefined ? null : this.metaBySlot[slot];
  }

  /** Inverse document frequency of a term (0 for a term no paragraph has). */
  idf(term: string): number {
    return bm25Idf(this.slotOf.size, this.postings.get(term)?.docs.length ?? 0);
  }

  search(terms: WeightedTerm[], topK: number, filter?: VectorFilter): LexicalMatch[] {
    const n = this.slotOf.size;
    if (n === 0 || topK <= 0) return [];
    const avgdl = this.totalLength / n || 1;
    if (this.scratch.length < this.ids.length) {
      this.scratch = new Float64Array(this.ids.length * 2);
      this.mask = new Uint8Array(this.ids.length * 2);
    }
    const scores = this.scratch;
    // A search scoped to one org or one report scores only that scope's paragraphs.
    const scope =
      filter?.documentId !== undefined
        ? (this.byDocument.get(filter.documentId) ?? [])
        : filter?.orgKey
          ? (this.byOrg.get(filter.orgKey) ?? [])
          : null;
    if (scope && scope.length === 0) return [];
    const mask = this.mask;
    // The scope's slots in ascending order: a term's postings are ascending too (slots only grow, compaction
    // keeps their order), so a small scope is looked up in each long posting list instead of walking all of it.
    let slots: ArrayLike<number> | null = null;
    if (scope) {
      for (const d of scope) mask[d] = 1;
      slots = ascending(scope);
    }
    // What the scope did not already check (an org of null has no scope: it is checked here).
    const rest = filter && {
      ...filter,
      documentId: undefined,
      orgKey: filter.documentId === undefined && filter.orgKey ? undefined : filter.orgKey,
    };
    const needsCheck = !!rest && Object.values(rest).some((v) => v !== undefined);
    // Unscoped but filtered (a year): the paragraphs it accepts, so the others are never scored.
    const allowed = !scope && needsCheck ? this.acceptedSlots(rest!) : null;
    const seen = new Set<string>();
    const k1 = this.k1;
    const norm = this.k1 * (1 - this.b);
    const bl = (this.k1 * this.b) / avgdl;
    const lengths = this.lengths;
    // Each distinct query term with its postings, in the question's order (scores are summed in this order).
    const walks: TermWalk[] = [];
    for (const { term, weight } of terms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const p = this.postings.get(term);
      if (!p) continue;
      const df = p.docs.length; // removed slots still count until compaction: a slight, safe over-estimate
      walks.push({ w: weight * bm25Idf(n, df) * (k1 + 1), docs: p.docs, tfs: p.tfs });
    }
    const score = { norm, bl, lengths };
    if (!scope) {
      let work = 0;
      for (const t of walks) work += t.docs.length;
      if (work >= this.pruneFrom && walks.length > 1 && walks.every((t) => t.w > 0)) {
        const live = (d: number) => this.ids[d] !== null;
        const pruned = prunedScores(walks, topK, allowed, score, scores, live);
        return this.ranked(pruned, topK, needsCheck ? rest! : null);
      }
    }
    const touched: number[] = [];
    for (const { w, docs, tfs } of walks) {
      // Paragraphs are visited in ascending slot order either way, so scores and ties come out the same.
      let from = 0;
      let to = docs.length;
      if (slots) {
        from = lowerBound(docs, slots[0], 0, to);
        to = lowerBound(docs, slots[slots.length - 1] + 1, from, to);
      }
      if (slots && slots.length * 8 < to - from) {
        for (let j = 0, i = from; j < slots.length && i < to; j++) {
          if (j > 0 && slots[j] === slots[j - 1]) continue;
          i = lowerBound(docs, slots[j], i, to);
          if (i === to) break;
          const d = docs[i];
          if (d !== slots[j]) continue;
          const tf = tfs[i];
          if (scores[d] === 0) touched.push(d);
          scores[d] += (w * tf) / (tf + norm + bl * lengths[d]);
        }
        continue;
      }
      for (let i = from; i < to; i++) {
        const d = docs[i];
        if (scope && mask[d] === 0) continue;
        if (allowed !== null && allowed[d] === 0) continue;
        const tf = tfs[i];
        if (scores[d] === 0) touched.push(d);
        scores[d] += (w * tf) / (tf + norm + bl * lengths[d]);
      }
    }
    if (scope) for (const d of scope) mask[d] = 0;
    const scored: { slot: number; score: number }[] = [];
    for (const d of touched) {
      scored.push({ slot: d, score: scores[d] });
      scores[d] = 0;
    }
    return this.ranked(scored, topK, needsCheck ? rest! : null);
  }

  /**
   * The topK best of the scored slots (live, positive, passing the filter). Equal scores are ordered by id, so every
   * lexical adapter (D1 too) ranks ties alike — also at the cut: every slot tied with the last one kept competes
   * by id, so the result does not depend on the order the slots were scored in.
   */
  private ranked(
    scored: { slot: number; score: number }[],
    topK: number,
    check: VectorFilter | null,
  ): LexicalMatch[] {
    const top = new TopK<number>(topK);
    const kept: { slot: number; score: number }[] = [];
    for (const c of scored) {
      if (this.ids[c.slot] === null || c.score <= 0) continue;
      if (check && !matches(this.metaBySlot[c.slot]!, check)) continue;
      kept.push(c);
      top.push(c.slot, c.score);
    }
    const cut = top.sorted().at(-1)?.score ?? 0;
    return kept
      .filter((c) => c.score >= cut)
      .map(({ slot, score }) => ({ id: this.ids[slot]!, score }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, topK);
  }
}

/** One query term: its weight (idf × weight × (k1 + 1), also the bound of what it can add to a score) and postings. */
interface TermWalk {
  w: number;
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
}

/** What a term adds to a paragraph's score: w·tf / (tf + k1(1 − b) + k1·b·len/avgdl) — always below w. */
interface Scoring {
  norm: number;
  bl: number;
  lengths: ArrayLike<number>;
}

/**
 * An unscoped search over long posting lists, pruned (max-score): terms are walked from the rarest (largest bound
 * w) down; once what the terms not yet walked could add at most is below the topK-th score reached so far, no
 * paragraph they alone contain can enter the top, so the rest of those long lists is only looked up (binary search)
 * for paragraphs still in contention, and those that can no longer reach the cut are dropped. Summed in that
 * order, a score can differ from the full walk's in its last bits; so the few paragraphs at or above the cut
 * (with a margin far wider than rounding) are scored again term by term in the question's order, and those exact
 * scores are returned: the same numbers, to the last bit, as the full walk gives (the caller's ranked() makes the
 * cut independent of visiting order). `acc` is a zeroed scratch array (left zeroed). Every w must be positive.
 */
export function prunedScores(
  walks: TermWalk[],
  topK: number,
  allowed: Uint8Array | null,
  { norm, bl, lengths }: Scoring,
  acc: Float64Array,
  live: (slot: number) => boolean,
): { slot: number; score: number }[] {
  const order = walks.map((_, i) => i).sort((a, b) => walks[b].w - walks[a].w || a - b);
  let rest = 0; // the most the terms not yet walked can add
  for (const t of walks) rest += t.w;
  let touched: number[] = [];
  let open = true; // paragraphs not yet touched can still enter the top
  let best = 0; // the highest partial score so far: the topK-th cannot be higher
  const kth = () => {
    const top = new TopK<number>(topK);
    let n = 0;
    for (const d of touched) {
      if (!live(d)) continue; // a removed paragraph (still in the postings until compaction) sets no floor
      top.push(d, acc[d]);
      n++;
    }
    return n < topK ? 0 : top.sorted().at(-1)!.score;
  };
  for (const i of order) {
    const { w, docs, tfs } = walks[i];
    rest -= w;
    if (open) {
      for (let j = 0; j < docs.length; j++) {
        const d = docs[j];
        if (allowed !== null && allowed[d] === 0) continue;
        const tf = tfs[j];
        if (acc[d] === 0) touched.push(d);
        const a = (acc[d] += (w * tf) / (tf + norm + bl * lengths[d]));
        if (a > best) best = a;
      }
    } else {
      let at = 0;
      for (const d of touched) {
        at = lowerBound(docs, d, at, docs.length);
        if (at === docs.length) break;
        if (docs[at] !== d) continue;
        const tf = tfs[at];
        acc[d] += (w * tf) / (tf + norm + bl * lengths[d]);
      }
    }
    if (rest === 0 || touched.length < topK || rest >= best * SAFE) continue;
    // The topK-th partial score is a floor under the final topK-th score (scores only grow).
    const floor = kth();
    if (rest >= floor * SAFE) continue;
    open = false;
    const keep: number[] = [];
    for (const d of touched) {
      if (acc[d] + rest >= floor * SAFE) keep.push(d);
      else acc[d] = 0;
    }
    touched = keep.sort((a, b) => a - b);
  }
  // The cut by these partial-order sums, with a margin; the paragraphs above it scored exactly.
  const cut = kth() * SAFE;
  const out: { slot: number; score: number }[] = [];
  for (const d of touched) {
    if (acc[d] >= cut) out.push({ slot: d, score: 0 });
    acc[d] = 0;
  }
  out.sort((a, b) => a.slot - b.slot);
  for (const { w, docs, tfs } of walks) {
    let at = 0;
    for (const c of out) {
      at = lowerBound(docs, c.slot, at, docs.length);
      if (at === docs.length) break;
      if (docs[at] !== c.slot) continue;
      const tf = tfs[at];
      c.score += (w * tf) / (tf + norm + bl * lengths[c.slot]);
    }
  }
  return out;
}

/** A relative margin far wider than the rounding of a sum of a few terms, so pruning never drops a contender. */
const SAFE = 1 - 1e-9;

/** The first index in [lo, hi) of the ascending `xs` whose value is ≥ x (hi when none is). */
function lowerBound(xs: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The list itself when already ascending (a report's slots are added in order), else a sorted copy. */
function ascending(slots: number[]): ArrayLike<number> {
  for (let i = 1; i < slots.length; i++) if (slots[i] <= slots[i - 1]) return Int32Array.from(slots).sort();
  return slots;
}

/** Postings copied between two pauses of toDataSteps (about a millisecond of work). */
const STEP = 200_000;

/** Runs a stepped computation to its end without pausing. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

function push(map: Map<string, number[]>, key: string, slot: number): void {
  const list = map.get(key);
  if (list) list.push(slot);
  else map.set(key, [slot]);
}

function unlist(map: Map<string, number[]>, key: string, slots: Set<number>): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((s) => !slots.has(s));
  if (rest.length) map.set(key, rest);
  else map.delete(key);
}

export function matches(meta: VectorMetadata, filter: VectorFilter): boolean {
  for (const key of Object.keys(filter) as (keyof VectorMetadata)[]) {
    if (filter[key] !== undefined && meta[key] !== filter[key]) return false;
  }
  return true;
}
