// npx tsx bench/flush-stall.ts --dir=<library> [--rounds=3]: how long an index flush holds the main thread. Each round
// writes bm25.bin the old way (writeBm25Snapshot: encode + write in one go) and then runs flushIndex (BM25 in slices,
// HNSW in its worker), with a 1 ms timer measuring the longest gap between its ticks (the event loop's longest stall).
// The files are rewritten at the same generation: the library is unchanged.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { writeBm25Snapshot } from '../src/index/bm25-snapshot.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, flushIndex, lexicalPath, openLibrary } from '../src/library/library.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');

/** Runs `work` with a 1 ms interval timer beside it: its wall time and the longest gap between ticks. */
async function stall(work: () => unknown) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  worst = Math.max(worst, performance.now() - last);
  clearInterval(timer);
  return { ms, worst };
}

async function main() {
  const lib = await openLibrary({
    dataDir: dir!,
    embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
  });
  const generation = await lib.store.generation();
  for (let i = 0; i < Number(arg('rounds') ?? 3); i++) {
    const sync = await stall(() => writeBm25Snapshot(lexicalPath(dir!), lib.lexical, generation));
    lib.dirty = true;
    const flush = await stall(() => lib.writeLock.run(() => flushIndex(lib)));
    console.log(
      `writeBm25Snapshot ${sync.ms.toFixed(0)} ms (longest stall ${sync.worst.toFixed(0)} ms) · flushIndex (BM25 + HNSW) ${flush.ms.toFixed(0)} ms (longest stall ${flush.worst.toFixed(0)} ms) · load ${loadavg()[0].toFixed(1)}`,
    );
  }
  await closeLibrary(lib);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
