// Answer contract shared by the answerers, verification, HTTP and traces (zod schemas at the boundary).
import { z } from 'zod';
import { SearchFiltersSchema } from '../search/retrieve.ts';

export const AskRequestSchema = z
  .object({
    question: z.string().trim().min(1, '问题不能为空').max(2000, '问题太长（最多 2000 字）'),
    conversationId: z.string().trim().min(1).max(100).optional(),
    filters: SearchFiltersSchema.omit({ documentId: true }).optional(),
    topK: z.number().int().min(1).max(20).optional(),
  })
  .strict();
export type AskRequest = z.infer<typeof AskRequestSchema>;

export { CitationSchema, type Citation } from '../citation.ts';
import type { Citation } from '../citation.ts';

export interface Verification {
  uncitedSentences: string[];
  unsupportedNumbers: { sentence: string; number: string }[];
  badMarkers: number[];
  /** Figures quoted from a report of another year than the one asked («this figure is from the 2022 report»). */
  yearNotes: string[];
  /** Every sentence cut or failed, with the reason (wrong office, wrong year, figure of another indicator…). */
  cuts?: { sentence: string; reason: string; detail: string }[];
  /** Figures kept though not written in the source, because they are worked out from it, with the sum. */
  derived?: { sentence: string; detail: string }[];
  /** Why the answer does not answer what was asked (「问的是金额，报告中相近的内容没有这一数字」); shown in the audit console. */
  notAnswered?: string[];
  ok: boolean;
}

export interface Answer {
  answer: string;
  answerable: boolean;
  citations: Citation[];
  verification: Verification;
  mode: 'extractive' | 'llm';
  model: string;
  /** The question as understood (a follow-up is rewritten with its context). */
  resolvedQuestion: string;
  retrieved: { paragraphId: string; score: number }[];
  promptHash?: string;
}
