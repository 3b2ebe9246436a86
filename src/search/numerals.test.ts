import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/tokenize.ts';
import { numeralFigureWords } from './numerals.ts';

describe('numeralFigureWords', () => {
  it('spells a count in Chinese numerals as the figure words the index holds', () => {
    expect(numeralFigureWords('开了三次会')).toEqual(['3次']);
    expect(numeralFigureWords('十二个社区')).toEqual(['12个']);
    // what a report writes is an index word: 「3次」 is one of 「全年开会3次」's tokens
    expect(tokenize('全年开会3次')).toContain('3次');
  });

  it('counts people with 人, 名 and 位 alike', () => {
    expect(numeralFigureWords('办公室只有两个人')).toEqual(['2人', '2名', '2位']);
    expect(numeralFigureWords('招了五名律师')).toEqual(['5人', '5名', '5位']);
  });

  it('skips digits, approximate counts and questions about a count', () => {
    expect(numeralFigureWords('调解了2起')).toEqual([]);
    expect(numeralFigureWords('两千多件')).toEqual([]);
    expect(numeralFigureWords('有几个街道')).toEqual([]);
  });
});
