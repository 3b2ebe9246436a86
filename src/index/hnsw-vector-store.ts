// HnswVectorStore: VectorStore on hnswlib-node, persisted as a generation-numbered index file plus a manifest.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import hnswlib from 'hnswlib-node';
import type { MetadataChange, VectorFilter, VectorMatch, VectorMetadata, VectorStore } from '../ports.ts';
import { AppError } from '../errors.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { digestFile, digestFileSync } from './file-digest.ts';
import { PointCopy } from './hnsw-points.ts';
import { TopK } from './top-k.ts';
import { YEAR_GRAPH_MIN, YearGraphs, type YearGraphFile, type YearGraphStatus } from './hnsw-year-graphs.ts';

const { HierarchicalNSW } = hnswlib;
const MANIFEST = 'vectors.json';
/** Up to this many candidates a filtered query is answered by an exact scan. */
const EXACT_SCOPE = 4096;

/**
 * vectors.json as written since format 2: the entries in columns (labels, ids, and for each entry the index of its
 * metadata in `metas`, where each distinct report × section metadata appears once) — about a third of the time
 * to parse at 100k entries of format 1's one [label, id, meta] array per entry, which is still read.
 */
interface ManifestFile {
  format: 1 | 2;
  entries?: [label: number, id: string, meta: VectorMetadata][];
  labels?: number[];
  ids?: string[];
  metaOf?: number[];
  metas?: VectorMetadata[];
  years?: YearGraphFile[];
}

/** Entries as columns (format 1 is converted on reading); entries of one report × section share one metadata object. */
interface Entries {
  labels: number[];
  ids: string[];
  metas: VectorMetadata[];
}

interface Manifest {
  format: 1 | 2;
  embedderId: string;
  dimensions: number;
  /** The report store generation this index reflects. */
  generation: number;
  file: string;
  /**
   * SHA-256 (hex) and byte size of `file` as written. hnswlib's readIndex checks only the file's length: an
   * index with overwritten neighbour ids loads and then segfaults the process on the first search. So the file
   * is hashed before it is handed to hnswlib, and any difference means a rebuild from the stored paragraphs.
   * Manifests written before this field existed have neither: their index is rebuilt once.
   */
  sha256?: string;
  bytes?: number;
  capacity: number;
  nextLabel: number;
  entries: Entries;
  /** The graphs of large years (hnsw-year-graphs.ts); absent before they existed: built again in the background. */
  years?: YearGraphFile[];
}

/** The manifest's entries as columns, or null when they are malformed. */
function readEntries(m: ManifestFile): Entries | null {
  if (m.format === 1) {
    if (!Array.isArray(m.entries)) return null;
    return {
      labels: m.entries.map((e) => e[0]),
      ids: m.entries.map((e) => e[1]),
      metas: m.entries.map((e) => e[2]),
    };
  }
  const { labels, ids, metaOf, metas } = m;
  if (![labels, ids, metaOf, metas].every(Array.isArray)) return null;
  if (labels!.length !== ids!.length || labels!.length !== metaOf!.length) return null;
  const each = metaOf!.map((i) => metas![i]);
  return each.every((x) => x !== undefined && x !== null)
    ? { labels: labels!, ids: ids!, metas: each }
    : null;
}

/** Why a persisted index was not used; the caller rebuilds it from the stored paragraphs. */
export interface IndexRejection {
  code:
    | 'absent'
    | 'manifest_unreadable'
    | 'no_checksum'
    | 'file_missing'
    | 'size_mismatch'
    | 'checksum_mismatch'
    | 'unreadable'
    | 'entries_missing';
  /** In Chinese, for the start-up log. */
  message: string;
}

/** Milliseconds each step of a load took (for the start-up figures in BENCHMARKS.md). */
export type LoadTimings = Record<string, number>;

export type IndexLoad<S> = (
  { store: S; rejected?: undefined } | { store: null; rejected: IndexRejection }
) & {
  timings?: LoadTimings;
};

