// The built Worker bundle run in workerd (Miniflare — the runtime under `wrangler dev`), fully offline:
// local D1 with the migrations, an in-memory Vectorize stand-in (scripts/vectorize-stub.js), and embeddings
// from an OpenAI-compatible endpoint that this process answers with the local embedder. Used by
// `npm run cf:dev` and by the bundle test; Vectorize and Workers AI themselves cannot run without an account.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { LocalEmbedder } from '../src/index/local-embedder.ts';

const ROOT = join(import.meta.dirname, '..');
const EMBEDDINGS = 'http://embeddings.internal/v1';
const D1_ID = 'fazhi-reports';

/** The bundle in `outDir` (from `wrangler deploy --dry-run --outdir`) as workerd loads it: .wasm compiled, .md as text. */
export function bundleWorker(outDir: string) {
  return {
    modules: true as const,
    scriptPath: join(outDir, 'worker.js'),
    modulesRoot: outDir,
    modulesRules: [
      { type: 'CompiledWasm' as const, include: ['**/*.wasm'] },
      { type: 'Text' as const, include: ['**/*.md'] },
    ],
    compatibilityDate: '2026-05-01',
    compatibilityFlags: ['nodejs_compat'],
  };
}

export interface PreviewOptions {
  outDir: string;
  authTokens: string;
  /** Embedding dimensions the Worker is configured with (a different value than before → index_mismatch). */
  dimensions?: number;
  port?: number;
  onEmbed?: (texts: number) => void;
}

export function previewOptions(o: PreviewOptions) {
  const embedder = new LocalEmbedder({ dimensions: o.dimensions ?? 256 });
  return {
    ...(o.port !== undefined ? { host: '127.0.0.1', port: o.port } : {}),
    workers: [
      {
        name: 'app',
        ...bundleWorker(o.outDir),
        d1Databases: { DB: D1_ID },
        bindings: {
          AUTH_TOKENS: o.authTokens,
          EMBEDDER: 'openai',
          EMBED_MODEL: 'local',
          EMBED_DIMENSIONS: String(embedder.dimensions),
          EMBED_BASE_URL: EMBEDDINGS,
        },
        wrappedBindings: { VECTORIZE: { scriptName: 'vectorize' } },
        // The Worker's only outbound calls go to the embeddings endpoint, answered here; nothing reaches a network.
        outboundService: async (req: Request) => {
          if (!req.url.startsWith(`${EMBEDDINGS}/embeddings`))
            return new Response('本地预览不访问网络', { status: 599 });
          const { input } = (await req.json()) as { input: string[] };
          o.onEmbed?.(input.length);
          const data = (await embedder.embed(input)).map((embedding, index) => ({
            object: 'embedding',
            index,
            embedding,
          }));
          return Response.json({
            object: 'list',
            model: 'local',
            data,
            usage: { prompt_tokens: 0, total_tokens: 0 },
          });
        },
      },
      { name: 'vectorize', modules: true, scriptPath: join(import.meta.dirname, 'vectorize-stub.js') },
    ],
  };
}

/**
 * Creates the D1 tables from migrations/, then starts the preview. On a port, the tables are made first, in a D1 folder of
 * this run, by a Miniflare the app is not part of: started first, the app's port was open while migrating, and a
 * request arriving then (an open browser tab) got 「no such table: lexical_stats」 with a stack trace. The folder
 * is removed when the preview is disposed, so nothing persists between runs.
 */
export async function startPreview(o: PreviewOptions): Promise<Miniflare> {
  if (o.port === undefined) {
    // No port (tests calling dispatchFetch): nothing can reach the app before its tables exist.
    const mf = new Miniflare(previewOptions(o));
    await migrate(await mf.getD1Database('DB'));
    return mf;
  }
  const d1Persist = mkdtempSync(join(tmpdir(), 'fazhi-preview-d1-'));
  const migrator = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) }',
    d1Databases: { DB: D1_ID },
    d1Persist,
  });
  try {
    await migrate(await migrator.getD1Database('DB'));
  } catch (e) {
    rmSync(d1Persist, { recursive: true, force: true });
    throw e;
  } finally {
    await migrator.dispose();
  }
  const mf = new Miniflare({ ...previewOptions(o), d1Persist });
  // Options changed later (another embedder, in the bundle test) keep this run's D1 folder.
  const setOptions = mf.setOptions.bind(mf);
  mf.setOptions = (opts) => setOptions({ d1Persist, ...opts });
  const dispose = mf.dispose.bind(mf);
  mf.dispose = async () => {
    await dispose();
    rmSync(d1Persist, { recursive: true, force: true });
  };
  return mf;
}

async function migrate(db: Awaited<ReturnType<Miniflare['getD1Database']>>): Promise<void> {
  const files = readdirSync(join(ROOT, 'migrations'))
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const sql = files
    .map((f) => readFileSync(join(ROOT, 'migrations', f), 'utf8').replace(/--.*$/gm, ''))
    .join(';\n');
  for (const stmt of sql
    .split(/;\s*\n/)
    .map((x) => x.trim())
    .filter(Boolean))
    await db.prepare(stmt).run();
}
