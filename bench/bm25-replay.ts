// npx tsx bench/bm25-replay.ts --dir=<library> [--rounds=3] [--save=searches.json | --compare=searches.json]
// The lexical searches retrieve() makes (bm25 mode) for the staff questions and 200 questions naming generated offices,
// recorded once, then each replayed `rounds` times in this process: per-search time (the median of its rounds), p50 /
// p90 / p99 / total by kind (scoped to reports or offices, unscoped with a year, unscoped), the slowest ones, and every
// result (ids and scores) saved or compared with an earlier run's, so a speed change is shown to return the same.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import type { LexicalMatch, VectorFilter, WeightedTerm } from '../src/ports.ts';
import { retrieve } from '../src/search/retrieve.ts';
import { generatedQuestions } from './bench-1m-serve.ts';
import { median, pct } from './stats.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');

type Search = { terms: WeightedTerm[]; topK: number; filter?: VectorFilter; question: string };

const kind = (s: Search) =>
  s.filter?.documentId !== undefined || s.filter?.orgKey
    ? 'scoped'
    : s.filter && Object.values(s.filter).some((v) => v !== undefined)
      ? 'unscoped, filtered'
      : 'unscoped';

async function main() {
  const lib = await openLibrary({
    dataDir: dir!,
    embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
  });
  const searches: Search[] = [];
  const search = lib.lexical.search.bind(lib.lexical);
  let question = '';
  lib.lexical.search = (terms, topK, filter) => {
    searches.push({ terms, topK, filter, question });
    return search(terms, topK, filter);
  };
  for (question of [
    ...loadCases().map((c) => c.question),
    ...generatedQuestions(Number(arg('generated') ?? 200)),
  ])
    await retrieve(lib, question, { topK: 8, mode: 'bm25' });
  lib.lexical.search = search;
  const rounds = Number(arg('rounds') ?? 3);
  const times = searches.map(() => [] as number[]);
  const results: LexicalMatch[][] = [];
  for (let r = 0; r < rounds; r++) {
    searches.forEach((s, i) => {
      const t = performance.now();
      const res = search(s.terms, s.topK, s.filter);
      times[i].push(performance.now() - t);
      if (r === 0) results.push(res);
    });
  }
  const each = times.map(median);
  console.log(
    `${searches.length} searches, ${rounds} rounds each (median per search), load ${loadavg()[0].toFixed(1)}`,
  );
  for (const k of ['scoped', 'unscoped, filtered', 'unscoped']) {
    const xs = each.filter((_, i) => kind(searches[i]) === k);
    if (!xs.length) continue;
    const total = xs.reduce((a, b) => a + b, 0);
    console.log(
      `${k}: ${xs.length}, p50 ${pct(xs, 50).toFixed(2)} ms, p90 ${pct(xs, 90).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms, all ${total.toFixed(0)} ms`,
    );
  }
  console.log(
    `all: p50 ${pct(each, 50).toFixed(2)} ms, p99 ${pct(each, 99).toFixed(2)} ms, all ${each.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
  );
  const slowest = each.map((ms, i) => ({ ms, s: searches[i] })).sort((a, b) => b.ms - a.ms);
  for (const { ms, s } of slowest.slice(0, 8))
    console.log(
      `  ${ms.toFixed(1)} ms  ${kind(s)} ${JSON.stringify(s.filter ?? {})} ${s.terms.map((t) => t.term).join(' ')}  «${s.question}»`,
    );
  await closeLibrary(lib);
  const out = results.map((r) => r.map((m) => [m.id, m.score]));
  const save = arg('save');
  if (save) writeFileSync(save, JSON.stringify(out));
  const compare = arg('compare');
  if (compare) {
    const before = JSON.parse(readFileSync(compare, 'utf8')) as unknown[];
    const differ = before.filter((b, i) => JSON.stringify(b) !== JSON.stringify(out[i])).length;
    console.log(
      `${before.length} search results compared (${out.length} now), ${differ + Math.abs(before.length - out.length)} different`,
    );
    if (differ || before.length !== out.length) process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
