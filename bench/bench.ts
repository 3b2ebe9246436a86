// npm run bench — ours vs the peer recipe (seeds, ~20k, ~100k paragraphs), ingest, latency, HNSW recall, re-open.
// Writes its own block of BENCHMARKS.md. Not a test: machines are noisy, so it reports medians and percentiles.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { loadWordVectors } from '../src/index/word-vectors-file.ts';
import { learnLocalEmbedder } from '../src/library/learn-word-vectors.ts';
import { reindex } from '../src/library/reindex.ts';
import { ingestFiles, type IngestInput } from '../src/library/ingest.ts';
import { closeLibrary, openLibrary, vectorDir, type Library } from '../src/library/library.ts';
import { HNSW_DEFAULTS, HnswVectorStore } from '../src/index/hnsw-vector-store.ts';
import { digestFileSync } from '../src/index/file-digest.ts';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import { codeState, writeBlock } from './benchmarks-file.ts';
import { type SideBySide, sideBySide, sideBySideTable } from './side-by-side.ts';
import { median, ms, pct, peakRssMb, retrieveLatencies, rssMb } from './stats.ts';
import { syntheticReports } from './synthetic-corpus.ts';
import { yearGraphsSettled } from './bench-1m-serve.ts';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createNodeApp } from '../src/http/node-app.ts';
import { SqliteTraceStore } from '../src/traces/sqlite-trace-store.ts';
import { SqliteDraftStore } from '../src/draft/sqlite-draft-store.ts';

const args = process.argv.slice(2);
const SIZE = Number(args.find((a) => a.startsWith('--size='))?.slice(7) ?? 100_000);
/** The middle size of the side-by-side: seeds + ~200 generated reports. */
const MID = Number(args.find((a) => a.startsWith('--mid='))?.slice(6) ?? 20_000);
/** --out=file writes elsewhere (trial runs at small sizes must not overwrite the committed figures). */
const OUT =
  args.find((a) => a.startsWith('--out='))?.slice(6) ?? join(import.meta.dirname, '..', 'BENCHMARKS.md');
const CORPUS = join(import.meta.dirname, '..', 'corpus');

/**
 * A fresh library with the inputs ingested, then (as the server does at its first start and `npm run reindex`
 * later) the local embedder's word vectors learned from it and every paragraph re-embedded: the shipped default.
 */
async function timedIngest(inputs: IngestInput[]) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const lib = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
  const t0 = performance.now();
  const out = await ingestFiles(lib, inputs);
  const seconds = (performance.now() - t0) / 1000;
  const paragraphs = out.reduce((s, o) => s + (o.status === 'failed' ? 0 : o.paragraphs), 0);
  const t1 = performance.now();
  lib.embedder = await learnLocalEmbedder(lib.store, dir, lib.embedder as LocalEmbedder);
  await reindex(lib);
  const learnSeconds = (performance.now() - t1) / 1000;
  return { lib, dir, seconds, learnSeconds, paragraphs };
}

/** The embedder a server builds for this folder (with the word vectors saved there). */
const embedderFor = (dir: string) => new LocalEmbedder({ wordVectors: loadWordVectors(dir) ?? undefined });

/** /api/ask over HTTP on 127.0.0.1: bounded count and time, a fixed number of concurrent clients. */
async function askBench(lib: Library, questions: string[], concurrency = 8, total = 800, maxSeconds = 60) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-traces-'));
  const traces = new SqliteTraceStore(join(dir, 'traces.db'));
  const app = createNodeApp({ lib, traces, drafts: new SqliteDraftStore(':memory:'), rateLimitPerMinute: 0 });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const client = async () => {
    while (next < total && performance.now() - t0 < maxSeconds * 1000) {
      const q = questions[next++ % questions.length];
      const t = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: q }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((r) => server.close(r));
  await traces.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    n: times.length,
    p50: median(times),
    p99: pct(times, 99),
    rps: times.length / seconds,
    errors,
    concurrency,
  };
}

