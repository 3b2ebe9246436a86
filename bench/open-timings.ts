// npx tsx bench/open-timings.ts --dir=<library> [--rounds=3]: openLibrary() on an existing folder in this process,
// each round's total and the step timings of the median round (store, BM25 file, HNSW worker start and load).
// --background: as the server opens it (vector index in the background): the time to serving (BM25) and until the
// vector index is loaded too. --first="question": also the time of that first question (retrieve(), as the server asks
// it, right after the open returns: the BM25 postings it needs are read from the file then). --warm: with the BM25
// warm-up the server runs after the open (bm25-warm.ts), and when it was over.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { retrieve } from '../src/search/retrieve.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');

async function main() {
  const background = args.includes('--background');
  const runs: {
    ms: number;
    readyMs: number;
    firstMs?: number;
    warm?: string;
    cpuMs: number;
    steps: Record<string, number>;
    openedBy: string;
    load: number;
  }[] = [];
  for (let i = 0; i < Number(arg('rounds') ?? 3); i++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const lib = await openLibrary({
      dataDir: dir!,
      embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
      vectorsInBackground: background,
      warmLexical: args.includes('--warm'),
    });
    const ms = performance.now() - t;
    const first = arg('first');
    let firstMs: number | undefined;
    if (first) {
      const f = performance.now();
      await retrieve(lib, first, { topK: 8 });
      firstMs = performance.now() - f;
    }
    await lib.vectorsReady;
    const w = await lib.lexicalWarmup?.done;
    const warm =
      w &&
      `BM25 warm-up over at ${((performance.now() - t) / 1000).toFixed(2)} s (${w.terms} lists, ${(w.bytes / 2 ** 20).toFixed(0)} MiB, ${w.filters} filters, ${(w.ms / 1000).toFixed(2)} s)`;
    const used = process.cpuUsage(cpu);
    runs.push({
      ms,
      readyMs: performance.now() - t,
      firstMs,
      warm,
      cpuMs: (used.user + used.system) / 1000,
      steps: lib.openTimings,
      openedBy: lib.openedBy!,
      load: loadavg()[0],
    });
    await closeLibrary(lib);
  }
  for (const r of runs)
    console.log(
      `open ${(r.ms / 1000).toFixed(2)} s${background ? ` serving (BM25), vector index ready ${(r.readyMs / 1000).toFixed(2)} s` : ''}${r.firstMs !== undefined ? `, first question ${r.firstMs.toFixed(0)} ms` : ''}${r.warm ? `, ${r.warm}` : ''} (${r.openedBy}), CPU ${(r.cpuMs / 1000).toFixed(2)} s (all threads), load ${r.load.toFixed(1)}`,
    );
  const mid = [...runs].sort((a, b) => a.ms - b.ms)[runs.length >> 1];
  console.log(
    Object.entries(mid.steps)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(' · '),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
