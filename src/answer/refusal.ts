// Honest refusals: an office, year or report part the library does not hold is named as missing, with what
// the library does hold and the nearest names.
import { SECTION_LABELS, type ReportSummary } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { QuestionAnalysis } from '../question/analyze.ts';
import { reportName } from '../citation.ts';
import type { Answer } from './types.ts';

const EMPTY_VERIFICATION = {
  uncitedSentences: [],
  unsupportedNumbers: [],
  badMarkers: [],
  yearNotes: [],
  ok: true,
};
const MAX_LISTED = 5;

/** 「库中现有：大港街2023年度、金桥街2022年度……」 (a long library is summarised, not listed whole). */
export function libraryCoverage(reports: ReportSummary[], org?: string): string {
  const of = org ? reports.filter((r) => r.meta.org && orgKey(r.meta.org) === orgKey(org)) : reports;
  if (!reports.length) return '报告库目前是空的，请先导入报告。';
  if (org && of.length) {
    // Same-named offices in several districts: each with its district and its own years.
    const districts = [...new Set(of.map((r) => r.meta.district))];
    if (districts.length > 1) {
      const each = districts.map(
        (d) =>
          `${of[0].meta.org}（${d ?? '区县不明'}）${of
            .filter((r) => r.meta.district === d)
            .map((r) => r.meta.year ?? '年份不明')
            .join('、')}年度`,
      );
      return `库中${of[0].meta.org}有：${each.join('；')}的报告。`;
    }
    return `库中${of[0].meta.org}只有${[...new Set(of.map((r) => r.meta.year ?? '年份不明'))].join('、')}年度的报告。`;
  }
  const list = reports
    .slice(0, MAX_LISTED)
    .map((r) => `${reportName(r)}${r.meta.year ?? ''}${r.meta.year ? '年度' : ''}`)
    .join('、');
  const more = reports.length > MAX_LISTED ? `等 ${reports.length} 份` : '';
  return `库中现有：${list}${more}的报告。`;
}

type Refusal = Pick<Answer, 'answer' | 'answerable' | 'citations' | 'verification'>;

export const refuse = (answer: string): Refusal => ({
  answer,
  answerable: false,
  citations: [],
  verification: EMPTY_VERIFICATION,
});

/** Parts a question asks about as a whole (not a figure inside them) that a report may lack. */
const WHOLE_PARTS = new Set(['shortcomings', 'next_steps', 'duty']);

/** A refusal when the question names an office, year or part the library lacks; null when it may be answerable. */
export function refusalFor(
  intent: QuestionAnalysis,
  reports: ReportSummary[],
  filters?: { org?: string; year?: number },
): Refusal | null {
  if (!reports.length) return refuse('报告库目前是空的，请先导入报告。');
  if (intent.unknownOffices.length && !intent.offices.length && !filters?.org) {
    const near = [...new Set(intent.unknownOffices.flatMap((u) => u.nearest))];
    const hint = near.length
      ? `库中名称相近的单位有：${near.slice(0, 3).join('、')}。`
      : libraryCoverage(reports);
    return refuse(`未找到${intent.unknownOffices.map((u) => u.mention).join('')}的报告。${hint}`);
  }
  const named = intent.offices.flatMap((m) => m.offices);
  const scope = filters?.org
    ? reports.filter((r) => r.meta.org && orgKey(r.meta.org) === orgKey(filters.org!))
    : named.length
      ? named.flatMap((o) => o.reports)
      : reports;
  if (filters?.org && !scope.length) return refuse(`未找到${filters.org}的报告。${libraryCoverage(reports)}`);
  const years = filters?.year !== undefined ? [filters.year] : intent.years;
  const sameName = named.length > 0 && named.every((o) => o.org === named[0].org);
  const who =
    filters?.org ??
    (sameName
      ? named.length === 1 && named[0].district && intent.districts.includes(named[0].district)
        ? `${named[0].district}${named[0].org}`
        : named[0].org
      : '');
  if (years.length && !scope.some((r) => r.meta.year !== null && years.includes(r.meta.year))) {
    const of = sameName ? named.flatMap((o) => o.reports) : [];
    return refuse(
      `未找到${who}${years.join('、')}年度的报告。${of.length ? libraryCoverage(of, named[0].org) : libraryCoverage(reports, filters?.org)}`,
    );
  }
  // 「和平镇有哪些不足」 of a report without that part: say so, never answer from another office's.
  const part = intent.sections[0];
  if (
    part &&
    WHOLE_PARTS.has(part) &&
    (named.length || filters?.org) &&
    !intent.asked.length &&
    !intent.wantsFigure
  ) {
    const inYears = years.length
      ? scope.filter((r) => r.meta.year !== null && years.includes(r.meta.year))
      : scope;
    const has = inYears.filter((r) => r.sections.some((s) => s.kind === part && s.paragraphCount > 0));
    if (inYears.length && !has.length) {
      const what = inYears
        .map((r) => `${reportName(r)}${r.meta.year ? `${r.meta.year}年度` : ''}`)
        .join('、');
      return refuse(`${what}报告中没有「${SECTION_LABELS[part]}」部分，未找到相关内容。`);
    }
  }
  return null;
}
