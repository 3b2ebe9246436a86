import { describe, expect, it } from 'vitest';
import { isEnumeratedLine, isStandaloneHeading, parseEnumerator } from './headings.ts';
import { pointStarts as splitPointStarts } from './split-paragraph.ts';

describe('parseEnumerator', () => {
  it.each([
    ['一、主要举措和成效', 'cn-dun', '主要举措和成效'],
    ['（一）强化组织领导', 'paren-cn', '强化组织领导'],
    ['(一) 法治政府建设工作的宣传力度不够', 'paren-cn', '法治政府建设工作的宣传力度不够'],
    ['1、主要举措及成效', 'arabic-dun', '主要举措及成效'],
    ['1.提供组织保障。', 'arabic-dot', '提供组织保障。'],
    ['10. 信访稳定局面总体可控。', 'arabic-dot', '信访稳定局面总体可控。'],
    ['（1）带头深入学习贯彻习近平法治思想', 'paren-arabic', '带头深入学习贯彻习近平法治思想'],
    ['## 存在的不足', 'markdown', '存在的不足'],
  ])('%s', (line, style, rest) => {
    expect(parseEnumerator(line)).toMatchObject({ style, rest });
  });

  it('does not take figures and dates for numbering', () => {
    expect(parseEnumerator('2023年，大港街……')).toBeNull();
    expect(parseEnumerator('12.4宪法宣传日')).toBeNull();
    expect(parseEnumerator('99.25%的事件已办结')).toBeNull();
  });

  it('knows 「一是」 starts a point but is no heading style', () => {
    expect(isEnumeratedLine('一是强化组织领导。')).toBe(true);
    expect(parseEnumerator('一是强化组织领导。')).toBeNull();
  });

  it('tells a heading line from a numbered paragraph', () => {
    expect(isStandaloneHeading('强化组织领导，有序推进法治政府建设进程')).toBe(true);
    expect(isStandaloneHeading('加强学法守法，不断增强法治意识。深入开展法治宣传教育。')).toBe(false);
  });
});

describe('points inside a paragraph', () => {
  it('finds 「二是」「三是」 after sentence ends, never at the start', () => {
    const text =
      '一是政务公开手段较为单一；二是综合行政执法队伍建设还有待提高。三是重大项目决策中，法律风险审查运用不够。';
    const starts = splitPointStarts(text);
    expect(starts.map((i) => text.slice(i, i + 2))).toEqual(['二是', '三是']);
  });
  it('ignores 「是」 phrases that are not points (「这一是非」)', () => {
    expect(splitPointStarts('对此要明辨是非，统一是关键。')).toEqual([]);
  });
});
