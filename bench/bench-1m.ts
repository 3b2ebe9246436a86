// npm run bench:1m — a 1M-paragraph library on one machine (issue #13 item 5): streamed ingest in batches, peak RSS,
// re-open in a fresh process, hybrid retrieve() p50/p99 and HNSW recall@10 against exact search. Writes its block of
// BENCHMARKS.md. Options: --size=N (generated paragraphs, default 1,000,000), --batch=N (reports per ingestFiles
// call), --keep (leave the data folder), --out=file, --resume (with --dir: continue an earlier run's ingest; the folder is kept).
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HNSW_DEFAULTS } from '../src/index/hnsw-vector-store.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { ingestFiles } from '../src/library/ingest.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { codeState, writeBlock } from './benchmarks-file.ts';
import { type ServeFigures, serve } from './bench-1m-serve.ts';
import { peakRssMb, rssMb } from './stats.ts';
import { syntheticReports } from './synthetic-corpus.ts';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SIZE = Number(arg('size') ?? 1_000_000);
const BATCH = Number(arg('batch') ?? 100);
/** --stop-at=HH:MM (UTC): no new batch is started after then; the library is closed and served at the size reached. */
const STOP_AT = arg('stop-at');
const stopAt = STOP_AT
  ? new Date(`${new Date().toISOString().slice(0, 10)}T${STOP_AT}:00Z`).getTime()
  : Infinity;
/**
 * --resume (with --dir=<an earlier run's folder>): the generated corpus is deterministic, so it is generated again from
 * the start and every report already in the library (by file name) is skipped; ingest continues where it stopped.
 */
const RESUME = args.includes('--resume');
const OUT = arg('out') ?? join(import.meta.dirname, '..', 'BENCHMARKS.md');
const CORPUS = join(import.meta.dirname, '..', 'corpus');

const du = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (s, e) => s + (e.isDirectory() ? du(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

async function ingestPhase(dataDir: string) {
  const lib = await openLibrary({ dataDir, embedder: new LocalEmbedder() });
  const t0 = performance.now();
  let paragraphs = 0;
  let reports = 0;
  let failed = 0;
  // Resuming: what the library holds already is neither re-ingested nor counted in this run's figures.
  const present = RESUME
    ? new Set((await lib.store.listReports()).map((r) => r.sourceName))
    : new Set<string>();
  const before = RESUME ? { paragraphs: await lib.vectors.count(), reports: present.size } : undefined;
  if (before)
    log(`resuming: ${before.paragraphs} paragraphs, ${before.reports} reports already in the library`);
  let skipped = 0;
  let nextLog = 50_000;
  const run = async (inputs: { name: string; bytes: Buffer }[]) => {
    // Deferred: one index write at the end (as one `npm run ingest` call does), not one per batch.
    for (const o of await ingestFiles(lib, inputs, { deferFlush: true })) {
      if (o.status === 'failed') failed++;
      else paragraphs += o.paragraphs;
    }
    if (lib.flushTimer) clearTimeout(lib.flushTimer);
    lib.flushTimer = undefined;
    reports += inputs.length;
    if (paragraphs >= nextLog) {
      const s = (performance.now() - t0) / 1000;
      log(
        `${paragraphs} paragraphs, ${reports} reports, ${s.toFixed(0)} s, ${(paragraphs / s).toFixed(0)}/s, RSS ${rssMb().toFixed(0)} MB, peak ${peakRssMb().toFixed(0)} MB, load ${loadavg()[0].toFixed(1)}`,
      );
      nextLog += 50_000;
    }
  };
  // The seeds go in too, so the retrieval eval can be asked of this library.
  const seeds = readdirSync(CORPUS)
    .sort()
    .filter((name) => !present.has(name));
  if (seeds.length) await run(seeds.map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) })));
  // Streamed: only one batch of generated text exists at a time.
  let batch: { name: string; bytes: Buffer }[] = [];
  let stopped = false;
  for (const r of syntheticReports(SIZE)) {
    if (present.has(r.name)) {
      skipped++;
      continue;
    }
    batch.push({ name: r.name, bytes: Buffer.from(r.text) });
    if (batch.length >= BATCH) {
      await run(batch);
      batch = [];
      if (Date.now() >= stopAt) {
        stopped = true;
        log(`stopped at ${STOP_AT} UTC (--stop-at) after ${paragraphs} paragraphs`);
        break;
      }
    }
  }
  if (batch.length) await run(batch);
  const beforeClose = (performance.now() - t0) / 1000;
  await closeLibrary(lib); // writes the vector index (HNSW file, SHA-256, manifest)
  const seconds = (performance.now() - t0) / 1000;
  return {
    paragraphs,
    reports,
    failed,
    seconds,
    flushSeconds: seconds - beforeClose,
    peakMb: peakRssMb(),
    stopped,
    before,
    skipped,
  };
}

