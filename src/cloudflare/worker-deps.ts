// Builds createApp's dependencies from the Worker's bindings: D1 for reports, BM25 postings, traces, drafts,
// eval cases and sign-in sessions; Vectorize for vectors; Workers AI or an OpenAI-compatible endpoint for embeddings; the
// OpenAI SDK for the LLM path. Retrieval, answering, verification and drafting are the Node server's code.
import { extractiveAnswerer } from '../answer/ask.ts';
import { llmAnswerer } from '../answer/llm-answerer.ts';
import { OpenAIChatModel } from '../llm/openai-chat-model.ts';
import type { Prompt } from '../llm/prompt.ts';
import { parseTokens } from '../auth/roles.ts';
import { createSessions, tokenKeys } from '../auth/sessions.ts';
import { draftFromContext, extractiveDrafter } from '../draft/extractive-drafter.ts';
import { llmDrafter } from '../draft/llm-drafter.ts';
import { AppError } from '../errors.ts';
import type { AppDeps } from '../http/app.ts';
import { OpenAIEmbedder } from '../index/openai-embedder.ts';
import type { Corpus } from '../library/corpus.ts';
import { Mutex } from '../library/mutex.ts';
import type { Embedder } from '../ports.ts';
import type { AssetSource } from '../web/asset.ts';
import type { D1Database } from './d1.ts';
import { D1DraftStore } from './d1-draft-store.ts';
import { D1EvalCaseSink } from './d1-eval-case-sink.ts';
import { D1LexicalIndex } from './d1-lexical-index.ts';
import { D1ReportStore } from './d1-report-store.ts';
import { D1SessionStore } from './d1-session-store.ts';
import { D1TraceStore } from './d1-trace-store.ts';
import type { VectorizeIndex } from './vectorize.ts';
import { VectorizeVectorStore } from './vectorize-vector-store.ts';
import { loadWorkerVars } from './worker-config.ts';
import { BGE_M3, type WorkersAi, WorkersAiEmbedder } from './workers-ai-embedder.ts';

/** Other streets' reports a Worker drafts from (besides the org's own): ~4 D1 round trips, a few MB. */
export const DRAFT_OTHER_REPORTS = 300;

export interface WorkerEnv {
  DB: D1Database;
  VECTORIZE: VectorizeIndex;
  AI?: WorkersAi;
  [name: string]: unknown;
}

export interface WorkerPlatform {
  assets: AssetSource;
  prompts: { answer: Prompt; draft: Prompt };
  /**
   * Tests only: an embedder instead of the AI binding. Workers AI has no local simulation, so the
   * end-to-end test gives the Worker the Node server's local embedder to compare answers with it.
   */
  embedder?: Embedder;
}

export function createEmbedderFromEnv(env: WorkerEnv, vars: ReturnType<typeof loadWorkerVars>): Embedder {
  if (vars.EMBEDDER === 'openai') {
    if (!vars.EMBED_MODEL || !vars.EMBED_DIMENSIONS)
      throw new AppError(
        'bad_input',
        'EMBEDDER=openai 时需要设置 EMBED_MODEL 和 EMBED_DIMENSIONS（以及 EMBED_BASE_URL、EMBED_API_KEY）',
      );
    return new OpenAIEmbedder({
      baseURL: vars.EMBED_BASE_URL,
      apiKey: vars.EMBED_API_KEY ?? 'not-needed',
      model: vars.EMBED_MODEL,
      dimensions: vars.EMBED_DIMENSIONS,
    });
  }
  if (!env.AI)
    throw new AppError('bad_input', 'EMBEDDER=workers-ai 需要 wrangler.toml 中的 [ai] binding = "AI"');
  return new WorkersAiEmbedder(env.AI, {
    model: vars.EMBED_MODEL ?? BGE_M3.model,
    dimensions: vars.EMBED_DIMENSIONS ?? BGE_M3.dimensions,
  });
}

/**
 * Vectors from two embedders never mix (as on Node): the first request records the configured embedder in
 * D1; a later deployment with another one is refused with what to do, instead of failing on every query.
 */
export async function checkEmbedder(lib: Corpus): Promise<AppError | null> {
  const stored = await lib.store.getEmbedder();
  const now = { id: lib.embedder.id, dimensions: lib.embedder.dimensions };
  if (!stored) {
    await lib.store.setEmbedder(now);
    return null;
  }
  if (stored.id === now.id && stored.dimensions === now.dimensions) return null;
  return new AppError(
    'index_mismatch',
    `D1 与 Vectorize 中的段落向量由「${stored.id}」生成，当前配置的是「${now.id}」，不能混用：请按新模型的维度新建 Vectorize 索引、清空 D1 后用 npm run cf:push 重新导入，或改回原来的 EMBEDDER 配置`,
  );
}

export function createWorkerDeps(env: WorkerEnv, platform: WorkerPlatform): AppDeps & { lib: Corpus } {
  const vars = loadWorkerVars(env);
  const embedder = platform.embedder ?? createEmbedderFromEnv(env, vars);
  const lib: Corpus = {
    store: new D1ReportStore(env.DB),
    lexical: new D1LexicalIndex(env.DB),
    vectors: new VectorizeVectorStore(env.VECTORIZE, { dimensions: embedder.dimensions }),
    embedder,
    writeLock: new Mutex(),
    indexChanged: async () => {}, // D1 and Vectorize keep every write themselves
    draftOtherReports: DRAFT_OTHER_REPORTS,
  };
  const model = vars.LLM_MODEL
    ? new OpenAIChatModel({
        baseURL: vars.LLM_BASE_URL,
        apiKey: vars.LLM_API_KEY ?? 'not-needed',
        model: vars.LLM_MODEL,
        timeoutMs: vars.LLM_TIMEOUT_MS,
        maxTokens: vars.LLM_MAX_TOKENS,
      })
    : null;
  return {
    lib,
    traces: new D1TraceStore(env.DB),
    drafts: new D1DraftStore(env.DB),
    evalCases: new D1EvalCaseSink(env.DB),
    answerer: model
      ? llmAnswerer({ model, prompt: platform.prompts.answer, fallback: vars.LLM_FALLBACK })
      : extractiveAnswerer,
    drafter: model
      ? llmDrafter({
          model,
          prompt: platform.prompts.draft,
          fallback: vars.LLM_FALLBACK === 'extractive' ? draftFromContext : undefined,
        })
      : extractiveDrafter,
    tokens: parseTokens(vars.AUTH_TOKENS),
    // In D1, not in the isolate: a session must hold in every isolate and end everywhere at logout; fingerprints
    // keyed by AUTH_TOKENS itself, so changing the secret ends every session (d1-session-store.ts says why D1).
    sessions: createSessions({ store: new D1SessionStore(env.DB), keys: tokenKeys(vars.AUTH_TOKENS) }),
    widgetOrigins: vars.WIDGET_ORIGINS,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    assets: platform.assets,
  };
}