const reject = (
  code: IndexRejection['code'],
  message: string,
): { store: null; rejected: IndexRejection } => ({ store: null, rejected: { code, message } });

export interface HnswOptions {
  embedderId: string;
  dimensions: number;
  M?: number;
  efConstruction?: number;
  efSearch?: number;
  initialCapacity?: number;
  /** Keep a graph per large year for year-scoped searches (default true; off for a one-off measurement). */
  yearGraphs?: boolean;
  /** A year gets its own graph past this many vectors (default YEAR_GRAPH_MIN; small in tests). */
  yearGraphMin?: number;
}

export class HnswVectorStore implements VectorStore {
  private index: InstanceType<typeof HierarchicalNSW>;
  private capacity: number;
  private nextLabel = 0;
  /** Labels each recent filter accepts (see acceptedLabels); emptied by every change to the store. */
  private readonly masks = new Map<string, Uint8Array>();
  /** Built on first use (a write): a search needs only label → id, so a start does not pay for id → label. */
  private labels: Map<string, number> | null;
  private readonly entryOf: Map<number, { id: string; meta: VectorMetadata }>;
  /** Labels by org and by report, so a narrow filter is answered exactly instead of by a long graph walk. */
  private readonly byOrg: Map<string | null, Set<number>>;
  private readonly byDoc: Map<string, Set<number>>;
  private readonly byYear: Map<number | null, Set<number>>;
  /** Graphs of the large years, searched instead of the whole graph when a search is scoped to one of them. */
  private readonly years: YearGraphs | null;
  /** The stored vectors by label, read without hnswlib's per-element getPoint (see hnsw-points.ts). */
  private readonly points: PointCopy;
  /** The copy being filled from the index file after a load (awaited by close). */
  private filling: Promise<unknown> = Promise.resolve();
  private closing = false;
  generation = -1;

  private constructor(
    private readonly opts: Required<HnswOptions>,
    index?: InstanceType<typeof HierarchicalNSW>,
    capacity?: number,
    maps: IdMaps = idMaps({ labels: [], ids: [], metas: [] }),
  ) {
    ({ entryOf: this.entryOf, byOrg: this.byOrg, byDoc: this.byDoc, byYear: this.byYear } = maps);
    this.labels = maps.entryOf.size ? null : new Map();
    this.capacity = capacity ?? opts.initialCapacity;
    this.points = new PointCopy(opts.dimensions, maps.entryOf.size || 1024);
    if (index) this.index = index;
    else {
      this.index = new HierarchicalNSW('cosine', opts.dimensions);
      this.index.initIndex(this.capacity, opts.M, opts.efConstruction, 42, true);
    }
    this.index.setEf(opts.efSearch);
    this.years = opts.yearGraphs
      ? new YearGraphs({
          dimensions: opts.dimensions,
          M: opts.M, // new graphs: today's build parameters, whatever the whole graph on disk was built with
          efConstruction: opts.efConstruction,
          min: opts.yearGraphMin,
          labelsOf: (year) => this.byYear.get(year),
          point: (label) => this.pointArray(label),
        })
      : null;
  }

  static create(opts: HnswOptions): HnswVectorStore {
    return new HnswVectorStore(withDefaults(opts));
  }

  /**
   * Loads a persisted index. Returns null when there is none or it is unusable (the caller rebuilds from
   * stored paragraphs); throws `index_mismatch` when it was built by another embedder.
   */
  static load(dir: string, opts: HnswOptions): HnswVectorStore | null {
    return HnswVectorStore.open(dir, opts).store;
  }

