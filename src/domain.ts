// Domain model of the report library: reports, sections and paragraphs (zod schemas, inferred types).
import { z } from 'zod';
import { SECTION_LABELS as LABELS } from './section-labels.ts';

export const SECTION_KINDS = ['overview', 'measures', 'duty', 'shortcomings', 'next_steps', 'other'] as const;
export const SectionKindSchema = z.enum(SECTION_KINDS);
export type SectionKind = z.infer<typeof SectionKindSchema>;

/** 中文名称，供界面与回答使用。 */
export const SECTION_LABELS: Record<SectionKind, string> = LABELS;

export const REPORT_FORMATS = ['txt', 'md', 'docx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportMeta {
  title: string;
  /** 街道名称，如「大港街」「西于庄街道」；报告未自述时为 null。 */
  org: string | null;
  district: string | null;
  /** 报告所述年度（不是成文年份）。 */
  year: number | null;
}

export interface Paragraph {
  id: string;
  documentId: string;
  ordinal: number;
  section: SectionKind;
  /** 从一级标题到最近标题的路径。 */
  sectionPath: string[];
  heading: string | null;
  text: string;
}

export interface SectionSummary {
  kind: SectionKind;
  heading: string | null;
  paragraphCount: number;
}

export interface Report {
  id: string;
  sourceName: string;
  format: ReportFormat;
  contentHash: string;
  meta: ReportMeta;
  sections: SectionSummary[];
  paragraphs: Paragraph[];
}

export type ReportSummary = Omit<Report, 'paragraphs'> & { paragraphCount: number; ingestedAt: string };
