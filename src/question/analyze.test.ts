import { describe, expect, it } from 'vitest';
import type { OfficeLevel, ReportSummary } from '../domain.ts';
import { analyzeQuestion } from './analyze.ts';
import { askedKinds, statesKind } from './asked-kind.ts';
import { resolveFollowUp } from './follow-up.ts';
import { askedYears } from './years.ts';

let n = 0;
const report = (
  org: string | null,
  year: number,
  level: OfficeLevel | null,
  district: string | null = null,
  sections: string[] = ['measures', 'shortcomings', 'next_steps'],
): ReportSummary => ({
  id: `r${++n}`,
  sourceName: `${org ?? '无名'}-${year}.txt`,
  format: 'txt',
  contentHash: String(n),
  meta: {
    title: `${org ?? ''}${year}年法治政府建设情况报告`,
    org,
    level,
    district,
    city: null,
    year,
    orgSource: org ? 'title' : null,
    signoff: null,
  },
  sections: sections.map((kind) => ({ kind: kind as never, heading: kind, paragraphCount: 3 })),
  paragraphCount: 9,
  ingestedAt: '',
});

const library = [
  report('大港街', 2023, '街道', '滨海新区'),
  report('西于庄街道', 2024, '街道'),
  report('和西街道', 2023, '街道', '某某区'),
  report('和平街道', 2023, '街道', '泉山区'),
  report('和平镇', 2023, '镇', '长兴县', ['measures', 'next_steps']),
  report('城关镇', 2022, '镇', '竹山县'),
  report('城关镇', 2022, '镇', '石泉县'),
  report('松阳县', 2024, '县', '松阳县'),
  report('郫都区市场监督管理局', 2022, '部门', '郫都区'),
  report('岩溪彝族乡', 2021, '乡', '黛川县'),
  report('棠川市城市管理和综合行政执法局', 2024, '部门', '棠川市'),
];
const today = new Date('2026-06-01T12:00:00');
const analyze = (q: string) => analyzeQuestion(q, library, { today });
const named = (q: string) =>
  analyze(q).offices.map((m) => m.offices.map((o) => `${o.district ?? ''}${o.org}`).join('|'));

describe('offices a question names', () => {
  it('longest match without false substrings: 「2023年和西于庄街道」 is 西于庄街道, not 和西街道', () => {
    expect(named('大港街2023年和西于庄街道2024年的行政处罚分别多少')).toEqual([
      '滨海新区大港街',
      '西于庄街道',
    ]);
  });

  it('short and bare names, department short names, bare county names', () => {
    expect(named('西于庄去年罚了多少钱')).toEqual(['西于庄街道']);
    expect(named('郫都市场监管局罚没了多少')).toEqual(['郫都区郫都区市场监督管理局']);
    expect(named('郫都区市监局持证执法人员多少')).toEqual(['郫都区郫都区市场监督管理局']);
    // An ethnic township by its place name; a department whose name writes 「和」 by the data file's short names.
    expect(named('岩溪乡培育了多少法律明白人')).toEqual(['黛川县岩溪彝族乡']);
    expect(named('棠川市城管执法局公开了多少信息')).toEqual(['棠川市棠川市城市管理和综合行政执法局']);
  });

  it('和平镇 is not 和平街道, and a 镇 the library lacks is not answered from a similar one', () => {
    expect(named('和平镇23年普法几场')).toEqual(['长兴县和平镇']);
    const a = analyze('和平乡23年普法几场');
    expect(a.offices).toEqual([]);
    expect(a.unknownOffices.map((u) => u.mention)).toEqual(['和平乡']);
  });

  it('a district written before the name picks one of two same-named offices, or names one the library lacks', () => {
    expect(named('石泉城关镇调解了多少纠纷')).toEqual(['石泉县城关镇']);
    expect(named('竹山县城关镇调解了多少纠纷')).toEqual(['竹山县城关镇']);
    expect(named('城关镇调解了多少纠纷')).toEqual(['竹山县城关镇|石泉县城关镇']);
    const a = analyze('房县城关镇22年执法罚款多少');
    expect(a.offices).toEqual([]);
    expect(a.unknownOffices[0].mention).toBe('房县城关镇');
  });

  it('a district asked about as the subject is its own office (refused), as a prefix it narrows', () => {
    expect(analyze('北京市朝阳区2023年行政复议收了多少件').unknownOffices[0].mention).toContain('朝阳区');
    expect(named('滨海新区大港街行政处罚多少起')).toEqual(['滨海新区大港街']);
  });

  it('a typo within one character is read as the office and said so', () => {
    const a = analyze('松扬县罚没款多少');
    expect(a.offices[0].offices[0].org).toBe('松阳县');
    expect(a.readings).toContain('「松扬县」按「松阳县」理解');
    expect(analyze('西于庄街到今年有什么打算').offices[0].offices[0].org).toBe('西于庄街道');
  });

  it('scopes retrieval to the reports of the office and year named', () => {
    const a = analyze('大港街2023年公开了多少条');
    expect(a.documentIds).toEqual([library[0].id]);
    expect(analyze('2022年两份报告各有哪些不足').documentIds).toEqual([
      library[5].id,
      library[6].id,
      library[8].id,
    ]);
    expect(analyze('法律明白人怎么培养').documentIds).toBeNull();
  });
});

