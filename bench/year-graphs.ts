// npx tsx bench/year-graphs.ts --dir=<library> [--rounds=3] [--generated=200] [--held-out]
// The vector searches retrieve() makes for the staff questions and questions naming generated offices, replayed in
// this thread against the index loaded twice: with its year graphs and without (every search on the whole graph, as
// before them), alternating search by search. Prints p50 / p99 / total of each, for the year-scoped searches and for
// the rest, and recall@10 / @k of each against an exact scan of the searched year. --held-out: bench:1m's held-out
// paragraphs instead, each searched within one year.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import { HnswVectorStore } from '../src/index/hnsw-vector-store.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { TopK } from '../src/index/top-k.ts';
import { closeLibrary, openLibrary, vectorDir } from '../src/library/library.ts';
import type { VectorFilter } from '../src/ports.ts';
import { retrieve } from '../src/search/retrieve.ts';
import { generatedQuestions } from './bench-1m-serve.ts';
import { pct } from './stats.ts';
import { syntheticReports } from './synthetic-corpus.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');
const rounds = Number(arg('rounds') ?? 3);
const log = (s: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${s} (load ${loadavg()[0].toFixed(1)})`);

type Search = { vector: number[]; topK: number; filter?: VectorFilter };

/** The searches retrieve() sends to the vector index for these questions (hybrid mode), as sent. */
async function captured(questions: string[]): Promise<{ searches: Search[]; embedderOpts: object }> {
  const embedder = new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined });
  const lib = await openLibrary({ dataDir: dir!, embedder });
  const searches: Search[] = [];
  const query = lib.vectors.query.bind(lib.vectors);
  lib.vectors.query = (vector, opts) => {
    searches.push({ vector, ...opts });
    return query(vector, opts);
  };
  for (const q of questions) await retrieve(lib, q, { topK: 8, mode: 'hybrid' });
  await closeLibrary(lib);
  return { searches, embedderOpts: { embedderId: embedder.id, dimensions: embedder.dimensions } };
}

/**
 * --held-out: instead, the 100 held-out generated paragraphs of bench:1m's recall figure, each searched within one year
 * (2018 + i % 8), top 10: the recall target's searches, scoped as a year-scoped question scopes them.
 */
async function heldOut(): Promise<{ searches: Search[]; embedderOpts: object }> {
  const embedder = new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined });
  const texts = [...syntheticReports(20_000, 100, 4242)]
    .flatMap((r) => r.text.split('\n').filter((l) => l.length > 60))
    .slice(0, 100);
  const vectors = await embedder.embed(texts);
  return {
    searches: vectors.map((vector, i) => ({ vector, topK: 10, filter: { year: 2018 + (i % 8) } })),
    embedderOpts: { embedderId: embedder.id, dimensions: embedder.dimensions },
  };
}

async function main() {
  const questions = [
    ...loadCases().map((c) => c.question),
    ...generatedQuestions(Number(arg('generated') ?? 200)),
  ];
  const { searches, embedderOpts } = args.includes('--held-out')
    ? await heldOut()
    : await captured(questions);
  const opts = embedderOpts as { embedderId: string; dimensions: number };
  const scoped = searches.filter(
    (s) => s.filter?.year !== undefined && !s.filter.documentId && !s.filter.orgKey,
  );
  log(
    `${args.includes('--held-out') ? '100 held-out paragraphs' : `${questions.length} questions`}: ${searches.length} vector searches, ${scoped.length} scoped to a year only`,
  );
  const whole = HnswVectorStore.load(vectorDir(dir!), { ...opts, yearGraphs: false })!;
  const years = HnswVectorStore.load(vectorDir(dir!), opts)!;
  const status = await years.yearGraphsSettled();
  log(`loaded twice; year graphs ready for ${status.ready.join(', ') || 'no year'}`);

  // Exact answers of the year-scoped searches: each searched year's vectors scanned in full.
  const byYear = new Map<number, Search[]>();
  for (const s of scoped) byYear.set(s.filter!.year!, [...(byYear.get(s.filter!.year!) ?? []), s]);
  const exact = new Map<Search, string[]>();
  for (const [year, list] of byYear) {
    const { ids, vectors } = whole.yearVectors(year);
    const dims = opts.dimensions;
    for (const s of list) {
      const norm = Math.hypot(...s.vector) || 1;
      const top = new TopK<number>(s.topK);
      for (let row = 0; row < ids.length; row++) {
        let dot = 0;
        for (let i = 0; i < dims; i++) dot += vectors[row * dims + i] * s.vector[i];
        top.push(row, dot / norm);
      }
      exact.set(
        s,
        top.sorted().map((t) => ids[t.item]),
      );
    }
  }
  log(`exact answers of the ${scoped.length} year-scoped searches`);

  const times = {
    whole: { scoped: [] as number[], rest: [] as number[] },
    years: { scoped: [] as number[], rest: [] as number[] },
  };
  const hits = { whole: [0, 0], years: [0, 0] };
  for (let r = 0; r < rounds; r++) {
    for (const [at, s] of searches.entries()) {
      const kind = exact.has(s) ? 'scoped' : 'rest';
      for (const [name, store] of (r + at) % 2
        ? ([
            ['years', years],
            ['whole', whole],
          ] as const)
        : ([
            ['whole', whole],
            ['years', years],
          ] as const)) {
        const t = performance.now();
        const res = await store.query(s.vector, { topK: s.topK, filter: s.filter });
        times[name][kind].push(performance.now() - t);
        const want = exact.get(s);
        if (want && r === 0) {
          const got = res.map((m) => m.id);
          hits[name][0] += want.slice(0, 10).filter((id) => got.slice(0, 10).includes(id)).length;
          hits[name][1] += want.filter((id) => got.includes(id)).length;
        }
      }
    }
    log(`round ${r + 1} of ${rounds}`);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  for (const name of ['whole', 'years'] as const) {
    for (const kind of ['scoped', 'rest'] as const) {
      const xs = times[name][kind];
      console.log(
        `${name === 'whole' ? 'whole graph only' : 'with year graphs'}, ${kind === 'scoped' ? 'year-scoped' : 'other'} searches (${xs.length}): p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms, total ${sum(xs).toFixed(0)} ms`,
      );
    }
    if (scoped.length) {
      const n = scoped.length;
      console.log(
        `  recall of the year-scoped searches against an exact scan of the year: @10 ${(
          hits[name][0] /
          Math.max(
            1,
            [...exact.values()].reduce((s, e) => s + Math.min(10, e.length), 0),
          )
        ).toFixed(4)}, @k (the searches' k: 60 from retrieve(), 10 with --held-out) ${(
          hits[name][1] /
          Math.max(
            1,
            [...exact.values()].reduce((s, e) => s + e.length, 0),
          )
        ).toFixed(4)} (${n} searches)`,
      );
    }
  }
  await whole.close();
  await years.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
