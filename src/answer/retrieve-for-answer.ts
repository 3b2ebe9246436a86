// Refusal checks, filters read from the question, and retrieval: shared by the extractive and the LLM answerer.
import type { ReportSummary, SectionKind } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from '../library/corpus.ts';
import { type QueryIntent, readIntent } from '../search/query-intent.ts';
import { type Hit, retrieve } from '../search/retrieve.ts';
import { asksAcross } from './question.ts';
import { refusalFor } from './refusal.ts';
import type { AskRequest } from './types.ts';

/**
 * A year's plans are written in the previous year's report (its 「下一步工作」): 「城西街道2023年的工作思路」,
 * with no 2023 report in the library but a 2022 one, is asked of the 2022 report — and the answer says so.
 */
function planYear(question: string, intent: QueryIntent, reports: ReportSummary[], filters?: AskRequest['filters']) {
  const asksPlans = intent.sections[0] === 'next_steps' || (!intent.sections.length && /准备|打算|计划|要做/.test(question));
  if (!asksPlans || intent.years.length !== 1 || filters?.year !== undefined) return null;
  const year = intent.years[0];
  const orgs = filters?.org ? [orgKey(filters.org)] : intent.orgKeys;
  const scope = orgs.length ? reports.filter((r) => r.meta.org && orgs.includes(orgKey(r.meta.org))) : reports;
  if (scope.some((r) => r.meta.year === year) || !scope.some((r) => r.meta.year === year - 1)) return null;
  return {
    // Named as the section it is, so retrieval and the answer go to 「下一步工作」.
    question: `${question.replace(String(year), String(year - 1))}${intent.sections.length ? '' : '（下一步工作）'}`,
    intent: { ...intent, years: [year - 1], sections: intent.sections.length ? intent.sections : (['next_steps'] as SectionKind[]) },
    note: `${year}年的工作打算写在${year - 1}年度报告的「下一步工作」中。`,
  };
}

export async function retrieveForAnswer(lib: Corpus, req: AskRequest & { resolvedQuestion?: string }) {
  const reports = await lib.store.listReports();
  const orgNames = [...new Set(reports.map((r) => r.meta.org).filter((o): o is string => !!o))];
  const asked = req.resolvedQuestion ?? req.question;
  const askedIntent = readIntent(asked, orgNames);
  const plan = planYear(asked, askedIntent, reports, req.filters);
  const question = plan?.question ?? asked;
  const intent = plan?.intent ?? askedIntent;
  const note = plan?.note ?? null;
  const refusal = refusalFor(question, intent, reports, req.filters);
  if (refusal) return { question, reports, orgNames, intent, refusal, hits: [] as Hit[], filters: {}, across: false, note };
  const filters = { ...req.filters };
  if (!filters.org && intent.orgKeys.length === 1) filters.org = intent.orgKeys[0];
  const orgYears = reports.filter((r) => !filters.org || (r.meta.org && orgKey(r.meta.org) === orgKey(filters.org))).map((r) => r.meta.year);
  if (filters.year === undefined && intent.years.length === 1 && orgYears.includes(intent.years[0])) filters.year = intent.years[0];
  const across = asksAcross(question) || intent.orgKeys.length > 1;
  const { hits } = await retrieve(lib, question, { topK: across ? 16 : Math.max(req.topK ?? 8, 8), filters });
  return { question, reports, orgNames, intent, refusal: null, hits, filters, across, note };
}
