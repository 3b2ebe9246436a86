// Trace: the supervisors' audit trail of one answer (request, retrieval, answer, citations, checks, timings), its
// review and the asker's feedback; the store is the TraceStore port (src/ports.ts).
import { z } from 'zod';
import type { Answer } from '../answer/types.ts';

export const SENTENCE_MARK_REASONS = [
  'unsupported',
  'wrong_source',
  'wrong_figure',
  'wrong_year',
  'off_topic',
] as const;

export const ReviewSchema = z
  .object({
    verdict: z.enum(['correct', 'incorrect', 'needs_fix'], {
      message: 'verdict 只能是 correct、incorrect 或 needs_fix',
    }),
    comment: z.string().trim().max(5000).optional(),
    correctedAnswer: z.string().trim().max(20000).optional(),
    /** Per-sentence marks: which sentence of the answer (0-based) is wrong, and why. */
    sentenceMarks: z
      .array(
        z
          .object({
            index: z.number().int().min(0).max(200),
            reason: z.enum(SENTENCE_MARK_REASONS),
            note: z.string().trim().max(1000).optional(),
          })
          .strict(),
      )
      .max(200)
      .optional(),
  })
  .strict();
export type Review = z.infer<typeof ReviewSchema> & { reviewedAt: string };

/** 👍/👎 from the person who asked; a 👎 (with an optional reason) is a flag in the audit queue. */
export const FeedbackSchema = z
  .object({
    rating: z.enum(['up', 'down'], { message: 'rating 只能是 up 或 down' }),
    reason: z
      .string()
      .trim()
      .max(1000, '原因最多 1000 字')
      .optional()
      .transform((v) => v || undefined),
  })
  .strict();
export type Feedback = { rating: 'up' | 'down'; reason?: string; at: string };

export interface Trace {
  id: string;
  createdAt: string;
  conversationId: string;
  question: string;
  resolvedQuestion: string;
  request: unknown;
  answer: Answer['answer'];
  answerable: boolean;
  mode: Answer['mode'];
  model: string;
  promptHash: string | null;
  citations: Answer['citations'];
  retrieved: Answer['retrieved'];
  verification: Answer['verification'];
  timings: Record<string, number>;
  review: Review | null;
  /** The asker's 👍/👎 (the latest one counts); null when none was given. */
  feedback: Feedback | null;
}

export interface TraceFilter {
  /** Text in the question or the answer. */
  q?: string;
  verdict?: 'unreviewed' | Review['verdict'];
  mode?: Answer['mode'];
  /** Only answers whose verification failed. */
  failed?: boolean;
  /** Only answers the asker rated so (`down`: the flags). */
  feedback?: Feedback['rating'];
}