describe('years', () => {
  it('reads 23年, 今年/去年/前年 against today, and says how', () => {
    expect(askedYears('23年罚了多少', today)).toEqual({ years: [2023], notes: ['「23年」按2023年理解'] });
    expect(askedYears('去年罚了多少', today)).toEqual({ years: [2025], notes: ['「去年」按2025年理解'] });
    expect(askedYears('前年呢', today).years).toEqual([2024]);
    expect(askedYears('近5年来', today).years).toEqual([]);
    expect(askedYears('30年以来', today).years).toEqual([]);
  });
});

describe('the kind of figure asked', () => {
  const kinds = (q: string) => askedKinds(q).map((k) => k.kind);
  it('money, people, cases, times, rate, items — by measure word first, then by noun', () => {
    expect(kinds('法律顾问费用是多少钱')).toEqual(['money']);
    expect(kinds('帮商户减免了多少租金')).toEqual(['money']);
    expect(kinds('有多少名执法人员')).toEqual(['people']);
    expect(kinds('执法证的人一共多少个')).toEqual(['people']);
    expect(kinds('培养了多少个法律明白人')).toEqual(['people']);
    expect(kinds('建了多少个调解室')).toEqual(['items']);
    expect(kinds('调解了多少起，涉及金额多少')).toEqual(['cases', 'money']);
    expect(kinds('开展普法活动几场')).toEqual(['times']);
    expect(kinds('办结率是多少')).toEqual(['rate']);
    expect(kinds('工作思路有哪几条')).toEqual([]);
  });

  it('a figure of another kind, or money of another kind, does not answer', () => {
    const money = askedKinds('法律顾问费用是多少钱')[0];
    expect(statesKind('参与处理重大疑难涉法实务10多起', money)).toBe(false);
    const spent = askedKinds('法律援助花了多少经费')[0];
    expect(statesKind('办理法律援助案件612件，为受援人挽回经济损失1260万元', spent)).toBe(false);
    expect(statesKind('落实法律援助经费12万元', spent)).toBe(true);
    const people = askedKinds('有多少名执法人员')[0];
    expect(statesKind('组织执法人员培训2次', people)).toBe(false);
    expect(statesKind('持证执法人员24名', people)).toBe(true);
  });
});

describe('follow-ups', () => {
  it('switch the office and keep the topic; a carried year the new office lacks becomes the one it has', () => {
    const prev = analyze('大港街2023年行政处罚多少起');
    const next = resolveFollowUp('那西于庄街道呢？', analyze('那西于庄街道呢？'), prev);
    expect(next.question).toBe('西于庄街道2024年行政处罚多少起');
    expect(next.note).toBe('西于庄街道没有2023年度的报告，以下按其2024年度报告回答。');
    expect(resolveFollowUp('2022年呢', analyze('2022年呢'), prev).question).toBe(
      '大港街2022年行政处罚多少起',
    );
    expect(resolveFollowUp('法律明白人有多少', analyze('法律明白人有多少'), prev).question).toBe(
      '法律明白人有多少',
    );
  });
});
