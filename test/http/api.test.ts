// HTTP-level tests of createNodeApp over the real seed corpus: no port, no network.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../src/http/node-app.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../helpers.ts';
import { reportToDocx } from '../make-docx.ts';

let lib: Library;
let traces: SqliteTraceStore;
let app: ReturnType<typeof createNodeApp>;

beforeAll(async () => {
  const dir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
  app = createNodeApp({ lib, traces, drafts: new SqliteDraftStore(':memory:'), maxUploadBytes: 1024 * 1024 });
});
afterAll(async () => {
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/ask', () => {
  it('answers a figure question with the figure, its unit and a citation whose quote holds it', async () => {
    const res = await post('/api/ask', { question: '大港街2023年公开了多少条行政处罚？' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ answerable: true, mode: 'extractive', verification: { ok: true } });
    expect(body.answer).toBe('根据大港街2023年度报告，公开行政处罚55条[1]。');
    const [c] = body.citations;
    expect(c).toMatchObject({ n: 1, org: '大港街', year: 2023, section: 'measures' });
    expect(c.text.slice(c.quote.start, c.quote.end)).toContain('公开行政处罚55条');
    expect(body.traceId).toBeTruthy();
    expect(body.conversationId).toBeTruthy();
  });

  it('refuses a street or year the library lacks, saying what it has, with no figure', async () => {
    const a = await (await post('/api/ask', { question: '新华街道2023年行政处罚多少起？' })).json();
    expect(a).toMatchObject({ answerable: false, citations: [] });
    expect(a.answer).toContain('未找到新华街道的报告');
    const b = await (await post('/api/ask', { question: '大港街2021年行政处罚多少起？' })).json();
    expect(b.answerable).toBe(false);
    expect(b.answer).toBe('未找到大港街2021年度的报告。库中大港街只有2023年度的报告。');
    const c = await (await post('/api/ask', { question: '今天天气怎么样' })).json();
    expect(c.answerable).toBe(false);
  });

  it('keeps a conversation: 「那西于庄呢？」 asks the same about 西于庄', async () => {
    const first = await (await post('/api/ask', { question: '大港街全年行政处罚案件多少起' })).json();
    const next = await (
      await post('/api/ask', { question: '那西于庄呢？', conversationId: first.conversationId })
    ).json();
    expect(next.resolvedQuestion).toContain('西于庄');
    expect(next.answer).toContain('191起');
    expect(next.citations[0].org).toBe('西于庄街道');
  });

  it('streams citations, deltas and done over SSE, and the deltas add up to the answer', async () => {
    const res = await post('/api/ask', { question: '金桥街全年立案多少起' }, { accept: 'text/event-stream' });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2]),
    }));
    expect(events[0].event).toBe('citations');
    expect(events.at(-1)!.event).toBe('done');
    const answer = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    expect(answer).toBe('根据金桥街2022年度报告，全年共立案81起[1]。');
    expect(events.at(-1)!.data).toMatchObject({ verification: { ok: true }, answerable: true });
    expect(events.at(-1)!.data.traceId).toBeTruthy();
  });

  it.each([
    ['malformed JSON', '{"question":', 400],
    ['empty question', { question: '   ' }, 400],
    ['wrong type', { question: 42 }, 400],
    ['unknown filter', { question: '普法', filters: { district: '东丽区' } }, 400],
    ['bad section', { question: '普法', filters: { section: 'summary' } }, 400],
    ['20 KB question', { question: '普'.repeat(20_000) }, 400],
    ['huge body', { question: 'x'.repeat(300 * 1024) }, 413],
  ])('%s → %i with the JSON error shape, nothing recorded', async (_n, body, status) => {
    const before = (await traces.list({ limit: 1, offset: 0 })).total;
    const res = await post('/api/ask', body);
    expect(res.status).toBe(status);
    const json = await res.json();
    expect(json.error.code).toMatch(/bad_input|too_large/);
    expect(typeof json.error.message).toBe('string');
    expect((await traces.list({ limit: 1, offset: 0 })).total).toBe(before);
  });

  it('refuses a non-JSON body with 415', async () => {
    const res = await app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(res.status).toBe(415);
  });
});

