import { describe, expect, it } from 'vitest';
import { extractFigures, figureIn } from './figures.ts';

const supports = (answer: string, source: string) => figureIn(extractFigures(answer)[0], source);

describe('figures written as a bound', () => {
  it('「逾」「超过」「余」「以上」: the source is above, within a step of the last written digit (or a tenth)', () => {
    expect(supports('逾1400万元', '挽回经济损失1420万元')).toBe(true);
    expect(supports('超过2000万元', '罚没款2136万元')).toBe(true);
    expect(supports('3万余份', '发放资料3.2万份')).toBe(true);
    expect(supports('三万余份', '发放资料32000份')).toBe(true);
    expect(supports('97%以上', '调解成功率97.6%')).toBe(true);
    expect(supports('超过5500人次', '参与居民5600余人次')).toBe(true);
    expect(supports('640余家次', '检查640余家次')).toBe(true);
  });
  it('never below the bound, and never far above it', () => {
    expect(supports('超过2000万元', '罚没款1950万元')).toBe(false);
    expect(supports('超过2000万元', '罚没款5000万元')).toBe(false);
    expect(supports('超过97%', '调解成功率96.8%')).toBe(false);
    expect(supports('3万余份', '发放资料2.9万份')).toBe(false);
  });
  it('「不足」「不到」: the source is below', () => {
    expect(supports('不足300人', '共有286人')).toBe(true);
    expect(supports('不足300人', '共有310人')).toBe(false);
  });
  it('a figure written plainly is still exact', () => {
    expect(supports('1400万元', '挽回经济损失1420万元')).toBe(false);
    expect(supports('1420万元', '挽回经济损失1420万元')).toBe(true);
  });
});
