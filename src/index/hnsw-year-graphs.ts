// One HNSW graph per large year beside the whole index: a year-scoped search walks that year's graph, not the whole one.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import hnswlib from 'hnswlib-node';
import { digestFile } from './file-digest.ts';

const { HierarchicalNSW } = hnswlib;
type Graph = InstanceType<typeof HierarchicalNSW>;

/**
 * By default a year gets its own graph once it holds more vectors than this. Smaller years keep the filtered search of the whole
 * graph (cheap enough there; the seed and eval libraries stay as they were).
 */
export const YEAR_GRAPH_MIN = 4096;
/** Background building works in slices of this many milliseconds, so searches and writes are served between them. */
const SLICE_MS = 20;

/** A year graph as the manifest records it: written with the index, checked (size, SHA-256) before it is read. */
export interface YearGraphFile {
  year: number;
  file: string;
  sha256: string;
  bytes: number;
}

/** What the year graphs need from the store that owns them. */
export interface YearSource {
  dimensions: number;
  M: number;
  efConstruction: number;
  /** A year gets a graph once it holds more vectors than this. */
  min: number;
  /** The live labels of a year (the store's own set, only read here). */
  labelsOf(year: number): ReadonlySet<number> | undefined;
  /** A stored vector (as stored: normalised). */
  point(label: number): number[];
}

export interface YearGraphStatus {
  ready: number[];
  building: number[];
  loading: number[];
}

interface YearGraph {
  index: Graph;
  /** Live labels in the graph (a removed one stays in hnswlib marked deleted). */
  members: Set<number>;
  state: 'building' | 'loading' | 'ready';
  /** Changed while its file was being read: dropped and built again once the read ends. */
  stale: boolean;
  /** The file it was last written to or read from, while it is unchanged since. */
  file: YearGraphFile | null;
}

