// npx tsx bench/bm25-ab.ts --dir=<library> --ref=<another checkout, e.g. a `git archive` of main> [--rounds=7]
// Two codes' BM25 searches in one process on the same file: the unscoped searches retrieve() makes (bm25 mode) for the
// staff questions and 200 questions naming generated offices are recorded with this checkout's code, then the
// library's BM25 file is loaded by both codes and each search is run by both, alternated, `rounds` times: results
// compared (ids and scores) and per-search medians, wall and CPU, side by side. Nothing is written to the library.
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import type { Bm25Index } from '../src/index/bm25-index.ts';
import { readBm25Snapshot } from '../src/index/bm25-snapshot.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, lexicalPath, openLibrary } from '../src/library/library.ts';
import type { VectorFilter, WeightedTerm } from '../src/ports.ts';
import { retrieve } from '../src/search/retrieve.ts';
import { generatedQuestions } from './bench-1m-serve.ts';
import { median } from './stats.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
const ref = arg('ref');
if (!dir || !ref) throw new Error('--dir=<library folder> and --ref=<checkout> are required');
const rounds = Number(arg('rounds') ?? 7);

type Search = { terms: WeightedTerm[]; topK: number; filter?: VectorFilter };
const scoped = (f?: VectorFilter) => f?.documentId !== undefined || !!f?.orgKey;

async function main() {
  const lib = await openLibrary({
    dataDir: dir!,
    embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
  });
  const searches: Search[] = [];
  const search = lib.lexical.search.bind(lib.lexical);
  lib.lexical.search = (terms, topK, filter) => {
    if (!scoped(filter)) searches.push({ terms, topK, filter });
    return search(terms, topK, filter);
  };
  for (const q of [...loadCases().map((c) => c.question), ...generatedQuestions(200)])
    await retrieve(lib, q, { topK: 8, mode: 'bm25' });
  const generation = await lib.store.generation();
  await closeLibrary(lib);
  const theirs = (await import(resolve(join(ref!, 'src/index/bm25-snapshot.ts')))) as {
    readBm25Snapshot: typeof readBm25Snapshot;
  };
  const load = (read: typeof readBm25Snapshot): Bm25Index => {
    const r = read(lexicalPath(dir!), generation);
    if (!('index' in r)) throw new Error(`BM25 file not loaded: ${r.rejected.message}`);
    return r.index;
  };
  const codes = { ref: load(theirs.readBm25Snapshot), new: load(readBm25Snapshot) };
  let differ = 0;
  for (const s of searches) {
    const [a, b] = [codes.ref, codes.new].map((i) => JSON.stringify(i.search(s.terms, s.topK, s.filter)));
    if (a !== b) differ++;
  }
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const wall = { ref: searches.map(() => [] as number[]), new: searches.map(() => [] as number[]) };
  const busy = { ref: searches.map(() => [] as number[]), new: searches.map(() => [] as number[]) };
  for (let r = 0; r < rounds; r++)
    searches.forEach((s, i) => {
      for (const k of r % 2 ? (['new', 'ref'] as const) : (['ref', 'new'] as const)) {
        const [c, t] = [cpu(), performance.now()];
        codes[k].search(s.terms, s.topK, s.filter);
        wall[k][i].push(performance.now() - t);
        busy[k][i].push(cpu() - c);
      }
    });
  console.log(
    `${searches.length} unscoped searches, ${differ} results different, ${rounds} rounds alternated, load ${loadavg()[0].toFixed(1)}`,
  );
  const rows = searches
    .map((s, i) => ({ s, i, ref: median(wall.ref[i]), new: median(wall.new[i]) }))
    .sort((a, b) => b.ref - a.ref);
  for (const { s, i, ...t } of rows.slice(0, 8))
    console.log(
      `  ref ${t.ref.toFixed(1)} ms, new ${t.new.toFixed(1)} ms (${(t.new / t.ref).toFixed(2)}×; CPU ${median(busy.ref[i]).toFixed(1)} / ${median(busy.new[i]).toFixed(1)} ms)  ${JSON.stringify(s.filter ?? {})} ${s.terms
        .slice(0, 6)
        .map((x) => x.term)
        .join(' ')}…`,
    );
  const sum = (k: 'ref' | 'new') => rows.reduce((a, r) => a + r[k], 0).toFixed(0);
  console.log(`  all: ref ${sum('ref')} ms, new ${sum('new')} ms`);
  for (const i of Object.values(codes)) i.close();
  if (differ) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
