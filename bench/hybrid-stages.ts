// npx tsx bench/hybrid-stages.ts --dir=<library> [--rounds=3] [--generated=0] [--mode=hybrid] [--during-build] [--slowest]
// Where a hybrid retrieve() spends its time: the library's ports are wrapped with timers (question analysis,
// query embedding, the vector searches from send to answer, BM25 searches, metadata, paragraph reads), and the
// character pass is timed apart on the same paragraphs. Medians per question over the rounds, after a warm-up,
// once the year graphs are settled (--during-build: at once, while the worker may still build them, as `npm run
// bench` measures right after its ingest). Not a test: machines are noisy, so give the load with the figures.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { analyzeQuestion } from '../src/question/analyze.ts';
import { charOverlap } from '../src/search/char-overlap.ts';
import { retrieve, topicOf } from '../src/search/retrieve.ts';
import { generatedQuestions, yearGraphsSettled } from './bench-1m-serve.ts';
import { pct } from './stats.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');
const rounds = Number(arg('rounds') ?? 3);

type Stage = 'total' | 'analysis' | 'embed' | 'vector' | 'bm25' | 'metas' | 'read' | 'chars';
const STAGES: Stage[] = ['total', 'analysis', 'embed', 'vector', 'bm25', 'metas', 'read', 'chars'];

async function main() {
  const lib = await openLibrary({
    dataDir: dir!,
    embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
  });
  const during = args.includes('--during-build');
  const status = async () =>
    JSON.stringify(await (lib.vectors as { yearGraphs?(): Promise<unknown> }).yearGraphs?.());
  if (!during) await yearGraphsSettled(lib);
  console.log(`year graphs at start: ${await status()}`);
  const mode = (arg('mode') ?? 'hybrid') as 'hybrid' | 'bm25' | 'vector';
  let cur: Record<Stage, number> = {} as Record<Stage, number>;
  const add = (s: Stage, t: number) => (cur[s] = (cur[s] ?? 0) + t);
  const timed = <T extends object, K extends keyof T>(o: T, k: K, s: Stage) => {
    const f = (o[k] as (...a: unknown[]) => Promise<unknown>).bind(o);
    (o as Record<K, unknown>)[k] = async (...a: unknown[]) => {
      const t = performance.now();
      try {
        return await f(...a);
      } finally {
        add(s, performance.now() - t);
      }
    };
  };
  timed(lib.embedder, 'embed', 'embed');
  timed(lib.vectors, 'query', 'vector');
  timed(lib.lexical, 'search', 'bm25');
  timed(lib.lexical, 'metas', 'metas');
  timed(lib.store, 'getParagraphs', 'read');
  const queries = [
    ...loadCases().map((c) => c.question),
    ...generatedQuestions(Number(arg('generated') ?? 0)),
  ];
  const per = new Map<string, Record<Stage, number>[]>();
  for (const q of queries.slice(0, 10)) await retrieve(lib, q, { topK: 8, mode }); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const reports = await lib.store.listReports();
      cur = {} as Record<Stage, number>;
      let t = performance.now();
      const analysis = analyzeQuestion(q, reports);
      add('analysis', performance.now() - t);
      t = performance.now();
      const res = await retrieve(lib, q, { topK: 8, analysis, mode });
      add('total', performance.now() - t + cur.analysis);
      // The character pass over the paragraphs retrieve() read (up to 60), timed apart on the same texts.
      const texts = (await lib.store.getParagraphs(res.hits.map((h) => h.paragraph.id))).map((p) => p.text);
      const sixty = Array.from({ length: 60 }, (_, i) => texts[i % Math.max(1, texts.length)] ?? '');
      const saved = cur.read;
      t = performance.now();
      if (mode === 'hybrid' && !analysis.across) charOverlap(topicOf(q, analysis, true), sixty);
      cur.chars = performance.now() - t;
      cur.read = saved;
      (per.get(q) ?? per.set(q, []).get(q)!).push(cur);
    }
  }
  const med = (q: string, s: Stage) =>
    pct(
      per.get(q)!.map((x) => x[s] ?? 0),
      50,
    );
  console.log(`year graphs at end: ${await status()}`);
  console.log(
    `${mode}: ${queries.length} questions × ${rounds} rounds, load ${loadavg()[0].toFixed(1)}; medians per question, then over questions`,
  );
  console.log(`| stage | p50 over questions | p90 | sum of medians (share of total) |\n|---|---|---|---|`);
  const total = queries.reduce((s, q) => s + med(q, 'total'), 0);
  for (const s of STAGES) {
    const xs = queries.map((q) => med(q, s));
    const sum = xs.reduce((a, b) => a + b, 0);
    console.log(
      `| ${s} | ${pct(xs, 50).toFixed(2)} ms | ${pct(xs, 90).toFixed(2)} ms | ${sum.toFixed(0)} ms (${((100 * sum) / total).toFixed(0)} %) |`,
    );
  }
  if (args.includes('--slowest')) {
    const slow = [...queries].sort((a, b) => med(b, 'total') - med(a, 'total')).slice(0, 8);
    for (const q of slow)
      console.log(`${STAGES.map((s) => `${s} ${med(q, s).toFixed(1)}`).join(' · ')}  ${q}`);
  }
  await closeLibrary(lib);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
