// A misbehaving model behind the HTTP routes (msw upstream): a stalled stream ends at the deadline (502 or the
// extractive fallback), a client that goes away aborts the upstream call (in-process and over real sockets),
// a 1 MB answer is capped in the response and the stored trace, and /v1 history costs one model call and one trace.
import { connect } from 'node:net';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { llmAnswerer } from '../../src/answer/llm-answerer.ts';
import { OpenAIChatModel, type OpenAIChatModelOptions } from '../../src/llm/openai-chat-model.ts';
import { loadPrompt } from '../../src/llm/prompts.ts';
import { draftFromContext } from '../../src/draft/extractive-drafter.ts';
import { llmDrafter } from '../../src/draft/llm-drafter.ts';
import { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../helpers.ts';
import { liveChatHandler, sourceNumber, type UpstreamCall } from '../msw/openai-handlers.ts';

const server = setupServer();
let lib: Library;
let traces: SqliteTraceStore;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  const dir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

const SLACK = 500;
const model = (o: Partial<OpenAIChatModelOptions> = {}) =>
  new OpenAIChatModel({
    baseURL: 'http://llm.test/v1',
    apiKey: 'sk-test',
    model: 'qwen-test',
    maxRetries: 0,
    timeoutMs: 5000,
    ...o,
  });
function appWith(o: Partial<OpenAIChatModelOptions> = {}, fallback: 'extractive' | 'none' = 'none') {
  const m = model(o);
  return createNodeApp({
    lib,
    traces,
    drafts: new SqliteDraftStore(':memory:'),
    answerer: llmAnswerer({ model: m, prompt: loadPrompt('answer'), fallback }),
    drafter: llmDrafter({
      model: m,
      prompt: loadPrompt('draft'),
      fallback: fallback === 'extractive' ? draftFromContext : undefined,
    }),
  });
}
const user = (r: { messages: { role: string; content: string }[] }) =>
  r.messages.find((m) => m.role === 'user')!.content;
const json = (body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
  signal,
});
const traceCount = async () => (await traces.list({ limit: 1, offset: 0 })).total;
const until = async (check: () => boolean, ms = 3000) => {
  for (const t0 = Date.now(); !check() && Date.now() - t0 < ms;) await new Promise((r) => setTimeout(r, 5));
};
const ASK = '大港街2023年公开了多少条行政处罚？';
const cited = (r: { messages: { role: string; content: string }[] }) =>
  `根据大港街2023年度报告，全年公开行政处罚55条[${sourceNumber(user(r), '公开行政处罚55条')}]。`;

describe('a stalled model stream behind /api/ask', () => {
  it('is a 502 with a Chinese message at the deadline (LLM_TIMEOUT_MS), and no trace is stored', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: cited, stallAfter: 1, calls }));
    const before = await traceCount();
    const t0 = Date.now();
    const res = await appWith({ timeoutMs: 1000, idleTimeoutMs: 60_000 }).request(
      '/api/ask',
      json({ question: ASK }),
    );
    const ms = Date.now() - t0;
    expect(res.status).toBe(502);
    expect((await res.json()).error).toMatchObject({
      code: 'upstream',
      message: expect.stringContaining('1 秒内完成回答'),
    });
    expect(ms).toBeLessThan(1000 + SLACK);
    expect(await traceCount()).toBe(before);
    await until(() => calls[0].aborted);
    expect(calls[0].aborted).toBe(true);
  });

  it('falls back to the extractive answer at the deadline when LLM_FALLBACK=extractive', async () => {
    server.use(liveChatHandler({ reply: cited, stallAfter: 1 }));
    const t0 = Date.now();
    const res = await appWith({ timeoutMs: 800 }, 'extractive').request('/api/ask', json({ question: ASK }));
    expect(Date.now() - t0).toBeLessThan(800 + SLACK);
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ mode: 'extractive', answerable: true });
    expect(body.verification.yearNotes.join('')).toContain('大模型服务不可用');
  });
});