  /**
   * Like load, saying why an index on disk was not used. The index file is checked against the SHA-256 and
   * size in the manifest before hnswlib reads it: hnswlib trusts the neighbour ids in the file, and a
   * damaged one crashes the whole process (a native fault, not an exception) on the first search.
   */
  static open(dir: string, opts: HnswOptions): IndexLoad<HnswVectorStore> {
    const timings: LoadTimings = {};
    const lap = lapper(timings);
    const checked = HnswVectorStore.checkedFile(dir, opts, lap);
    if ('rejected' in checked) return { ...checked, timings };
    const { manifest, path } = checked;
    try {
      const index = new HierarchicalNSW('cosine', manifest.dimensions);
      index.readIndexSync(path, true);
      lap('readIndex');
      const maps = idMaps(manifest.entries);
      lap('idMaps');
      return { ...HnswVectorStore.loaded(dir, opts, index, manifest, maps), timings };
    } catch (e) {
      return {
        ...reject('unreadable', `向量索引文件 ${manifest.file} 无法载入（${(e as Error).message}）`),
        timings,
      };
    }
  }

  /**
   * Like open, but hnswlib reads the file on the thread pool while this thread builds the id maps from the
   * manifest (the file is checked first, as in open). For the index's worker thread at start-up.
   */
  static async openAsync(dir: string, opts: HnswOptions): Promise<IndexLoad<HnswVectorStore>> {
    const timings: LoadTimings = {};
    const lap = lapper(timings);
    const checked = HnswVectorStore.checkedFile(dir, opts, lap);
    if ('rejected' in checked) return { ...checked, timings };
    const { manifest, path } = checked;
    try {
      const index = new HierarchicalNSW('cosine', manifest.dimensions);
      const reading = index.readIndex(path, true);
      reading.catch(() => undefined); // awaited below
      const maps = idMaps(manifest.entries);
      lap('idMaps');
      await reading;
      lap('readIndex'); // what was left of the read once the maps were built
      return { ...HnswVectorStore.loaded(dir, opts, index, manifest, maps), timings };
    } catch (e) {
      return {
        ...reject('unreadable', `向量索引文件 ${manifest.file} 无法载入（${(e as Error).message}）`),
        timings,
      };
    }
  }

  private static loaded(
    dir: string,
    opts: HnswOptions,
    index: InstanceType<typeof HierarchicalNSW>,
    manifest: Manifest,
    maps: IdMaps,
  ): IndexLoad<HnswVectorStore> {
    const store = new HnswVectorStore(withDefaults(opts), index, index.getMaxElements(), maps);
    store.nextLabel = manifest.nextLabel;
    store.generation = manifest.generation;
    store.filling = store.fillPoints(join(dir, manifest.file));
    if (manifest.entries.ids.length > index.getCurrentCount()) {
      return reject(
        'entries_missing',
        `向量索引文件中的向量（${index.getCurrentCount()} 个）少于清单记录的 ${manifest.entries.ids.length} 个`,
      );
    }
    const years = Array.isArray(manifest.years) ? manifest.years.filter(isYearGraphFile) : [];
    if (store.years) {
      store.years.load(
        dir,
        years,
        [...store.byYear.keys()].filter((y) => y !== null),
      );
      // Graphs built because the folder had none (or a damaged one) are written once they are all there.
      store.yearsWritten = store.years
        .settled()
        .then(() => store.writeYears(dir, manifest.file))
        .catch(() => undefined); // not written: built again at the next open
    }
    return { store };
  }

