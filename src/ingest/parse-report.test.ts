import { describe, expect, it } from 'vitest';
import { SEED, seedText } from '../../test/helpers.ts';
import type { Report } from '../domain.ts';
import { documentIdFor, parseReport } from './parse-report.ts';
import { MAX_UNIT_CHARS } from './split-paragraph.ts';

const parse = (name: string, text = seedText(name)) => parseReport({ sourceName: name, format: 'txt', text });
const outline = (r: Report) => r.sections.map((s) => [s.kind, s.heading]);

describe('seed report structure and metadata', () => {
  it('金桥街 2022 (东丽区)', async () => {
    const r = await parse(SEED.jinqiao);
    expect(r.meta).toEqual({
      title: '2022年法治政府建设年度报告',
      org: '金桥街',
      level: '街道',
      district: '东丽区',
      city: null,
      year: 2022,
      orgSource: 'opening',
      signoff: null,
    });
    expect(outline(r)).toEqual([
      ['overview', null],
      ['measures', '一、主要举措和成效'],
      ['shortcomings', '二、存在的问题和不足'],
      ['next_steps', '三、下步工作措施'],
    ]);
    expect(r.paragraphs.filter((p) => p.section === 'shortcomings').map((p) => p.text.slice(0, 2))).toEqual([
      '一是',
      '二是',
      '三是',
    ]);
  });

  it('西于庄街道 2024, with the 第一责任人 section', async () => {
    const r = await parse(SEED.xiyuzhuang);
    expect(r.meta).toMatchObject({ org: '西于庄街道', year: 2024, district: null });
    expect(r.meta.title).toContain('2024年法治政府建设情况报告');
    expect(outline(r)).toEqual([
      ['overview', null],
      ['measures', '一、主要举措和成效'],
      ['duty', '二、党政主要负责人推进法治建设第一责任人职责'],
      ['shortcomings', '三、存在的不足和原因'],
      ['next_steps', '四、下一步工作举措'],
    ]);
    expect(r.sections.map((s) => s.paragraphCount)).toEqual([1, 5, 5, 3, 3]);
  });

  it('大港街 2023 (滨海新区): mixed 「1、」/「三、」 top level, 「（1）」 typo among 「（二）」', async () => {
    const r = await parse(SEED.dagang);
    expect(r.meta).toEqual({
      title: '天津市滨海新区大港街2023年度法治政府建设情况报告',
      org: '大港街',
      level: '街道',
      district: '滨海新区',
      city: '天津市',
      year: 2023,
      orgSource: 'title',
      signoff: null,
    });
    expect(outline(r)).toEqual([
      ['overview', null],
      ['measures', '1、主要举措及成效'],
      ['duty', '2、履行推进法治建设第一责任人职责情况'],
      ['shortcomings', '三、存在的不足和原因'],
      ['next_steps', '四、下一年度主要工作安排'],
    ]);
    const p = r.paragraphs.find((x) => x.text.includes('公开行政处罚55条'))!;
    expect(p.sectionPath).toEqual([
      '1、主要举措及成效',
      '（三）开展普法宣传教育，积极构建街道为主辐射社区的法治阵地',
    ]);
    expect(r.paragraphs.find((x) => x.text.startsWith('建立健全理论学习中心组'))!.sectionPath).toEqual([
      '2、履行推进法治建设第一责任人职责情况',
      '（1）带头深入学习贯彻习近平法治思想',
    ]);
  });

  it('the unnamed 2021 report: org stays unknown, five top sections', async () => {
    const r = await parse(SEED.unnamed);
    expect(r.meta).toMatchObject({
      title: '2021年度法治政府建设工作情况的报告',
      org: null,
      district: null,
      year: 2021,
      orgSource: null,
    });
    expect(outline(r)).toEqual([
      ['overview', null],
      ['measures', '一、2021年工作开展情况'],
      ['shortcomings', '二、存在问题及原因'],
      ['next_steps', '三、下一步工作打算'],
      ['next_steps', '四、2022年工作计划'],
      ['measures', '五、工作主要成效'],
    ]);
    const p = r.paragraphs.find((x) => x.sectionPath.some((s) => s.includes('宣传力度不够')))!;
    expect(p.section).toBe('shortcomings');
    expect(p.heading).toBe('(一) 法治政府建设工作的宣传力度不够');
  });

  it('城西街道 2022', async () => {
    const r = await parse(SEED.chengxi);
    expect(r.meta).toEqual({
      title: '关于2022年度法治政府建设情况的报告',
      org: '城西街道',
      level: '街道',
      district: null,
      city: null,
      year: 2022,
      orgSource: 'opening',
      signoff: null,
    });
    expect(outline(r)).toEqual([
      ['overview', null],
      ['measures', '一、主要举措'],
      ['shortcomings', '二、法治政府建设中的不足及原因'],
      ['next_steps', '三、2023年推进法治政府建设的工作思路'],
    ]);
    expect(r.paragraphs.filter((p) => p.section === 'measures').map((p) => p.heading)).toContain(
      '（八）数字法治政府建设提档增速',
    );
  });
});

