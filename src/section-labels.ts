// Chinese names of the report's section kinds, for answers, pages and the page scripts alike (no dependencies,
// so the browser bundles can import it).
export const SECTION_LABELS = {
  overview: '概述',
  measures: '主要举措和成效',
  duty: '第一责任人职责',
  shortcomings: '存在的不足',
  next_steps: '下一步工作',
  other: '其他',
} as const;
