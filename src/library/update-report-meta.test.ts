import { afterAll, describe, expect, it } from 'vitest';
import { SEED, cleanupTempDirs, seedInputs, seedLibrary, tempDir } from '../../test/helpers.ts';
import { reportName } from '../citation.ts';
import { LocalEmbedder } from '../index/local-embedder.ts';
import type { ReportSummary } from '../domain.ts';
import { retrieve } from '../search/retrieve.ts';
import { ingestFiles } from './ingest.ts';
import { type Library, closeLibrary, openLibrary } from './library.ts';
import { parseMetaPatch } from './meta-patch.ts';
import { updateReportMeta } from './update-report-meta.ts';

afterAll(cleanupTempDirs);

const bySource = async (lib: Library, name: string) =>
  (await lib.store.listReports()).find((r) => r.sourceName === name)!;
const vectorIds = async (
  lib: Library,
  r: ReportSummary,
  filter: Parameters<Library['vectors']['query']>[1]['filter'],
) =>
  (
    await lib.vectors.query((await lib.embedder.embed(['法治 宣传 执法 工作']))[0], { topK: 200, filter })
  ).filter((m) => m.id.startsWith(r.id));

describe('updateReportMeta', () => {
  it('names an unnamed report: store, BM25 and vector filters and citations all see the new office at once', async () => {
    const lib = await seedLibrary();
    const unnamed = await bySource(lib, SEED.unnamed);
    expect(unnamed.meta.org).toBeNull();
    const gen = await lib.store.generation();
    const updated = await updateReportMeta(lib, unnamed.id, {
      org: '前进街道',
      district: '东丽区',
      city: '天津市',
    });
    expect(updated.meta).toMatchObject({
      org: '前进街道',
      orgSource: 'manual',
      level: '街道',
      district: '东丽区',
      city: '天津市',
      year: 2021,
      title: unnamed.meta.title,
    });
    expect(await lib.store.generation()).toBeGreaterThan(gen);
    expect((await bySource(lib, SEED.unnamed)).meta).toEqual(updated.meta);

    const hits = (await retrieve(lib, '法治宣传教育', { topK: 5, filters: { org: '前进街道' } })).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect([h.report.id, h.report.org]).toEqual([unnamed.id, '前进街道']);
    const p = hits[0].paragraph.id;
    expect(lib.lexical.meta(p)).toMatchObject({ orgKey: '前进', year: 2021 });
    expect((await vectorIds(lib, unnamed, { orgKey: '前进' })).length).toBe(unnamed.paragraphCount);
    expect(await vectorIds(lib, unnamed, { orgKey: null })).toEqual([]);
    // a question naming the office now finds it (the office list comes from the store)
    const named = (await retrieve(lib, '前进街道2021年存在哪些不足', { topK: 3 })).hits;
    expect(named[0].report).toMatchObject({ id: unnamed.id, org: '前进街道' });
    await closeLibrary(lib);
  });

  it('changing the year moves the report between year filters; no change is a no-op; an unknown id is not_found', async () => {
    const lib = await seedLibrary();
    const dagang = await bySource(lib, SEED.dagang);
    await updateReportMeta(lib, dagang.id, { year: 2019, level: '镇', district: null });
    const r = await bySource(lib, SEED.dagang);
    expect(r.meta).toMatchObject({
      org: '大港街',
      orgSource: 'title',
      year: 2019,
      level: '镇',
      district: null,
    });
    expect(
      (await retrieve(lib, '行政处罚', { topK: 50, filters: { year: 2023 } })).hits.some(
        (h) => h.report.id === dagang.id,
      ),
    ).toBe(false);
    const by2019 = (await retrieve(lib, '公开行政处罚', { topK: 5, filters: { year: 2019 } })).hits;
    expect(by2019.length).toBeGreaterThan(0);
    expect(by2019.every((h) => h.report.id === dagang.id && h.report.year === 2019)).toBe(true);
    expect((await vectorIds(lib, dagang, { year: 2019 })).length).toBe(dagang.paragraphCount);
    const gen = await lib.store.generation();
    await updateReportMeta(lib, dagang.id, { org: '大港街', year: 2019 });
    expect(await lib.store.generation()).toBe(gen);
    expect((await bySource(lib, SEED.dagang)).meta.orgSource).toBe('title');
    await expect(updateReportMeta(lib, 'rmissing', { year: 2020 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await closeLibrary(lib);
  });

  it('is on disk at once: after a restart the index is loaded and filters by the new office; a crash before the flush rebuilds it from the store', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    const unnamed = await bySource(lib, SEED.unnamed);
    await updateReportMeta(lib, unnamed.id, { org: '前进街道' });
    await closeLibrary(lib);
    const again = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(again.openedBy).toBe('loaded');
    expect((await vectorIds(again, unnamed, { orgKey: '前进' })).length).toBe(unnamed.paragraphCount);

    // deferred flush, then a "crash": another process opens the data folder before the index was written
    await updateReportMeta(again, unnamed.id, { org: '后进街道' }, { deferFlush: true });
    const crashed = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
    expect(crashed.openedBy).toBe('rebuilt');
    expect((await vectorIds(crashed, unnamed, { orgKey: '后进' })).length).toBe(unnamed.paragraphCount);
    const first = (await crashed.store.getReport(unnamed.id))!.paragraphs[0].id;
    expect(crashed.lexical.meta(first)?.orgKey).toBe('后进');
    await closeLibrary(crashed);
    await closeLibrary(again);
  });

  it('rolls the store back when the vector index refuses the change, and the indexes keep the old values', async () => {
    const lib = await seedLibrary();
    const jinqiao = await bySource(lib, SEED.jinqiao);
    const gen = await lib.store.generation();
    const failing = (times: number) => {
      let n = 0;
      const vectors = Object.create(lib.vectors) as typeof lib.vectors;
      vectors.setMetadata = async (changes) =>
        n++ < times ? Promise.reject(new Error('索引线程已退出')) : lib.vectors.setMetadata(changes);
      return { ...lib, vectors };
    };
    // a failure that lasts: the store is put back, the index is left to the next start's check
    await expect(
      updateReportMeta(failing(99), jinqiao.id, { org: '银桥街', year: 2030 }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(
        /^更新检索索引失败（索引线程已退出），修改未保存，报告保持原样；检索索引未能确认复原/,
      ),
    });
    expect((await bySource(lib, SEED.jinqiao)).meta).toEqual(jinqiao.meta);
    // a passing failure: everything is put back
    await expect(
      updateReportMeta(failing(1), jinqiao.id, { org: '银桥街', year: 2030 }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: '更新检索索引失败（索引线程已退出），修改未保存，报告保持原样',
    });
    expect((await bySource(lib, SEED.jinqiao)).meta).toEqual(jinqiao.meta);
    expect(await lib.store.generation()).toBeGreaterThan(gen); // written and written back
    const hits = (await retrieve(lib, '立案', { topK: 5, filters: { org: '金桥街', year: 2022 } })).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.report.org === '金桥街')).toBe(true);
    expect((await retrieve(lib, '立案', { topK: 5, filters: { org: '银桥街' } })).hits).toEqual([]);
    expect((await vectorIds(lib, jinqiao, { orgKey: '金桥', year: 2022 })).length).toBe(
      jinqiao.paragraphCount,
    );
    await closeLibrary(lib);
  });

  it('when the lexical index fails after the vectors took the change, both are put back with the store', async () => {
    const lib = await seedLibrary();
    const chengxi = await bySource(lib, SEED.chengxi);
    let calls = 0;
    const lexical = Object.create(lib.lexical) as typeof lib.lexical;
    lexical.setMetadata = (changes) => {
      if (calls++ === 0) throw new Error('内存不足');
      return lib.lexical.setMetadata(changes);
    };
    await expect(
      updateReportMeta({ ...lib, lexical }, chengxi.id, { org: '城东街道' }),
    ).rejects.toMatchObject({ code: 'internal' });
    expect((await bySource(lib, SEED.chengxi)).meta.org).toBe('城西街道');
    expect((await vectorIds(lib, chengxi, { orgKey: '城西' })).length).toBe(chengxi.paragraphCount);
    expect(await vectorIds(lib, chengxi, { orgKey: '城东' })).toEqual([]);
    await closeLibrary(lib);
  });
});

