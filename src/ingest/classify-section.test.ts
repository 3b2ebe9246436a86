import { describe, expect, it } from 'vitest';
import { classifySection } from './classify-section.ts';

describe('classifySection', () => {
  // Every top-level heading of the five seed reports, and the variants staff meet elsewhere.
  const cases: [string, string][] = [
    ['主要举措和成效', 'measures'],
    ['主要举措及成效', 'measures'],
    ['主要举措', 'measures'],
    ['2021年工作开展情况', 'measures'],
    ['工作主要成效', 'measures'],
    ['党政主要负责人推进法治建设第一责任人职责', 'duty'],
    ['履行推进法治建设第一责任人职责情况', 'duty'],
    ['存在的问题和不足', 'shortcomings'],
    ['存在的不足和原因', 'shortcomings'],
    ['法治政府建设中的不足及原因', 'shortcomings'],
    ['不足及原因', 'shortcomings'],
    ['存在问题及原因', 'shortcomings'],
    ['存在的短板和差距', 'shortcomings'],
    ['下步工作措施', 'next_steps'],
    ['下一步工作举措', 'next_steps'],
    ['下一步工作打算', 'next_steps'],
    ['下一年度主要工作安排', 'next_steps'],
    ['2022年工作计划', 'next_steps'],
    ['2023年推进法治政府建设的工作思路', 'next_steps'],
    ['今后工作打算', 'next_steps'],
    ['2025年工作重点', 'next_steps'],
  ];
  it.each(cases)('「%s」→ %s', (heading, kind) => {
    expect(classifySection(heading)).toBe(kind);
  });

  it('returns null for headings that name no section', () => {
    expect(classifySection('强化组织领导，有序推进法治政府建设进程')).toBeNull();
    expect(classifySection('数字法治政府建设提档增速')).toBeNull();
  });
});