/** Serving figures come from a fresh process: its re-open is a real start and its peak RSS is the server's. */
function serveInChild(dataDir: string): Promise<ServeFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(join(import.meta.dirname, 'bench-1m-serve.ts'), [`--dir=${dataDir}`], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ServeFigures | null = null;
    child.on('message', (m) => (result = m as ServeFigures));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`serve phase exited ${code}`))));
  });
}

async function main() {
  const code = codeState();
  if (args.includes('--serve-here')) {
    // Debugging: the serve phase in this process, on an existing folder.
    console.log(JSON.stringify(await serve(arg('dir')!), null, 2));
    return;
  }
  const dataDir = arg('dir') ?? mkdtempSync(join(tmpdir(), 'bench-1m-'));
  // --serve-only: the folder of an earlier (perhaps interrupted) run. Its first open rebuilds a missing or stale
  // vector index from SQLite, as a server does after a crash; that is timed, then the serve phase runs as usual.
  const serveOnly = args.includes('--serve-only');
  let ing: Awaited<ReturnType<typeof ingestPhase>> & { rebuild?: { seconds: number; openedBy: string } };
  if (serveOnly) {
    const t = performance.now();
    const lib = await openLibrary({ dataDir, embedder: new LocalEmbedder() });
    const openedBy = lib.openedBy;
    const paragraphs = await lib.vectors.count();
    const reports = (await lib.store.listReports()).length;
    await closeLibrary(lib);
    const seconds = (performance.now() - t) / 1000;
    ing = {
      paragraphs,
      reports,
      failed: 0,
      stopped: false,
      seconds: NaN,
      flushSeconds: NaN,
      peakMb: peakRssMb(),
      rebuild: { seconds, openedBy },
      before: undefined,
      skipped: 0,
    };
    log(
      `first open of ${dataDir}: ${openedBy} in ${seconds.toFixed(0)} s, ${paragraphs} paragraphs, peak RSS ${ing.peakMb.toFixed(0)} MB`,
    );
  } else {
    log(`data folder ${dataDir}; ${SIZE} generated paragraphs in batches of ${BATCH} reports`);
    ing = await ingestPhase(dataDir);
    log(
      `ingested ${ing.paragraphs} paragraphs${ing.skipped ? ` (${ing.skipped} generated reports skipped: already in the library)` : ''} in ${ing.seconds.toFixed(0)} s (final index write ${ing.flushSeconds.toFixed(1)} s), peak RSS ${ing.peakMb.toFixed(0)} MB`,
    );
  }
  const disk = { total: du(dataDir), vectors: du(join(dataDir, 'vectors')) };
  const srv = await serveInChild(dataDir);
  if (!args.includes('--keep') && !serveOnly && !RESUME) rmSync(dataDir, { recursive: true, force: true });

  const opts = [
    ...(serveOnly ? ['--serve-only', `--dir=${dataDir}`] : []),
    ...(RESUME && !serveOnly ? ['--resume', `--dir=${dataDir}`] : []),
    ...(!serveOnly && SIZE !== 1_000_000 ? [`--size=${SIZE}`] : []),
    ...(STOP_AT ? [`--stop-at=${STOP_AT}`] : []),
  ];
  const cmd = `nice npm run bench:1m${opts.length ? ` -- ${opts.join(' ')}` : ''}`;
  const ok = (pass: boolean) => (pass ? '✓' : '✗');
  const before = ing.before;
  const total = ing.paragraphs + (before?.paragraphs ?? 0);
  const lines = [
    `## ${(total / 1e6).toFixed(2)}M paragraphs on one machine (target: 1M)`,
    '',
    `Command: \`${cmd}\` · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · Node ${process.version} · ${cpus().length} cores · ${(totalmem() / 2 ** 30).toFixed(0)} GiB, shared with other work (load average ${srv.loadAverage.map((x) => x.toFixed(1)).join(' ')} at the end). ` +
      `Generated reports with colliding office names (bench/synthetic-corpus.ts) + the 5 seeds, streamed: ${BATCH} reports per ingestFiles() call, the vector index written once at the end. Embedder \`${srv.embedderId}\`, lexical index \`${srv.lexicalIndex}\`, HNSW defaults (M=${HNSW_DEFAULTS.M}, efConstruction=${HNSW_DEFAULTS.efConstruction}, efSearch=${HNSW_DEFAULTS.efSearch}). Code: ${code}.`,
    '',
    '| what | figure | target |',
    '|---|---|---|',
    ...(ing.rebuild
      ? [
          `| library | ${ing.paragraphs} paragraphs, ${ing.reports} reports, from an earlier run's folder (\`--serve-only\`) | — |`,
          `| first open: vector index ${ing.rebuild.openedBy} from SQLite (as after a crash) | ${ing.rebuild.seconds.toFixed(0)} s, peak RSS ${(ing.peakMb / 1024).toFixed(2)} GiB | — |`,
        ]
      : [
          ...(before
            ? [
                `| library before this run (\`--resume\`: an earlier run's folder, its ingest not timed here) | ${before.paragraphs} paragraphs, ${before.reports} reports | — |`,
              ]
            : []),
          `| ingest${before ? ' (this run: the reports not yet in the library)' : ''}${ing.stopped ? ` (stopped at ${STOP_AT} UTC by --stop-at, short of ${SIZE} generated paragraphs)` : ''} | ${ing.paragraphs} paragraphs, ${ing.reports} reports in ${(ing.seconds / 60).toFixed(1)} min = **${(ing.paragraphs / ing.seconds).toFixed(0)} paragraphs/s** (final index write ${ing.flushSeconds.toFixed(0)} s of it; ${ing.failed} failed) | — |`,
          `| peak RSS, ingest process | **${(ing.peakMb / 1024).toFixed(2)} GiB** | ≤ 8 GB ${ok(ing.peakMb * 2 ** 20 <= 8e9)} |`,
        ]),
    ...(srv.servingSeconds !== undefined
      ? [
          `| re-open to serving (openLibrary in a fresh process, as the server opens it: BM25 answers while the vector index loads in the background) | **${srv.servingSeconds.toFixed(1)} s**${srv.servingWarmSeconds !== undefined ? `; a second open in the same process: ${srv.servingWarmSeconds.toFixed(1)} s` : ''} | ≤ 5 s ${ok(srv.servingSeconds <= 5)} |`,
        ]
      : []),
    `| re-open until the vector index is loaded too (hybrid search) | **${srv.reopenSeconds.toFixed(1)} s** (index ${srv.openedBy})${srv.reopenWarmSeconds !== undefined ? `; a second open in the same process (code already loaded): ${srv.reopenWarmSeconds.toFixed(1)} s` : ''} | ≤ 5 s ${ok(srv.reopenSeconds <= 5)} |`,
    ...(srv.yearGraphsSeconds !== undefined
      ? [
          `| re-open until the year graphs are read too (year-scoped vector searches walk the whole graph until then) | ${srv.yearGraphsSeconds.toFixed(1)} s (${srv.yearGraphs}) | — |`,
        ]
      : []),
    `| RSS after re-open / peak while serving | ${(srv.rssAfterOpenMb / 1024).toFixed(2)} GiB / ${(srv.peakServingMb / 1024).toFixed(2)} GiB | ≤ 8 GB ${ok(srv.peakServingMb * 2 ** 20 <= 8e9)} |`,
    ...srv.latency.map(
      (l) =>
        `| retrieve() ${l.mode}, topK 8, ${l.label} (${l.n} queries) | p50 **${l.p50.toFixed(1)} ms**, p99 **${l.p99.toFixed(1)} ms** | ${l.mode === 'hybrid' ? `p50 ≤ 20 ms ${ok(l.p50 <= 20)}, p99 ≤ 60 ms ${ok(l.p99 <= 60)}` : '—'} |`,
    ),
    `| HNSW recall@10 vs exact search, ${srv.recall.queries} held-out generated paragraphs | **${srv.recall.paragraphs.toFixed(4)}** | ≥ 0.99 ${ok(srv.recall.paragraphs >= 0.99)} |`,
    `| HNSW recall@10 vs exact search, the ${srv.recall.questionCount} staff questions | ${srv.recall.questions.toFixed(4)} | — |`,
    `| HNSW recall@10 vs exact search of the year, the ${srv.recall.queries} held-out paragraphs each searched within one year (2018–2025) | **${srv.recall.yearScoped.toFixed(4)}** | ≥ 0.99 ${ok(srv.recall.yearScoped >= 0.99)} |`,
    `| HNSW recall@10 on the held-out paragraphs by efSearch (same index, searched in this thread; p50 / p99 of one search, k=10) | ${srv.recall.byEf.map((r) => `${r.ef}: ${r.recall.toFixed(4)} (${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms)`).join(' · ')} | — |`,
    `| retrieval eval (${srv.eval.n} questions) at this size, hybrid | hit@1 ${srv.eval.hit1.toFixed(3)}, hit@5 ${srv.eval.hit5.toFixed(3)}, MRR ${srv.eval.mrr.toFixed(3)} | — |`,
    `| on disk | ${gb(disk.total)} (vector index ${gb(disk.vectors)}) | — |`,
    '',
    `Re-open = \`openLibrary()\` on the folder in a new process (page cache warm from the ingest). Exact search for recall: every stored vector (read back from SQLite) scanned in full for each query. ` +
      `Peak RSS is the process's high-water mark (worker threads included); the serving peak is taken before the exact-search matrix (${gb(srv.exactMatrixBytes)}) is built.`,
  ];
  writeBlock(OUT, 'bench:1m', lines.join('\n'), 'bench');
  console.log(lines.join('\n'));
  log(`written to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
