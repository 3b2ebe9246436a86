// The CSRF attack in a real browser (headless Chromium): an admin signed in to the app on 127.0.0.1:A
// opens a page served from 127.0.0.1:B. Same host, so the SameSite=Strict cookie goes along; the page tries to
// upload a report and to overwrite an audit verdict. The server refuses both (403) and nothing changes; the same
// requests from the app's own page still work.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import type { Library } from '../../src/library/library.ts';
import type { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { serve } from '@hono/node-server';
import { createNodeApp } from '../../src/http/node-app.ts';
import { launch } from '../e2e/browser.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';

const ADMIN = 'admin-token-0123456789';
let lib: Library;
let traces: SqliteTraceStore;
let close: () => Promise<void>;
let app: { url: string; close: () => Promise<void> };
/** What reached the server: path, whether the session cookie came along, and the answer. */
const arrived: { method: string; path: string; cookie: boolean; status: number }[] = [];
let evil: Server;
let evilUrl: string;
let browser: Browser;

/** The other page: on load it fires the forged requests at the app (no-cors fetches and a real form post). */
const attackPage = (
  target: string,
  traceId: string,
) => `<!doctype html><meta charset="utf-8"><title>attack</title>
<form id="f" method="post" enctype="multipart/form-data" action="${target}/api/documents" target="sink"><input type="file" name="file" id="file"></form>
<iframe name="sink"></iframe>
<script>
(async () => {
  const form = new FormData();
  form.append('file', new File(['攻击街道2031年度法治政府建设情况报告\\n一、主要举措和成效\\n开展普法活动。'], '攻击街道-2031.txt'));
  await fetch('${target}/api/documents', { method: 'POST', mode: 'no-cors', credentials: 'include', body: form }).catch(() => {});
  // text/plain is CORS-safelisted (no preflight); the JSON is in the body
  await fetch('${target}/api/traces/${traceId}/review', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain; application/json' }, body: JSON.stringify({ verdict: 'incorrect', comment: '被篡改', sentenceMarks: [] }) }).catch(() => {});
  const dt = new DataTransfer();
  dt.items.add(new File(['表单街道2031年度法治政府建设情况报告\\n一、主要举措和成效\\n开展普法活动。'], '表单街道-2031.txt'));
  document.getElementById('file').files = dt.files;
  document.getElementById('f').submit();
  document.title = 'sent';
})();
</script>`;

beforeAll(async () => {
  const deps = await seedAppDeps();
  ({ lib, traces, close } = deps);
  const inner = createNodeApp({
    ...deps,
    evalCasesDir: `${deps.dir}/cases`,
    rateLimitPerMinute: 0,
    tokens: parseTokens(`admin:${ADMIN}`),
  });
  const server = serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: async (req: Request, env: unknown) => {
      const res = await inner.fetch(req, env as never);
      arrived.push({
        method: req.method,
        path: new URL(req.url).pathname,
        cookie: /fz_session=/.test(req.headers.get('cookie') ?? ''),
        status: res.status,
      });
      return res;
    },
  });
  await new Promise<void>((r) => server.once('listening', () => r()));
  app = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
  let page = '';
  evil = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page),
  );
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  const asked = await (
    await fetch(`${app.url}/api/ask`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' }),
    })
  ).json();
  await fetch(`${app.url}/api/traces/${asked.traceId}/review`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ verdict: 'correct', sentenceMarks: [] }),
  });
  page = attackPage(app.url, asked.traceId);
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => evil?.close(r));
  await app?.close();
  await close?.();
  cleanupTempDirs();
});

describe('a page on another port of the same host, in Chromium', () => {
  it('cannot upload or overwrite a verdict with the signed-in admin cookie; the app page itself still can', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${app.url}/login`);
    await page.fill('input[name=token]', ADMIN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${app.url}/`);
    const reports = (await lib.store.listReports()).length;
    const traceId = (await traces.list({ limit: 1, offset: 0 })).items[0].id;

    const from = arrived.length;
    const attack = await ctx.newPage();
    await attack.goto(`${evilUrl}/`);
    await attack.waitForFunction(() => document.title === 'sent');
    const forged = () => arrived.slice(from).filter((a) => a.method === 'POST');
    await expect.poll(() => forged().length, { timeout: 10_000 }).toBe(3);

    // the browser sent the admin's cookie along (same host: same site), and the server refused every forged change
    for (const a of forged()) {
      expect(a.cookie, a.path).toBe(true);
      expect(a.status, a.path).toBe(403);
    }
    expect((await lib.store.listReports()).length).toBe(reports);
    expect((await traces.get(traceId))!.review).toMatchObject({ verdict: 'correct' });

    // the app's own page, same cookie: allowed
    const own = await page.evaluate(async () => {
      const form = new FormData();
      form.append(
        'file',
        new File(
          ['本站街道2031年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动5场。'],
          '本站街道-2031.txt',
        ),
      );
      return (await fetch('/api/documents', { method: 'POST', body: form })).status;
    });
    expect(own).toBe(201);
    expect((await lib.store.listReports()).length).toBe(reports + 1);
    await ctx.close();
  }, 60_000);
});
