// Warming a loaded BM25 index in the background: what the first searches after a start would otherwise read cold.
// A loaded index reads a term's postings from its file the first time the term is searched, and its tables (ids,
// terms, each paragraph's fields) are bytes the kernel filled at open. On the machines measured, memory is slow the
// first time it is used — ~15–25 µs a 4 KiB page for a new allocation or a page filled by a read, then ~0.03 µs — so
// at 1M paragraphs a question of common words read ~100 ms of postings cold, and a first year-scoped search spent
// ~40 ms making that year's filter (BENCHMARKS.md, «first-search tail»). Here, after the library opens, the tables'
// pages are touched, the search scratch and the years' filters made, then the longest posting lists read (in the
// thread pool) and touched, longest first, within a byte budget: those are the costly reads and most questions have
// such words. Everything runs in slices of a few milliseconds with the event loop served between them, so a search
// waits at most one slice; searches meanwhile read what they need themselves, as before. Results never change: the
// postings are the file's, kept exactly as a search would keep them.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Bm25Index } from './bm25-index.ts';

export interface Bm25WarmOptions {
  /** Bytes of postings read ahead (8 a posting), the longest lists that fit first; default 256 MiB. */
  budgetBytes?: number;
  /** Shorter lists are left to the search that needs them (cheap to read then); default 4096 postings. */
  minPostings?: number;
  /** Years whose filter (the paragraphs a year-scoped search may score) is made ahead. */
  years?: number[];
  /** Longest stretch of work between two turns of the event loop; default 2 ms. */
  sliceMs?: number;
}

export interface Bm25WarmReport {
  /** Bytes of the file's tables whose pages were touched. */
  tableBytes: number;
  filters: number;
  terms: number;
  postings: number;
  /** Bytes of postings now held in memory that were not before. */
  bytes: number;
  /** Turns of the event loop given up between slices. */
  slices: number;
  ms: number;
  /** Stopped before the end (stop(), or the index stopped reading from its file). */
  stopped: boolean;
}

const PAGE = 4096;
let sink = 0;

/** The warm-up of one index, started at construction on the next turn of the event loop. */
export class Bm25Warmup {
  readonly done: Promise<Bm25WarmReport>;
  private stopping = false;

  constructor(
    private readonly index: Bm25Index,
    opts: Bm25WarmOptions = {},
  ) {
    this.done = this.run(opts);
  }

  /** Stops at the end of the current slice (or read); resolves once nothing more will be read or kept. */
  stop(): Promise<Bm25WarmReport> {
    this.stopping = true;
    return this.done;
  }

  private async run(opts: Bm25WarmOptions): Promise<Bm25WarmReport> {
    const t0 = performance.now();
    const sliceMs = opts.sliceMs ?? 2;
    const budget = opts.budgetBytes ?? 256 * 2 ** 20;
    const minPostings = opts.minPostings ?? 4096;
    const report: Bm25WarmReport = {
      tableBytes: 0,
      filters: 0,
      terms: 0,
      postings: 0,
      bytes: 0,
      slices: 0,
      ms: 0,
      stopped: false,
    };
    let until = 0;
    /** False once the caller should give up the thread: waits a turn, then says whether to go on. */
    const pause = async () => {
      report.slices++;
      await nextTurn();
      until = performance.now() + sliceMs;
      return !this.stopping;
    };
    const inSlice = () => performance.now() < until;
    /** Uses one byte of each page (writes it for fresh memory, whose pages exist only once written). */
    const touch = async (bytes: Uint8Array, write: boolean) => {
      for (let at = 0; at < bytes.length;) {
        if (!inSlice() && !(await pause())) return false;
        for (let n = 0; n < 16 && at < bytes.length; n++, at += PAGE) {
          if (write) bytes[at] = bytes[at];
          else sink ^= bytes[at];
        }
      }
      return true;
    };
    const finish = (stopped: boolean) => {
      report.stopped = stopped;
      report.ms = performance.now() - t0;
      return report;
    };
    if (!(await pause())) return finish(true);
    const file = this.index.file;
    if (file) {
      if (!(await touch(file.tables, false))) return finish(true);
      report.tableBytes = file.tables.length;
    }
    for (const bytes of this.index.scratchBytes()) if (!(await touch(bytes, true))) return finish(true);
    for (const year of opts.years ?? []) {
      const steps = this.index.prepareFilter({ year });
      for (let r = steps.next(); ; r = steps.next()) {
        if (r.done) {
          if (r.value) report.filters++;
          break;
        }
        if (!inSlice() && !(await pause())) return finish(true);
      }
    }
    if (!file) return finish(false);
    const cold: { t: number; postings: number }[] = [];
    for (let t = 0; t + 1 < file.starts.length; t++) {
      const postings = file.starts[t + 1] - file.starts[t];
      if (postings >= minPostings) cold.push({ t, postings });
      if (t % 8192 === 8191 && !inSlice() && !(await pause())) return finish(true);
    }
    cold.sort((a, b) => b.postings - a.postings || a.t - b.t);
    for (const { t, postings } of cold) {
      if (report.bytes + 8 * postings > budget) continue;
      if (!inSlice() && !(await pause())) return finish(true);
      if (!this.index.unread(file, t)) continue;
      let read: { docs: Int32Array; tfs: Int32Array };
      try {
        read = await file.readAsync(t);
      } catch {
        return finish(true); // the file was closed (the index compacted or closed): nothing left to warm
      }
      if (this.stopping) return finish(true);
      const bytes = new Uint8Array(read.docs.buffer, read.docs.byteOffset, 8 * postings);
      if (!(await touch(bytes, false))) return finish(true);
      if (this.index.adopt(file, t, read)) {
        report.terms++;
        report.postings += postings;
        report.bytes += 8 * postings;
      }
    }
    if (sink === -1) report.slices--; // never: keeps the touching reads from being optimised away
    return finish(false);
  }
}
