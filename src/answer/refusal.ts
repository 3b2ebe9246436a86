// Honest refusals: a street or year the library does not hold is named as missing, with what the library does hold.
import type { ReportSummary } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { QueryIntent } from '../search/query-intent.ts';
import type { Answer } from './types.ts';

const EMPTY_VERIFICATION = { uncitedSentences: [], unsupportedNumbers: [], badMarkers: [], yearNotes: [], ok: true };

/** 「库中现有：大港街2023年度、金桥街2022年度……」 */
export function libraryCoverage(reports: ReportSummary[], org?: string): string {
  const of = org ? reports.filter((r) => r.meta.org && orgKey(r.meta.org) === orgKey(org)) : reports;
  if (!reports.length) return '报告库目前是空的，请先导入报告。';
  if (org && of.length) return `库中${of[0].meta.org}只有${of.map((r) => r.meta.year ?? '年份不明').join('、')}年度的报告。`;
  const list = reports.map((r) => `${r.meta.org ?? '未署名街道'}${r.meta.year ?? ''}${r.meta.year ? '年度' : ''}`).join('、');
  return `库中现有：${list}的报告。`;
}

type Refusal = Pick<Answer, 'answer' | 'answerable' | 'citations' | 'verification'>;

const refuse = (answer: string): Refusal => ({ answer, answerable: false, citations: [], verification: EMPTY_VERIFICATION });

/** A refusal when the question names a street or year the library lacks; null when it may be answerable. */
export function refusalFor(question: string, intent: QueryIntent, reports: ReportSummary[], filters?: { org?: string; year?: number }): Refusal | null {
  if (!reports.length) return refuse('报告库目前是空的，请先导入报告。');
  if (intent.unknownOrgs.length && !intent.orgKeys.length && !filters?.org) {
    return refuse(`未找到${intent.unknownOrgs.join('、')}的报告。${libraryCoverage(reports)}`);
  }
  const orgs = filters?.org ? [orgKey(filters.org)] : intent.orgKeys;
  const years = filters?.year !== undefined ? [filters.year] : intent.years;
  const scope = orgs.length ? reports.filter((r) => r.meta.org && orgs.includes(orgKey(r.meta.org))) : reports;
  if (filters?.org && !scope.length) return refuse(`未找到${filters.org}的报告。${libraryCoverage(reports)}`);
  if (years.length && !scope.some((r) => r.meta.year !== null && years.includes(r.meta.year))) {
    const who = orgs.length ? scope[0]?.meta.org ?? orgs[0] : '';
    return refuse(`未找到${who}${years.join('、')}年度的报告。${libraryCoverage(reports, orgs.length === 1 ? who : undefined)}`);
  }
  return null;
}
