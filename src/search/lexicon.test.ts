import { describe, expect, it } from 'vitest';
import { defaultLexicon, expandQuery, saysWord, sectionIntent } from './lexicon.ts';

describe('domain lexicon', () => {
  it('maps staff wording to report wording', () => {
    expect(expandQuery('老百姓对法治的认识')).toEqual(expect.arrayContaining(['群众', '居民']));
    expect(expandQuery('打官司的案子有几起')).toEqual(expect.arrayContaining(['行政诉讼', '出庭应诉']));
    expect(expandQuery('有哪些短板')).toEqual(expect.arrayContaining(['不足', '问题']));
    expect(expandQuery('下一步怎么干')).toEqual(
      expect.arrayContaining(['下步', '工作计划', '工作思路', '工作安排']),
    );
    expect(expandQuery('城管罚款多少钱')).toEqual(expect.arrayContaining(['综合执法', '行政处罚']));
    expect(expandQuery('修路这种大事怎么拍板')).toEqual(expect.arrayContaining(['道路修整', '集体研究']));
    expect(expandQuery('逢集的时候')).toEqual(expect.arrayContaining(['集市', '赶集']));
    expect(expandQuery('开公司要几天')).toEqual(expect.arrayContaining(['企业开办']));
  });

  it('knows colloquial names of common report topics (abbreviations, people, places, offences)', () => {
    expect(expandQuery('医疗保险报销的事')).toContain('医保');
    expect(expandQuery('外出打工的人拿不到工钱')).toEqual(expect.arrayContaining(['务工', '欠薪']));
    expect(expandQuery('在手机上能不能办')).toEqual(expect.arrayContaining(['微信', 'APP']));
    expect(expandQuery('河边有人偷偷挖沙')).toContain('采砂');
    expect(expandQuery('老楼没有电梯')).toContain('老旧小区');
  });

  it('hears a short word split by an aspect particle or a count (离合词), not by any other character', () => {
    expect(expandQuery('那边开一家公司要花几天')).toEqual(expect.arrayContaining(['企业开办']));
    expect(expandQuery('专项整治开过几次会')).toEqual(expect.arrayContaining(['召开会议']));
    expect(saysWord('罚了多少钱', '罚钱')).toBe(true);
    expect(saysWord('开放的公司', '开公司')).toBe(false);
    expect(saysWord('罚款', '罚钱')).toBe(false);
  });

  it('does not repeat words already in the question, and adds nothing to unrelated text', () => {
    expect(expandQuery('群众')).not.toContain('群众');
    expect(expandQuery('今天天气怎么样')).toEqual([]);
  });

  it('reads which section a question points at', () => {
    expect(sectionIntent('大港街存在哪些不足')[0]).toBe('shortcomings');
    expect(sectionIntent('西于庄明年有什么打算')[0]).toBe('next_steps');
    expect(sectionIntent('一把手履行了哪些职责')[0]).toBe('duty');
    expect(sectionIntent('金桥街采取了哪些举措')[0]).toBe('measures');
    expect(sectionIntent('公开行政处罚多少条')).toEqual([]);
  });

  it('is data: every group has at least two distinct words and every cue list is non-empty', () => {
    for (const g of defaultLexicon.groups) expect(new Set(g).size).toBeGreaterThanOrEqual(2);
    for (const cues of Object.values(defaultLexicon.sectionCues)) expect(cues.length).toBeGreaterThan(0);
  });
});