describe('documents', () => {
  it('lists reports and reads one with its sections and paragraphs; reads a paragraph', async () => {
    const { documents } = await (await app.request('/api/documents')).json();
    expect(documents).toHaveLength(5);
    const dagang = documents.find((d: { meta: { org: string } }) => d.meta.org === '大港街');
    const full = await (await app.request(`/api/documents/${dagang.id}`)).json();
    expect(full.paragraphs.length).toBe(dagang.paragraphCount);
    const p = await (await app.request(`/api/paragraphs/${full.paragraphs[0].id}`)).json();
    expect(p.report.org).toBe('大港街');
    expect((await app.request('/api/documents/nope')).status).toBe(404);
    expect((await app.request('/api/paragraphs/nope')).status).toBe(404);
  });

  it('uploads a .docx that is searchable on return, then deletes it', async () => {
    const docx = await reportToDocx(
      '新华街道2025年法治政府建设情况报告\n一、主要举措和成效\n新华街道全年开展法律明白人培训9期，培训居民300人次。',
    );
    const form = new FormData();
    form.append('file', new File([new Uint8Array(docx)], '../../新华街道-2025.docx'));
    const res = await app.request('/api/documents', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const { results } = await res.json();
    expect(results[0]).toMatchObject({
      name: '新华街道-2025.docx',
      status: 'added',
      org: '新华街道',
      year: 2025,
    });
    const a = await (await post('/api/ask', { question: '新华街道法律明白人培训了几期' })).json();
    expect(a.answer).toContain('9期');
    const del = await app.request(`/api/documents/${results[0].reportId}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const after = await (await post('/api/ask', { question: '新华街道法律明白人培训了几期' })).json();
    expect(after.answerable).toBe(false);
  });

  it('rejects bad uploads with the right status and a message naming the file', async () => {
    const upload = (name: string, bytes: Uint8Array<ArrayBuffer>) => {
      const form = new FormData();
      form.append('file', new File([bytes], name));
      return app.request('/api/documents', { method: 'POST', body: form });
    };
    const empty = await upload('空.txt', new Uint8Array());
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toContain('空.txt');
    expect((await upload('a.exe', new Uint8Array([1, 2, 3]))).status).toBe(415);
    expect((await upload('big.txt', new Uint8Array(2 * 1024 * 1024).fill(65))).status).toBe(413);
    const none = await app.request('/api/documents', { method: 'POST', body: new FormData() });
    expect(none.status).toBe(400);
    expect((await app.request('/api/documents/nope', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses 10,000 tiny files in one request, a body claiming 200 MB, and a path in the file name', async () => {
    const before = (await lib.store.listReports()).length;
    const many = new FormData();
    for (let i = 0; i < 10_000; i++) many.append('file', new File([`街道${i}`], `${i}.txt`));
    const res = await app.request('/api/documents', { method: 'POST', body: many });
    expect(res.status).toBe(413); // this many parts already exceed the upload size limit
    expect((await res.json()).error.code).toBe('too_large');
    const sixty = new FormData();
    for (let i = 0; i < 60; i++) sixty.append('file', new File([`街道${i}`], `${i}.txt`));
    const count = await app.request('/api/documents', { method: 'POST', body: sixty });
    expect(count.status).toBe(400);
    expect((await count.json()).error.message).toContain('一次最多上传 50 个文件，收到 60 个');
    // the declared length is checked before the body is read
    const huge = await app.request('/api/documents', {
      method: 'POST',
      body: 'x',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(200 * 1024 * 1024),
      },
    });
    expect(huge.status).toBe(413);
    const form = new FormData();
    form.append(
      'file',
      new File(
        ['路径街道2030年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动9场。'],
        '../../etc/路径街道-2030.txt',
      ),
    );
    const up = await (await app.request('/api/documents', { method: 'POST', body: form })).json();
    expect(up.results[0].name).toBe('路径街道-2030.txt');
    expect((await lib.store.listReports()).length).toBe(before + 1);
    await app.request(`/api/documents/${up.results[0].reportId}`, { method: 'DELETE' });
  });
});

describe('traces', () => {
  it('records each answer and takes a review', async () => {
    const a = await (await post('/api/ask', { question: '城西街道培养了几个法律明白人' })).json();
    const list = await (await app.request('/api/traces?limit=5')).json();
    expect(list.items[0].id).toBe(a.traceId);
    const t = await (await app.request(`/api/traces/${a.traceId}`)).json();
    expect(t).toMatchObject({
      question: '城西街道培养了几个法律明白人',
      mode: 'extractive',
      answerable: true,
    });
    expect(t.retrieved.length).toBeGreaterThan(0);
    expect(t.timings.totalMs).toBeGreaterThan(0);
    const r = await post(`/api/traces/${a.traceId}/review`, { verdict: 'correct', comment: '核对无误' });
    expect((await r.json()).review).toMatchObject({ verdict: 'correct', comment: '核对无误' });
    expect((await post(`/api/traces/${a.traceId}/review`, { verdict: 'great' })).status).toBe(400);
    expect((await post('/api/traces/nope/review', { verdict: 'correct' })).status).toBe(404);
    expect((await app.request('/api/traces?limit=0')).status).toBe(400);
  });
});

it('answers unknown paths with a JSON 404 and reports health', async () => {
  const res = await app.request('/nope');
  expect(res.status).toBe(404);
  expect((await res.json()).error.code).toBe('not_found');
  expect(await (await app.request('/healthz')).json()).toMatchObject({ status: 'ok', reports: 5 });
});
