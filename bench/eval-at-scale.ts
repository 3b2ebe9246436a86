// npx tsx bench/eval-at-scale.ts --dir=<library> [--verbose]
// The seed retrieval questions (evals/retrieval/cases.jsonl) asked of a kept library (bench/build-library.ts):
// hit@1 / hit@5 / MRR of hybrid, bm25 and vector on the dev and test splits, as bench's side-by-side scores them
// (depth 20). --verbose lists, for dev questions only, those where hybrid and bm25 rank differently; the test
// split is only ever scored in aggregate. --variants also scores hybrid with the vector side or the character
// pass left out (dev and test aggregates), to see which part of the fusion moves a result.
import { loadavg } from 'node:os';
import { evalCase, loadCases, score, type CaseResult } from '../evals/retrieval/eval-retrieval.ts';
import { splitOf } from '../evals/retrieval/sets.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { yearGraphsSettled } from './bench-1m-serve.ts';
import { collectSignals, type RetrieveOptions, type Signals } from '../src/search/retrieve.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');
const f3 = (x: number) => x.toFixed(3);

async function main() {
  const lib = await openLibrary({
    dataDir: dir!,
    embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
  });
  // Results must not depend on timing: year-scoped searches are scored once the year graphs are there.
  const years = await yearGraphsSettled(lib);
  console.log(`embedder ${lib.embedder.id}, year graphs ${years}, load ${loadavg()[0].toFixed(1)}`);
  const cases = loadCases();
  const row = (label: string, rs: CaseResult[]) => {
    const part = (split: string) => {
      const s = score(rs.filter((r) => splitOf(r.id) === split));
      return `${f3(s.hit1)} / ${f3(s.hit5)} / ${f3(s.mrr)}`;
    };
    const all = score(rs);
    console.log(
      `| ${label} | ${part('dev')} | ${part('test')} | ${f3(all.hit1)} / ${f3(all.hit5)} / ${f3(all.mrr)} |`,
    );
  };
  console.log('| mode | dev hit@1 / hit@5 / MRR | test | all 66 |\n|---|---|---|---|');
  const by: Record<string, CaseResult[]> = {};
  for (const mode of ['hybrid', 'bm25', 'vector'] as const) {
    by[mode] = [];
    for (const c of cases) by[mode].push(await evalCase(lib, c, mode));
    row(mode, by[mode]);
  }
  if (args.includes('--variants')) {
    const signals: Signals[] = [];
    for (const c of cases) signals.push(await collectSignals(lib, c.question));
    const variants: [string, Pick<RetrieveOptions, 'fusion' | 'rerank'>][] = [
      ['hybrid, no character pass', { rerank: false }],
      ['hybrid, vector weight 0', { fusion: { kind: 'score', lexical: 1, vector: 0 } }],
      [
        'hybrid, vector 0, no character pass',
        { fusion: { kind: 'score', lexical: 1, vector: 0 }, rerank: false },
      ],
    ];
    for (const [label, opts] of variants) {
      const rs: CaseResult[] = [];
      for (const [i, c] of cases.entries())
        rs.push(await evalCase(lib, c, 'hybrid', { ...opts, signals: signals[i] }));
      row(label, rs);
    }
  }
  if (args.includes('--verbose')) {
    for (const [i, c] of cases.entries()) {
      if (splitOf(c.id) !== 'dev') continue;
      const [h, b, v] = [by.hybrid[i], by.bm25[i], by.vector[i]];
      if (h.firstRelevant === b.firstRelevant && h.rank === b.rank) continue;
      console.log(
        `dev ${c.id} (${c.type}) hybrid ${h.rank ?? '—'} bm25 ${b.rank ?? '—'} vector ${v.rank ?? '—'}  ${c.question}`,
      );
    }
  }
  await closeLibrary(lib);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
