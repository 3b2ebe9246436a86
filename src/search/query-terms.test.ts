import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/tokenize.ts';
import { FRAME_WORDS, withoutFrame } from './query-terms.ts';

describe('withoutFrame', () => {
  it('leaves out the words that frame a colloquial question, keeping its topic', () => {
    expect(withoutFrame(tokenize('有没有哪个街道管夜市油烟'))).toEqual(
      tokenize('街道管夜市油烟').filter((t) => t !== '哪个'),
    );
    expect(withoutFrame(tokenize('那种流动摊贩后来怎么处理的'))).not.toContain('后来');
  });

  it('keeps report vocabulary: no frame word is a term a report would be searched by', () => {
    for (const w of ['整改', '问题', '不足', '群众', '执法', '调解']) expect(FRAME_WORDS.has(w)).toBe(false);
  });
});