  /** The manifest and the index file it names, checked (embedder, size, SHA-256) before hnswlib may read it. */
  private static checkedFile(
    dir: string,
    opts: HnswOptions,
    lap: (step: string) => void,
  ): { manifest: Manifest; path: string } | { store: null; rejected: IndexRejection } {
    const manifestPath = join(dir, MANIFEST);
    if (!existsSync(manifestPath)) return reject('absent', '没有向量索引');
    let manifest: Manifest;
    try {
      const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as Omit<Manifest, 'entries'> & ManifestFile;
      const entries = raw.format === 1 || raw.format === 2 ? readEntries(raw) : null;
      if (!entries || typeof raw.file !== 'string') throw new Error('format');
      manifest = { ...raw, entries };
    } catch {
      return reject('manifest_unreadable', '向量索引清单 vectors.json 无法读取或格式不对');
    }
    lap('manifest');
    if (manifest.embedderId !== opts.embedderId || manifest.dimensions !== opts.dimensions) {
      throw new AppError(
        'index_mismatch',
        `向量索引由「${manifest.embedderId}」构建，当前配置的是「${opts.embedderId}」，不能混用；请运行 npm run reindex 重建索引`,
      );
    }
    if (typeof manifest.sha256 !== 'string' || typeof manifest.bytes !== 'number') {
      return reject(
        'no_checksum',
        '向量索引清单由旧版本写入，没有记录索引文件的校验值（SHA-256），无法确认索引文件完好；本次重建一次，以后每次启动都会校验',
      );
    }
    const path = join(dir, manifest.file);
    if (/[\\/]/.test(manifest.file) || !existsSync(path))
      return reject('file_missing', `向量索引文件 ${manifest.file} 不存在`);
    let digest;
    try {
      digest = digestFileSync(path);
    } catch (e) {
      return reject('unreadable', `向量索引文件 ${manifest.file} 无法读取（${(e as Error).message}）`);
    }
    lap('sha256');
    if (digest.bytes !== manifest.bytes) {
      return reject(
        'size_mismatch',
        `向量索引文件 ${manifest.file} 的大小（${digest.bytes} 字节）与清单记录的 ${manifest.bytes} 字节不符，文件不完整或被改动`,
      );
    }
    if (digest.sha256 !== manifest.sha256) {
      return reject(
        'checksum_mismatch',
        `向量索引文件 ${manifest.file} 的 SHA-256 校验值与清单记录的不一致，文件已损坏或被改动`,
      );
    }
    return { manifest, path };
  }

  /** id → label of every live vector (entryOf holds only live labels, so the two always agree). */
  private get labelOf(): Map<string, number> {
    if (!this.labels) {
      this.labels = new Map();
      for (const [label, { id }] of this.entryOf) this.labels.set(id, label);
    }
    return this.labels;
  }

  /** `years` false: the vector stays in its year graph (its year did not change). */
  private link(label: number, meta: VectorMetadata, vector?: number[], years = true) {
    this.masks.clear();
    link({ byOrg: this.byOrg, byDoc: this.byDoc, byYear: this.byYear }, label, meta);
    if (years) this.years?.added(label, meta.year, vector);
  }

  private unlink(label: number, years = true) {
    this.masks.clear();
    const e = this.entryOf.get(label);
    if (!e) return;
    if (years) this.years?.removed(label, e.meta.year);
    this.byOrg.get(e.meta.orgKey)?.delete(label);
    this.byDoc.get(e.meta.documentId)?.delete(label);
    this.byYear.get(e.meta.year)?.delete(label);
    this.entryOf.delete(label);
  }

  get size(): number {
    return this.entryOf.size;
  }

  /**
   * A fixed candidate list length from now on, not scaled with the index size (for recall measurements; queries
   * still ask for at least topK).
   */
  setEfSearch(ef: number): void {
    this.opts.efSearch = ef;
    this.fixedEf = true;
    this.index.setEf(ef);
  }
  private fixedEf = false;

  async count(): Promise<number> {
    return this.entryOf.size;
  }

  /** Waits for background reads, builds and writes of the year graphs to stop (see YearGraphs.close). */
  async close(): Promise<void> {
    this.closing = true;
    await this.filling;
    await this.years?.close();
    await this.writing;
  }