describe('the patch schema', () => {
  it.each([
    [{ org: '' }, '单位名称不能为空'],
    [{ org: '   ' }, '单位名称不能为空'],
    [{ org: null }, '单位名称不能为空'],
    [{ level: '省' }, '层级只能是：街道、镇、乡、区、县、市、部门'],
    [{ year: 1948 }, '年度须为 1949–2100 之间的整数'],
    [{ year: 2101 }, '年度须为 1949–2100 之间的整数'],
    [{ year: 2023.5 }, '年度须为 1949–2100 之间的整数'],
    [{ year: '2023' }, '年度须为 1949–2100 之间的整数'],
    [{ title: '新标题' }, '不认识的字段：title'],
  ])('%j → 400 with 「%s」', (patch, message) => {
    expect(() => parseMetaPatch(patch)).toThrow(
      expect.objectContaining({ code: 'bad_input', message: expect.stringContaining(message) }),
    );
  });

  it('trims, and clears a district or city with null or an empty string', () => {
    expect(parseMetaPatch({ org: ' 和平镇 ', level: '镇', district: '', city: null, year: 2024 })).toEqual({
      org: '和平镇',
      level: '镇',
      district: null,
      city: null,
      year: 2024,
    });
    expect(parseMetaPatch({})).toEqual({});
  });
});

