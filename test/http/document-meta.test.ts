// Correcting a report's metadata over HTTP (PATCH /api/documents/:id) and metadata given with an upload or an
// import, over the real seed corpus: no port, no network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../../src/http/node-app.ts';
import type { Library } from '../../src/library/library.ts';
import { SEED, cleanupTempDirs, seedAppDeps } from '../helpers.ts';

let deps: Awaited<ReturnType<typeof seedAppDeps>>;
let lib: Library;
let app: ReturnType<typeof createNodeApp>;

beforeAll(async () => {
  deps = await seedAppDeps();
  lib = deps.lib;
  app = createNodeApp({ ...deps, maxUploadBytes: 1024 * 1024 });
});
afterAll(async () => {
  await deps.close();
  cleanupTempDirs();
});

const json = (method: string, path: string, body: unknown, a = app) =>
  a.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const patch = (id: string, body: unknown, a = app) => json('PATCH', `/api/documents/${id}`, body, a);
const idOf = async (name: string) => (await lib.store.listReports()).find((r) => r.sourceName === name)!.id;
const upload = (files: [string, string][], fields: Record<string, string> = {}) => {
  const form = new FormData();
  for (const [name, text] of files) form.append('file', new File([text], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return app.request('/api/documents', { method: 'POST', body: form });
};

describe('PATCH /api/documents/:id', () => {
  it('names an unnamed report: the list, a question naming the office, filters and citations show it at once', async () => {
    const id = await idOf(SEED.unnamed);
    const res = await patch(id, { org: ' 前进街道 ', level: '街道', district: '东丽区', year: 2021 });
    expect(res.status).toBe(200);
    expect((await res.json()).meta).toMatchObject({
      org: '前进街道',
      level: '街道',
      district: '东丽区',
      year: 2021,
      orgSource: 'manual',
    });
    const { documents } = await (await app.request('/api/documents')).json();
    expect(documents.find((d: { id: string }) => d.id === id).meta).toMatchObject({
      org: '前进街道',
      orgSource: 'manual',
    });

    const a = await (await json('POST', '/api/ask', { question: '前进街道2021年存在哪些不足？' })).json();
    expect(a.answerable).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) expect(c.org).toBe('前进街道');
    const filtered = await (
      await json('POST', '/api/ask', { question: '法治宣传教育是怎么开展的', filters: { org: '前进街道' } })
    ).json();
    expect(filtered.citations.length).toBeGreaterThan(0);
    for (const c of filtered.citations) expect([c.org, c.year]).toEqual(['前进街道', 2021]);
  });

  it('moves a report to another year: filters by the old year no longer find it', async () => {
    const id = await idOf(SEED.chengxi);
    expect((await patch(id, { year: 2019, city: '天津市' })).status).toBe(200);
    const old = await (
      await json('POST', '/api/ask', { question: '法律明白人', filters: { org: '城西街道', year: 2022 } })
    ).json();
    expect(old.citations).toEqual([]);
    const now = await (
      await json('POST', '/api/ask', { question: '城西街道培养了几个法律明白人', filters: { year: 2019 } })
    ).json();
    expect(now.citations[0]).toMatchObject({ org: '城西街道', year: 2019 });
    const back = await (await patch(id, { year: 2022, city: null })).json();
    expect(back.meta).toMatchObject({ year: 2022, city: null, orgSource: 'opening' });
  });

  it.each([
    ['an empty office', { org: '' }, '单位名称不能为空'],
    ['a blank office', { org: '   ' }, '单位名称不能为空'],
    ['a null office', { org: null }, '单位名称不能为空'],
    ['an unknown level', { level: '省' }, '层级只能是'],
    ['a year before 1949', { year: 1900 }, '年度须为 1949–2100 之间的整数'],
    ['a year as text', { year: '2023年' }, '年度须为 1949–2100 之间的整数'],
    ['an unknown field', { org: '金桥街', title: '新标题' }, '不认识的字段：title'],
    ['nothing to change', {}, '没有要修改的字段'],
    ['a district that is not text', { district: 7 }, '区县须为文字'],
  ])('refuses %s with 400 bad_input and a Chinese message; nothing changes', async (_n, body, message) => {
    const id = await idOf(SEED.jinqiao);
    const before = (await lib.store.listReports()).find((r) => r.id === id)!.meta;
    const res = await patch(id, body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('bad_input');
    expect(error.message).toContain(message);
    expect((await lib.store.listReports()).find((r) => r.id === id)!.meta).toEqual(before);
  });

  it('answers an unknown report with 404, a non-JSON body with 415 and malformed JSON with 400, all in the error shape', async () => {
    const missing = await patch('rmissing', { org: '金桥街' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: '没有找到报告「rmissing」' },
    });
    const id = await idOf(SEED.jinqiao);
    expect(
      (
        await app.request(`/api/documents/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'text/plain' },
          body: 'org=x',
        })
      ).status,
    ).toBe(415);
    const bad = await patch(id, '{"org":');
    expect([bad.status, (await bad.json()).error.code]).toEqual([400, 'bad_input']);
  });

  it('when the vector index fails, answers 500 with what happened and leaves the report as it was', async () => {
    const id = await idOf(SEED.dagang);
    const vectors = Object.create(lib.vectors) as typeof lib.vectors;
    vectors.setMetadata = async () => Promise.reject(new Error('磁盘故障'));
    const broken = createNodeApp({ ...deps, lib: { ...lib, vectors } });
    const res = await patch(id, { org: '小港街' }, broken);
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error).toMatchObject({
      code: 'internal',
      message: expect.stringContaining('修改未保存，报告保持原样'),
    });
    const doc = await (await app.request(`/api/documents/${id}`)).json();
    expect(doc.meta).toMatchObject({ org: '大港街', orgSource: 'title' });
    const a = await (
      await json('POST', '/api/ask', { question: '公开行政处罚多少条', filters: { org: '大港街' } })
    ).json();
    expect(a.citations[0].org).toBe('大港街');
  });
});

describe('metadata with an upload or an import', () => {
  const nameless = (n: number) =>
    `关于2023年度法治政府建设情况的报告\n\n一、主要举措和成效\n\n全年开展“法律进村”活动${n}场。`;

  it('multipart fields org, level, district, city and year apply to every file of the request', async () => {
    const res = await upload(
      [
        ['镇甲.txt', nameless(11)],
        ['镇乙.txt', nameless(12)],
      ],
      { org: '汜水镇', level: '镇', district: '荥阳市', year: '2023', city: '' },
    );
    expect(res.status).toBe(201);
    const { results } = await res.json();
    for (const r of results)
      expect(r).toMatchObject({
        status: 'added',
        org: '汜水镇',
        level: '镇',
        district: '荥阳市',
        city: null,
        year: 2023,
        orgSource: 'manual',
        warnings: [],
      });
    const a = await (
      await json('POST', '/api/ask', { question: '法律进村活动多少场', filters: { org: '汜水镇' } })
    ).json();
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) expect(c.org).toBe('汜水镇');
  });

  it('without an office, each report says 「未识别单位，请填写」 and unnamed reports stay apart', async () => {
    const res = await upload([
      ['无名一.txt', nameless(21)],
      ['无名二.txt', nameless(22)],
    ]);
    const { results } = await res.json();
    expect(results.map((r: { org: null; warnings: string[] }) => [r.org, r.warnings])).toEqual([
      [null, ['未识别单位，请填写']],
      [null, ['未识别单位，请填写']],
    ]);
    expect(new Set(results.map((r: { reportId: string }) => r.reportId)).size).toBe(2);
  });

  it.each([
    [{ year: '二〇二三' }, '年度须为 1949–2100 之间的整数'],
    [{ level: '村' }, '层级只能是'],
    [{ org: '汜水镇', author: '张三' }, '不认识的字段：author'],
  ])('refuses bad fields %j with 400 before reading any file', async (fields, message) => {
    const before = (await lib.store.listReports()).length;
    const res = await upload([['坏字段.txt', nameless(31)]], fields);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining(message),
    });
    expect((await lib.store.listReports()).length).toBe(before);
  });

  it('POST /api/documents/import takes meta, validated like PATCH', async () => {
    const ok = await json('POST', '/api/documents/import', {
      name: '导入-2024.txt',
      format: 'txt',
      text: nameless(41),
      meta: { org: '漫洼乡', level: '乡', year: 2024 },
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()).results[0]).toMatchObject({
      org: '漫洼乡',
      level: '乡',
      year: 2024,
      orgSource: 'manual',
      warnings: [],
    });
    // an office the report already gave (here in its file name) keeps saying where it was read
    const same = await json('POST', '/api/documents/import', {
      name: '漫洼乡-2024.txt',
      format: 'txt',
      text: nameless(43),
      meta: { org: '漫洼乡' },
    });
    expect((await same.json()).results[0]).toMatchObject({ org: '漫洼乡', orgSource: 'filename' });
    const bad = await json('POST', '/api/documents/import', {
      name: 'x.txt',
      format: 'txt',
      text: nameless(42),
      meta: { org: '' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe('字段「meta.org」无效：单位名称不能为空');
  });
});
