// End to end on the Worker side: the app built from Worker bindings — a real local D1 (wrangler, migrations
// applied) and an in-process Vectorize binding — is filled with the seed corpus by cf:push's own code, then
// answers every seed-corpus eval question with the same answer and the same citations as the Node server.
// Workers AI has no local simulation: the Worker gets the Node server's local embedder (the one override
// createWorkerDeps has for tests); everything else is the Worker's (D1 store, D1 BM25, Vectorize adapter).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrompt } from '../../src/llm/prompts.ts';
import { METADATA_INDEXES } from '../../src/cloudflare/vectorize.ts';
import { type WorkerEnv, checkEmbedder, createWorkerDeps } from '../../src/cloudflare/worker-deps.ts';
import { pushCorpus } from '../../src/cloudflare/push-corpus.ts';
import { pullEvalCases } from '../../src/traces/pull-eval-cases.ts';
import { AnswerCaseSchema, runAnswerCase } from '../../evals/answers/eval-answers.ts';
import { extractiveAnswerer } from '../../src/answer/ask.ts';
import { createApp } from '../../src/http/app.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { LocalEmbedder } from '../../src/index/local-embedder.ts';
import { loadAssets } from '../../src/web/assets.ts';
import { seedAppDeps, seedInputs, tempDir } from '../helpers.ts';
import { InProcessVectorize } from './in-process-vectorize.ts';
import { localD1 } from './local-d1.ts';

const T = {
  staff: 'staff-token-0123456789',
  supervisor: 'super-token-0123456789',
  admin: 'admin-token-0123456789',
};
const URL_BASE = 'https://fazhi.example.workers.dev';

type Case = { id: string; type: string; question: string; conversation?: string[] };
const CASES: Case[] = readFileSync(
  join(import.meta.dirname, '..', '..', 'evals', 'answers', 'cases.jsonl'),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));

let d1: Awaited<ReturnType<typeof localD1>>;
let vectorize: InProcessVectorize;
let worker: ReturnType<typeof createApp>;
let node: Awaited<ReturnType<typeof seedAppDeps>>;
let nodeApp: ReturnType<typeof createNodeApp>;
let importCalls = 0;

const workerFetch = (input: string | URL | Request, init?: RequestInit) => {
  if (String(input).includes('/api/documents/import')) importCalls++;
  return Promise.resolve(worker.request(input as string, init));
};
const as = (role: keyof typeof T, init: RequestInit = {}) => ({
  ...init,
  headers: { authorization: `Bearer ${T[role]}`, ...(init.headers ?? {}) },
});
const ask = (app: { request: typeof worker.request }, question: string, conversationId?: string) =>
  app.request(
    '/api/ask',
    as('staff', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question, conversationId }),
    }),
  );

type AskBody = {
  answer: string;
  answerable: boolean;
  conversationId: string;
  traceId: string;
  citations: { paragraphId: string; quote: { start: number; end: number } }[];
};
const essence = (b: AskBody) => ({
  answer: b.answer,
  answerable: b.answerable,
  citations: b.citations.map((c) => `${c.paragraphId}:${c.quote.start}-${c.quote.end}`),
});

beforeAll(async () => {
  d1 = await localD1();
  vectorize = new InProcessVectorize({ dimensions: 256, metadataIndexes: Object.keys(METADATA_INDEXES) });
  const env: WorkerEnv = {
    DB: d1.db,
    VECTORIZE: vectorize,
    AUTH_TOKENS: `staff:${T.staff},supervisor:${T.supervisor},admin:${T.admin}`,
    RATE_LIMIT_PER_MINUTE: '0',
  };
  worker = createApp(
    createWorkerDeps(env, {
      assets: loadAssets,
      prompts: { answer: loadPrompt('answer'), draft: loadPrompt('draft') },
      embedder: new LocalEmbedder(),
    }),
  );
  node = await seedAppDeps();
  nodeApp = createNodeApp({ ...node, rateLimitPerMinute: 0, tokens: undefined });
}, 120_000);
afterAll(async () => {
  await node?.close();
  await d1?.dispose();
});

