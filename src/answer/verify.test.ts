import { describe, expect, it } from 'vitest';
import { extractFigures, figureIn } from './figures.ts';
import type { Citation } from './types.ts';
import { verifyAnswer } from './verify.ts';

const cite = (text: string, year = 2023, n = 1): Citation => ({
  n, paragraphId: `p${n}`, documentId: 'd', title: 't', org: '大港街', year, section: 'measures', heading: null, text, quote: { start: 0, end: text.length }, score: 1,
});

describe('figures', () => {
  it('normalises 万/亿, full-width digits, thousands separators and spaces', () => {
    expect(extractFigures('调解涉及金额556.79万元')[0]).toMatchObject({ value: 5567900, unit: '元' });
    expect(figureIn(extractFigures('３万份')[0], '发放宣传资料30000份')).toBe(true);
    expect(figureIn(extractFigures('32,000余份')[0], '发放宣传资料32000余份')).toBe(true);
    expect(figureIn(extractFigures('81 人')[0], '全办共四级网格员81人')).toBe(true);
    expect(figureIn(extractFigures('99.25%')[0], '事件办结率99.25%')).toBe(true);
    expect(figureIn(extractFigures('81起')[0], '全办共四级网格员81人')).toBe(false);
  });
});

describe('verifyAnswer', () => {
  it('passes a cited, supported answer; the report year in the framing is not a claim', () => {
    const v = verifyAnswer('根据大港街2023年度报告，公开行政处罚55条[1]。', [cite('截至目前，公开行政处罚55条。')]);
    expect(v).toMatchObject({ ok: true, uncitedSentences: [], unsupportedNumbers: [], badMarkers: [] });
  });

  it('flags an uncited sentence, a marker with no citation, and a figure not in the cited source', () => {
    const v = verifyAnswer('公开行政处罚55条[1]。另外还有很多成绩。罚款66万元[1]。调解770起[3]。', [cite('公开行政处罚55条，罚款6610元。')]);
    expect(v.ok).toBe(false);
    expect(v.uncitedSentences).toContain('另外还有很多成绩。');
    expect(v.unsupportedNumbers.map((u) => u.number)).toEqual(['66万元', '770起']);
    expect(v.badMarkers).toEqual([3]);
  });

  it('flags a sentence whose words are not in what it cites', () => {
    const v = verifyAnswer('大港街建成了智慧城西APP[1]。', [cite('公开行政处罚55条。')]);
    expect(v.uncitedSentences).toHaveLength(1);
  });

  it('notes a figure quoted from another year than the one asked', () => {
    const v = verifyAnswer('公开行政处罚55条[1]。', [cite('公开行政处罚55条。', 2023)], { askedYears: [2024] });
    expect(v.yearNotes[0]).toContain('2023年度报告');
  });
});
