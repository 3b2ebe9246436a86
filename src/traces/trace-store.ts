// Traces: the supervisors' audit trail of every answer (request, retrieval, answer, citations, checks, timings).
import { z } from 'zod';
import type { Answer } from '../answer/types.ts';

export const ReviewSchema = z
  .object({
    verdict: z.enum(['correct', 'incorrect', 'needs_fix']),
    comment: z.string().trim().max(5000).optional(),
    correctedAnswer: z.string().trim().max(20000).optional(),
  })
  .strict();
export type Review = z.infer<typeof ReviewSchema> & { reviewedAt: string };

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
}

export interface TraceStore {
  record(trace: Trace): Promise<void>;
  get(id: string): Promise<Trace | null>;
  list(opts: { limit: number; offset: number }): Promise<{ total: number; items: Trace[] }>;
  review(id: string, review: Review): Promise<Trace | null>;
  /** The latest trace of a conversation, for follow-up questions. */
  lastInConversation(conversationId: string): Promise<Trace | null>;
  close(): Promise<void>;
}
