// The serving half of npm run bench:1m, run in a fresh process: re-open, retrieve() latency, retrieval eval, HNSW recall@10.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCases, runRetrievalEval, type Scores } from '../evals/retrieval/eval-retrieval.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary, vectorDir, type Library } from '../src/library/library.ts';
import { HnswVectorStore } from '../src/index/hnsw-vector-store.ts';
import type { RetrievalMode } from '../src/search/retrieve.ts';
import { peakRssMb, retrieveLatencies, rssMb } from './stats.ts';
import { syntheticReports } from './synthetic-corpus.ts';
import { TopK } from '../src/index/top-k.ts';
import type { YearGraphStatus } from '../src/index/hnsw-year-graphs.ts';

export interface ServeFigures {
  embedderId: string;
  lexicalIndex: string;
  /** Until the vector index is loaded too (hybrid search). */
  reopenSeconds: number;
  /** Until the graphs of the large years are read (or built) too: year-scoped vector searches before then walk the whole graph. */
  yearGraphsSeconds?: number;
  yearGraphs?: string;
  /** Until openLibrary returned with the vector index loading in the background (BM25 answers meanwhile). */
  servingSeconds?: number;
  servingWarmSeconds?: number;
  /** A second open in the same process, code already loaded (the first also loads and compiles the modules). */
  reopenWarmSeconds?: number;
  openedBy: string;
  rssAfterOpenMb: number;
  peakServingMb: number;
  latency: { mode: RetrievalMode; label: string; n: number; p50: number; p99: number }[];
  eval: Scores;
  recall: {
    queries: number;
    paragraphs: number;
    questionCount: number;
    questions: number;
    /** The held-out paragraphs again, each searched within one year (2018 + i % 8), against an exact scan of that year. */
    yearScoped: number;
    /** The held-out paragraphs' recall@10 at other efSearch values, with one search's p50 / p99. */
    byEf: { ef: number; recall: number; p50: number; p99: number }[];
  };
  exactMatrixBytes: number;
  loadAverage: number[];
}

