// /v1/chat/completions and /v1/models, called by the official openai client (its fetch goes to app.request: no network).
import { join } from 'node:path';
import { marked } from 'marked';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../src/http/node-app.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../helpers.ts';

let lib: Library;
let traces: SqliteTraceStore;
let client: OpenAI;
let app: ReturnType<typeof createNodeApp>;
beforeAll(async () => {
  const dir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
  app = createNodeApp({ lib, traces, drafts: new SqliteDraftStore(':memory:') });
  client = new OpenAI({
    baseURL: 'http://assistant.local/v1',
    apiKey: 'unused',
    maxRetries: 0,
    fetch: async (url, init) => app.request(String(url), init as RequestInit),
  });
});
afterAll(async () => {
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

describe('OpenAI-compatible endpoint', () => {
  it('lists the assistant as a model', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('fazhi-report-assistant');
  });

  it('answers a chat completion with the cited answer and a numbered source list', async () => {
    const r = await client.chat.completions.create({
      model: 'fazhi-report-assistant',
      messages: [{ role: 'user', content: '大港街2023年公开了多少条行政处罚？' }],
    });
    const content = r.choices[0].message.content!;
    expect(content).toContain('根据大港街2023年度报告，公开行政处罚55条[1]。');
    // a blank line before the sources, then a numbered list; each source links to its paragraph on this assistant
    expect(content).toMatch(
      /\n\n来源：\n\n1\. \[大港街2023年度报告 · 主要举措和成效[^\]]*\]\(<http:\/\/assistant\.local\/documents\/[^#>]+#p-[^:>]+:\d+-\d+>\)：「[^」]*公开行政处罚55条/,
    );
    const citations = (r as unknown as { citations: { n: number; url: string }[] }).citations;
    expect(citations[0].n).toBe(1);
    expect(content).toContain(`(<${citations[0].url}>)`);
    // the link opens the paragraph: the report page holds it
    const page = await app.request(citations[0].url.replace(/#.*/, ''));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`id="p-${citations[0].url.split('#p-')[1].split(':')[0]}"`);
  });

  it("keeps a cross-report answer's structure and renders its sources as a list of links in a Markdown renderer", async () => {
    const r = await client.chat.completions.create({
      model: 'x',
      messages: [{ role: 'user', content: '各街道存在哪些不足？' }],
    });
    const content = r.choices[0].message.content!;
    const citations = (r as unknown as { citations: { n: number; url: string }[] }).citations;
    expect(citations.length).toBeGreaterThan(5);
    const html = marked.parse(content, { async: false });
    const doc = html.split('<p>来源：</p>');
    expect(doc).toHaveLength(2);
    // the answer: one paragraph per report, each followed by its points as a list
    expect(doc[0]).toContain('<p>西于庄街道2024年度报告：</p>');
    expect(doc[0]).toContain('<p>金桥街2022年度报告：</p>');
    expect(doc[0]).toMatch(/<li>一是学用转化还有不足\[\d+\]；<\/li>/);
    expect(doc[0].match(/<ul>/g)!.length).toBeGreaterThanOrEqual(5);
    // the sources: one <ol> with one item per citation, each a link to its paragraph
    expect(doc[1].match(/<ol>/g)).toHaveLength(1);
    expect(doc[1].match(/<li>/g)).toHaveLength(citations.length);
    for (const c of citations) expect(doc[1]).toContain(`<a href="${c.url.replace(/&/g, '&amp;')}">`);
  });

  it('streams the same answer as chunks ending with finish_reason stop', async () => {
    const stream = await client.chat.completions.create({
      model: 'x',
      stream: true,
      messages: [{ role: 'user', content: '金桥街全年立案多少起' }],
    });
    let text = '';
    let finish: string | null = null;
    for await (const c of stream) {
      text += c.choices[0]?.delta?.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toContain('根据金桥街2022年度报告，全年共立案81起[1]。');
    expect(text).toContain('来源：');
    expect(finish).toBe('stop');
  });

  it('uses earlier user turns as context for a follow-up', async () => {
    const r = await client.chat.completions.create({
      model: 'x',
      messages: [
        { role: 'system', content: '你是助手' },
        { role: 'user', content: '大港街全年行政处罚案件多少起' },
        { role: 'assistant', content: '……' },
        { role: 'user', content: '那西于庄呢？' },
      ],
    });
    expect(r.choices[0].message.content).toContain('191起');
  });

  it('resolves a 3-turn history as /api/ask resolves the same conversation, writing one trace instead of three', async () => {
    const turns = ['大港街全年行政处罚案件多少起', '金桥街呢？', '那西于庄呢？'];
    let conversationId: string | undefined;
    let viaAsk = '';
    for (const question of turns) {
      const res = await (
        await app.request('/api/ask', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question, conversationId }),
        })
      ).json();
      conversationId = res.conversationId;
      viaAsk = res.resolvedQuestion;
    }
    const before = (await traces.list({ limit: 1, offset: 0 })).total;
    const r = await client.chat.completions.create({
      model: 'x',
      messages: turns.flatMap((content, i) => [
        { role: 'user' as const, content },
        ...(i < turns.length - 1 ? [{ role: 'assistant' as const, content: '……' }] : []),
      ]),
    });
    expect((await traces.list({ limit: 1, offset: 0 })).total).toBe(before + 1);
    const trace = await traces.get((r as unknown as { trace_id: string }).trace_id);
    expect(trace?.resolvedQuestion).toBe(viaAsk);
    expect(viaAsk).toBe('西于庄街道全年行政处罚案件多少起');
    expect(r.choices[0].message.content).toContain('191起');
  });

  it('rejects bad requests with the JSON error shape', async () => {
    await expect(client.chat.completions.create({ model: 'x', messages: [] })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      client.chat.completions.create({ model: 'x', messages: [{ role: 'system', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 400 });
    const res = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect((await res.json()).error.code).toBe('bad_input');
  });
});
