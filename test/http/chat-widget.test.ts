// Issue #14 over HTTP: 👍/👎 on an answer (a 👎 is a flag the audit console lists), example questions made from
// the library, a widget token that can only ask, and the server's line when CORS refuses a widget page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import type { Library } from '../../src/library/library.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';

const T = {
  staff: 'staff-token-0123456789',
  supervisor: 'supervisor-token-0123456789',
  widget: 'widget-token-0123456789',
};
const WIDGET_PAGE = 'https://oa.example.gov.cn';
let app: ReturnType<typeof createNodeApp>;
let lib: Library;
let close: () => Promise<void>;
const logged: string[] = [];

beforeAll(async () => {
  const deps = await seedAppDeps();
  ({ lib, close } = deps);
  app = createNodeApp({
    ...deps,
    evalCasesDir: `${deps.dir}/cases`,
    widgetOrigins: [WIDGET_PAGE],
    rateLimitPerMinute: 0,
    log: (l) => logged.push(l),
    tokens: parseTokens(`staff:${T.staff},supervisor:${T.supervisor},widget:${T.widget}`),
  });
});
afterAll(async () => {
  await close();
  cleanupTempDirs();
});

const call = (
  who: keyof typeof T | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method,
    headers: {
      ...(who ? { authorization: `Bearer ${T[who]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
const ask = async (question: string) =>
  (await (await call('staff', 'POST', '/api/ask', { question })).json()) as {
    traceId: string;
    answerable: boolean;
    citations: { text: string }[];
  };

describe('feedback on an answer', () => {
  it('staff rate the answer they got; a 👎 with its reason is in the trace JSON and in the flags list', async () => {
    const a = await ask('大港街2023年公开了多少条行政处罚？');
    const b = await ask('金桥街2022年全年立案多少起？');
    const up = await call('staff', 'POST', `/api/traces/${a.traceId}/feedback`, { rating: 'up' });
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ traceId: a.traceId, feedback: { rating: 'up' } });
    const down = await call('staff', 'POST', `/api/traces/${b.traceId}/feedback`, {
      rating: 'down',
      reason: '  数字与原文不符  ',
    });
    const body = await down.json();
    expect(body.feedback).toMatchObject({ rating: 'down', reason: '数字与原文不符' });
    expect(Date.parse(body.feedback.at)).toBeGreaterThan(Date.now() - 60_000);
    // staff still cannot read traces; a supervisor sees the flag in the detail and filters the list by it
    expect((await call('staff', 'GET', `/api/traces/${b.traceId}`)).status).toBe(403);
    const detail = await (await call('supervisor', 'GET', `/api/traces/${b.traceId}`)).json();
    expect(detail.feedback).toEqual(body.feedback);
    const flags = await (await call('supervisor', 'GET', '/api/traces?feedback=down')).json();
    expect(flags.items.map((t: { id: string }) => t.id)).toEqual([b.traceId]);
    expect(flags.items[0].feedback.reason).toBe('数字与原文不符');
    const all = await (await call('supervisor', 'GET', '/api/traces')).json();
    expect(all.items.find((t: { id: string }) => t.id === a.traceId).feedback.rating).toBe('up');
  });

  it('refuses bad input with the JSON error shape', async () => {
    const a = await ask('大港街2023年公开了多少条行政处罚？');
    const cases: [unknown, string, number][] = [
      [{ rating: 'meh' }, 'bad_input', 400],
      [{ rating: 'down', reason: '长'.repeat(1001) }, 'bad_input', 400],
      [{ rating: 'down', extra: 1 }, 'bad_input', 400],
      ['{not json', 'bad_input', 400],
    ];
    for (const [body, code, status] of cases) {
      const res = await call('staff', 'POST', `/api/traces/${a.traceId}/feedback`, body);
      expect([res.status, (await res.json()).error.code]).toEqual([status, code]);
    }
    const missing = await call('staff', 'POST', '/api/traces/no-such-trace/feedback', { rating: 'down' });
    expect([missing.status, (await missing.json()).error.code]).toEqual([404, 'not_found']);
    const form = await app.request(`/api/traces/${a.traceId}/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${T.staff}`, 'content-type': 'text/plain' },
      body: 'down',
    });
    expect(form.status).toBe(415);
    expect((await call(null, 'POST', `/api/traces/${a.traceId}/feedback`, { rating: 'down' })).status).toBe(
      401,
    );
    expect((await call('supervisor', 'GET', '/api/traces?feedback=sideways')).status).toBe(400);
  });
});

describe('example questions', () => {
  it("are made from the library's own offices and years, 4–6 of them, and each gets an answer with sources", async () => {
    const { questions } = (await (await call('staff', 'GET', '/api/examples')).json()) as {
      questions: string[];
    };
    expect(questions.length).toBeGreaterThanOrEqual(4);
    expect(questions.length).toBeLessThanOrEqual(6);
    const offices = (await lib.store.listReports())
      .filter((r) => r.meta.org)
      .map((r) => `${r.meta.org}${r.meta.year}年`);
    const named = questions.filter((q) => offices.some((o) => q.startsWith(o)));
    expect(named.length).toBe(questions.length - 1);
    expect(new Set(named.map((q) => q.replace(/\d{4}年.*/, ''))).size).toBe(named.length);
    expect(questions.at(-1)).toBe('各街道存在哪些不足？');
    for (const q of questions) {
      const a = await ask(q);
      expect([q, a.answerable]).toEqual([q, true]);
      expect(a.citations.length).toBeGreaterThan(0);
    }
  });

  it('follow the library: a new office appears, an empty library gives none', async () => {
    const { exampleQuestions } = await import('../../src/http/routes/examples.ts');
    expect(exampleQuestions([])).toEqual([]);
    const reports = await lib.store.listReports();
    const renamed = reports.map((r) => ({
      ...r,
      meta: { ...r.meta, org: r.meta.org ? `${r.meta.org}新` : null },
    }));
    for (const q of exampleQuestions(renamed).slice(0, -1)) expect(q).toMatch(/新\d{4}年/);
  });
});

describe('widget token', () => {
  it('may ask (citations carry the paragraph text), and gets 403 everywhere else', async () => {
    const res = await call(
      'widget',
      'POST',
      '/api/ask',
      { question: '西于庄街道2024年一共罚了多少钱？' },
      { origin: WIDGET_PAGE },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(WIDGET_PAGE);
    const a = await res.json();
    expect(a.answer).toContain('5460元');
    expect(a.citations[0].text.length).toBeGreaterThan(a.citations[0].quote.end - a.citations[0].quote.start);
    const paragraphId = a.citations[0].paragraphId;
    const elsewhere: [string, string, unknown?][] = [
      ['GET', '/api/documents'],
      ['GET', `/api/documents/${a.citations[0].documentId}`],
      ['GET', `/api/paragraphs/${paragraphId}`],
      ['GET', '/api/examples'],
      ['GET', '/api/traces'],
      ['POST', `/api/traces/${a.traceId}/feedback`, { rating: 'down' }],
      ['POST', '/api/draft', { section: 'shortcomings', org: '金桥街', year: 2023 }],
      ['GET', '/api/drafts'],
      [
        'POST',
        '/v1/chat/completions',
        { messages: [{ role: 'user', content: '大港街2023年公开了多少条行政处罚？' }] },
      ],
      ['GET', '/v1/models'],
      ['DELETE', `/api/documents/${a.citations[0].documentId}`],
      ['GET', '/api/me'],
    ];
    for (const [method, path, body] of elsewhere) {
      const r = await call('widget', method, path, body);
      expect([method, path, r.status]).toEqual([method, path, 403]);
      const err = (await r.json()).error;
      expect(err.code).toBe('forbidden');
      expect(err.message).toContain('挂件令牌只能用于挂件提问');
    }
    for (const path of ['/', '/documents', '/draft', '/widget-demo'])
      expect((await call('widget', 'GET', path)).status).toBe(403);
  });

  it('opens no page session at /login', async () => {
    const res = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: T.widget, next: '/' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?failed=widget/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await (await app.request('/login?failed=widget')).text()).toContain('这是挂件令牌');
  });
});

describe('CORS refusal', () => {
  it('logs one line naming the refused origin and WIDGET_ORIGINS, once a minute per origin; allowed and same-origin calls log nothing', async () => {
    logged.length = 0;
    const preflight = (origin: string) =>
      app.request('http://assistant.local/api/ask', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const refused = await preflight('http://intranet.example:8080');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    await preflight('http://intranet.example:8080');
    await preflight(WIDGET_PAGE);
    await preflight('http://assistant.local');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('http://intranet.example:8080');
    expect(logged[0]).toContain('WIDGET_ORIGINS');
    expect(logged[0]).toContain('OPTIONS /api/ask');
    await preflight('http://other.example');
    expect(logged).toHaveLength(2);
  });
});