describe('a client that goes away aborts the upstream call', () => {
  const cases: [string, string, unknown, Record<string, string>][] = [
    ['/api/ask JSON', '/api/ask', { question: ASK }, {}],
    ['/api/ask SSE', '/api/ask', { question: ASK }, { accept: 'text/event-stream' }],
    ['/api/draft JSON', '/api/draft', { section: 'shortcomings', org: '金桥街', year: 2023 }, {}],
    [
      '/api/draft SSE',
      '/api/draft',
      { section: 'shortcomings', org: '金桥街', year: 2023, stream: true },
      {},
    ],
    ['/v1 JSON', '/v1/chat/completions', { model: 'x', messages: [{ role: 'user', content: ASK }] }, {}],
    [
      '/v1 SSE',
      '/v1/chat/completions',
      { model: 'x', stream: true, messages: [{ role: 'user', content: ASK }] },
      {},
    ],
  ];
  for (const [name, path, body, headers] of cases) {
    it(`${name}: the request's signal reaches the model call, no fallback is computed, no trace written`, async () => {
      const calls: UpstreamCall[] = [];
      server.use(liveChatHandler({ reply: cited, stallAfter: 1, calls }));
      const before = await traceCount();
      const client = new AbortController();
      const pending = Promise.resolve(
        appWith({ timeoutMs: 30_000 }, 'extractive').request(path, json(body, headers, client.signal)),
      );
      await until(() => calls[0]?.sent === 1);
      client.abort();
      await pending
        .then(
          (res) => res.body?.cancel(),
          () => undefined,
        )
        .catch(() => undefined);
      await until(() => calls[0].aborted, 2000);
      expect(calls[0].aborted).toBe(true);
      expect(calls[0].abortedAt! - calls[0].startedAt).toBeLessThan(2000);
      expect(await traceCount()).toBe(before);
    });
  }

  it('over real sockets: 30 clients that hang up mid-answer leave 0 upstream calls open', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: cited, stallAfter: 1, calls }));
    const app = appWith({ timeoutMs: 60_000, idleTimeoutMs: 60_000 });
    const srv: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const port = (srv.address() as { port: number }).port;
    const bodies = [
      ['/api/ask', JSON.stringify({ question: ASK }), 'application/json'],
      ['/api/ask', JSON.stringify({ question: ASK }), 'text/event-stream'],
      [
        '/v1/chat/completions',
        JSON.stringify({ model: 'x', stream: true, messages: [{ role: 'user', content: ASK }] }),
        'text/event-stream',
      ],
    ];
    const sockets = Array.from({ length: 30 }, (_, i) => {
      const [path, body, accept] = bodies[i % 3];
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.write(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\naccept: ${accept}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return s;
    });
    try {
      await until(() => calls.filter((c) => c.sent === 1).length === 30, 15_000);
      expect(calls.filter((c) => c.sent === 1)).toHaveLength(30);
      for (const s of sockets) s.destroy();
      await until(() => calls.every((c) => c.aborted), 3000);
      expect(calls.filter((c) => !c.aborted)).toHaveLength(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => srv.close(r));
    }
  });
});

describe('a 1 MB model answer', () => {
  const huge = (r: Parameters<typeof cited>[0]) => cited(r).repeat(Math.ceil(1_000_000 / cited(r).length));

  it('is capped at 8000 characters in the response and in the stored trace; the upstream is not read to the end', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: huge, piece: 64, calls }));
    const res = await appWith().request('/api/ask', json({ question: ASK }));
    const raw = await res.text();
    const body = JSON.parse(raw);
    expect(res.status).toBe(200);
    expect(body.answer.length).toBeLessThanOrEqual(8000);
    expect(body.answer).toContain('55条[1]');
    const trace = await traces.get(body.traceId);
    expect(trace!.answer.length).toBeLessThanOrEqual(8000);
    const stored = JSON.stringify(trace).length;
    expect(stored).toBeLessThan(60_000);
    expect(raw.length).toBeLessThan(60_000);
    await until(() => calls[0].aborted);
    expect(calls[0].aborted).toBe(true);
    expect(calls[0].sent * 64).toBeLessThan(20_000);
    console.info(`1 MB model answer → response ${raw.length} chars, stored trace ${stored} chars`);
  });

  it('streamed over SSE: at most 8000 characters of deltas', async () => {
    server.use(liveChatHandler({ reply: huge, piece: 64 }));
    const res = await appWith().request('/api/ask', json({ question: ASK }, { accept: 'text/event-stream' }));
    const text = await res.text();
    const deltas = [...text.matchAll(/event: delta\ndata: (.*)\n/g)]
      .map((m) => JSON.parse(m[1]).text as string)
      .join('');
    expect(deltas.length).toBeGreaterThan(1000);
    expect(deltas.length).toBeLessThanOrEqual(8000);
    expect(text).toContain('event: done');
  });
});

describe('/v1/chat/completions history', () => {
  it('a 3-turn history is one model call and one trace; the follow-up is resolved from the earlier turns', async () => {
    const calls: UpstreamCall[] = [];
    server.use(
      liveChatHandler({
        reply: (r) => `西于庄街道全年办理行政处罚案件191起[${sourceNumber(user(r), '191') ?? 1}]。`,
        calls,
      }),
    );
    const before = await traceCount();
    const res = await appWith().request(
      '/v1/chat/completions',
      json({
        model: 'x',
        messages: [
          { role: 'user', content: '大港街全年行政处罚案件多少起' },
          { role: 'assistant', content: '……' },
          { role: 'user', content: '金桥街呢？' },
          { role: 'assistant', content: '……' },
          { role: 'user', content: '那西于庄呢？' },
        ],
      }),
    );
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(user(calls[0].body)).toContain('问题：西于庄街道全年行政处罚案件多少起');
    expect(await traceCount()).toBe(before + 1);
    const trace = await traces.get((await res.json()).trace_id);
    expect(trace).toMatchObject({
      question: '那西于庄呢？',
      resolvedQuestion: '西于庄街道全年行政处罚案件多少起',
    });
  });
});