const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] serve: ${s}`);

/** Waits until the vector index's year graphs are read or built; says which years have one (null: no year graphs). */
export async function yearGraphsSettled(lib: Library): Promise<string | null> {
  const v = lib.vectors as Library['vectors'] & {
    yearGraphsSettled?(): Promise<YearGraphStatus | null>;
  };
  const s = await v.yearGraphsSettled?.();
  return s ? `ready for ${s.ready.length ? s.ready.sort().join(', ') : 'no year'}` : null;
}

/** Questions naming generated offices and years (the colliding names), in the staff's wording. */
export function generatedQuestions(n: number): string[] {
  const topics = [
    '行政复议案件有多少件',
    '存在哪些不足',
    '普法宣传做了哪些工作',
    '下一步工作有什么打算',
    '主要负责人如何履行第一责任人职责',
    '矛盾纠纷化解情况怎么样',
  ];
  const out: string[] = [];
  let i = 0;
  for (const r of syntheticReports(n * 100)) {
    const m = /^synthetic-\d+-(.+)-(\d{4})\.txt$/.exec(r.name);
    if (m) out.push(`${m[1]}${m[2]}年${topics[i++ % topics.length]}`);
  }
  return out.slice(0, n);
}

const normalise = (v: ArrayLike<number>, out: Float32Array, at: number) => {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) out[at + i] = v[i] / n;
};

/**
 * recall@10 of the HNSW index against an exact scan of every stored vector, for each set of query texts; a set may
 * scope each of its queries to a year (then against an exact scan of that year).
 */
async function recallAt10(
  lib: Library,
  sets: { texts: string[]; year?: (j: number) => number }[],
): Promise<{ recall: number[]; matrixBytes: number; byEf: ServeFigures['recall']['byEf'] }> {
  const dims = lib.embedder.dimensions;
  const ids: string[] = [];
  const years: (number | null)[] = [];
  let matrix = new Float32Array(Math.max(1024, await lib.vectors.count()) * dims); // grows if the store has more
  for await (const p of lib.store.allParagraphs()) {
    if (p.embedding.length !== dims) continue;
    if ((ids.length + 1) * dims > matrix.length) {
      const bigger = new Float32Array(matrix.length * 2);
      bigger.set(matrix);
      matrix = bigger;
    }
    normalise(p.embedding, matrix, ids.length * dims);
    ids.push(p.id);
    years.push(p.year);
  }
  log(`exact-search matrix: ${ids.length} vectors`);
  // All sets in one pass over the matrix (each row is read once for every query).
  const texts = sets.flatMap((s) => s.texts);
  const scope = sets.flatMap((s) => s.texts.map((_, j) => s.year?.(j)));
  const qs = await lib.embedder.embed(texts);
  const q = new Float32Array(qs.length * dims);
  qs.forEach((v, j) => normalise(v, q, j * dims));
  const tops = qs.map(() => new TopK<number>(10));
  for (let row = 0; row < ids.length; row++) {
    const base = row * dims;
    for (let j = 0; j < qs.length; j++) {
      if (scope[j] !== undefined && years[row] !== scope[j]) continue;
      const qb = j * dims;
      let dot = 0;
      for (let i = 0; i < dims; i++) dot += matrix[base + i] * q[qb + i];
      tops[j].push(row, dot);
    }
  }
  const recall: number[] = [];
  let j = 0;
  for (const set of sets) {
    let hit = 0;
    for (let n = 0; n < set.texts.length; n++, j++) {
      const exact = tops[j].sorted().map((t) => ids[t.item]);
      const filter = scope[j] === undefined ? undefined : { year: scope[j] };
      const approx = new Set((await lib.vectors.query(qs[j], { topK: 10, filter })).map((m) => m.id));
      hit += exact.filter((id) => approx.has(id)).length;
    }
    recall.push(hit / (10 * set.texts.length));
  }
  // The first set again at other efSearch values, on the same index file opened in this thread.
  const byEf: ServeFigures['recall']['byEf'] = [];
  const direct = HnswVectorStore.load(vectorDir(lib.dataDir), {
    embedderId: lib.embedder.id,
    dimensions: dims,
    yearGraphs: false, // the whole graph only: its recall by efSearch
  });
  if (direct) {
    for (const ef of [256, 512, 1024, 1536, 2048, 3072]) {
      direct.setEfSearch(ef);
      let hit = 0;
      const ms: number[] = [];
      for (let j = 0; j < sets[0].texts.length; j++) {
        const exact = tops[j].sorted().map((t) => ids[t.item]);
        const t = performance.now();
        const approx = new Set((await direct.query(qs[j], { topK: 10 })).map((m) => m.id));
        ms.push(performance.now() - t);
        hit += exact.filter((id) => approx.has(id)).length;
      }
      ms.sort((a, b) => a - b);
      const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
      byEf.push({ ef, recall: hit / (10 * sets[0].texts.length), p50: at(0.5), p99: at(0.99) });
      log(`efSearch ${ef}: recall@10 ${byEf.at(-1)!.recall.toFixed(4)}, p50 ${at(0.5).toFixed(1)} ms`);
    }
  }
  return { recall, matrixBytes: matrix.byteLength, byEf };
}

export async function serve(dataDir: string): Promise<ServeFigures> {
  /** The embedder a server builds for the folder (with its learned word vectors, when it has them). */
  const embedder = () => new LocalEmbedder({ wordVectors: loadWordVectors(dataDir) ?? undefined });
  // Opened as the server opens it: serving (BM25) once the store and BM25 are read, the vector index in the background.
  const t0 = performance.now();
  const lib = await openLibrary({ dataDir, embedder: embedder(), vectorsInBackground: true });
  const servingSeconds = (performance.now() - t0) / 1000;
  await lib.vectorsReady;
  const reopenSeconds = (performance.now() - t0) / 1000;
  const rssAfterOpenMb = rssMb();
  log(
    `re-opened: serving (BM25) after ${servingSeconds.toFixed(1)} s, vector index ${lib.openedBy} after ${reopenSeconds.toFixed(1)} s, RSS ${rssAfterOpenMb.toFixed(0)} MB`,
  );
  // Year-scoped searches walk the whole graph until their year's graph is read (or built): measured once they are.
  const years = await yearGraphsSettled(lib);
  const yearGraphsSeconds = (performance.now() - t0) / 1000;
  if (years) log(`year graphs ${years} after ${yearGraphsSeconds.toFixed(1)} s`);
  const cases = loadCases();
  const staff = cases.map((c) => c.question);
  const named = generatedQuestions(66);
  const lat: ServeFigures['latency'] = [];
  for (const mode of ['hybrid', 'bm25', 'vector'] as const) {
    // The targets are on hybrid: 3 rounds; the single signals once (the machine is shared and slow).
    const rounds = mode === 'hybrid' ? 3 : 1;
    lat.push({
      mode,
      label: 'the staff questions (seed offices)',
      ...(await retrieveLatencies(lib, staff, mode, rounds)),
    });
    lat.push({
      mode,
      label: 'questions naming generated offices and years',
      ...(await retrieveLatencies(lib, named, mode, rounds)),
    });
    log(
      `${mode}: ${lat
        .slice(-2)
        .map((l) => `p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)}`)
        .join(' · ')}`,
    );
  }
  const evalScores = (await runRetrievalEval(lib, cases, 'hybrid')).overall;
  const peakServingMb = peakRssMb();
  const heldOut = [...syntheticReports(20_000, 100, 4242)]
    .flatMap((r) => r.text.split('\n').filter((l) => l.length > 60))
    .slice(0, 100);
  const { recall, matrixBytes, byEf } = await recallAt10(lib, [
    { texts: heldOut },
    { texts: staff },
    { texts: heldOut, year: (j) => 2018 + (j % 8) },
  ]);
  log(
    `recall@10 held-out ${recall[0].toFixed(4)}, staff ${recall[1].toFixed(4)}, held-out within a year ${recall[2].toFixed(4)}`,
  );
  const figures: ServeFigures = {
    embedderId: lib.embedder.id,
    lexicalIndex: lib.lexical.constructor.name,
    reopenSeconds,
    servingSeconds,
    ...(years ? { yearGraphsSeconds, yearGraphs: years } : {}),
    openedBy: lib.openedBy,
    rssAfterOpenMb,
    peakServingMb,
    latency: lat,
    eval: evalScores,
    recall: {
      queries: heldOut.length,
      paragraphs: recall[0],
      questionCount: staff.length,
      questions: recall[1],
      yearScoped: recall[2],
      byEf,
    },
    exactMatrixBytes: matrixBytes,
    loadAverage: loadavg(),
  };
  await closeLibrary(lib);
  const t1 = performance.now();
  const again = await openLibrary({ dataDir, embedder: embedder(), vectorsInBackground: true });
  figures.servingWarmSeconds = (performance.now() - t1) / 1000;
  await again.vectorsReady;
  figures.reopenWarmSeconds = (performance.now() - t1) / 1000;
  await closeLibrary(again);
  log(
    `second open in the same process: serving after ${figures.servingWarmSeconds.toFixed(1)} s, vector index after ${figures.reopenWarmSeconds.toFixed(1)} s`,
  );
  return figures;
}

// Forked by bench-1m.ts: serve the folder given and send the figures back.
if (process.send && process.argv[1]?.endsWith('bench-1m-serve.ts')) {
  const dir = process.argv.find((a) => a.startsWith('--dir='))?.slice(6);
  serve(dir!)
    .then((f) => process.send!(f, () => process.exit(0)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
