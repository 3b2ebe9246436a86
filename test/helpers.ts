// Shared test helpers: the seed corpus, temporary data folders, a library with the corpus ingested.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import type { Embedder } from '../src/ports.ts';
import { type FileInput, ingestFiles } from '../src/library/ingest.ts';
import { closeLibrary, type Library, openLibrary } from '../src/library/library.ts';
import { SqliteDraftStore } from '../src/draft/sqlite-draft-store.ts';
import { SqliteTraceStore } from '../src/traces/sqlite-trace-store.ts';
import { afterAll, beforeAll } from 'vitest';

export const CORPUS_DIR = join(import.meta.dirname, '..', 'corpus');
export const FIXTURES_DIR = join(import.meta.dirname, 'fixtures');

export const SEED = {
  jinqiao: '金桥街-2022.txt',
  xiyuzhuang: '西于庄街道-2024.txt',
  dagang: '大港街-2023.txt',
  unnamed: '未署名街道-2021.txt',
  chengxi: '城西街道-2022.txt',
} as const;

export function seedText(name: string): string {
  return readFileSync(join(CORPUS_DIR, name), 'utf8');
}

export function seedInputs(): FileInput[] {
  return readdirSync(CORPUS_DIR)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(CORPUS_DIR, name)) }));
}

const dirs: string[] = [];
export function tempDir(prefix = 'fazhi-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
export function cleanupTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function seedLibrary(
  embedder: Embedder = new LocalEmbedder(),
  dataDir = tempDir(),
): Promise<Library> {
  const lib = await openLibrary({ dataDir, embedder });
  const outcomes = await ingestFiles(lib, seedInputs());
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length) throw new Error(`seed ingest failed: ${JSON.stringify(failed)}`);
  return lib;
}

/** A seed library opened before the file's tests and closed after them: `const seed = useSeedLibrary()`, then `seed.lib`. */
export function useSeedLibrary(): { lib: Library } {
  const holder = {} as { lib: Library };
  beforeAll(async () => {
    holder.lib = await seedLibrary();
  });
  afterAll(async () => {
    await closeLibrary(holder.lib);
    cleanupTempDirs();
  });
  return holder;
}

/** What createApp needs, over a fresh seed library in a temp folder: the library, traces and drafts stores. */
export async function seedAppDeps() {
  const dir = tempDir();
  const lib = await seedLibrary(undefined, dir);
  const traces = new SqliteTraceStore(join(dir, 'traces.db'));
  const drafts = new SqliteDraftStore(join(dir, 'drafts.db'));
  return {
    dir,
    lib,
    traces,
    drafts,
    async close() {
      await traces.close();
      await drafts.close();
      await closeLibrary(lib);
    },
  };
}