  async upsert(items: { id: string; vector: number[]; metadata: VectorMetadata }[]): Promise<void> {
    for (const item of items) {
      if (item.vector.length !== this.opts.dimensions) {
        throw new AppError(
          'bad_input',
          `向量维度 ${item.vector.length} 与索引维度 ${this.opts.dimensions} 不一致`,
        );
      }
    }
    this.changed = true;
    for (const { id, vector, metadata } of items) {
      const old = this.labelOf.get(id);
      if (old !== undefined) {
        this.index.markDelete(old);
        this.unlink(old);
        this.points.delete(old);
      }
      if (this.index.getCurrentCount() >= this.capacity && this.deletedCount() === 0) {
        this.capacity = Math.max(this.capacity * 2, 1024);
        this.index.resizeIndex(this.capacity);
      }
      const label = this.nextLabel++;
      this.index.addPoint(vector, label, true);
      this.points.set(label, this.index.getPoint(label)); // as stored: normalised by hnswlib
      this.labelOf.set(id, label);
      this.entryOf.set(label, { id, meta: metadata });
      this.link(label, metadata, vector);
    }
  }

  /** New metadata for stored vectors: the graph is untouched; the manifest written by the next flush carries it. */
  async setMetadata(changes: MetadataChange[]): Promise<void> {
    this.changed = true;
    for (const { id, metadata } of changes) {
      const label = this.labelOf.get(id);
      if (label === undefined) continue;
      const sameYear = this.entryOf.get(label)?.meta.year === metadata.year;
      this.unlink(label, !sameYear);
      this.entryOf.set(label, { id, meta: { ...metadata } });
      this.link(label, metadata, undefined, !sameYear);
    }
  }

  private deletedCount(): number {
    return this.index.getCurrentCount() - this.entryOf.size;
  }

  async delete(ids: string[]): Promise<void> {
    this.changed = true;
    for (const id of ids) {
      const label = this.labelOf.get(id);
      if (label === undefined) continue;
      this.index.markDelete(label);
      this.labelOf.delete(id);
      this.unlink(label);
      this.points.delete(label);
    }
  }

  async query(vector: number[], opts: { topK: number; filter?: VectorFilter }): Promise<VectorMatch[]> {
    const live = this.entryOf.size;
    if (live === 0 || opts.topK <= 0) return [];
    const filter = opts.filter && Object.keys(opts.filter).length ? opts.filter : undefined;
    const accept = (label: number) => {
      const e = this.entryOf.get(label);
      if (!e) return false;
      if (!filter) return true;
      for (const key of Object.keys(filter) as (keyof VectorMetadata)[]) {
        if (filter[key] !== undefined && e.meta[key] !== filter[key]) return false;
      }
      return true;
    };
    const k = Math.min(opts.topK, live);
    const narrow =
      filter?.documentId !== undefined
        ? this.byDoc.get(filter.documentId)
        : filter?.orgKey !== undefined
          ? this.byOrg.get(filter.orgKey)
          : undefined;
    if (
      filter &&
      (narrow === undefined
        ? filter.documentId !== undefined || filter.orgKey !== undefined
        : narrow.size <= EXACT_SCOPE)
    ) {
      // A filter that leaves few vectors: scan them exactly (a filtered graph walk would visit most of the graph).
      return this.scan(vector, narrow ?? new Set(), accept, k);
    }
    const ef = this.fixedEf ? this.opts.efSearch : scaledEf(this.opts.efSearch, live);
    // Scoped to a large year: that year's graph, searched with the same efSearch as the whole graph. A filter on the
    // whole graph accepting 1/8 of it explores ~8× as far and still misses more (BENCHMARKS.md, «year graphs»).
    const yearGraph = filter?.year != null ? this.years?.ready(filter.year) : null;
    const graph = yearGraph?.index ?? this.index;
    const rest = yearGraph
      ? Object.keys(filter!).filter(
          (key) => key !== 'year' && filter![key as keyof VectorFilter] !== undefined,
        )
      : [];
    const n = yearGraph ? Math.min(k, yearGraph.live) : k;
    if (n === 0) return [];
    graph.setEf(Math.max(ef, n));
    // Unfiltered: no per-node callback into JS (deleted labels are marked deleted in the graph itself).
    // Filtered: hnswlib calls back for every node it visits, so the callback is one array read (the filter's
    // accepted labels, computed once per filter and kept until the next change), not a map lookup and a comparison.
    let res;
    if (filter && (!yearGraph || rest.length)) {
      const mask = this.acceptedLabels(filter, accept);
      res = graph.searchKnn(vector, n, (label: number) => mask[label] === 1);
    } else res = graph.searchKnn(vector, n);
    return res.neighbors.map((label, i) => ({
      id: this.entryOf.get(label)!.id,
      score: 1 - res.distances[i],
    }));
  }