describe('paragraph units', () => {
  it('keeps short paragraphs whole and splits long ones at points and sentence ends, never inside a figure', async () => {
    for (const name of Object.values(SEED)) {
      const r = await parse(name);
      const source = seedText(name).replace(/\s/g, '');
      for (const p of r.paragraphs) {
        expect(p.text.length).toBeLessThanOrEqual(MAX_UNIT_CHARS);
        expect(p.text).toBe(p.text.trim());
        // a unit never starts with a digit continuing a figure from the previous unit
        const prev = r.paragraphs[p.ordinal - 1];
        if (prev && prev.heading === p.heading)
          expect(/\d$/.test(prev.text) && /^[\d.%]/.test(p.text)).toBe(false);
        // every unit is text from the report (after cleaning)
        expect(source.includes(p.text.replace(/\s/g, '').slice(0, 20))).toBe(true);
      }
    }
  });

  it('splits the long 大港街 shortcomings paragraph into its five points, each keeping its heading', async () => {
    const r = await parse(SEED.dagang);
    const units = r.paragraphs.filter((p) => p.section === 'shortcomings');
    expect(units.map((u) => u.text.slice(0, 2))).toEqual(['20', '一是', '二是', '三是', '四是', '五是']);
    expect(new Set(units.map((u) => u.heading))).toEqual(new Set(['三、存在的不足和原因']));
    expect(units.every((u) => /[。：]$/.test(u.text))).toBe(true);
  });
});

describe('ids', () => {
  it('are stable: same file ⇒ same ids, and derived from the file name', async () => {
    const a = await parse(SEED.dagang);
    const b = await parse(SEED.dagang);
    expect(a.paragraphs.map((p) => p.id)).toEqual(b.paragraphs.map((p) => p.id));
    expect(a.id).toBe(documentIdFor(SEED.dagang));
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.paragraphs[0].id).toMatch(/^r[0-9a-f]{12}-\d{4}$/);
    expect(Buffer.byteLength(a.paragraphs[0].id)).toBeLessThanOrEqual(64);
  });
});

describe('other shapes of report', () => {
  it('reads markdown headings and a heading that is its own line', async () => {
    const md = [
      '# 某某街道2025年法治政府建设情况报告',
      '## 一、主要举措和成效',
      '全年立案12起。',
      '## 存在的不足',
      '普法形式单一。',
      '下一步工作',
      '丰富普法形式。',
    ].join('\n\n');
    const r = await parseReport({ sourceName: 'x.md', format: 'md', text: md });
    expect(r.meta.year).toBe(2025);
    expect(outline(r)).toEqual([
      ['measures', '一、主要举措和成效'],
      ['shortcomings', '存在的不足'],
      ['next_steps', '下一步工作'],
    ]);
  });

  it('rejects text with no paragraphs', async () => {
    await expect(
      parseReport({ sourceName: 'empty.txt', format: 'txt', text: ' \n\u3000\n' }),
    ).rejects.toMatchObject({ code: 'empty' });
    await expect(
      parseReport({ sourceName: 't.txt', format: 'txt', text: '2024年法治政府建设情况报告' }),
    ).rejects.toMatchObject({ code: 'empty' });
  });
});

