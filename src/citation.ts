// How a report is named wherever it is cited or listed: its office, or — for a report that never names one —
// 「未署名（标题或文件名）」, so several unnamed reports are told apart and never merged under one label.
import type { ReportMeta } from './domain.ts';

type Named = { meta: Pick<ReportMeta, 'org' | 'title'>; sourceName?: string } | (Pick<ReportMeta, 'org' | 'title'> & { sourceName?: string });

export function reportName(r: Named): string {
  const m = 'meta' in r ? r.meta : r;
  if (m.org) return m.org;
  const hint = (r.sourceName || m.title || '').replace(/\.[^.]+$/, '').slice(0, 24);
  return hint ? `未署名（${hint}）` : '未署名报告';
}

/** 「大港街2023年度报告」「未署名（2021年度法治政府建设工作情况的报告）2021年度报告」. */
export function reportLabel(r: Named & { year?: number | null }): string {
  const year = 'meta' in r ? (r.meta as ReportMeta).year : r.year;
  return `${reportName(r)}${year ?? ''}${year ? '年度' : ''}报告`;
}
