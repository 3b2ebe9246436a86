// Issue #12 at the HTTP layer: every body bounded before it is read (anonymous callers too, streamed bodies
// counted as they are pulled), content types matched case-insensitively, over-long file names refused with the
// right message. The same attack on a real socket: body-limit-server.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';

const T = {
  staff: 'staff-token-0123456789',
  supervisor: 'supervisor-token-0123456789',
  admin: 'admin-token-0123456789',
};
const SERVER = 'http://127.0.0.1:8787';

let app: ReturnType<typeof createNodeApp>;
let close: () => Promise<void>;

beforeAll(async () => {
  const deps = await seedAppDeps();
  close = deps.close;
  app = createNodeApp({
    ...deps,
    evalCasesDir: `${deps.dir}/cases`,
    rateLimitPerMinute: 0,
    tokens: parseTokens(`staff:${T.staff},supervisor:${T.supervisor},admin:${T.admin}`),
  });
});
afterAll(async () => {
  await close();
  cleanupTempDirs();
});

/** A body of `total` bytes made on demand, 64 KB per pull: nothing is allocated up front; `pulled` counts what was read. */
function endlessBody(total: number) {
  const piece = new Uint8Array(64 * 1024).fill(0x61);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(ctrl) {
        if (pulled >= total) return ctrl.close();
        pulled += piece.length;
        ctrl.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

const send = (a: typeof app, path: string, init: RequestInit & { duplex?: 'half' }) =>
  a.request(`${SERVER}${path}`, init);

function uploadForm(
  name = '光明街道-2031.txt',
  text = '光明街道2031年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动12场。',
) {
  const form = new FormData();
  form.append('file', new File([text], name));
  return form;
}

describe('every body is bounded before it is read', () => {
  it('an anonymous 800 MB POST /login is refused with 413 after reading at most the 16 KB limit', async () => {
    const body = endlessBody(800 * 1024 * 1024);
    const res = await send(app, '/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.stream,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    const err = (await res.json()).error;
    expect(err.code).toBe('too_large');
    expect(err.message).toMatch(/请求体超过 16 KB 上限/);
    expect(body.pulled()).toBeLessThanOrEqual(128 * 1024);
  });

  it('so is a streamed body on every other route that reads one, whoever sends it', async () => {
    const admin = { authorization: `Bearer ${T.admin}` };
    const cases: [string, string, Record<string, string>][] = [
      ['POST', '/api/ask', admin],
      ['POST', '/api/ask', {}],
      ['POST', '/api/draft', admin],
      ['PATCH', '/api/drafts/dmissing', admin],
      ['POST', '/api/traces/tmissing/review', admin],
      ['POST', '/api/traces/tmissing/eval-case', admin],
      ['POST', '/v1/chat/completions', admin],
      ['PATCH', '/api/documents/rmissing', admin],
      ['POST', '/logout', {}],
      ['POST', '/no/such/route', {}],
      ['PUT', '/', admin],
    ];
    for (const [method, path, headers] of cases) {
      const body = endlessBody(100 * 1024 * 1024);
      const res = await send(app, path, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body.stream,
        duplex: 'half',
      });
      expect(res.status, `${method} ${path}`).toBe(413);
      expect(body.pulled(), `${method} ${path}`).toBeLessThanOrEqual(512 * 1024);
    }
  });

  it('uploads keep their own larger limits, and an anonymous upload is refused before its body is read', async () => {
    const anon = endlessBody(100 * 1024 * 1024);
    const refused = await send(app, '/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: anon.stream,
      duplex: 'half',
    });
    expect(refused.status).toBe(401);
    expect(anon.pulled()).toBeLessThanOrEqual(64 * 1024);
    const big = endlessBody(100 * 1024 * 1024);
    const tooBig = await send(app, '/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${T.admin}`, 'content-type': 'multipart/form-data; boundary=x' },
      body: big.stream,
      duplex: 'half',
    });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.message).toContain('10 MB');
    expect(big.pulled()).toBeGreaterThan(10 * 1024 * 1024);
    expect(big.pulled()).toBeLessThan(11 * 1024 * 1024);
    // 300 KB of text is over the JSON limit but within the upload limit
    const ok = await send(app, '/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${T.admin}` },
      body: uploadForm(
        '长报告街道-2031.txt',
        `长报告街道2031年度法治政府建设情况报告\n一、主要举措和成效\n${'开展普法活动，覆盖居民群众。'.repeat(20_000)}`,
      ),
    });
    expect(ok.status).toBe(201);
  });

  it('a declared length over the limit is refused without reading; one that is not a number is refused too', async () => {
    const declared = (length: string) => {
      const body = endlessBody(800 * 1024 * 1024);
      const res = send(app, '/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': length },
        body: body.stream,
        duplex: 'half',
      });
      return { res, body };
    };
    const big = declared(String(800 * 1024 * 1024));
    expect((await big.res).status).toBe(413);
    expect(big.body.pulled()).toBe(0);
    const junk = declared('12abc');
    const res = await junk.res;
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('Content-Length 无效');
    expect(junk.body.pulled()).toBe(0);
  });
});

describe('small ones', () => {
  it('content types are matched case-insensitively', async () => {
    const res = await send(app, '/api/ask', {
      method: 'POST',
      headers: { authorization: `Bearer ${T.staff}`, 'content-type': 'APPLICATION/JSON; Charset=UTF-8' },
      body: JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' }),
    });
    expect(res.status).toBe(200);
    expect(
      (
        await send(app, '/api/ask', {
          method: 'POST',
          headers: { authorization: `Bearer ${T.staff}`, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
    const form = new Request('http://x/', { method: 'POST', body: uploadForm('大写类型街道-2031.txt') });
    const type = form.headers.get('content-type')!.replace('multipart/form-data', 'MULTIPART/FORM-DATA');
    const upload = await send(app, '/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${T.admin}`, 'content-type': type },
      body: await form.arrayBuffer(),
    });
    expect(upload.status).toBe(201);
  });

  it('a file name over 200 characters gets 400 「文件名过长」, not 415 「无扩展名」; 200 is fine', async () => {
    const long = `${'很长的文件名'.repeat(40)}.txt`;
    const res = await send(app, '/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${T.admin}` },
      body: uploadForm(long),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('文件名过长（最多 200 字）'),
    });
    const imported = await send(app, '/api/documents/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${T.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: long,
        format: 'txt',
        text: '长名街道2031年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动。',
      }),
    });
    expect(imported.status).toBe(400);
    expect((await imported.json()).error.message).toContain('文件名过长');
    const exactly = `${'长'.repeat(196)}.txt`;
    const ok = await send(app, '/api/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${T.admin}` },
      body: uploadForm(
        exactly,
        '长名街道2031年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动9场。',
      ),
    });
    expect(ok.status).toBe(201);
  });
});
