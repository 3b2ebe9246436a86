// Bm25Index: in-memory inverted index with BM25 scoring, filters, and removal by paragraph id.
import type {
  LexicalIndex,
  LexicalMatch,
  MetadataChange,
  VectorFilter,
  VectorMetadata,
  WeightedTerm,
} from '../ports.ts';
import { type FilterCodes, type SavedSlots, SlotTable } from './bm25-slots.ts';
import type { StringTable } from './string-table.ts';
import { WINDOW, gallop, lowerBound, maxScoreScores, type TermWalk } from './bm25-prune.ts';
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

/** The slots a filter accepts (mask) and, for each slot, the first accepted slot at or after it (next). */
interface Accepted {
  mask: Uint8Array;
  next: Int32Array;
}

/** A term's postings: arrays while the index grows, views into a snapshot after a load (copied on first change). */
type Postings = { docs: number[] | Int32Array; tfs: number[] | Int32Array };

/** A saved index's postings, left in its file: term t's are read (by `read`) the first time it is searched. */
export interface SavedPostings {
  terms: StringTable;
  /** Term t has starts[t + 1] − starts[t] postings. */
  starts: Int32Array;
  /** The file's sections before the postings (ids, terms, each paragraph's fields), which the index reads in place. */
  tables: Uint8Array;
  read(t: number): { docs: Int32Array; tfs: Int32Array };
  /** `read` in the thread pool, for reading ahead of searches (bm25-warm.ts); close() waits for it to end. */
  readAsync(t: number): Promise<{ docs: Int32Array; tfs: Int32Array }>;
  close(): void;
}

/** BM25's idf, shared by every lexical adapter so they rank alike. */
export const bm25Idf = (n: number, df: number) =>
  df === 0 || n === 0 ? 0 : Math.log(1 + (n - df + 0.5) / (df + 0.5));
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

export class Bm25Index implements LexicalIndex {
  /** Postings of the terms read from the file (views) or changed or added since; the others are read on first use. */
  private readonly postings = new Map<string, Postings>();
  private saved: SavedPostings | null = null;
  private slots = new SlotTable();
  private scratch = new Float64Array(0);
  /** Slots each recent filter accepts (see acceptedSlots); emptied by every change to the index. */
  private readonly filterMasks = new Map<string, Accepted>();
  /** Counts changes, so work done ahead of searches in steps (bm25-warm.ts) knows when it is out of date. */
  private changes = 0;
  private mask = new Uint8Array(0);
  /** Unscoped searches walking at least this many postings are pruned (see maxScoreScores); tests lower it. */
  pruneFrom = 50_000;
  /** Slots per window of a pruned search (see maxScoreScores); tests lower it. */
  pruneWindow = WINDOW;

  constructor(
    private readonly k1 = BM25_K1,
    private readonly b = BM25_B,
  ) {}

  /** An index over a saved file's arrays, used in place: postings are read from the file when a term is first searched. */
  static fromSaved(slots: SavedSlots, postings: SavedPostings, k1 = BM25_K1, b = BM25_B): Bm25Index {
    const index = new Bm25Index(k1, b);
    index.slots = SlotTable.fromSaved(slots);
    index.saved = postings;
    return index;
  }

  get size(): number {
    return this.slots.size;
  }

  count(): number {
    return this.slots.size;
  }

  private changed(): void {
    this.filterMasks.clear();
    this.changes++;
  }

