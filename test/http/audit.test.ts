// The audit console's API: cursor pages with what is left to review, a trace with the paragraphs retrieval found
// but the answer did not cite, 「答非所问」 as a sentence mark, and 「加入评测集」 with facts for an 错误 verdict.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../helpers.ts';

let lib: Library;
let traces: SqliteTraceStore;
let app: ReturnType<typeof createNodeApp>;
let casesDir: string;

beforeAll(async () => {
  const dir = tempDir();
  casesDir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
  app = createNodeApp({ lib, traces, drafts: new SqliteDraftStore(':memory:'), evalCasesDir: casesDir });
});
afterAll(async () => {
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const ask = async (question: string) =>
  (await (await post('/api/ask', { question })).json()) as {
    traceId: string;
    citations: { paragraphId: string }[];
    answerable: boolean;
  };

describe('audit API', () => {
  it('pages by cursor with nextCursor, counts what is left to review, and refuses a forged cursor with 400', async () => {
    const ids: string[] = [];
    for (const q of [
      '大港街2023年公开了多少条行政处罚？',
      '西于庄街道存在哪些不足？',
      '金桥街2022年普法宣传怎么做的？',
      '城西街道2022年行政复议多少件？',
      '大港街2023年调解了多少起纠纷？',
    ])
      ids.push((await ask(q)).traceId);
    await post(`/api/traces/${ids[0]}/review`, { verdict: 'correct' });
    const first = await (await app.request('/api/traces?limit=2')).json();
    expect(first.total).toBe(5);
    expect(first.unreviewed).toBe(4);
    expect(first.items.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[3]]);
    const second = await (
      await app.request(`/api/traces?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    const third = await (
      await app.request(`/api/traces?limit=2&cursor=${encodeURIComponent(second.nextCursor)}`)
    ).json();
    expect([...second.items, ...third.items].map((t: { id: string }) => t.id)).toEqual([
      ids[2],
      ids[1],
      ids[0],
    ]);
    expect(third.nextCursor).toBeNull();
    const bad = await app.request('/api/traces?cursor=abc');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('cursor 无效'),
    });
  });

  it('shows the retrieved paragraphs the answer did not cite, with their text and report', async () => {
    const a = await ask('大港街2023年公开了多少条行政处罚？');
    const t = await (await app.request(`/api/traces/${a.traceId}`)).json();
    const cited = new Set(a.citations.map((c) => c.paragraphId));
    expect(t.retrieved.length).toBeGreaterThan(cited.size);
    expect(t.uncited).toHaveLength(
      t.retrieved.filter((r: { paragraphId: string }) => !cited.has(r.paragraphId)).length,
    );
    for (const u of t.uncited) {
      expect(cited.has(u.paragraphId)).toBe(false);
      expect(u).toMatchObject({
        text: expect.any(String),
        org: expect.any(String),
        year: expect.any(Number),
        section: expect.any(String),
      });
      expect((await lib.store.getParagraphs([u.paragraphId]))[0].text).toBe(u.text);
    }
    // best first, as retrieval ranked them
    expect(t.uncited.map((u: { score: number }) => u.score)).toEqual(
      [...t.uncited.map((u: { score: number }) => u.score)].sort((x: number, y: number) => y - x),
    );
  });

  it('takes 「答非所问」 as a sentence mark and writes an 错误 answer to the eval set with the facts given', async () => {
    const a = await ask('大港街2023年公开了多少条行政处罚？');
    const reviewed = await post(`/api/traces/${a.traceId}/review`, {
      verdict: 'incorrect',
      sentenceMarks: [{ index: 0, reason: 'off_topic' }],
    });
    expect(reviewed.status).toBe(200);
    expect((await reviewed.json()).review.sentenceMarks).toEqual([{ index: 0, reason: 'off_topic' }]);
    // an 错误 verdict with neither a corrected answer nor facts cannot become a case
    expect((await post(`/api/traces/${a.traceId}/eval-case`, {})).status).toBe(400);
    const res = await post(`/api/traces/${a.traceId}/eval-case`, { facts: ['55条'] });
    expect(res.status).toBe(201);
    const { case: c, file } = await res.json();
    expect(c).toMatchObject({ facts: ['55条'], from: { traceId: a.traceId, verdict: 'incorrect' } });
    expect(JSON.parse(readFileSync(join(casesDir, file.split('/').at(-1)), 'utf8')).facts).toEqual(['55条']);
  });
});
