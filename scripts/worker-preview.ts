// The built Worker bundle run in workerd (Miniflare — the runtime under `wrangler dev`), fully offline:
// local D1 with the migrations, an in-memory Vectorize stand-in (scripts/vectorize-stub.js), and embeddings
// from an OpenAI-compatible endpoint that this process answers with the local embedder. Used by
// `npm run cf:dev` and by the bundle test; Vectorize and Workers AI themselves cannot run without an account.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { LocalEmbedder } from '../src/index/local-embedder.ts';

const ROOT = join(import.meta.dirname, '..');
const EMBEDDINGS = 'http://embeddings.internal/v1';

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
        d1Databases: { DB: 'fazhi-reports' },
        bindings: { AUTH_TOKENS: o.authTokens, EMBEDDER: 'openai', EMBED_MODEL: 'local', EMBED_DIMENSIONS: String(embedder.dimensions), EMBED_BASE_URL: EMBEDDINGS },
        wrappedBindings: { VECTORIZE: { scriptName: 'vectorize' } },
        // The Worker's only outbound calls go to the embeddings endpoint, answered here; nothing reaches a network.
        outboundService: async (req: Request) => {
          if (!req.url.startsWith(`${EMBEDDINGS}/embeddings`)) return new Response('本地预览不访问网络', { status: 599 });
          const { input } = (await req.json()) as { input: string[] };
          o.onEmbed?.(input.length);
          const data = (await embedder.embed(input)).map((embedding, index) => ({ object: 'embedding', index, embedding }));
          return Response.json({ object: 'list', model: 'local', data, usage: { prompt_tokens: 0, total_tokens: 0 } });
        },
      },
      { name: 'vectorize', modules: true, scriptPath: join(import.meta.dirname, 'vectorize-stub.js') },
    ],
  };
}

/** Starts the preview and creates the D1 tables from migrations/. */
export async function startPreview(o: PreviewOptions): Promise<Miniflare> {
  const mf = new Miniflare(previewOptions(o));
  const db = await mf.getD1Database('DB');
  const files = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort();
  const sql = files.map((f) => readFileSync(join(ROOT, 'migrations', f), 'utf8').replace(/--.*$/gm, '')).join(';\n');
  for (const stmt of sql.split(/;\s*\n/).map((x) => x.trim()).filter(Boolean)) await db.prepare(stmt).run();
  return mf;
}
