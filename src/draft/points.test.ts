import { describe, expect, it } from 'vitest';
import type { Paragraph, ReportSummary } from '../domain.ts';
import { splitPoints } from './points.ts';
import { scoreThemes, themesForFocus } from './themes.ts';
import { splitShortcomings } from './shortcoming-items.ts';

const report = {
  id: 'r1',
  meta: { title: 't', org: '城西街道', district: null, year: 2022 },
} as ReportSummary;
const para = (text: string, heading: string, path = [heading]): Paragraph => ({
  id: 'p1',
  documentId: 'r1',
  ordinal: 1,
  section: 'shortcomings',
  sectionPath: path,
  heading,
  text,
});

describe('splitPoints', () => {
  it('splits 「一是……二是……三是」 inside one paragraph, each with its label and offsets into the paragraph', () => {
    const text =
      '一是政务公开手段较为单一，只是在政府网上，宣传栏中进行了政务公开，对上网少的居民知晓度低；二是综合行政执法队伍建设还有待提高，主要是人员配置、执法服装、执法设备等，主要原因是具有执法资格人员较少，经费紧张。三是重大项目决策中，法律风险审查运用不够。主要原因是没有充分发挥法律顾问作用。';
    const pts = splitPoints(
      para(text, '二、法治政府建设中的不足及原因'),
      report,
      '二、法治政府建设中的不足及原因',
    );
    expect(pts.map((p) => p.label)).toEqual([
      '政务公开手段较为单一',
      '综合行政执法队伍建设还有待提高',
      '重大项目决策中，法律风险审查运用不够',
    ]);
    for (const p of pts) {
      expect(text.slice(p.labelSpan!.start, p.labelSpan!.end)).toContain(p.label);
      for (const b of p.body) expect(text.slice(b.start, b.end)).toBe(b.text);
    }
    expect(pts[2].body.map((b) => b.text)).toEqual(['主要原因是没有充分发挥法律顾问作用。']);
  });

  it('takes a sub-heading as the label of the paragraph under it, and skips intros and closings', () => {
    const sub = splitPoints(
      para('街道机关部分工作人员对法治政府建设内容理解不透彻。', '(一) 法治政府建设工作的宣传力度不够', [
        '三、存在的不足',
        '(一) 法治政府建设工作的宣传力度不够',
      ]),
      report,
      '三、存在的不足',
    );
    expect(sub).toHaveLength(1);
    expect(sub[0]).toMatchObject({ label: '法治政府建设工作的宣传力度不够', labelSpan: null });
    expect(
      splitPoints(
        para('与群众期望相比，仍存在一定差距。主要表现在：', '三、存在的不足'),
        report,
        '三、存在的不足',
      ),
    ).toEqual([]);
    expect(
      splitPoints(
        para('在今后工作中我街将继续以示范区为引领，不断提升依法行政水平。', '（五）完善机制', [
          '四、下一步',
          '（五）完善机制',
        ]),
        report,
        '四、下一步',
      ),
    ).toEqual([]);
  });
});

describe('themes', () => {
  it.each([
    ['学用转化还有不足', '街道党员干部虽然能够按时完成学法用法平台相关学习及考试', 'study'],
    ['法治专业人员欠缺', '目前我街政法工作的专业人员较少且多为兼职', 'talent'],
    ['普法形式较为单一', '在开展普法宣传活动时更多通过传统线下方式', 'publicity'],
    ['政务公开手段较为单一', '只是在政府网上，宣传栏中进行了政务公开', 'openness'],
    ['基层民主法治建设任重道远', '社区自治居民参与度不高', 'grassroots'],
    ['持续优化营商法治环境', '以优化营商环境工作为基础，充分利用网络、新媒体等渠道', 'business'],
  ])('「%s」 is about %s', (label, body, key) => {
    expect(scoreThemes(label, body)[0].key).toBe(key);
  });

  it('reads a focus by theme name or by its words', () => {
    expect(themesForFocus('执法规范化')).toEqual(['enforcement']);
    expect(themesForFocus('普法')).toContain('publicity');
    expect(themesForFocus('天气')).toEqual([]);
  });
});

describe('splitShortcomings (pasted by the author)', () => {
  it('splits 「一是……二是……」 and one-per-line lists into labelled, themed items', () => {
    const a = splitShortcomings('一是普法形式较为单一，群众参与度低。二是执法人员业务能力不足。');
    expect(a.map((i) => [i.label, i.theme])).toEqual([
      ['普法形式较为单一，群众参与度低', 'publicity'],
      ['执法人员业务能力不足', 'talent'],
    ]);
    const b = splitShortcomings('政务公开渠道单一\n\n矛盾纠纷化解机制不健全\n');
    expect(b.map((i) => i.theme)).toEqual(['openness', 'disputes']);
    expect(splitShortcomings('。。。')).toEqual([]);
  });
});
