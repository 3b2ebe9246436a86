// npx tsx evals/retrieval/tune-rerank.ts — chooses the fusion and the character pass (RERANK) together on the
// dev halves only: each candidate is scored on every dev set; kept are those with hybrid hit@1 and MRR ≥
// max(bm25 alone, vector alone) on every dev set, best mean hit@5 then MRR first. The test halves are never read.
// --at-scale=<folder> / --at-scale-fixtures=<folder> also ask kept 100k libraries (bench/build-library.ts); --no-scale
// skips the scale set; --all lists every candidate.
import { LocalEmbedder } from '../../src/index/local-embedder.ts';
import {
  collectSignals,
  type Fusion,
  type RerankOptions,
  type RetrievalMode,
  type Signals,
} from '../../src/search/retrieve.ts';
import { evalCase, fusionMargin, runRetrievalEval, score, type Scores } from './eval-retrieval.ts';
import { openEvalLibrary, retrievalSets } from './sets.ts';
import { loadWordVectors } from '../../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary } from '../../src/library/library.ts';
import { yearGraphsSettled } from '../../bench/bench-1m-serve.ts';

/** A kept library folder, opened as a server would (its learned word vectors, year graphs settled). */
async function openKept(dir: string) {
  const lib = await openLibrary({
    dataDir: dir,
    embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir) ?? undefined }),
  });
  await yearGraphsSettled(lib);
  return { lib, close: () => closeLibrary(lib) };
}

type Config = { fusion: Fusion; rerank: RerankOptions | false };
const FUSIONS: Fusion[] = [
  { kind: 'score', lexical: 1, vector: 0.05 },
  // The vector weight times the two rankings' agreement on the question (issue #13).
  ...[5, 10, 20].map((agreement): Fusion => ({ kind: 'score', lexical: 1, vector: 0.05, agreement })),
];
const RERANKS: (RerankOptions | false)[] = [
  false,
  ...[60].flatMap((depth) => [0.6, 1, 1.5].map((weight) => ({ depth, weight }))),
  // The weight shrunk by the pool's typical overlap (issue #13: look-alike paragraphs of a large library).
  ...[0.6, 0.8, 1, 1.5].map((weight) => ({ depth: 60, weight, saturation: true })),
  ...(['lead', 'lexical'] as const).flatMap((gate) =>
    [false, true].flatMap((saturation) =>
      [0.6, 1, 1.5].map((weight) => ({ depth: 60, weight, saturation, gate })),
    ),
  ),
];
const CONFIGS: Config[] = FUSIONS.flatMap((fusion) => RERANKS.map((rerank) => ({ fusion, rerank })));
const label = (c: Config) =>
  `${c.fusion.kind} v=${c.fusion.vector}${c.fusion.kind === 'score' && c.fusion.agreement ? ` × agreement@${c.fusion.agreement}` : ''}${c.rerank ? ` chars d=${c.rerank.depth} w=${c.rerank.weight}${c.rerank.saturation ? ' × (1 − mean overlap)' : ''}${c.rerank.gate ? ` gate ${c.rerank.gate}` : ''}` : ''}`;
const f3 = (x: number) => x.toFixed(3);

const sets = retrievalSets({ scale: !process.argv.includes('--no-scale') });
const table = new Map<string, Map<string, Scores>>();
const alone = new Map<string, Record<Exclude<RetrievalMode, 'hybrid'>, Scores>>();
/**
 * Kept libraries (bench/build-library.ts), asked too: --at-scale=<folder> the seed questions (seeds + generated
 * reports); --at-scale-fixtures=<folder> every seed- and fixture-library set (built with --fixtures).
 */
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const kept = [
  { dir: flag('at-scale'), libraries: ['seed'] },
  { dir: flag('at-scale-fixtures'), libraries: ['seed', 'fixture'] },
].filter((k): k is { dir: string; libraries: string[] } => !!k.dir);
const runs = [
  ...(['seed', 'fixture', 'scale'] as const).map((kind) => ({
    sets: sets.filter((s) => s.library === kind),
    open: () => openEvalLibrary(kind, new LocalEmbedder()),
  })),
  ...kept.map((k, i) => ({
    sets: sets
      .filter((s) => k.libraries.includes(s.library))
      .map((s) => ({ ...s, name: `${s.name}@kept${i ? i + 1 : ''}` })),
    open: () => openKept(k.dir),
  })),
];
for (const run of runs) {
  const here = run.sets.filter((s) => s.cases.some((c) => c.split === 'dev'));
  if (!here.length) continue;
  const { lib, close } = await run.open();
  for (const set of here) {
    const dev = set.cases.filter((c) => c.split === 'dev');
    alone.set(set.name, {
      bm25: (await runRetrievalEval(lib, dev, 'bm25')).overall,
      vector: (await runRetrievalEval(lib, dev, 'vector')).overall,
    });
    const signals: Signals[] = [];
    for (const c of dev) signals.push(await collectSignals(lib, c.question));
    const by = new Map<string, Scores>();
    for (const cfg of CONFIGS) {
      const results = [];
      for (let i = 0; i < dev.length; i++)
        results.push(await evalCase(lib, dev[i], 'hybrid', { ...cfg, signals: signals[i] }));
      by.set(label(cfg), score(results));
    }
    table.set(set.name, by);
  }
  await close();
}
const rows = CONFIGS.map((cfg) => {
  const margins = [...table].map(([set, m]) => {
    const s = m.get(label(cfg))!;
    const a = alone.get(set)!;
    return fusionMargin(s, a);
  });
  const mean = (k: keyof Scores) =>
    [...table.values()].reduce((sum, m) => sum + (m.get(label(cfg))![k] as number), 0) / table.size;
  return { cfg, worst: Math.min(...margins), hit5: mean('hit5'), mrr: mean('mrr') };
});
rows.sort(
  (a, b) =>
    Number(b.worst >= -1e-9) - Number(a.worst >= -1e-9) ||
    b.hit5 - a.hit5 ||
    b.mrr - a.mrr ||
    b.worst - a.worst,
);
console.log(
  `dev alone：${[...alone].map(([s, a]) => `${s} bm25 ${f3(a.bm25.hit1)}/${f3(a.bm25.mrr)} vector ${f3(a.vector.hit1)}/${f3(a.vector.mrr)}`).join('；')}\n`,
);
console.log('| config | worst margin | mean dev hit@5 | mean dev MRR | per set hit@1 / hit@5 / MRR |');
console.log('|---|---|---|---|---|');
for (const r of rows.slice(0, process.argv.includes('--all') ? rows.length : 20)) {
  const per = [...table]
    .map(([set, m]) => {
      const s = m.get(label(r.cfg))!;
      return `${set} ${f3(s.hit1)}/${f3(s.hit5)}/${f3(s.mrr)}`;
    })
    .join('，');
  console.log(
    `| ${label(r.cfg)} | ${r.worst >= -1e-9 ? '✓' : '✗'} ${f3(r.worst)} | ${f3(r.hit5)} | ${f3(r.mrr)} | ${per} |`,
  );
}
