// npx tsx bench/open-timings.ts --dir=<library> [--rounds=3]: openLibrary() on an existing folder in this process,
// each round's total and the step timings of the median round (store, BM25 file, HNSW worker start and load).
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<library folder> is required');

async function main() {
  const runs: { ms: number; cpuMs: number; steps: Record<string, number>; openedBy: string; load: number }[] =
    [];
  for (let i = 0; i < Number(arg('rounds') ?? 3); i++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const lib = await openLibrary({
      dataDir: dir!,
      embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir!) ?? undefined }),
    });
    const used = process.cpuUsage(cpu);
    runs.push({
      ms: performance.now() - t,
      cpuMs: (used.user + used.system) / 1000,
      steps: lib.openTimings,
      openedBy: lib.openedBy!,
      load: loadavg()[0],
    });
    await closeLibrary(lib);
  }
  for (const r of runs)
    console.log(
      `open ${(r.ms / 1000).toFixed(2)} s (${r.openedBy}), CPU ${(r.cpuMs / 1000).toFixed(2)} s (all threads), load ${r.load.toFixed(1)}`,
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
