// Refusal checks and retrieval from the one question analysis: shared by the extractive and the LLM answerer.
import type { ReportSummary, SectionKind } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from '../library/corpus.ts';
import { type QuestionAnalysis, analyzeQuestion, asksPlans } from '../question/analyze.ts';
import { type Hit, retrieve } from '../search/retrieve.ts';
import { refusalFor } from './refusal.ts';
import type { AskRequest } from './types.ts';

/** What the ask use case hands an answerer: the question resolved from its conversation, analysed once. */
export type AnswerInput = AskRequest & {
  resolvedQuestion?: string;
  analysis?: QuestionAnalysis;
  reports?: ReportSummary[];
  /** Said before the answer (a follow-up's changed year, how 「去年」 was read). */
  notes?: string[];
};

/** Reports in the analysis' scope or the request's filters. */
function scopeOf(intent: QuestionAnalysis, reports: ReportSummary[], filters?: AskRequest['filters']) {
  if (filters?.org) return reports.filter((r) => r.meta.org && orgKey(r.meta.org) === orgKey(filters.org!));
  const named = new Set(intent.offices.flatMap((m) => m.offices.flatMap((o) => o.reports.map((r) => r.id))));
  return named.size ? reports.filter((r) => named.has(r.id)) : reports;
}

/**
 * A year's plans are written in the previous year's report (its 「下一步工作」): 「城西街道2023年的工作思路」,
 * with no 2023 report in the library but a 2022 one, is asked of the 2022 report — and the answer says so.
 */
function planYear(intent: QuestionAnalysis, reports: ReportSummary[], filters?: AskRequest['filters']) {
  const question = intent.question;
  if (!asksPlans(intent) || intent.years.length !== 1 || filters?.year !== undefined) return null;
  const year = intent.years[0];
  const scope = scopeOf(intent, reports, filters);
  if (scope.some((r) => r.meta.year === year)) return null;
  const previous = scope.filter((r) => r.meta.year === year - 1);
  if (!previous.length) return null;
  const sections: SectionKind[] = intent.sections.length ? intent.sections : ['next_steps'];
  return {
    // Named as the section it is, so retrieval and the answer go to 「下一步工作」.
    intent: {
      ...intent,
      question: `${question.replace(String(year), String(year - 1))}${intent.sections.length ? '' : '（下一步工作）'}`,
      years: [year - 1],
      sections,
      documentIds: intent.documentIds ? previous.map((r) => r.id) : null,
    },
    note: `${year}年的工作打算写在${year - 1}年度报告的「下一步工作」中。`,
  };
}

/** What an answerer works from: the question as read, refused or retrieved once per request. */
export type AnswerContext = Awaited<ReturnType<typeof retrieveForAnswer>>;

export async function retrieveForAnswer(lib: Corpus, req: AnswerInput) {
  const reports = req.reports ?? (await lib.store.listReports());
  const orgNames = [...new Set(reports.map((r) => r.meta.org).filter((o): o is string => !!o))];
  const askedIntent = req.analysis ?? analyzeQuestion(req.resolvedQuestion ?? req.question, reports);
  const plan = planYear(askedIntent, reports, req.filters);
  const intent = plan?.intent ?? askedIntent;
  const question = intent.question;
  const notes = [...(req.notes ?? []), ...intent.readings, ...(plan ? [plan.note] : [])];
  const note = notes.length ? notes.map((n) => (/[。！？]$/.test(n) ? n : `${n}。`)).join('') : null;
  const refusal = refusalFor(intent, reports, req.filters);
  if (refusal) {
    const answer = note && !refusal.answer.startsWith(note) ? `${note}${refusal.answer}` : refusal.answer;
    return {
      question,
      reports,
      orgNames,
      intent,
      refusal: { ...refusal, answer },
      hits: [] as Hit[],
      filters: {},
      across: false,
      note,
    };
  }
  const filters = { ...req.filters };
  const across = intent.across;
  const { hits } = await retrieve(lib, question, {
    topK: across ? 16 : Math.max(req.topK ?? 8, 8),
    filters,
    analysis: intent,
  });
  return { question, reports, orgNames, intent, refusal: null, hits, filters, across, note };
}
