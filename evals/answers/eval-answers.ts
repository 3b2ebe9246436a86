// Answer eval: runs question/expected-answer cases through ask() and scores accuracy, citations and refusals.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ask } from '../../src/answer/ask.ts';
import { documentIdFor } from '../../src/ingest/parse-report.ts';
import type { Corpus } from '../../src/library/corpus.ts';
import type { Answerer, TraceStore } from '../../src/ports.ts';

export const AnswerCaseSchema = z.object({
  id: z.string(),
  type: z.string(),
  question: z.string().min(1),
  conversation: z.array(z.string()).optional(),
  answerable: z.boolean().default(true),
  /** Strings the answer must contain (figures with units, key phrases). */
  facts: z.array(z.string()).min(1),
  /** Paragraphs that must be cited: report file and a text inside the paragraph. */
  cite: z.array(z.object({ report: z.string(), text: z.string() })),
  /** Today's date for the case (relative years: 今年/去年 are read against it). */
  today: z.string().optional(),
  /** Cases added from the audit console say which reviewed trace they came from. */
  from: z.object({ traceId: z.string(), verdict: z.string(), reviewedAt: z.string() }).optional(),
});
export type AnswerCase = z.infer<typeof AnswerCaseSchema>;

/** cases.jsonl plus every case file supervisors added from reviewed traces (cases/*.json). */
export function loadAnswerCases(dir = import.meta.dirname): AnswerCase[] {
  const lines = readFileSync(join(dir, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const extra = readdirSync(join(dir, 'cases'), { withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.json'))
    .map((f) => readFileSync(join(dir, 'cases', f.name), 'utf8'));
  return [...lines, ...extra].map((raw, i) => {
    const parsed = AnswerCaseSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error(`answer case ${i + 1}: ${parsed.error.message}`);
    return parsed.data;
  });
}

export interface AnswerCaseResult {
  id: string;
  type: string;
  correct: boolean;
  citationHit: boolean | null;
  precision: number | null;
  refusalCorrect: boolean | null;
  unsupportedNumbers: number;
  answer: string;
}

export async function runAnswerCase(
  base: { lib: Corpus; traces: TraceStore; answerer: Answerer },
  c: AnswerCase,
): Promise<AnswerCaseResult> {
  const deps = c.today ? { ...base, now: () => new Date(`${c.today}T12:00:00`) } : base;
  let conversationId: string | undefined;
  for (const q of c.conversation ?? [])
    conversationId = (await ask(deps, { question: q, conversationId })).conversationId;
  const res = await ask(deps, { question: c.question, conversationId });
  const factsOk = c.facts.every((f) => res.answer.includes(f));
  const correct = res.answerable === c.answerable && factsOk;
  const wanted = c.cite.map((w) => ({ doc: documentIdFor(w.report), text: w.text }));
  const citationHit = c.answerable
    ? wanted.every((w) => res.citations.some((ct) => ct.documentId === w.doc && ct.text.includes(w.text)))
    : null;
  const docs = new Set(wanted.map((w) => w.doc));
  const precision =
    c.answerable && res.citations.length
      ? res.citations.filter((ct) => docs.has(ct.documentId)).length / res.citations.length
      : c.answerable
        ? 0
        : null;
  return {
    id: c.id,
    type: c.type,
    correct,
    citationHit,
    precision,
    refusalCorrect: c.answerable ? null : !res.answerable,
    unsupportedNumbers: res.verification.unsupportedNumbers.length,
    answer: res.answer,
  };
}

export interface AnswerScores {
  n: number;
  accuracy: number;
  citationHit: number;
  citationPrecision: number;
  refusalAccuracy: number;
  unsupportedNumbers: number;
}

export function scoreAnswers(rs: AnswerCaseResult[]): AnswerScores {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 1);
  const hits = rs.filter((r) => r.citationHit !== null).map((r) => (r.citationHit ? 1 : 0));
  const prec = rs.filter((r) => r.precision !== null).map((r) => r.precision!);
  const ref = rs.filter((r) => r.refusalCorrect !== null).map((r) => (r.refusalCorrect ? 1 : 0));
  return {
    n: rs.length,
    accuracy: mean(rs.map((r) => (r.correct ? 1 : 0))),
    citationHit: mean(hits),
    citationPrecision: mean(prec),
    refusalAccuracy: mean(ref),
    unsupportedNumbers: rs.reduce((s, r) => s + r.unsupportedNumbers, 0),
  };
}

export const ANSWER_TARGETS = { accuracy: 0.9, citationHit: 0.95, refusalAccuracy: 1, unsupportedNumbers: 0 };
