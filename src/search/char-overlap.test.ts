import { describe, expect, it } from 'vitest';
import { charOverlap, topicChars } from './char-overlap.ts';

describe('charOverlap', () => {
  it('matches a colloquial question with a compact report word jieba cuts apart (「车…乱停」 ↔ 「乱停车辆」)', () => {
    const [hit, miss] = charOverlap('小区门口车子乱停有人管吗', [
      '开展专项整治，劝离小区门口乱停车辆320辆。',
      '加强物业管理，推动小区业委会规范运行。',
    ]);
    expect(hit).toBeGreaterThan(miss);
    expect(hit).toBeGreaterThan(2 * miss);
  });

  it('scores the best sentence, not characters scattered over the paragraph', () => {
    const [together, scattered] = charOverlap('夜市油烟扰民', [
      '加强执法巡查。整治夜市油烟扰民问题14起。',
      '规范夜市经营。开展油烟检测。受理扰民投诉。',
    ]);
    expect(together).toBeGreaterThan(scattered);
  });

  it('weighs characters by their rarity among the texts given', () => {
    // 「法」 is in three of the four texts, 「桥」 in one: the text holding 「桥」 matches better.
    const [bridge, law] = charOverlap('桥法', ['桥梁维修。', '法治宣传。', '法律顾问。', '学法用法。']);
    expect(bridge).toBeGreaterThan(law);
    expect(law).toBeGreaterThan(0);
  });

  it('leaves the question frame out: a question of frame words only matches nothing', () => {
    expect(topicChars('有没有哪些是什么')).toEqual([]);
    expect(charOverlap('有没有哪些', ['有没有哪些问题。'])).toEqual([0]);
    expect(charOverlap('夜市', [])).toEqual([]);
  });
});