  /** 1 for each live label the filter accepts; kept per filter until the store changes (few filters recur: years). */
  private acceptedLabels(filter: VectorFilter, accept: (label: number) => boolean): Uint8Array {
    const key = JSON.stringify(
      Object.keys(filter)
        .sort()
        .map((k) => [k, filter[k as keyof VectorFilter]]),
    );
    let mask = this.masks.get(key);
    if (mask) return mask;
    mask = new Uint8Array(this.nextLabel);
    for (const label of this.entryOf.keys()) if (accept(label)) mask[label] = 1;
    if (this.masks.size >= 16) this.masks.clear();
    this.masks.set(key, mask);
    return mask;
  }

  private scan(
    vector: number[],
    labels: Iterable<number>,
    accept: (label: number) => boolean,
    k: number,
  ): VectorMatch[] {
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    const top = new TopK<string>(k);
    for (const label of labels) {
      if (!accept(label)) continue;
      const v = this.point(label); // stored normalised (cosine space)
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i] * vector[i];
      top.push(this.entryOf.get(label)!.id, dot / norm);
    }
    return top.sorted().map(({ item, score }) => ({ id: item, score }));
  }

  /** The year graphs: which are ready, being built, being read (for start-up figures and tests). */
  yearGraphs(): YearGraphStatus {
    return this.years?.status() ?? { ready: [], building: [], loading: [] };
  }

  /**
   * Resolves once no year graph is being read or built, those built after a load are written, and the copy of the
   * stored vectors is filled (benches and tests;
   * searches never wait for it).
   */
  async yearGraphsSettled(): Promise<YearGraphStatus> {
    const status = (await this.years?.settled()) ?? this.yearGraphs();
    await this.yearsWritten;
    await this.filling; // and the copy of the stored vectors (benches measure serving once both are there)
    return status;
  }
  private yearsWritten: Promise<void> = Promise.resolve();

  /** The live vectors of a year as stored (normalised), row by row with their ids (for recall measurements). */
  yearVectors(year: number | null): { ids: string[]; vectors: Float32Array } {
    const labels = [...(this.byYear.get(year) ?? [])];
    const vectors = new Float32Array(labels.length * this.opts.dimensions);
    labels.forEach((label, row) => vectors.set(this.point(label), row * this.opts.dimensions));
    return { ids: labels.map((label) => this.entryOf.get(label)!.id), vectors };
  }

  /** Exact search over every live vector (for recall measurements). */
  exactQuery(vector: number[], topK: number): VectorMatch[] {
    const out: VectorMatch[] = [];
    for (const [label, { id }] of this.entryOf) {
      const v = this.point(label);
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i] * vector[i];
      out.push({ id, score: dot });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, topK);
  }

  /** Resolves, once the copy of a loaded file's vectors is filled, to how many vectors the copy holds. */
  async pointsCopied(): Promise<number> {
    await this.filling;
    return this.points.size;
  }

  /** A stored vector: from the copy, or from the graph while the copy is being filled. */
  private point(label: number): ArrayLike<number> {
    return this.points.get(label) ?? this.index.getPoint(label);
  }

  private pointArray(label: number): number[] {
    const v = this.points.get(label);
    return v ? Array.from(v) : this.index.getPoint(label);
  }

  /**
   * Copies the loaded file's vectors (in the background; searches read the graph meanwhile) and checks a sample
   * against the graph: a file not laid out as expected leaves the copy empty, and points are read from the graph.
   */
  private async fillPoints(path: string): Promise<void> {
    try {
      await this.points.fillFromIndexFile(path, (label) => this.entryOf.has(label), {
        stopped: () => this.closing,
      });
      const labels = [...this.byDoc.values()].slice(0, 16).flatMap((set) => [...set].slice(0, 2));
      for (const label of labels) {
        const copy = this.points.get(label);
        if (!copy) continue;
        const graph = this.index.getPoint(label);
        if (graph.some((x, i) => Math.fround(x) !== copy[i])) throw new Error('copy differs from the graph');
      }
    } catch {
      this.points.clear();
    }
  }

  /** Flushes, and the write of year graphs built after a load, one at a time (they both write the manifest). */
  private writing: Promise<unknown> = Promise.resolve();
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writing.then(fn, fn);
    this.writing = run.catch(() => undefined);
    return run;
  }
  /** Set by every change, cleared by a flush: the manifest on disk no longer describes the store. */
  private changed = false;

  /**
   * Adds the year graphs built since the load to the folder the store was loaded from: their files, and the same
   * manifest with them listed. Only while nothing changed since the load: otherwise the next flush writes them.
   */
  private writeYears(dir: string, loadedFile: string): Promise<void> {
    return this.serial(async () => {
      if (this.changed || !this.years || this.years.isClosed) return;
      const path = join(dir, MANIFEST);
      const raw = JSON.parse(readFileSync(path, 'utf8')) as ManifestFile & {
        file: string;
        generation: number;
      };
      if (raw.file !== loadedFile || raw.generation !== this.generation) return; // flushed meanwhile
      const listed = new Set((Array.isArray(raw.years) ? raw.years : []).map((y) => y.file));
      const years = await this.years.flush(dir, `vectors-${this.generation}-${Date.now()}`);
      if (years.every((y) => listed.has(y.file))) return;
      writeFileAtomic(path, JSON.stringify({ ...raw, years }));
    });
  }

  /** Writes the index then the manifest that points at it (the rename is the commit), and drops old files. */
  flush(dir: string, generation: number): Promise<void> {
    return this.serial(() => this.flushNow(dir, generation));
  }

  private async flushNow(dir: string, generation: number): Promise<void> {
    this.changed = false;
    mkdirSync(dir, { recursive: true });
    const file = `vectors-${generation}-${Date.now()}.hnsw`;
    const tmp = join(dir, `${file}.tmp`);
    let digest;
    try {
      await this.index.writeIndex(tmp);
      digest = await digestFile(tmp); // what is on disk is what the next load will compare against
      renameSync(tmp, join(dir, file));
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    const labels: number[] = [];
    const ids: string[] = [];
    const metaOf: number[] = [];
    const metas: VectorMetadata[] = [];
    const shapes = new Map<string, number>();
    for (const [label, { id, meta }] of this.entryOf) {
      const key = `${meta.documentId}\u0000${meta.orgKey}\u0000${meta.year}\u0000${meta.section}`;
      let at = shapes.get(key);
      if (at === undefined) {
        shapes.set(key, (at = metas.length));
        const { documentId, orgKey, year, section } = meta;
        metas.push({ documentId, orgKey, year, section });
      }
      labels.push(label);
      ids.push(id);
      metaOf.push(at);
    }
    const years = (await this.years?.flush(dir, file.replace(/\.hnsw$/, ''))) ?? [];
    const manifest: Omit<Manifest, 'entries'> & ManifestFile = {
      format: 2,
      embedderId: this.opts.embedderId,
      dimensions: this.opts.dimensions,
      generation,
      file,
      sha256: digest.sha256,
      bytes: digest.bytes,
      capacity: this.capacity,
      nextLabel: this.nextLabel,
      labels,
      ids,
      metaOf,
      metas,
      ...(years.length ? { years } : {}),
    };
    writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest));
    this.generation = generation;
    const kept = new Set([file, ...years.map((y) => y.file)]);
    for (const f of readdirSync(dir)) {
      if (/^vectors-.*\.hnsw(\.tmp)?$/.test(f) && !kept.has(f)) rmSync(join(dir, f), { force: true });
    }
  }
}