describe('ingest with overrides', () => {
  it('applies them to every file, marks the office as filled in by hand, and warns when no office is known', async () => {
    const lib = await openLibrary({ dataDir: tempDir(), embedder: new LocalEmbedder() });
    const [unnamed] = seedInputs().filter((f) => f.name === SEED.unnamed);
    const [plain] = await ingestFiles(lib, [unnamed]);
    expect(plain).toMatchObject({
      status: 'added',
      org: null,
      level: '街道',
      orgSource: null,
      warnings: ['未识别单位，请填写'],
    });
    // the same text again with an office: only the metadata changes, everywhere
    const [named] = await ingestFiles(lib, [
      { ...unnamed, meta: { org: '前进街道', district: '东丽区', year: 2021 } },
    ]);
    expect(named).toMatchObject({
      status: 'unchanged',
      metaUpdated: true,
      org: '前进街道',
      district: '东丽区',
      orgSource: 'manual',
      warnings: [],
    });
    expect(
      (await retrieve(lib, '法治宣传', { topK: 3, filters: { org: '前进街道' } })).hits.length,
    ).toBeGreaterThan(0);
    // re-ingesting without overrides does not undo what a person filled in
    const [again] = await ingestFiles(lib, [unnamed]);
    expect(again).toMatchObject({ status: 'unchanged', org: '前进街道', orgSource: 'manual' });
    expect(again).not.toHaveProperty('metaUpdated');
    // a new version of the file that still names no office keeps the hand-filled one
    const [changed] = await ingestFiles(lib, [
      {
        name: unnamed.name,
        bytes: Buffer.concat([unnamed.bytes, Buffer.from('\n\n六、其他\n\n本年度补充说明一段。\n')]),
      },
    ]);
    expect(changed).toMatchObject({
      status: 'replaced',
      org: '前进街道',
      district: '东丽区',
      orgSource: 'manual',
      warnings: [],
    });

    const batch = await ingestFiles(lib, [
      {
        name: '甲.txt',
        bytes: Buffer.from('关于2023年度法治政府建设情况的报告\n\n一、主要举措\n\n全年开展培训3次。'),
        meta: { org: '汜水镇', level: '镇' },
      },
      {
        name: '乙.txt',
        bytes: Buffer.from('关于2023年度法治政府建设情况的报告\n\n一、主要举措\n\n全年开展调解9次。'),
      },
      {
        name: '丙.txt',
        bytes: Buffer.from('关于法治政府建设情况的报告\n\n一、主要举措\n\n全年开展调解7次。'),
      },
    ]);
    expect(batch.map((o) => o.status !== 'failed' && [o.org, o.level, o.orgSource, o.warnings])).toEqual([
      ['汜水镇', '镇', 'manual', []],
      [null, null, null, ['未识别单位，请填写']],
      [null, null, null, ['未识别单位，请填写', '未识别年度，请填写']],
    ]);
    // unnamed reports stay apart, each named by its file
    const reports = await lib.store.listReports();
    const names = reports
      .filter((r) => !r.meta.org)
      .map(reportName)
      .sort();
    expect(names).toEqual(['未署名（丙）', '未署名（乙）']);
    await closeLibrary(lib);
  });
});
