// createApp(deps): the Hono app with every route and page, free of Node-only modules so Workers serve it too;
// entry files (server.ts / node-app.ts, worker.ts) build the real dependencies.
import { Hono } from 'hono';
import { extractiveAnswerer } from '../answer/ask.ts';
import { MemorySessionStore } from '../auth/memory-session-store.ts';
import { type TokenBook, parseTokens } from '../auth/roles.ts';
import { type Sessions, appTokenKeys, createSessions } from '../auth/sessions.ts';
import { extractiveDrafter } from '../draft/extractive-drafter.ts';
import type { Corpus } from '../library/corpus.ts';
import type { Answerer, DraftStore, Drafter, TraceStore } from '../ports.ts';
import type { AssetSource } from '../web/asset.ts';
import type { EvalCaseSink } from '../traces/eval-case.ts';
import { pageRoutes } from '../web/pages.ts';
import { type AuthEnv, authMiddleware } from './auth.ts';
import { bodyLimits } from './body-limits.ts';
import { sameOrigin } from './csrf.ts';
import { errorResponse } from './errors.ts';
import { AppError } from '../errors.ts';
import { askRoutes } from './routes/ask.ts';
import { draftRoute, draftsRoutes } from './routes/drafts.ts';
import { documentRoutes, paragraphRoutes } from './routes/documents.ts';
import { exampleRoutes } from './routes/examples.ts';
import { openAiRoutes } from './routes/openai-compat.ts';
import { sessionRoutes } from './routes/session.ts';
import { traceRoutes } from './routes/traces.ts';
import { rateLimit } from './rate-limit.ts';
import { securityHeaders, widgetCors } from './security.ts';

export interface AppDeps {
  lib: Corpus;
  traces: TraceStore;
  answerer?: Answerer;
  drafts: DraftStore;
  drafter?: Drafter;
  maxUploadBytes?: number;
  /** Access tokens by role; none configured means loopback-only open mode (everyone is admin). */
  tokens?: TokenBook;
  /**
   * Sign-in sessions (the cookie holds only a session id). Default: in this app's memory, which is right for the
   * Node server (one process); Workers keep them in D1 (see src/cloudflare/d1-session-store.ts).
   */
  sessions?: Sessions;
  /** Origins of intranet pages allowed to embed the widget and call /api/ask from the browser. */
  widgetOrigins?: string[];
  /** Where the server's operational lines go (a refused widget origin); default console.warn. */
  log?: (line: string) => void;
  /** Requests per minute per caller on ask, draft, upload and /v1 (0: off; default 600). */
  rateLimitPerMinute?: number;
  /** Where 「加入评测集」 keeps cases (files on Node, D1 on Workers). */
  evalCases: EvalCaseSink;
  /** The page scripts and stylesheets (bundled in-process on Node, prebuilt for Workers). */
  assets: AssetSource;
}

export function createApp(deps: AppDeps) {
  const answerer = deps.answerer ?? extractiveAnswerer;
  const tokens = deps.tokens ?? parseTokens('');
  const sessions =
    deps.sessions ?? createSessions({ store: new MemorySessionStore(), keys: appTokenKeys(tokens) });
  const widgetOrigins = deps.widgetOrigins ?? [];
  const app = new Hono<AuthEnv>();
  app.onError((e, c) => errorResponse(c, e));
  app.notFound((c) =>
    errorResponse(c, new AppError('not_found', `没有这个地址：${c.req.method} ${c.req.path}`)),
  );
  app.use('*', securityHeaders());
  const cors = widgetCors(widgetOrigins, deps.log);
  app.use('/api/ask', cors);
  app.use('/api/documents', cors);
  // Before anything reads a body or spends work on it: the size limit (every route, anonymous callers too),
  // then where a cookie-authenticated change comes from, then who is calling.
  app.use('*', bodyLimits());
  app.use('*', sameOrigin({ widgetOrigins }));
  app.use('*', authMiddleware(tokens, sessions));
  const limit = rateLimit({ perMinute: deps.rateLimitPerMinute ?? 600 });
  for (const path of ['/api/ask', '/api/draft', '/api/documents', '/v1/*', '/login']) app.use(path, limit);

  app.get('/healthz', async (c) => {
    const reports = await deps.lib.store.listReports();
    return c.json({
      status: 'ok',
      reports: reports.length,
      paragraphs: await deps.lib.lexical.count(),
      embedder: deps.lib.embedder.id,
      vectorIndex: deps.lib.openedBy ?? 'service',
      // `bm25` while a local vector index is still loading at start: hybrid questions are answered from BM25 alone.
      search: deps.lib.vectors.ready === false ? 'bm25' : 'hybrid',
    });
  });
  app.route('/api/ask', askRoutes({ lib: deps.lib, traces: deps.traces, answerer }));
  app.route(
    '/api/documents',
    documentRoutes(deps.lib, { maxUploadBytes: deps.maxUploadBytes ?? 10 * 1024 * 1024 }),
  );
  app.route('/api/paragraphs', paragraphRoutes(deps.lib));
  app.route('/api/examples', exampleRoutes(deps.lib));
  app.route('/api/traces', traceRoutes(deps.traces, { store: deps.lib.store, evalCases: deps.evalCases }));
  const draftDeps = { lib: deps.lib, drafts: deps.drafts, drafter: deps.drafter ?? extractiveDrafter };
  app.route('/api/draft', draftRoute(draftDeps));
  app.route('/api/drafts', draftsRoutes(draftDeps));
  app.route('/v1', openAiRoutes({ lib: deps.lib, traces: deps.traces, answerer }));

  app.get('/assets/:name', (c) => {
    const a = deps.assets().get(c.req.param('name'));
    if (!a) throw new AppError('not_found', `没有这个文件：${c.req.param('name')}`);
    return c.body(a.body, 200, { 'content-type': a.type, 'cache-control': 'no-cache' });
  });
  app.get('/widget.js', (c) => {
    const a = deps.assets().get('widget.js')!;
    return c.body(a.body, 200, {
      'content-type': a.type,
      'cache-control': 'no-cache',
      'cross-origin-resource-policy': 'cross-origin',
    });
  });
  // Before the pages: POST /login and /logout are answered here.
  app.route('/', sessionRoutes(sessions));
  app.route('/', pageRoutes({ lib: deps.lib, tokens }));
  return app;
}