/** The store's lookups: id ↔ label, and labels by org, by report and by year. */
interface IdMaps {
  entryOf: Map<number, { id: string; meta: VectorMetadata }>;
  byOrg: Map<string | null, Set<number>>;
  byDoc: Map<string, Set<number>>;
  byYear: Map<number | null, Set<number>>;
}

function idMaps(entries: Entries): IdMaps {
  const maps: IdMaps = { entryOf: new Map(), byOrg: new Map(), byDoc: new Map(), byYear: new Map() };
  const { labels, ids, metas } = entries;
  for (let i = 0; i < ids.length; i++) {
    maps.entryOf.set(labels[i], { id: ids[i], meta: metas[i] });
    link(maps, labels[i], metas[i]);
  }
  return maps;
}

function link(maps: Omit<IdMaps, 'entryOf'>, label: number, meta: VectorMetadata) {
  const o = maps.byOrg.get(meta.orgKey);
  if (o) o.add(label);
  else maps.byOrg.set(meta.orgKey, new Set([label]));
  const d = maps.byDoc.get(meta.documentId);
  if (d) d.add(label);
  else maps.byDoc.set(meta.documentId, new Set([label]));
  const y = maps.byYear.get(meta.year);
  if (y) y.add(label);
  else maps.byYear.set(meta.year, new Set([label]));
}

