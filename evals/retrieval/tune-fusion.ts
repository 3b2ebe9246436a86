// npx tsx evals/retrieval/tune-fusion.ts — chooses the fusion on the dev split only: every candidate fusion
// (reciprocal rank with k and a vector weight, or normalised scores with a vector weight) is scored on each
// set's dev cases; kept are those with hybrid hit@1 and MRR ≥ max(bm25 alone, vector alone) on every dev
// set, and of those the best mean MRR. The test split is never read here. --hash-only tunes for a library
// whose local embedder has not learned word vectors yet (before its first reindex).
import { LocalEmbedder } from '../../src/index/local-embedder.ts';
import { collectSignals, type Fusion, type RetrievalMode, type Signals } from '../../src/search/retrieve.ts';
import { evalCase, fusionMargin, runRetrievalEval, score, type Scores } from './eval-retrieval.ts';
import { type LibraryKind, openEvalLibrary, retrievalSets } from './sets.ts';

export const FUSIONS: Fusion[] = [
  ...[5, 10, 20, 40, 60].flatMap((k) =>
    [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5].map((vector): Fusion => ({
      kind: 'rrf',
      k,
      lexical: 1,
      vector,
    })),
  ),
  ...[0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1].map((vector): Fusion => ({
    kind: 'score',
    lexical: 1,
    vector,
  })),
];

const label = (f: Fusion) => (f.kind === 'rrf' ? `rrf k=${f.k} v=${f.vector}` : `score v=${f.vector}`);
const f3 = (x: number) => x.toFixed(3);

async function main() {
  const sets = retrievalSets({ scale: !process.argv.includes('--no-scale') });
  const table = new Map<string, Map<string, Scores>>(); // set → fusion label → dev scores
  const alone = new Map<string, Record<Exclude<RetrievalMode, 'hybrid'>, Scores>>();
  for (const kind of ['seed', 'fixture', 'scale'] as LibraryKind[]) {
    const here = sets.filter((s) => s.library === kind);
    if (!here.length) continue;
    const { lib, close } = await openEvalLibrary(kind, new LocalEmbedder(), {
      learn: !process.argv.includes('--hash-only'),
    });
    if (kind === 'seed') console.log(`embedder ${lib.embedder.id}`);
    for (const set of here) {
      const dev = set.cases.filter((c) => c.split === 'dev');
      alone.set(set.name, {
        bm25: (await runRetrievalEval(lib, dev, 'bm25')).overall,
        vector: (await runRetrievalEval(lib, dev, 'vector')).overall,
      });
      const signals: Signals[] = [];
      for (const c of dev) signals.push(await collectSignals(lib, c.question));
      const byFusion = new Map<string, Scores>();
      for (const fusion of FUSIONS) {
        const results = [];
        for (let i = 0; i < dev.length; i++)
          results.push(await evalCase(lib, dev[i], 'hybrid', { fusion, signals: signals[i] }));
        byFusion.set(label(fusion), score(results));
      }
      table.set(set.name, byFusion);
    }
    await close();
  }
  const rows = FUSIONS.map((fusion) => {
    const margins = [...table].map(([set, m]) => {
      const s = m.get(label(fusion))!;
      const a = alone.get(set)!;
      return fusionMargin(s, a);
    });
    const mrr = [...table.values()].reduce((sum, m) => sum + m.get(label(fusion))!.mrr, 0) / table.size;
    return { fusion, worst: Math.min(...margins), mrr };
  });
  rows.sort(
    (a, b) => Number(b.worst >= -1e-9) - Number(a.worst >= -1e-9) || b.mrr - a.mrr || b.worst - a.worst,
  );
  console.log(
    `dev：${[...alone].map(([s, a]) => `${s} bm25 ${f3(a.bm25.hit1)}/${f3(a.bm25.mrr)} vector ${f3(a.vector.hit1)}/${f3(a.vector.mrr)}`).join('；')}\n`,
  );
  console.log(
    '| fusion | worst margin over the better single mode (hit@1 or MRR, any dev set) | mean dev MRR | per set hit@1 / MRR |',
  );
  console.log('|---|---|---|---|');
  for (const r of rows.slice(0, process.argv.includes('--all') ? rows.length : 15)) {
    const per = [...table]
      .map(([set, m]) => `${set} ${f3(m.get(label(r.fusion))!.hit1)}/${f3(m.get(label(r.fusion))!.mrr)}`)
      .join('，');
    console.log(
      `| ${label(r.fusion)} | ${r.worst >= -1e-9 ? '✓' : '✗'} ${f3(r.worst)} | ${f3(r.mrr)} | ${per} |`,
    );
  }
}

await main();
