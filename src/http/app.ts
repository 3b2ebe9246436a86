// createApp(deps): the Hono app with every route; entry files build the real dependencies.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type Answerer, extractiveAnswerer } from '../answer/ask.ts';
import type { DraftStore } from '../draft/draft-store.ts';
import { type Drafter, extractiveDrafter } from '../draft/extractive-drafter.ts';
import type { Library } from '../library/library.ts';
import type { TraceStore } from '../traces/trace-store.ts';
import { errorResponse } from './errors.ts';
import { askRoutes } from './routes/ask.ts';
import { draftRoute, draftsRoutes } from './routes/drafts.ts';
import { documentRoutes, paragraphRoutes } from './routes/documents.ts';
import { openAiRoutes } from './routes/openai-compat.ts';
import { traceRoutes } from './routes/traces.ts';

export interface AppDeps {
  lib: Library;
  traces: TraceStore;
  answerer?: Answerer;
  drafts: DraftStore;
  drafter?: Drafter;
  maxUploadBytes?: number;
}

const JSON_LIMIT = 256 * 1024;

export function createApp(deps: AppDeps) {
  const answerer = deps.answerer ?? extractiveAnswerer;
  const app = new Hono();
  app.onError((e, c) => errorResponse(c, e));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `没有这个地址：${c.req.method} ${c.req.path}` } }, 404));
  const jsonLimit = bodyLimit({
    maxSize: JSON_LIMIT,
    onError: (c) => c.json({ error: { code: 'too_large', message: `请求体超过 ${JSON_LIMIT / 1024} KB 上限` } }, 413),
  });
  app.use('/api/ask', jsonLimit);
  app.use('/api/traces/*', jsonLimit);
  app.use('/api/draft', jsonLimit);
  app.use('/v1/*', jsonLimit);

  app.get('/healthz', async (c) => {
    const reports = await deps.lib.store.listReports();
    return c.json({
      status: 'ok',
      reports: reports.length,
      paragraphs: deps.lib.lexical.size,
      embedder: deps.lib.embedder.id,
      vectorIndex: deps.lib.openedBy,
    });
  });
  app.route('/api/ask', askRoutes({ lib: deps.lib, traces: deps.traces, answerer }));
  app.route('/api/documents', documentRoutes(deps.lib, { maxUploadBytes: deps.maxUploadBytes ?? 10 * 1024 * 1024 }));
  app.route('/api/paragraphs', paragraphRoutes(deps.lib));
  app.route('/api/traces', traceRoutes(deps.traces));
  const draftDeps = { lib: deps.lib, drafts: deps.drafts, drafter: deps.drafter ?? extractiveDrafter };
  app.route('/api/draft', draftRoute(draftDeps));
  app.route('/api/drafts', draftsRoutes(draftDeps));
  app.route('/v1', openAiRoutes({ lib: deps.lib, traces: deps.traces, answerer }));
  return app;
}
