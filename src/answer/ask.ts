// The ask use case: resolve a follow-up from its conversation, answer, and record the trace.
import { randomUUID } from 'node:crypto';
import type { Corpus } from '../library/corpus.ts';
import type { TraceStore } from '../traces/trace-store.ts';
import { answerExtractive } from './extractive-answerer.ts';
import { resolveFollowUp } from './question.ts';
import type { Answer, AskRequest } from './types.ts';

/** Anything that answers a question from the library (the extractive answerer, an LLM). */
export interface Answerer {
  answer(lib: Corpus, req: AskRequest & { resolvedQuestion: string }): Promise<Answer>;
}

export const extractiveAnswerer: Answerer = { answer: answerExtractive };

export interface AskDeps {
  lib: Corpus;
  traces: TraceStore;
  answerer: Answerer;
}

export type AskResponse = Omit<Answer, 'retrieved' | 'resolvedQuestion' | 'promptHash'> & {
  traceId: string;
  conversationId: string;
  resolvedQuestion: string;
};

export async function ask(deps: AskDeps, req: AskRequest): Promise<AskResponse> {
  const t0 = performance.now();
  const conversationId = req.conversationId ?? randomUUID();
  const previous = req.conversationId ? await deps.traces.lastInConversation(req.conversationId) : null;
  const orgs = (await deps.lib.store.listReports()).map((r) => r.meta.org).filter((o): o is string => !!o);
  const resolvedQuestion = resolveFollowUp(req.question, previous?.resolvedQuestion, orgs);
  const t1 = performance.now();
  const answer = await deps.answerer.answer(deps.lib, { ...req, resolvedQuestion });
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
  });
  const { retrieved: _r, promptHash: _p, ...rest } = answer;
  return { ...rest, resolvedQuestion, traceId, conversationId };
}

const round = (x: number) => Math.round(x * 100) / 100;