async function recallAt10(lib: Library, queries: string[][]) {
  // Exact cosine search over every stored vector vs the HNSW answer for the same query vector.
  const ids: string[] = [];
  const dims = lib.embedder.dimensions;
  const rows: Float32Array[] = [];
  for await (const p of lib.store.allParagraphs()) {
    ids.push(p.id);
    rows.push(Float32Array.from(p.embedding));
  }
  const out: number[] = [];
  for (const set of queries) {
    let hit = 0;
    let total = 0;
    for (const q of set) {
      const [v] = await lib.embedder.embed([q]);
      const scores = rows.map((row) => {
        let s = 0;
        for (let i = 0; i < dims; i++) s += row[i] * v[i];
        return s;
      });
      const exact = scores
        .map((s, i) => [s, i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 10)
        .map(([, i]) => ids[i]);
      const approx = new Set((await lib.vectors.query(v, { topK: 10 })).map((m) => m.id));
      hit += exact.filter((id) => approx.has(id)).length;
      total += 10;
    }
    out.push(hit / total);
  }
  return out;
}

async function main() {
  const code = codeState();
  const cases = loadCases();
  const questions = cases.map((c) => c.question);
  const lines: string[] = [];
  const log = (s = '') => {
    console.log(s);
    lines.push(s);
  };

  // Seed corpus: 5 runs, fresh data folder each time.
  const seedInputs = readdirSync(CORPUS)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));
  const seedTexts = seedInputs.map((s) => ({ name: s.name, text: s.bytes.toString('utf8') }));
  const seedRuns: number[] = [];
  let seedLib: Library | null = null;
  let seedParagraphs = 0;
  let seedDir = '';
  let seedSeconds = 0;
  for (let i = 0; i < 5; i++) {
    const r = await timedIngest(seedInputs);
    seedRuns.push(r.paragraphs / r.seconds);
    seedParagraphs = r.paragraphs;
    seedSeconds = r.seconds + r.learnSeconds;
    if (seedLib) {
      await closeLibrary(seedLib);
      rmSync(seedDir, { recursive: true, force: true });
    }
    seedLib = r.lib;
    seedDir = r.dir;
  }
  const askSingle = await askBench(seedLib!, questions, 1, 330);
  const askLoad = await askBench(seedLib!, questions);
  const seedLat = {
    hybrid: await retrieveLatencies(seedLib!, questions, 'hybrid', 5),
    bm25: await retrieveLatencies(seedLib!, questions, 'bm25', 5),
    vector: await retrieveLatencies(seedLib!, questions, 'vector', 5),
  };
  const sides: SideBySide[] = [];
  const lexicalName = seedLib!.lexical.constructor.name;
  sides.push(
    await sideBySide('the 5 seed reports', seedLib!, seedTexts, cases, {
      paragraphs: seedParagraphs,
      ingestSeconds: seedSeconds,
      rounds: 5,
    }),
  );
  await closeLibrary(seedLib!);
  rmSync(seedDir, { recursive: true, force: true });

  // Seeds + ~200 generated reports with colliding office names (~20k paragraphs).
  {
    const gen = [...syntheticReports(MID)].map((r) => ({ name: r.name, text: r.text }));
    const mid = await timedIngest([
      ...seedInputs,
      ...gen.map((r) => ({ name: r.name, bytes: Buffer.from(r.text) })),
    ]);
    sides.push(
      await sideBySide(`seeds + ${gen.length} generated reports`, mid.lib, [...seedTexts, ...gen], cases, {
        paragraphs: mid.paragraphs,
        ingestSeconds: mid.seconds + mid.learnSeconds,
      }),
    );
    await closeLibrary(mid.lib);
    rmSync(mid.dir, { recursive: true, force: true });
  }

  // Generated corpus.
  const rssBefore = rssMb().toFixed(0);
  const genTexts = [...syntheticReports(SIZE)].map((r) => ({ name: r.name, text: r.text }));
  const genInputs: IngestInput[] = genTexts.map((r) => ({ name: r.name, bytes: Buffer.from(r.text) }));
  // The seed reports go in too, so the retrieval eval can be run at this scale.
  const big = await timedIngest([...seedInputs, ...genInputs]);
  // Timed as served: once the worker has built the year graphs the re-embedding left to build (meanwhile every
  // vector search waits behind 20 ms build slices: BENCHMARKS.md, «fusion at 100k»).
  const settleT0 = performance.now();
  await yearGraphsSettled(big.lib);
  const settleSeconds = (performance.now() - settleT0) / 1000;
  const bigLat = {
    hybrid: await retrieveLatencies(big.lib, questions, 'hybrid', 3),
    bm25: await retrieveLatencies(big.lib, questions, 'bm25', 3),
    vector: await retrieveLatencies(big.lib, questions, 'vector', 3),
  };
  const heldOut = [...syntheticReports(20_000, 100, 4242)]
    .flatMap((r) => r.text.split('\n').filter((l) => l.length > 60))
    .slice(0, 100);
  const [recallQuestions, recallParagraphs] = await recallAt10(big.lib, [questions, heldOut]);
  sides.push(
    await sideBySide(
      `seeds + ${genTexts.length} generated reports`,
      big.lib,
      [...seedTexts, ...genTexts],
      cases,
      { paragraphs: big.paragraphs, ingestSeconds: big.seconds + big.learnSeconds },
    ),
  );
  const evalAtScale = sides[sides.length - 1].ours;
  const embedderId = big.lib.embedder.id;
  const dims = big.lib.embedder.dimensions;
  await closeLibrary(big.lib);
  const check = indexCheck(big.dir, { embedderId, dimensions: dims });
  const reopenT0 = performance.now();
  const reopened = await openLibrary({ dataDir: big.dir, embedder: embedderFor(big.dir) });
  const reopenSeconds = (performance.now() - reopenT0) / 1000;
  const reopenedBy = reopened.openedBy;
  await closeLibrary(reopened);
  rmSync(big.dir, { recursive: true, force: true });

  const cmd = `npm run bench${SIZE !== 100_000 ? ` -- --size=${SIZE}` : ''}`;
  log(
    `Command: \`${cmd}\` · ${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} cores (${cpus()[0]?.model.trim()}) · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at the end (the machine is shared)`,
  );
  log();
  log(
    `Local embedder \`${embedderId}\` (${dims} dims), HNSW (HnswVectorStore defaults: M=${HNSW_DEFAULTS.M} efConstruction=${HNSW_DEFAULTS.efConstruction} efSearch=${HNSW_DEFAULTS.efSearch}, growing past 400k vectors) in a worker thread (vector search runs there while BM25 scores on the main thread), lexical index \`${lexicalName}\`. Ingest = read + clean + parse + split + tokenize + embed + SQLite write + both indexes + index flush to disk. Every figure below comes from this one command. Code: ${code}.`,
  );
  log();
  log('## Side by side: ours and the recipe a JS developer would assemble');
  log();
  log(
    `Same process, same ${cases.length} retrieval-eval questions (\`loadCases()\` of evals/retrieval), same reports. **Peer** = LangChain \`RecursiveCharacterTextSplitter\` (chunkSize 500, chunkOverlap 100, separators 段落 → 句（。！？；）→ ， → 字, sentences kept whole as ../shared/NOTES.md advises) + MiniSearch 7.2 (BM25+) over \`@node-rs/jieba\` \`cutForSearch\` tokens (bench/peer-recipe.ts). A hit = the peer chunk / our paragraph of the expected report that contains the expected sentence, scored to depth 20 exactly as evals/retrieval does. p50 = one search returning 20 results, median over the questions × 3 rounds (5 for seeds) after a warm-up; in brackets each p50 as a multiple of the peer's (below 1× = faster than the peer).`,
  );
  log();
  for (const l of sideBySideTable(sides, cases)) log(l);
  log();
  log('## Ingest throughput');
  log();
  log('| corpus | paragraphs | paragraphs/s | target |');
  log('|---|---|---|---|');
  log(`| seed (5 reports, median of 5 runs) | ${seedParagraphs} | ${median(seedRuns).toFixed(0)} | — |`);
  log(
    `| generated (${genInputs.length} reports + the 5 seeds) | ${big.paragraphs} | ${(big.paragraphs / big.seconds).toFixed(0)} (${big.seconds.toFixed(1)} s; then learning the word vectors and re-embedding everything: ${big.learnSeconds.toFixed(1)} s) | ≥ 2,000 |`,
  );
  log();
  log(`## Query latency (retrieve(), topK 8, the ${questions.length} eval questions repeated)`);
  log();
  log(
    `The generated library is timed once its year graphs are built (${settleSeconds.toFixed(1)} s after the ingest and re-embedding).`,
  );
  log();
  log('| corpus | mode | queries | p50 | p99 | target |');
  log('|---|---|---|---|---|---|');
  for (const [name, lat] of [
    ['seed', seedLat],
    [`generated ${big.paragraphs}`, bigLat],
  ] as const) {
    for (const mode of ['hybrid', 'bm25', 'vector'] as const) {
      const t = lat[mode];
      log(
        `| ${name} | ${mode} | ${t.n} | ${ms(t.p50)} | ${ms(t.p99)} | ${mode === 'hybrid' && name !== 'seed' ? 'p50 ≤ 10 ms, p99 ≤ 30 ms' : '—'} |`,
      );
    }
  }
  log();
  log('## /api/ask over HTTP (extractive, seed corpus)');
  log();
  log(
    `Clients on 127.0.0.1 asking the ${questions.length} eval questions in turn; every answer is recorded as a trace. With one client the figures are the latency of one request; with eight they include queueing behind the others (one Node process).`,
  );
  log();
  log('| clients | requests | req/s | p50 | p99 | errors | target |');
  log('|---|---|---|---|---|---|---|');
  for (const r of [askSingle, askLoad])
    log(
      `| ${r.concurrency} | ${r.n} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} | ${r.concurrency === 1 ? 'p50 ≤ 20 ms' : '—'} |`,
    );
  log();
  log('## HNSW recall@10 against exact search');
  log();
  log(`| corpus | queries | recall@10 | target |`);
  log('|---|---|---|---|');
  log(
    `| generated ${big.paragraphs} | 100 held-out generated paragraphs (standard ANN protocol) | ${recallParagraphs.toFixed(4)} | ≥ 0.99 |`,
  );
  log(
    `| generated ${big.paragraphs} | the ${questions.length} staff questions (short, far from every paragraph) | ${recallQuestions.toFixed(4)} | ≥ 0.99 |`,
  );
  log();
  log('## Retrieval quality at this scale');
  log();
  log(
    `The ${questions.length} retrieval-eval questions asked of the ${big.paragraphs}-paragraph library (seed reports + generated ones):`,
  );
  log();
  log('| mode | hit@1 | hit@5 | MRR |');
  log('|---|---|---|---|');
  for (const mode of ['hybrid', 'bm25', 'vector'] as const) {
    const r = evalAtScale[mode].scores;
    log(`| ${mode} | ${r.hit1.toFixed(3)} | ${r.hit5.toFixed(3)} | ${r.mrr.toFixed(3)} |`);
  }
  log();
  log('## Memory and restart');
  log();
  log(
    `- Peak RSS of the whole bench process: ${peakRssMb().toFixed(0)} MB (RSS ${rssBefore} MB before the generated corpus).`,
  );
  log(
    `- Re-opening the ${big.paragraphs}-paragraph library from disk (openLibrary: SQLite + lexical index + HNSW check and load): ${reopenSeconds.toFixed(1)} s (index ${reopenedBy}).`,
  );
  log(
    `- Checking the HNSW index file at load (SHA-256 of the ${(check.bytes / 2 ** 20).toFixed(0)} MiB file for ${big.paragraphs} paragraphs × ${dims} dims against vectors.json, before hnswlib reads it): **${check.hashMs.toFixed(0)} ms**, median of 3. ` +
      `The whole index load in this thread (manifest + check + hnswlib read + id maps) took ${(check.loadMs / 1000).toFixed(2)} s, so the check is ${((100 * check.hashMs) / check.loadMs).toFixed(0)} % of the index load and ${((100 * check.hashMs) / (reopenSeconds * 1000)).toFixed(0)} % of the re-open.`,
  );
  writeBlock(OUT, 'bench', lines.join('\n'));
  console.error(`\n已写入 ${OUT}`);
}

/** Times the SHA-256 check of the index file alone (median of 3) and a whole in-process index load. */
function indexCheck(dataDir: string, opts: { embedderId: string; dimensions: number }) {
  const dir = vectorDir(dataDir);
  const manifest = JSON.parse(readFileSync(join(dir, 'vectors.json'), 'utf8')) as { file: string };
  const hashTimes: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    bytes = digestFileSync(join(dir, manifest.file)).bytes;
    hashTimes.push(performance.now() - t);
  }
  const t = performance.now();
  const loaded = HnswVectorStore.open(dir, opts);
  const loadMs = performance.now() - t;
  if (!loaded.store) throw new Error(`index not loadable: ${loaded.rejected.message}`);
  return { bytes, hashMs: median(hashTimes), loadMs };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
