// /api/draft and /api/drafts over the real seed corpus: JSON, SSE, storage, Markdown and Word exports, errors.
import { join } from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../helpers.ts';

let lib: Library;
let traces: SqliteTraceStore;
let drafts: SqliteDraftStore;
let dir: string;
let app: ReturnType<typeof createNodeApp>;

beforeAll(async () => {
  dir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
  drafts = new SqliteDraftStore(join(dir, 'drafts.db'));
  app = createNodeApp({ lib, traces, drafts });
});
afterAll(async () => {
  await traces.close();
  await drafts.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.request('/api/draft', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/draft', () => {
  it('returns the draft with points, citations, ids, and stores it for GET /api/drafts/:id', async () => {
    const res = await post({ section: 'shortcomings', org: '金桥街', year: 2023, points: 3 });
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d).toMatchObject({
      mode: 'extractive',
      model: 'extractive-draft-v1',
      title: '二、存在的问题和不足',
    });
    expect(d.points).toHaveLength(3);
    expect(d.draftId).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.traceId).toBe(d.draftId);
    const c = d.points[0].citations[0];
    expect(Object.keys(c).sort()).toEqual(
      [
        'district',
        'documentId',
        'heading',
        'n',
        'org',
        'paragraphId',
        'quote',
        'score',
        'section',
        'text',
        'title',
        'year',
      ].sort(),
    );
    const stored = await (await app.request(`/api/drafts/${d.draftId}`)).json();
    expect(stored).toMatchObject({
      draftId: d.draftId,
      draft: d.draft,
      request: { section: 'shortcomings', org: '金桥街', year: 2023, points: 3 },
    });
    expect(stored.trace.evidence.some((e: { used: boolean }) => e.used)).toBe(true);
    const list = await (await app.request('/api/drafts?limit=5')).json();
    expect(list.items[0].draftId).toBe(d.draftId);
  });

  it('streams title, one event per point, then done', async () => {
    const res = await post({ section: 'next_steps', org: '西于庄街道', year: 2025, stream: true });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2]),
    }));
    expect(events[0]).toMatchObject({ event: 'title' });
    const points = events.filter((e) => e.event === 'point');
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points[0].data.point.citations.length).toBeGreaterThan(0);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.coverage.unanswered).toEqual([]);
    expect(done.data.draftId).toBeTruthy();
  });

  it('exports Markdown with the sources, and a Word file whose text reads back with its endnotes', async () => {
    const d = await (await post({ section: 'shortcomings', org: '西于庄街道', year: 2025 })).json();
    const md = await app.request(`/api/drafts/${d.draftId}.md`);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    const mdText = await md.text();
    expect(mdText).toContain(`# ${d.title}`);
    expect(mdText).toContain(d.points[0].text);
    expect(mdText).toMatch(/\[1\] .+报告《.+》 · .+：「.+」/);

    const res = await app.request(`/api/drafts/${d.draftId}.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    expect(res.headers.get('content-disposition')).toContain(
      encodeURIComponent('西于庄街道-2025-存在的不足'),
    );
    const buf = Buffer.from(await res.arrayBuffer());
    const { value: html } = await mammoth.convertToHtml({ buffer: buf });
    const read = html.replace(/<[^>]+>/g, '').replace(/\[\d+\]/g, '');
    expect(html).toContain(`<h2>${d.title}</h2>`);
    for (const p of d.points) expect(read).toContain(p.text.replace(/\[\d+\]/g, ''));
    const firstCitation = d.points[0].citations[0];
    // every source is an endnote, anchored at the sentence it supports
    expect(read).toContain(firstCitation.text.slice(firstCitation.quote.start, firstCitation.quote.end));
    expect(html.match(/id="endnote-ref-\d+"/g)?.length).toBe(
      new Set(d.points.flatMap((p: { citations: { n: number }[] }) => p.citations.map((c) => c.n))).size,
    );
    const xml = await (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
  });

  it.each([
    [{}, 400, 'bad_input'],
    [{ section: 'overview', org: '金桥街', year: 2023 }, 400, 'bad_input'],
    [{ section: 'shortcomings', org: '<script>', year: 2023 }, 400, 'bad_input'],
    [{ section: 'shortcomings', org: '金桥街', year: '2023' }, 400, 'bad_input'],
    [{ section: 'shortcomings', org: '金桥街', year: 2023, points: 12 }, 400, 'bad_input'],
    [{ section: 'shortcomings', org: '金桥街', year: 2023, extra: 1 }, 400, 'bad_input'],
    [{ section: 'next_steps', org: '金桥街', year: 2023, shortcomings: 'x'.repeat(20000) }, 400, 'bad_input'],
    [{ section: 'shortcomings', org: '金桥街', year: 2019 }, 422, 'no_evidence'],
    [{ section: 'shortcomings', org: '金桥街', year: 2025, focus: '食品安全' }, 422, 'no_evidence'],
  ])('rejects bad request %# with %i %s', async (body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('rejects malformed JSON, a wrong content type and a huge body, and 404s an unknown draft', async () => {
    expect((await post('{bad')).status).toBe(400);
    const wrongType = await app.request('/api/draft', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(wrongType.status).toBe(415);
    expect(
      (await post({ section: 'next_steps', org: '金桥街', year: 2023, shortcomings: 'x'.repeat(400_000) }))
        .status,
    ).toBe(413);
    for (const path of [
      '/api/drafts/00000000-0000-0000-0000-000000000000',
      '/api/drafts/nope.docx',
      '/api/drafts/00000000-0000-0000-0000-000000000000.md',
    ]) {
      const r = await app.request(path);
      expect(r.status).toBe(404);
      expect((await r.json()).error.code).toBe('not_found');
    }
  });

  it('a streamed 422 arrives as an error event', async () => {
    const res = await post(
      { section: 'shortcomings', org: '金桥街', year: 2019 },
      { accept: 'text/event-stream' },
    );
    const text = await res.text();
    expect(text).toContain('event: error');
    expect(text).toContain('no_evidence');
  });
});
