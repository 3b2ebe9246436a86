// Faults: the process killed with SIGKILL in the middle of a large ingest, then restarted.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { syntheticReports } from '../bench/synthetic-corpus.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { ingestFiles } from '../src/library/ingest.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { retrieve } from '../src/search/retrieve.ts';
import { cleanupTempDirs, tempDir } from './helpers.ts';

afterAll(cleanupTempDirs);

it('kill -9 in the middle of ingesting: every report fully present or absent, indexes agree with the database, and the rest can be ingested after restart', async () => {
  const dataDir = tempDir();
  const src = tempDir();
  const reports = [...syntheticReports(15_000, 100, 99)];
  for (const r of reports) writeFileSync(join(src, r.name), r.text);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ingest', src], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, DATA_DIR: dataDir },
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((r) => child.on('exit', r));
  // Kill once a good part of the batch is in, well before the end.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const done = Math.max(0, ...[...err.matchAll(/(\d+)\/150/g)].map((m) => Number(m[1])));
    if (done >= 30 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  await exited;

  const lib = await openLibrary({ dataDir, embedder: new LocalEmbedder() });
  const stored = await lib.store.listReports();
  expect(stored.length).toBeGreaterThan(0);
  expect(stored.length).toBeLessThan(reports.length);
  let paragraphs = 0;
  for (const s of stored) {
    const full = await lib.store.getReport(s.id);
    expect(full!.paragraphs.length).toBe(s.paragraphCount); // a report is all there, or not at all
    for (const p of full!.paragraphs) expect(lib.lexical.meta(p.id)).not.toBeNull();
    paragraphs += s.paragraphCount;
  }
  expect(lib.lexical.size).toBe(paragraphs);
  expect(await lib.vectors.count()).toBe(paragraphs);
  // answers cite only what is stored
  const { hits } = await retrieve(lib, '普法宣传', { topK: 8 });
  const ids = new Set(stored.map((s) => s.id));
  for (const h of hits) expect(ids.has(h.paragraph.documentId)).toBe(true);
  // the rest of the batch goes in on a second run; what was in is unchanged
  const outcomes = await ingestFiles(
    lib,
    reports.map((r) => ({ name: r.name, bytes: Buffer.from(r.text) })),
  );
  expect(outcomes.filter((o) => o.status === 'unchanged')).toHaveLength(stored.length);
  expect(outcomes.filter((o) => o.status === 'added')).toHaveLength(reports.length - stored.length);
  expect(await lib.vectors.count()).toBe(lib.lexical.size);
  await closeLibrary(lib);
}, 120_000);
