// npx tsx bench/build-library.ts --dir=<new folder> [--size=100000] [--fixtures]
// Builds, into a folder that is kept, the library `npm run bench` measures at its largest size: the 5 seed reports
// + generated reports (bench/synthetic-corpus.ts), then the word vectors learned and every paragraph re-embedded
// (bench.ts's timedIngest). Open it later with bench/retrieve-check.ts or bench/eval-at-scale.ts. --fixtures adds
// the 36 reports of evals/fixtures, so the fixture-library questions (fixtures, paraphrase*) can be asked at scale.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { learnLocalEmbedder } from '../src/library/learn-word-vectors.ts';
import { ingestFiles, type IngestInput } from '../src/library/ingest.ts';
import { fixtureLibraryInputs } from '../evals/fixtures/fixtures.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { reindex } from '../src/library/reindex.ts';
import { syntheticReports } from './synthetic-corpus.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dir = arg('dir');
if (!dir) throw new Error('--dir=<new library folder> is required');
if (existsSync(join(dir, 'library.db'))) throw new Error(`${dir} already holds a library`);
const size = Number(arg('size') ?? 100_000);
const CORPUS = join(import.meta.dirname, '..', 'corpus');

async function main() {
  const seeds: IngestInput[] = args.includes('--fixtures')
    ? fixtureLibraryInputs(CORPUS)
    : readdirSync(CORPUS)
        .sort()
        .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));
  const gen = [...syntheticReports(size)].map((r) => ({ name: r.name, bytes: Buffer.from(r.text) }));
  const lib = await openLibrary({ dataDir: dir!, embedder: new LocalEmbedder() });
  const t0 = performance.now();
  const out = await ingestFiles(lib, [...seeds, ...gen]);
  const paragraphs = out.reduce((s, o) => s + (o.status === 'failed' ? 0 : o.paragraphs), 0);
  console.log(
    `ingested ${paragraphs} paragraphs in ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${loadavg()[0].toFixed(1)}`,
  );
  const t1 = performance.now();
  lib.embedder = await learnLocalEmbedder(lib.store, dir!, lib.embedder as LocalEmbedder);
  await reindex(lib);
  console.log(
    `learned + re-embedded (${lib.embedder.id}) in ${((performance.now() - t1) / 1000).toFixed(1)} s, load ${loadavg()[0].toFixed(1)}`,
  );
  await closeLibrary(lib);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
