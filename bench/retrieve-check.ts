// npx tsx bench/retrieve-check.ts --dir=<library> [--save=hits.json | --compare=hits.json] [--rounds=N] [--generated=N]
//   [--warm=wait|during|off] [--round-p99]
// A speed change must not change results: records, for the staff questions and questions naming generated offices,
// every retrieve() hit list (ids in order and scores) in each mode, and compares it with an earlier run's file.
// Also prints the re-open time and the retrieve() p50/p99 of this run (not a test: machines are noisy). The library
// opens with the BM25 warm-up the server uses (bm25-warm.ts); --warm=wait (default) measures once it is over,
// --warm=during from the open on, as a server's first questions meet it, --warm=off without one (as before it).
// --round-p99: also each round's p50/p99 (round 0 is the first time each question is asked in this process).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { type RetrievalMode, retrieve } from '../src/search/retrieve.ts';
import { generatedQuestions, yearGraphsSettled } from './bench-1m-serve.ts';
import { pct } from './stats.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');
const rounds = Number(arg('rounds') ?? 1);

type Record = { mode: RetrievalMode; query: string; hits: [id: string, score: number][] };

async function main() {
  const t0 = performance.now();
  const warm = arg('warm') ?? 'wait';
  if (!['wait', 'during', 'off'].includes(warm)) throw new Error('--warm=wait|during|off');
  const lib = await openLibrary({
    dataDir: dir!,
    embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
    warmLexical: warm !== 'off',
  });
  console.log(
    `open ${((performance.now() - t0) / 1000).toFixed(2)} s (${lib.openedBy}), load ${loadavg()[0].toFixed(1)}`,
  );
  // Hit lists must not depend on timing: year-scoped searches are measured once the year graphs are there.
  const years = await yearGraphsSettled(lib);
  if (years) console.log(`year graphs ${years} after ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  const warmed = () =>
    lib.lexicalWarmup?.done.then((w) =>
      console.log(
        `BM25 warm-up (${warm === 'wait' ? 'waited for' : 'not waited for'}): tables ${(w.tableBytes / 2 ** 20).toFixed(0)} MiB, ` +
          `${w.filters} year filters, ${w.terms} posting lists (${(w.bytes / 2 ** 20).toFixed(0)} MiB) in ${(w.ms / 1000).toFixed(2)} s` +
          `${w.stopped ? ' (stopped)' : ''}, over ${((performance.now() - t0) / 1000).toFixed(2)} s after the open began`,
      ),
    );
  if (warm === 'wait') await warmed();
  else void warmed();
  const queries = [
    ...loadCases().map((c) => c.question),
    ...generatedQuestions(Number(arg('generated') ?? 200)),
  ];
  const records: Record[] = [];
  for (const mode of ['hybrid', 'bm25', 'vector'] as const) {
    for (const q of queries.slice(0, 10)) await retrieve(lib, q, { mode }); // warm-up
    const times: number[] = [];
    const perRound: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const round: number[] = [];
      for (const query of queries) {
        const t = performance.now();
        const res = await retrieve(lib, query, { topK: 8, mode });
        round.push(performance.now() - t);
        if (r === 0) records.push({ mode, query, hits: res.hits.map((h) => [h.paragraph.id, h.score]) });
      }
      times.push(...round);
      perRound.push(`round ${r} p50 ${pct(round, 50).toFixed(2)} / p99 ${pct(round, 99).toFixed(2)} ms`);
    }
    if (args.includes('--round-p99')) console.log(`  ${mode}: ${perRound.join(', ')}`);
    console.log(
      `${mode}: ${times.length} queries, p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms, load ${loadavg()[0].toFixed(1)}`,
    );
  }
  await closeLibrary(lib);
  const save = arg('save');
  if (save) writeFileSync(save, JSON.stringify(records));
  const compare = arg('compare');
  if (compare) {
    const before = JSON.parse(readFileSync(compare, 'utf8')) as Record[];
    let differ = 0;
    for (const [i, b] of before.entries()) {
      const a = records[i];
      if (
        !a ||
        a.query !== b.query ||
        a.mode !== b.mode ||
        JSON.stringify(a.hits) !== JSON.stringify(b.hits)
      ) {
        if (differ++ < 5)
          console.log(
            `DIFFERENT ${b.mode} ${b.query}\n  before ${JSON.stringify(b.hits)}\n  after  ${JSON.stringify(a?.hits)}`,
          );
      }
    }
    console.log(`${before.length} hit lists compared, ${differ} different`);
    if (differ) process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