describe('the Worker app over local D1 + Vectorize bindings', () => {
  it('cf:push fills it from the seed corpus, and re-running it sends nothing', async () => {
    const first = await pushCorpus({
      url: URL_BASE,
      token: T.admin,
      files: seedInputs(),
      fetch: workerFetch,
      embedder: new LocalEmbedder(),
      retryDelayMs: 0,
    });
    expect(first.failed).toEqual([]);
    expect(first.added).toHaveLength(5);
    expect(first.vectorsFrom).toBe('local');
    expect(vectorize.pending).toBeGreaterThan(0);
    vectorize.process();
    const generation = await d1.db
      .prepare("SELECT value FROM meta WHERE key = 'generation'")
      .first<{ value: string }>();
    importCalls = 0;
    const again = await pushCorpus({
      url: URL_BASE,
      token: T.admin,
      files: seedInputs(),
      fetch: workerFetch,
      embedder: new LocalEmbedder(),
      retryDelayMs: 0,
    });
    expect(again.unchanged).toHaveLength(5);
    expect(importCalls).toBe(0);
    expect(
      await d1.db.prepare("SELECT value FROM meta WHERE key = 'generation'").first<{ value: string }>(),
    ).toEqual(generation);
    expect(vectorize.pending).toBe(0);
    const health = await (await worker.request('/healthz')).json();
    expect(health).toMatchObject({ reports: 5, embedder: 'local-hash-v2:256', vectorIndex: 'service' });
    expect(health.paragraphs).toBe((await (await nodeApp.request('/healthz')).json()).paragraphs);
  }, 120_000);

  it('refuses cf:push without an admin token, and vectors from another embedder', async () => {
    const fresh = [
      {
        name: '新文件.txt',
        bytes: Buffer.from('光明街道2025年法治政府建设情况报告\n\n一、主要举措\n\n开展培训3次。\n'),
      },
    ];
    await expect(
      pushCorpus({ url: URL_BASE, token: T.staff, files: fresh, fetch: workerFetch, retryDelayMs: 0 }),
    ).rejects.toThrow(/admin/);
    await expect(
      pushCorpus({ url: URL_BASE, token: 'wrong', files: fresh, fetch: workerFetch, retryDelayMs: 0 }),
    ).rejects.toThrow(/令牌/);
    const res = await worker.request(
      '/api/documents/import',
      as('admin', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'x.txt',
          format: 'txt',
          text: '某某街道2025年法治政府建设情况报告\n\n一、主要举措\n\n开展培训3次。',
          vectors: { embedder: 'openai:other:1536', byParagraph: {} },
        }),
      }),
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
  });

  const single = CASES.filter((c) => !c.conversation);
  it(`answers all ${single.length} single-turn eval questions exactly as the Node server does`, async () => {
    const differ: { id: string; worker: unknown; node: unknown }[] = [];
    for (const c of single) {
      const [w, n] = await Promise.all([ask(worker, c.question), ask(nodeApp, c.question)]);
      expect(w.status, c.id).toBe(200);
      const [wb, nb] = [essence(await w.json()), essence(await n.json())];
      if (JSON.stringify(wb) !== JSON.stringify(nb)) differ.push({ id: c.id, worker: wb, node: nb });
    }
    expect(differ).toEqual([]);
  }, 120_000);

  it('follows up within a conversation (traces in D1) like the Node server', async () => {
    for (const c of CASES.filter((x) => x.conversation)) {
      const w0 = (await (await ask(worker, c.conversation![0])).json()) as AskBody;
      const n0 = (await (await ask(nodeApp, c.conversation![0])).json()) as AskBody;
      const w1 = (await (await ask(worker, c.question, w0.conversationId)).json()) as AskBody;
      const n1 = (await (await ask(nodeApp, c.question, n0.conversationId)).json()) as AskBody;
      expect(essence(w1), c.id).toEqual(essence(n1));
    }
  }, 60_000);

  it('streams an answer over SSE with the same final answer', async () => {
    const q = '西于庄街道2024年一共罚了多少钱？';
    const res = await worker.request(
      '/api/ask',
      as('staff', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ question: q }),
      }),
    );
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(text).toContain('5460元');
    expect(text).toMatch(/event: (done|answer)/);
  });

  it('drafts the same points with the same sources as the Node server', async () => {
    const body = JSON.stringify({ section: 'shortcomings', org: '大港街道', year: 2024 });
    const init = as('staff', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const [w, n] = await Promise.all([
      worker.request('/api/draft', init),
      nodeApp.request('/api/draft', init),
    ]);
    expect(w.status).toBe(n.status);
    const strip = (d: { points: { text: string; citations: { paragraphId: string }[] }[] }) =>
      d.points.map((p) => ({ text: p.text, sources: p.citations.map((c) => c.paragraphId) }));
    const wd = await w.json();
    expect(strip(wd)).toEqual(strip(await n.json()));
    const docx = await worker.request(`/api/drafts/${wd.draftId}.docx`, as('staff'));
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('officedocument');
  }, 60_000);

  it('serves the pages, page scripts and the widget', async () => {
    const page = await worker.request('/', as('staff'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/assets/chat.js');
    for (const path of ['/assets/chat.js', '/assets/app.css', '/widget.js'])
      expect((await worker.request(path)).status, path).toBe(200);
    expect((await worker.request('/api/documents')).status).toBe(401);
  });

  it('an upload is answerable at once (BM25 in D1) before Vectorize shows it; a delete is never cited again', async () => {
    const form = new FormData();
    form.append(
      'file',
      new File(
        [
          '光明街道2025年法治政府建设情况报告\n\n一、主要举措和成效\n\n全年组织网格员法治培训共计37场次，覆盖全部社区。\n',
        ],
        '光明街道-2025.txt',
      ),
    );
    const up = await worker.request('/api/documents', as('admin', { method: 'POST', body: form }));
    expect(up.status).toBe(201);
    const { results } = await up.json();
    expect(vectorize.pending).toBeGreaterThan(0); // not yet in the vector index
    const a = (await (await ask(worker, '光明街道2025年网格员法治培训多少场次？')).json()) as AskBody;
    expect(a.answer).toContain('37场次');
    expect(a.citations[0].paragraphId.startsWith(results[0].reportId)).toBe(true);
    vectorize.process();
    const del = await worker.request(
      `/api/documents/${results[0].reportId}`,
      as('admin', { method: 'DELETE' }),
    );
    expect(del.status).toBe(200);
    expect(vectorize.pending).toBeGreaterThan(0); // the delete is not processed yet…
    const b = (await (await ask(worker, '光明街道2025年网格员法治培训多少场次？')).json()) as AskBody;
    expect(b.citations.filter((c) => c.paragraphId.startsWith(results[0].reportId))).toEqual([]); // …and never cited
    vectorize.process();
  });

  it('supervisors audit the Worker’s answers and keep reviewed ones as eval cases in D1', async () => {
    const a = (await (await ask(worker, '金桥街全年立案多少起？')).json()) as AskBody;
    expect((await worker.request('/api/traces', as('staff'))).status).toBe(403);
    const list = await (await worker.request('/api/traces?limit=5', as('supervisor'))).json();
    expect(list.items[0].id).toBe(a.traceId);
    const review = await worker.request(
      `/api/traces/${a.traceId}/review`,
      as('supervisor', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verdict: 'correct' }),
      }),
    );
    expect(review.status).toBe(200);
    const kept = await worker.request(
      `/api/traces/${a.traceId}/eval-case`,
      as('supervisor', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(kept.status).toBe(201);
    const exported = await (await worker.request('/api/traces/eval-cases', as('supervisor'))).json();
    expect(exported.items.map((c: { question: string }) => c.question)).toContain('金桥街全年立案多少起？');
    // npm run eval:pull writes them where `npm run eval` runs them — and the case passes against the Node library.
    const dir = tempDir();
    await expect(
      pullEvalCases({ url: URL_BASE, token: T.staff, dir, fetch: workerFetch as typeof fetch }),
    ).rejects.toThrow(/审核员/);
    const pulled = await pullEvalCases({
      url: URL_BASE,
      token: T.supervisor,
      dir,
      fetch: workerFetch as typeof fetch,
    });
    expect(pulled.written).toHaveLength(1);
    expect(
      (await pullEvalCases({ url: URL_BASE, token: T.supervisor, dir, fetch: workerFetch as typeof fetch }))
        .unchanged,
    ).toEqual(pulled.written);
    const kase = AnswerCaseSchema.parse(
      JSON.parse(readFileSync(join(dir, `${pulled.written[0]}.json`), 'utf8')),
    );
    expect(
      await runAnswerCase({ lib: node.lib, traces: node.traces, answerer: extractiveAnswerer }, kase),
    ).toMatchObject({ correct: true, citationHit: true });
  });

  it('answers OpenAI-style /v1/chat/completions from the same library', async () => {
    const res = await worker.request(
      '/v1/chat/completions',
      as('staff', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'fazhi',
          messages: [{ role: 'user', content: '金桥街全年立案多少起？' }],
        }),
      }),
    );
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content).toContain('81起');
  });

  it('records its embedder in D1 and refuses another one instead of mixing vectors', async () => {
    const platform = {
      assets: loadAssets,
      prompts: { answer: loadPrompt('answer'), draft: loadPrompt('draft') },
    };
    const env: WorkerEnv = { DB: d1.db, VECTORIZE: vectorize, AUTH_TOKENS: `admin:${T.admin}` };
    expect(
      await checkEmbedder(createWorkerDeps(env, { ...platform, embedder: new LocalEmbedder() }).lib),
    ).toBeNull();
    expect(
      await d1.db.prepare("SELECT value FROM meta WHERE key = 'embedder'").first<{ value: string }>(),
    ).toEqual({ value: JSON.stringify({ id: 'local-hash-v2:256', dimensions: 256 }) });
    const other = await checkEmbedder(
      createWorkerDeps(env, { ...platform, embedder: new LocalEmbedder({ dimensions: 384 }) }).lib,
    );
    expect(other?.code).toBe('index_mismatch');
    expect(other?.message).toContain('local-hash-v2:256');
  });

  it('a Worker without AUTH_TOKENS refuses to build, saying which secret to set', () => {
    expect(() =>
      createWorkerDeps(
        { DB: d1.db, VECTORIZE: vectorize },
        {
          assets: loadAssets,
          prompts: { answer: loadPrompt('answer'), draft: loadPrompt('draft') },
          embedder: new LocalEmbedder(),
        },
      ),
    ).toThrow(/AUTH_TOKENS/);
  });
});