const isYearGraphFile = (f: unknown): f is YearGraphFile => {
  const y = f as YearGraphFile | null;
  return (
    typeof y?.year === 'number' &&
    typeof y.file === 'string' &&
    typeof y.sha256 === 'string' &&
    typeof y.bytes === 'number'
  );
};

function lapper(timings: LoadTimings): (step: string) => void {
  let t = performance.now();
  return (step) => {
    const now = performance.now();
    timings[step] = now - t;
    t = now;
  };
}

/**
 * Build and search parameters of a new index. Chosen on hash embeddings of generated paragraphs
 * (BENCHMARKS.md, «HNSW parameters»): at 100k, M=16/efConstruction=48 levels off at recall@10 0.987–0.989 however
 * large efSearch is (a graph too sparse to reach some neighbours), M=24/efConstruction=128 gives 0.991 at efSearch 256
 * and 0.995 at 512, for ~3× the insertion time. An index on disk keeps the M and efConstruction it was built with
 * (hnswlib stores them in the file); efSearch is a search setting, applied to whatever index is loaded.
 */
export const HNSW_DEFAULTS = { M: 24, efConstruction: 128, efSearch: 1024 } as const;

/**
 * The efSearch used for an index of `live` vectors: the configured one up to 400k, then growing with the square root
 * of the size, up to twice it. Recall at a fixed efSearch falls as the index grows: held-out recall@10 with M=24 /
 * efConstruction=128 at efSearch 1024 was 0.999 at 100k and 0.990 at 0.82M, where 1536 gave 0.996 (BENCHMARKS.md);
 * 1024 at 0.82M becomes ~1460 here, ~1620 at 1M.
 */
export function scaledEf(efSearch: number, live: number): number {
  return Math.round(Math.min(2 * efSearch, efSearch * Math.max(1, Math.sqrt(live / 400_000))));
}

function withDefaults(opts: HnswOptions): Required<HnswOptions> {
  return {
    ...HNSW_DEFAULTS,
    initialCapacity: 1024,
    yearGraphs: true,
    yearGraphMin: YEAR_GRAPH_MIN,
    ...opts,
  };
}
