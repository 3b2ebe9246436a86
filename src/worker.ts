// Cloudflare Workers entry: the same Hono app as the Node server (createApp), with its dependencies built
// from the bindings (D1, Vectorize, Workers AI) — see src/cloudflare/worker-deps.ts and wrangler.toml.
import answerPrompt from '../prompts/answer.md';
import draftPrompt from '../prompts/draft.md';
import { promptOf } from './llm/prompt.ts';
import { type WorkerEnv, checkEmbedder, createWorkerDeps } from './cloudflare/worker-deps.ts';
import { AppError, isAppError } from './errors.ts';
import { STATUS } from './http/errors.ts';
import { createApp } from './http/app.ts';
import type { Asset } from './web/asset.ts';
import { ASSETS } from './web/prebuilt-assets.js';

const assets = new Map<string, Asset>(Object.entries(ASSETS));
const prompts = { answer: promptOf('answer', answerPrompt), draft: promptOf('draft', draftPrompt) };

// One app per isolate, built on the first request (bindings arrive with it).
let built: { env: WorkerEnv; app: ReturnType<typeof createApp>; ready: Promise<AppError | null> } | null =
  null;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: unknown): Promise<Response> {
    try {
      if (!built || built.env !== env) {
        const deps = createWorkerDeps(env, { assets: () => assets, prompts });
        built = { env, app: createApp(deps), ready: checkEmbedder(deps.lib) };
        built.ready.catch(() => (built = null)); // a D1 hiccup is retried by the next request
      }
      const refused = await built.ready;
      if (refused) return Response.json(refused.toJSON(), { status: STATUS[refused.code] });
    } catch (e) {
      // A deployment without AUTH_TOKENS or with a bad var: say what to fix, serve nothing.
      const refused = new AppError(
        'misconfigured',
        isAppError(e) ? e.message : `Worker 启动失败：${(e as Error).message}`,
        { cause: e },
      );
      return Response.json(refused.toJSON(), { status: STATUS[refused.code] });
    }
    return built.app.fetch(request, env, ctx as never);
  },
};
