// Issue #12, CSRF: a change authenticated by the sign-in cookie (or by open mode on loopback) must come from our
// own pages. A page on another port of the same host is same-site — SameSite=Strict sends the cookie — and is
// refused by the Origin / Sec-Fetch-Site check; bearer-token calls and the widget origin are unaffected.
// The same attack in Chromium: csrf-browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import type { Library } from '../../src/library/library.ts';
import type { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';

const T = {
  staff: 'staff-token-0123456789',
  supervisor: 'supervisor-token-0123456789',
  admin: 'admin-token-0123456789',
};
const SERVER = 'http://127.0.0.1:8787';
const OTHER_PORT = 'http://127.0.0.1:8899';
const WIDGET = 'https://oa.example.gov.cn';

let lib: Library;
let traces: SqliteTraceStore;
let app: ReturnType<typeof createNodeApp>;
let open: ReturnType<typeof createNodeApp>;
let close: () => Promise<void>;

beforeAll(async () => {
  const deps = await seedAppDeps();
  ({ lib, traces, close } = deps);
  const common = {
    ...deps,
    evalCasesDir: `${deps.dir}/cases`,
    widgetOrigins: [WIDGET],
    rateLimitPerMinute: 0,
  };
  app = createNodeApp({
    ...common,
    tokens: parseTokens(`staff:${T.staff},supervisor:${T.supervisor},admin:${T.admin}`),
  });
  open = createNodeApp({ ...common, tokens: undefined });
});
afterAll(async () => {
  await close();
  cleanupTempDirs();
});

const send = (a: typeof app, path: string, init: RequestInit & { duplex?: 'half' }) =>
  a.request(`${SERVER}${path}`, init);

async function signIn(role: keyof typeof T): Promise<string> {
  const res = await send(app, '/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SERVER },
    body: new URLSearchParams({ token: T[role], next: '/' }),
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0];
}

function uploadForm(
  name = '光明街道-2031.txt',
  text = '光明街道2031年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动12场。',
) {
  const form = new FormData();
  form.append('file', new File([text], name));
  return form;
}

describe('CSRF: a cookie-authenticated change must come from our own pages', () => {
  it('a page on another port of the same host cannot upload with the admin cookie', async () => {
    const cookie = await signIn('admin');
    const before = (await lib.store.listReports()).length;
    for (const headers of [
      { origin: OTHER_PORT },
      { origin: OTHER_PORT, 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
      {},
    ] as Record<string, string>[]) {
      const res = await send(app, '/api/documents', {
        method: 'POST',
        headers: { cookie, ...headers },
        body: uploadForm(),
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      const err = (await res.json()).error;
      expect(err.code).toBe('forbidden');
      expect(err.message).toMatch(/跨站请求|请求来源不明/);
    }
    expect((await lib.store.listReports()).length).toBe(before);
    const del = await send(app, `/api/documents/${(await lib.store.listReports())[0].id}`, {
      method: 'DELETE',
      headers: { cookie, origin: OTHER_PORT },
    });
    expect(del.status).toBe(403);
    expect((await lib.store.listReports()).length).toBe(before);
  });

  it("nor overwrite a supervisor's audit verdict", async () => {
    const asked = await (
      await send(app, '/api/ask', {
        method: 'POST',
        headers: { authorization: `Bearer ${T.staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' }),
      })
    ).json();
    const cookie = await signIn('supervisor');
    const review = (headers: Record<string, string>, verdict: string) =>
      send(app, `/api/traces/${asked.traceId}/review`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ verdict, sentenceMarks: [] }),
      });
    expect((await review({ origin: SERVER, 'sec-fetch-site': 'same-origin' }, 'correct')).status).toBe(200);
    const forged = await review({ origin: OTHER_PORT, 'sec-fetch-site': 'same-site' }, 'incorrect');
    expect(forged.status).toBe(403);
    expect((await traces.get(asked.traceId))!.review).toMatchObject({ verdict: 'correct' });
  });

  it('our own pages pass: same Origin, or Sec-Fetch-Site: same-origin', async () => {
    const cookie = await signIn('admin');
    const a = await send(app, '/api/documents', {
      method: 'POST',
      headers: { cookie, origin: SERVER },
      body: uploadForm('同源街道-2031.txt'),
    });
    expect(a.status).toBe(201);
    const b = await send(app, '/api/documents', {
      method: 'POST',
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
      body: uploadForm(
        '同源街道-2032.txt',
        '同源街道2032年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动3场。',
      ),
    });
    expect(b.status).toBe(201);
    // reading is not a change: a cookie GET needs no Origin
    expect((await send(app, '/api/documents', { headers: { cookie } })).status).toBe(200);
  });

  it('bearer-token calls are not affected, from scripts or from the widget origin', async () => {
    const bearer = { authorization: `Bearer ${T.staff}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' });
    expect((await send(app, '/api/ask', { method: 'POST', headers: bearer, body })).status).toBe(200);
    const widget = await send(app, '/api/ask', {
      method: 'POST',
      headers: { ...bearer, origin: WIDGET, 'sec-fetch-site': 'cross-site' },
      body,
    });
    expect(widget.status).toBe(200);
    expect(widget.headers.get('access-control-allow-origin')).toBe(WIDGET);
    const pre = await send(app, '/api/ask', {
      method: 'OPTIONS',
      headers: {
        origin: WIDGET,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe(WIDGET);
    // a bearer token with a cookie beside it: the token decides, the cookie is ignored
    const cookie = await signIn('admin');
    expect(
      (
        await send(app, '/api/documents/rmissing', {
          method: 'DELETE',
          headers: { cookie, authorization: `Bearer ${T.staff}`, origin: OTHER_PORT },
        })
      ).status,
    ).toBe(403);
  });

  it('sign-in itself cannot be forged from another site (login CSRF)', async () => {
    const res = await send(app, '/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: OTHER_PORT,
        'sec-fetch-site': 'same-site',
      },
      body: new URLSearchParams({ token: T.staff }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('open mode (no tokens, loopback): another page cannot change anything; scripts and the widget origin can ask', async () => {
    const before = (await lib.store.listReports()).length;
    const forged = await send(open, '/api/documents', {
      method: 'POST',
      headers: { origin: OTHER_PORT },
      body: uploadForm('开放模式街道-2031.txt'),
    });
    expect(forged.status).toBe(403);
    expect((await lib.store.listReports()).length).toBe(before);
    const body = JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' });
    expect(
      (
        await send(open, '/api/ask', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(open, '/api/ask', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: WIDGET, 'sec-fetch-site': 'cross-site' },
          body,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(open, '/api/draft', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: WIDGET },
          body: JSON.stringify({ section: 'shortcomings', org: '金桥街', year: 2023 }),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send(open, '/api/ask', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://evil.example.com' },
          body,
        })
      ).status,
    ).toBe(403);
  });
});