export class YearGraphs {
  private readonly graphs = new Map<number, YearGraph>();
  private readonly toBuild: number[] = [];
  private building: Promise<void> | null = null;
  private loading: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly source: YearSource) {}

  /** The year's graph when it is complete (else the caller searches the whole graph with a filter). */
  ready(year: number): { index: Graph; live: number } | null {
    const g = this.graphs.get(year);
    return g?.state === 'ready' ? { index: g.index, live: g.members.size } : null;
  }

  status(): YearGraphStatus {
    const of = (state: YearGraph['state']) =>
      [...this.graphs].filter(([, g]) => g.state === state).map(([y]) => y);
    return { ready: of('ready'), building: of('building'), loading: of('loading') };
  }

  /** Resolves once no graph is being read or built (for benches and tests; serving never waits for it). */
  async settled(): Promise<YearGraphStatus> {
    while (this.loading || this.building) await (this.loading ?? this.building);
    return this.status();
  }

  /** A vector the store has just linked under `year` (so labelsOf(year) counts it); read from the store if not given. */
  added(label: number, year: number | null, vector?: number[]): void {
    if (year === null || this.closed) return;
    const g = this.graphs.get(year);
    if (!g) {
      if ((this.source.labelsOf(year)?.size ?? 0) > this.source.min) this.build(year);
      return;
    }
    if (g.state === 'loading') g.stale = true;
    else this.insert(g, label, vector ?? this.source.point(label));
  }

  /** A vector the store is about to unlink from `year`. */
  removed(label: number, year: number | null): void {
    const g = year === null ? undefined : this.graphs.get(year);
    if (!g) return;
    if (g.state === 'loading') g.stale = true;
    else if (g.members.delete(label)) {
      g.index.markDelete(label);
      g.file = null;
    }
  }

  /**
   * Writes every complete graph changed since its last write (`vectors-…-y2021.hnsw`) and returns the files of all
   * complete graphs, for the manifest. A graph still being built or read is left out (built again at the next open).
   */
  async flush(dir: string, prefix: string): Promise<YearGraphFile[]> {
    const out: YearGraphFile[] = [];
    for (const [year, g] of this.graphs) {
      if (g.state !== 'ready') continue;
      if (!g.file || !existsSync(join(dir, g.file.file))) {
        const file = `${prefix}-y${year}.hnsw`;
        const tmp = join(dir, `${file}.tmp`);
        try {
          await g.index.writeIndex(tmp);
          const digest = await digestFile(tmp);
          renameSync(tmp, join(dir, file));
          g.file = { year, file, ...digest };
        } catch (e) {
          rmSync(tmp, { force: true });
          throw e;
        }
      }
      out.push(g.file);
    }
    return out;
  }

  /**
   * In the background: reads the graphs the manifest lists (each checked against its size and SHA-256 first), one
   * after another, then builds those of large years that had none or whose file was not usable.
   */
  load(dir: string, files: YearGraphFile[], years: Iterable<number>): void {
    for (const f of files) {
      this.graphs.set(f.year, {
        index: new HierarchicalNSW('cosine', this.source.dimensions),
        members: new Set(this.source.labelsOf(f.year)),
        state: 'loading',
        stale: false,
        file: null,
      });
    }
    const missing = [...years].filter(
      (y) => !this.graphs.has(y) && (this.source.labelsOf(y)?.size ?? 0) > this.source.min,
    );
    this.loading = (async () => {
      for (const f of files) {
        const g = this.graphs.get(f.year)!;
        const ok = await this.read(g, dir, f);
        if (this.closed) return;
        if (ok && !g.stale) {
          g.state = 'ready';
          g.file = f;
        } else {
          this.graphs.delete(f.year);
          this.build(f.year);
        }
      }
      for (const y of missing) this.build(y);
    })().finally(() => (this.loading = null));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Stops reading and building, and waits for the file being read and the slice being built: hnswlib must not be
   * reading into a graph when its thread goes away (a worker terminated mid-read aborts the whole process).
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.loading?.catch(() => undefined);
    await this.building?.catch(() => undefined);
  }

  private async read(g: YearGraph, dir: string, f: YearGraphFile): Promise<boolean> {
    const path = join(dir, f.file);
    if (/[\\/]/.test(f.file) || !existsSync(path)) return false;
    try {
      const digest = await digestFile(path);
      if (digest.bytes !== f.bytes || digest.sha256 !== f.sha256) return false;
      await g.index.readIndex(path, false);
      return g.index.getCurrentCount() >= g.members.size;
    } catch {
      return false;
    }
  }

  private insert(g: YearGraph, label: number, vector: number[]) {
    const count = g.index.getCurrentCount();
    if (count >= g.index.getMaxElements()) g.index.resizeIndex(Math.max(2 * count, 1024));
    // Deleted slots are not reused (allowReplaceDeleted off): adding a label marked deleted undeletes it with this
    // vector, which is what a year corrected back needs; new vectors always come with new labels.
    g.index.addPoint(vector, label, false);
    g.members.add(label);
    g.file = null;
  }

  /** Starts (or queues) building the year's graph from the vectors the store holds for it. */
  private build(year: number) {
    if (this.closed || this.graphs.has(year)) return;
    const size = this.source.labelsOf(year)?.size ?? 0;
    const index = new HierarchicalNSW('cosine', this.source.dimensions);
    index.initIndex(
      Math.max(1024, Math.ceil(size * 1.25)),
      this.source.M,
      this.source.efConstruction,
      42,
      false,
    );
    this.graphs.set(year, { index, members: new Set(), state: 'building', stale: false, file: null });
    this.toBuild.push(year);
    this.kick();
  }

  /** Runs the builder from the next turn on (never inside the write that asked for it), until nothing is queued. */
  private kick() {
    if (this.building || this.closed) return;
    this.building = nextTurn()
      .then(() => this.work())
      .finally(() => {
        this.building = null;
        if (this.toBuild.length) this.kick();
      });
  }

  private async work() {
    let slice = performance.now();
    years: while (this.toBuild.length && !this.closed) {
      const year = this.toBuild.shift()!;
      const g = this.graphs.get(year);
      if (g?.state !== 'building') continue;
      // Vectors added meanwhile go straight in (added()); removed ones are skipped here or marked deleted there.
      const labels = [...(this.source.labelsOf(year) ?? [])];
      for (const label of labels) {
        if (performance.now() - slice > SLICE_MS) {
          await nextTurn();
          if (this.closed) return;
          if (this.graphs.get(year) !== g) continue years;
          slice = performance.now();
        }
        if (!g.members.has(label) && this.source.labelsOf(year)?.has(label))
          this.insert(g, label, this.source.point(label));
      }
      g.state = 'ready';
    }
  }
}