  /** Lets go of the file a loaded index reads its postings from (the index must not be used afterwards). */
  close(): void {
    this.saved?.close();
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
    this.changed();
    this.remove(id);
    const slot = this.slots.add(id, tokens.length, meta);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      let p = this.postingsOf(term);
      if (!p || !Array.isArray(p.docs))
        this.postings.set(term, (p = { docs: p ? Array.from(p.docs) : [], tfs: p ? Array.from(p.tfs) : [] }));
      (p.docs as number[]).push(slot);
      (p.tfs as number[]).push(n);
    }
  }

  /** A term's postings: changed or read before, else read from the file now (and kept). */
  private postingsOf(term: string): Postings | undefined {
    const p = this.postings.get(term);
    if (p || !this.saved) return p;
    const t = this.saved.terms.find(term);
    if (t < 0) return undefined;
    const read = this.saved.read(t);
    this.postings.set(term, read);
    return read;
  }

  /** How many postings a term has (removed slots included until compaction), without reading them. */
  private df(term: string): number {
    const p = this.postings.get(term);
    if (p) return p.docs.length;
    const t = this.saved ? this.saved.terms.find(term) : -1;
    return t < 0 ? 0 : this.saved!.starts[t + 1] - this.saved!.starts[t];
  }

  /** Every term with its postings: the file's in its order (those not read yet are read, not kept), then the rest. */
  private *allTerms(): Generator<[string, Postings]> {
    const saved = this.saved;
    if (saved) {
      for (let t = 0; t < saved.terms.count; t++) {
        const term = saved.terms.at(t);
        yield [term, this.postings.get(term) ?? saved.read(t)];
      }
    }
    for (const [term, p] of this.postings) if (!saved || saved.terms.find(term) < 0) yield [term, p];
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
    const slots = this.slots;
    const dense = slots.size === slots.slots;
    let remap: Int32Array | null = null;
    if (!dense) {
      remap = new Int32Array(slots.slots).fill(-1);
      for (let s = 0, live = 0; s < slots.slots; s++) if (slots.isLive(s)) remap[s] = live++;
    }
    const ids: string[] = [];
    const lengths: number[] = [];
    const metas: VectorMetadata[] = [];
    for (let s = 0; s < slots.slots; s++) {
      if (!slots.isLive(s)) continue;
      ids.push(slots.idAt(s)!);
      lengths.push(slots.lengths[s]);
      metas.push(slots.metaAt(s)!);
      if (s % 50_000 === 49_999) yield;
    }
    const terms: string[] = [];
    const counts: number[] = [];
    const parts: Postings[] = [];
    let total = 0;
    let work = 0;
    for (const [term, p] of this.allTerms()) {
      parts.push(p);
      terms.push(term);
      total += p.docs.length;
      if ((work += p.docs.length + 16) >= STEP) {
        work = 0;
        yield;
      }
    }
    const docs = new Int32Array(total);
    const tfs = new Int32Array(total);
    const kept: string[] = [];
    let at = 0;
    work = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const start = at;
      if (!remap) {
        docs.set(p.docs, at);
        tfs.set(p.tfs, at);
        at += p.docs.length;
      } else {
        for (let j = 0; j < p.docs.length; j++) {
          const to = remap[p.docs[j]];
          if (to < 0) continue;
          docs[at] = to;
          tfs[at++] = p.tfs[j];
        }
      }
      if (at > start) {
        kept.push(terms[i]);
        counts.push(at - start);
      }
      if ((work += p.docs.length + 16) >= STEP) {
        work = 0;
        yield;
      }
    }
    return {
      ids,
      lengths,
      metas,
      terms: kept,
      postingCounts: Int32Array.from(counts),
      postingDocs: docs.subarray(0, at),
      postingTfs: tfs.subarray(0, at),
    };
  }

  /** An index from arrays made by toData (the postings are used in place, not copied). */
  static fromData(d: Bm25Data, k1 = BM25_K1, b = BM25_B): Bm25Index {
    const index = new Bm25Index(k1, b);
    d.ids.forEach((id, slot) => index.slots.add(id, d.lengths[slot], d.metas[slot]));
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
    this.changed();
    const known: { slot: number; meta: VectorMetadata }[] = [];
    for (const { id, metadata } of changes) {
      const slot = this.slots.slotOf(id);
      if (slot >= 0) known.push({ slot, meta: { ...metadata } });
    }
    if (known.length) this.slots.setMetadata(known);
  }

  remove(id: string): void {
    this.changed();
    if (this.slots.remove(id) < 0) return;
    if (this.slots.slots > 1000 && this.slots.size < this.slots.slots / 2) this.compact();
  }

  /** Rebuilds the postings without removed slots, so removal never leaves the index slower. */
  private compact(): void {
    const { table, remap } = this.slots.compacted();
    const next = new Map<string, Postings>();
    for (const [term, p] of this.allTerms()) {
      const docs: number[] = [];
      const tfs: number[] = [];
      for (let i = 0; i < p.docs.length; i++) {
        const to = remap[p.docs[i]];
        if (to >= 0) {
          docs.push(to);
          tfs.push(p.tfs[i]);
        }
      }
      if (docs.length) next.set(term, { docs, tfs });
    }
    this.saved?.close();
    this.saved = null;
    this.postings.clear();
    for (const [term, p] of next) this.postings.set(term, p);
    this.slots = table;
  }

  /**
   * 1 for each live slot the filter accepts, and for each slot the first accepted one at or after it (so a walk skips
   * a run of other years' reports in one step); kept per filter until the index changes (few filters recur: years).
   */
  private acceptedSlots(filter: VectorFilter): Accepted {
    return this.filterMasks.get(filterKey(filter)) ?? runSteps(this.acceptedSteps(filter))!;
  }

  /** acceptedSlots in steps (pausing every MASK_STEP slots); null when the index changed meanwhile. */
  private *acceptedSteps(filter: VectorFilter): Generator<void, Accepted | null> {
    const key = filterKey(filter);
    const known = this.filterMasks.get(key);
    if (known) return known;
    const changes = this.changes;
    const slots = this.slots;
    const codes = slots.codes(filter);
    const mask = new Uint8Array(slots.slots);
    const next = new Int32Array(slots.slots + 1);
    next[slots.slots] = slots.slots;
    for (let d = slots.slots - 1; d >= 0; d--) {
      if (slots.isLive(d) && slots.accepts(d, codes)) mask[d] = 1;
      next[d] = mask[d] ? d : next[d + 1];
      if (d % MASK_STEP === 0 && d > 0) {
        yield;
        if (this.changes !== changes) return null;
      }
    }
    const accepted = { mask, next };
    if (this.filterMasks.size >= 16) this.filterMasks.clear();
    this.filterMasks.set(key, accepted);
    return accepted;
  }

  /**
   * Makes and keeps a filter's accepted slots, as the first search with that filter would, in steps (bm25-warm.ts);
   * false when the index changed before it was done (nothing is kept then).
   */
  *prepareFilter(filter: VectorFilter): Generator<void, boolean> {
    return (yield* this.acceptedSteps(filter)) !== null;
  }

  /** The file the postings not read yet are in (null: every term's are in memory). */
  get file(): SavedPostings | null {
    return this.saved;
  }

  /** Whether term t of `file` is still to be read from it (not searched, changed or added to since the load). */
  unread(file: SavedPostings, t: number): boolean {
    return this.saved === file && !this.postings.has(file.terms.at(t));
  }

  /**
   * Keeps postings of term t read ahead of the searches (bm25-warm.ts) as if a search had read them, unless the term
   * was read or changed meanwhile or the index no longer reads from `file` (then false).
   */
  adopt(file: SavedPostings, t: number, p: { docs: Int32Array; tfs: Int32Array }): boolean {
    if (!this.unread(file, t)) return false;
    const count = file.starts[t + 1] - file.starts[t];
    if (p.docs.length !== count || p.tfs.length !== count) return false;
    this.postings.set(file.terms.at(t), p);
    return true;
  }

  /** The per-slot arrays searches score in, made now if they are not (as bytes: bm25-warm.ts touches their pages). */
  scratchBytes(): Uint8Array[] {
    this.ensureScratch();
    const used = this.slots.slots;
    return [new Uint8Array(this.scratch.buffer, 0, 8 * used), new Uint8Array(this.mask.buffer, 0, used)];
  }

  private ensureScratch(): void {
    const table = this.slots;
    if (this.scratch.length < table.slots) {
      this.scratch = new Float64Array(table.slots * 2);
      this.mask = new Uint8Array(table.slots * 2);
    }
  }

  /** The metadata a paragraph was indexed with (null when it is not in the index). */
  meta(id: string): VectorMetadata | null {
    const slot = this.slots.slotOf(id);
    return slot < 0 ? null : this.slots.metaAt(slot);
  }

  /** Inverse document frequency of a term (0 for a term no paragraph has). */
  idf(term: string): number {
    return bm25Idf(this.slots.size, this.df(term));
  }

  search(terms: WeightedTerm[], topK: number, filter?: VectorFilter): LexicalMatch[] {
    const table = this.slots;
    const n = table.size;
    if (n === 0 || topK <= 0) return [];
    const avgdl = table.totalLength / n || 1;
    this.ensureScratch();
    const scores = this.scratch;
    // A search scoped to one org or one report scores only that scope's paragraphs.
    const scope = table.scope(filter);
    if (scope && scope.length === 0) return [];
    const mask = this.mask;
    // The scope's slots in ascending order: a term's postings are ascending too (slots only grow, compaction
    // keeps their order), so a small scope is looked up in each long posting list instead of walking all of it.
    let slots: ArrayLike<number> | null = null;
    if (scope) {
      for (let i = 0; i < scope.length; i++) mask[scope[i]] = 1;
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
    const accepted = !scope && needsCheck ? this.acceptedSlots(rest!) : null;
    const allowed = accepted?.mask ?? null;
    const seen = new Set<string>();
    const k1 = this.k1;
    const norm = this.k1 * (1 - this.b);
    const bl = (this.k1 * this.b) / avgdl;
    const lengths = table.lengths;
    // Each distinct query term with its postings, in the question's order (scores are summed in this order).
    const walks: TermWalk[] = [];
    for (const { term, weight } of terms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const p = this.postingsOf(term);
      if (!p) continue;
      const df = p.docs.length; // removed slots still count until compaction: a slight, safe over-estimate
      walks.push({ w: weight * bm25Idf(n, df) * (k1 + 1), docs: p.docs, tfs: p.tfs });
    }
    const score = { norm, bl, lengths };
    const check = needsCheck ? table.codes(rest!) : null;
    if (!scope) {
      let work = 0;
      for (const t of walks) work += t.docs.length;
      if (work >= this.pruneFrom && walks.length > 1 && walks.every((t) => t.w > 0)) {
        const live = (d: number) => table.isLive(d);
        const pruned = maxScoreScores(walks, topK, accepted, score, live, this.pruneWindow);
        return this.ranked(pruned, topK, check);
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
          i = gallop(docs, slots[j], i, to);
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
    if (scope) for (let i = 0; i < scope.length; i++) mask[scope[i]] = 0;
    const scored: { slot: number; score: number }[] = [];
    for (const d of touched) {
      scored.push({ slot: d, score: scores[d] });
      scores[d] = 0;
    }
    return this.ranked(scored, topK, check);
  }

  /**
   * The topK best of the scored slots (live, positive, passing the filter). Equal scores are ordered by id, so every
   * lexical adapter (D1 too) ranks ties alike — also at the cut: every slot tied with the last one kept competes
   * by id, so the result does not depend on the order the slots were scored in.
   */
  private ranked(
    scored: { slot: number; score: number }[],
    topK: number,
    check: FilterCodes | null,
  ): LexicalMatch[] {
    const table = this.slots;
    const top = new TopK<number>(topK);
    const kept: { slot: number; score: number }[] = [];
    for (const c of scored) {
      if (!table.isLive(c.slot) || c.score <= 0) continue;
      if (check && !table.accepts(c.slot, check)) continue;
      kept.push(c);
      top.push(c.slot, c.score);
    }
    const cut = top.sorted().at(-1)?.score ?? 0;
    return kept
      .filter((c) => c.score >= cut)
      .map(({ slot, score }) => ({ id: table.idAt(slot)!, score }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, topK);
  }
}

/** The list itself when already ascending (a report's slots are added in order), else a sorted copy. */
function ascending(slots: ArrayLike<number>): ArrayLike<number> {
  for (let i = 1; i < slots.length; i++) if (slots[i] <= slots[i - 1]) return Int32Array.from(slots).sort();
  return slots;
}

/** A filter as the key of its accepted slots: the fields it filters on (undefined ones are no filter), sorted. */
const filterKey = (filter: VectorFilter) =>
  JSON.stringify(
    (Object.keys(filter) as (keyof VectorFilter)[])
      .filter((k) => filter[k] !== undefined)
      .sort()
      .map((k) => [k, filter[k]]),
  );

/** Slots between two pauses of acceptedSteps when it runs in steps. */
const MASK_STEP = 65_536;

/** Postings copied between two pauses of toDataSteps (about a millisecond of work). */
const STEP = 200_000;

/** Runs a stepped computation to its end without pausing. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export function matches(meta: VectorMetadata, filter: VectorFilter): boolean {
  for (const key of Object.keys(filter) as (keyof VectorMetadata)[]) {
    if (filter[key] !== undefined && meta[key] !== filter[key]) return false;
  }
  return true;
}
