import { describe, expect, it } from 'vitest';
import { MAX_UNIT_CHARS, fitSentence, splitParagraph, splitSentences } from './split-paragraph.ts';

describe('splitParagraph', () => {
  it('keeps a short paragraph whole', async () => {
    expect(await splitParagraph('全年共立案81起。')).toEqual(['全年共立案81起。']);
  });

  it('cuts a long paragraph at sentence ends; the units join back to the paragraph exactly', async () => {
    const sentence = '开展法治宣传进社区、企业、机关、学校等普法活动50余次，发放宣传资料3000余份。';
    const text = sentence.repeat(20);
    const units = await splitParagraph(text);
    expect(units.length).toBeGreaterThan(1);
    expect(units.join('')).toBe(text);
    for (const u of units) {
      expect(u.length).toBeLessThanOrEqual(MAX_UNIT_CHARS);
      expect(u.endsWith('。')).toBe(true); // punctuation stays with its sentence
    }
  });

  it('survives a huge sentence with no punctuation and never cuts inside a figure', async () => {
    const text = ('调解涉及金额556.79万元涉及群众2023人' + '1,050,500公里').repeat(40);
    const units = await splitParagraph(text);
    expect(units.join('')).toBe(text);
    for (const u of units) {
      expect(u.length).toBeLessThanOrEqual(MAX_UNIT_CHARS);
    }
    for (let i = 1; i < units.length; i++) {
      expect(/[\d.,%]$/.test(units[i - 1]) && /^[\d.,%]/.test(units[i])).toBe(false);
    }
    expect(fitSentence('短句。')).toEqual(['短句。']);
  });

  it('splits sentences keeping closing quotes with them', () => {
    expect(splitSentences('他说：“好。”然后走了！对吗？')).toEqual(['他说：“好。”', '然后走了！', '对吗？']);
  });
});
