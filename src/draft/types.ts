// Draft contract shared by the drafters, checks, storage, exports and HTTP (zod at the boundary).
import { z } from 'zod';
import { type Citation } from '../answer/types.ts';

export const DRAFT_SECTIONS = ['shortcomings', 'next_steps'] as const;
export type DraftSection = (typeof DRAFT_SECTIONS)[number];

export const DraftRequestSchema = z
  .object({
    section: z.enum(DRAFT_SECTIONS, {
      message: 'section 只能是 shortcomings（存在的不足）或 next_steps（下一步工作）',
    }),
    org: z
      .string()
      .trim()
      .min(2, '请填写街道名称')
      .max(30, '街道名称太长（最多 30 字）')
      .regex(/^[\u4e00-\u9fffA-Za-z0-9·（）()]+$/, '街道名称只能包含汉字、字母、数字'),
    year: z
      .number({ message: '年份须为数字，如 2025' })
      .int('年份须为整数')
      .min(2000, '年份不合理')
      .max(2100, '年份不合理'),
    points: z
      .number({ message: '要点数须为 2–8 的整数' })
      .int('要点数须为 2–8 的整数')
      .min(2, '要点数至少 2 条')
      .max(8, '要点数最多 8 条')
      .optional(),
    shortcomings: z
      .string()
      .trim()
      .min(1, '不足内容不能为空')
      .max(10000, '粘贴的不足内容太长（最多 1 万字）')
      .optional(),
    focus: z.string().trim().min(1).max(50, 'focus 太长（最多 50 字）').optional(),
    stream: z.boolean().optional(),
  })
  .strict();
export type DraftRequest = z.infer<typeof DraftRequestSchema>;

export interface DraftPoint {
  /** Theme name (「普法宣传」), or the shortcoming's own label when it has no theme. */
  theme: string;
  /** The point as it stands in the draft, with [n] markers into the draft's citations. */
  text: string;
  citations: Citation[];
  /** next_steps: index into coverage.shortcomings of the shortcoming this measure answers. */
  respondsTo?: number;
  /** Parts the library had no evidence for, left as 「【待补充：……】」. */
  placeholders: string[];
  /** Offices whose reports the point borrows from (not the office drafted for): shown beside the point. */
  borrowedFrom?: string[];
}

export interface DraftVerification {
  /** Points (1-based) that state something with no citation. */
  uncitedPoints: number[];
  unsupportedNumbers: { point: number; number: string }[];
  foreignOrgs: { point: number; name: string }[];
  /** Citations from another section kind than the one drafted. */
  wrongSection: { point: number; paragraphId: string }[];
  ok: boolean;
}

export interface DraftResult {
  title: string;
  /** The whole section as it would stand in the report (no markers). */
  draft: string;
  points: DraftPoint[];
  coverage?: { shortcomings: string[]; unanswered: string[] };
  warnings: string[];
  verification: DraftVerification;
  mode: 'extractive' | 'llm';
  model: string;
  promptHash?: string;
  /** What the drafter looked at: every past point considered, with its theme. */
  evidence: { paragraphId: string; theme: string | null; used: boolean }[];
}

export type Draft = Omit<DraftResult, 'evidence' | 'promptHash'> & {
  draftId: string;
  traceId: string;
  createdAt: string;
  request: DraftRequest;
  /** Set once the author edited the points. */
  editedAt?: string;
};

/** A draft as the DraftStore port keeps it: with its trace, so a supervisor can audit and export it later. */
export interface StoredDraft extends Draft {
  /** What the drafter looked at and how long it took (the draft's trace). */
  trace: {
    evidence: { paragraphId: string; theme: string | null; used: boolean }[];
    promptHash: string | null;
    timings: Record<string, number>;
    /** The points as drafted, kept when the author edits them. */
    originalPoints?: string[];
  };
  editedAt?: string;
}