describe('org from the title', () => {
  it('prefers the street the title names over streets the body mentions more often', async () => {
    const text = [
      '光明街道2025年法治政府建设情况报告',
      '2025年，光明街道认真落实法治政府建设要求。学习借鉴大港街的经验，组织干部赴大港街、大港街道调委会观摩。',
      '一、主要举措和成效',
      '一是借鉴大港街“合立方”做法，大港街调解经验在我街推广。',
    ].join('\n');
    const r = await parseReport({ sourceName: 'g.txt', format: 'txt', text });
    expect(r.meta.org).toBe('光明街道');
  });

  it('takes a title-leading name with common characters in it (和平街道), but not 「和」 before a name in the body', async () => {
    const a = await parseReport({
      sourceName: 'h.txt',
      format: 'txt',
      text: '和平街道2030年度法治政府建设情况报告\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(a.meta.org).toBe('和平街道');
    const b = await parseReport({
      sourceName: 'h2.txt',
      format: 'txt',
      text: '天津市和平区南营门街道2030年度法治政府建设情况报告\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(b.meta.org).toBe('南营门街道');
    const c = await parseReport({
      sourceName: 'h3.txt',
      format: 'txt',
      text: '2030年度法治政府建设情况报告\n一、主要举措和成效\n我们和大港街道一起开展普法宣传活动17场，和大港街道共建。',
    });
    expect(c.meta.org).toBe('大港街道');
  });

  it('reads a street after a district neither is in the gazetteer (「××区××街道」), and a town’s county from its opening', async () => {
    const a = await parseReport({
      sourceName: 'a.txt',
      format: 'txt',
      text: '青萝区朝露街道关于2031年度法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(a.meta).toMatchObject({ org: '朝露街道', level: '街道', district: '青萝区' });
    const b = await parseReport({
      sourceName: 'b.txt',
      format: 'txt',
      text: '苇塘镇人民政府关于2031年度法治政府建设情况的报告\n2031年，苇塘镇在岚溪县委、县政府的领导下，扎实推进依法行政。\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(b.meta).toMatchObject({ org: '苇塘镇', level: '镇', district: '岚溪县' });
    // The addressee line: a town reports to its county.
    const b2 = await parseReport({
      sourceName: 'b2.txt',
      format: 'txt',
      text: '苇塘镇人民政府2031年度法治政府建设工作报告\n\n岚溪县人民政府：\n\n2031年，我镇扎实推进依法行政。\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(b2.meta).toMatchObject({ org: '苇塘镇', level: '镇', district: '岚溪县' });
    // An autonomous county the gazetteer lacks, in the sign-off.
    const b3 = await parseReport({
      sourceName: 'b3.txt',
      format: 'txt',
      text: '关于2031年度法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传活动17场。\n\n峦溪瑶族自治县沙岭乡人民政府\n2032年1月12日',
    });
    expect(b3.meta).toMatchObject({ org: '沙岭乡', level: '乡', district: '峦溪瑶族自治县' });
    // A report signed by the town's party committee and its government: the town, not 「中共苇塘镇」.
    const b4 = await parseReport({
      sourceName: 'b4.txt',
      format: 'txt',
      text: '中共苇塘镇委员会 苇塘镇人民政府关于2031年度法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(b4.meta).toMatchObject({ org: '苇塘镇', level: '镇' });
    // A street inside a development zone: the zone is its district, whether the title writes it once or twice.
    const b5 = await parseReport({
      sourceName: 'b5.txt',
      format: 'txt',
      text: '中共苕岚经济技术开发区枫语街道工作委员会 苕岚经济技术开发区枫语街道办事处关于2031年度法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(b5.meta).toMatchObject({ org: '枫语街道', level: '街道', district: '苕岚经济技术开发区' });
    // The addressee line names whom the report goes to, not who writes it: the sign-off does.
    const b6 = await parseReport({
      sourceName: 'b6.txt',
      format: 'txt',
      text: '关于2031年度法治政府建设情况的报告\n苕岚高新区管委会：\n2031年，我街道在管委会的领导下扎实推进依法行政。\n一、主要举措和成效\n开展普法宣传活动17场。\n\n苕岚高新区枫语街道办事处\n2032年1月12日',
    });
    expect(b6.meta).toMatchObject({ org: '枫语街道', level: '街道', district: '苕岚高新区' });
    // 「在区委区政府的领导下」 names no district.
    const c = await parseReport({
      sourceName: 'c.txt',
      format: 'txt',
      text: '苇塘镇人民政府关于2031年度法治政府建设情况的报告\n2031年，苇塘镇在区委区政府的领导下，扎实推进依法行政。\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(c.meta.district).toBeNull();
    // A title without its district; the sign-off writes it before the office's name.
    const d = await parseReport({
      sourceName: 'd.txt',
      format: 'txt',
      text: '朝露街道办事处2031年法治政府建设情况报告\n一、主要举措和成效\n开展普法宣传活动17场。\n\n青萝区朝露街道办事处\n2032年1月12日',
    });
    expect(d.meta).toMatchObject({ org: '朝露街道', district: '青萝区' });
    // A city and its district, neither in the gazetteer: the district is the office.
    const e = await parseReport({
      sourceName: 'e.txt',
      format: 'txt',
      text: '澜沧市青萝区人民政府关于2031年度法治政府建设情况的报告\n一、主要举措和成效\n开展普法宣传活动17场。',
    });
    expect(e.meta).toMatchObject({ org: '青萝区', level: '区', city: '澜沧市' });
  });
});
