// The ask use case: resolve a follow-up from its conversation, answer, and record the trace.
import { randomUUID } from 'node:crypto';
import type { ReportSummary } from '../domain.ts';
import type { Corpus } from '../library/corpus.ts';
import type { Answerer, TraceStore } from '../ports.ts';
import { type QuestionAnalysis, analyzeQuestion } from '../question/analyze.ts';
import { resolveFollowUp } from '../question/follow-up.ts';
import { answerExtractive } from './extractive-answerer.ts';
import type { Answer, AskRequest } from './types.ts';

export const extractiveAnswerer: Answerer = { answer: answerExtractive };

export interface AskDeps {
  lib: Corpus;
  traces: TraceStore;
  answerer: Answerer;
  /** Today's date, against which 「今年」「去年」 are read (tests and evals fix it). */
  now?: () => Date;
}

export type AskResponse = Omit<Answer, 'retrieved' | 'resolvedQuestion' | 'promptHash'> & {
  traceId: string;
  conversationId: string;
  resolvedQuestion: string;
};

export interface AskOptions {
  /** The HTTP request's signal: a client that goes away aborts the model call (and no trace is written). */
  signal?: AbortSignal;
  /**
   * Earlier questions of the conversation, oldest first, as a chat client sends them (/v1): the follow-up is
   * resolved from their text — each understood after the one before it — without answering or recording them.
   */
  history?: string[];
}

/** A question as understood after the one before it: a follow-up rewritten with its context, analysed. */
function understand(
  question: string,
  before: QuestionAnalysis | null,
  reports: ReportSummary[],
  today: Date,
) {
  const asked = analyzeQuestion(question, reports, { today });
  const followUp = resolveFollowUp(question, asked, before);
  const analysis =
    followUp.question === asked.question ? asked : analyzeQuestion(followUp.question, reports, { today });
  return { analysis, note: followUp.note };
}

export async function ask(deps: AskDeps, req: AskRequest, opts: AskOptions = {}): Promise<AskResponse> {
  const t0 = performance.now();
  const conversationId = req.conversationId ?? randomUUID();
  const previous = req.conversationId ? await deps.traces.lastInConversation(req.conversationId) : null;
  // The question is analysed once here, against the library's offices, and handed down.
  const reports = await deps.lib.store.listReports();
  const today = deps.now?.() ?? new Date();
  let before = previous ? analyzeQuestion(previous.resolvedQuestion, reports, { today }) : null;
  for (const earlier of opts.history ?? []) before = understand(earlier, before, reports, today).analysis;
  const { analysis, note } = understand(req.question, before, reports, today);
  const resolvedQuestion = analysis.question;
  const t1 = performance.now();
  const notes = note ? [note] : [];
  const answer = await deps.answerer.answer(deps.lib, {
    ...req,
    resolvedQuestion,
    analysis,
    reports,
    notes,
    signal: opts.signal,
  });
  const t2 = performance.now();
  const traceId = randomUUID();
  await deps.traces.record({
    id: traceId,
    createdAt: new Date().toISOString(),
    conversationId,
    question: req.question,
    resolvedQuestion,
    request: req,
    answer: answer.answer,
    answerable: answer.answerable,
    mode: answer.mode,
    model: answer.model,
    promptHash: answer.promptHash ?? null,
    citations: answer.citations,
    retrieved: answer.retrieved,
    verification: answer.verification,
    timings: { contextMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(performance.now() - t0) },
    review: null,
    feedback: null,
  });
  const { retrieved: _r, promptHash: _p, ...rest } = answer;
  return { ...rest, resolvedQuestion, traceId, conversationId };
}

const round = (x: number) => Math.round(x * 100) / 100;
