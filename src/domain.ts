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

/** 单位的层级：街道办事处、镇、乡、区、县、（县级）市、部门（如区司法局）。 */
export const OFFICE_LEVELS = ['街道', '镇', '乡', '区', '县', '市', '部门'] as const;
export const OfficeLevelSchema = z.enum(OFFICE_LEVELS);
export type OfficeLevel = z.infer<typeof OfficeLevelSchema>;

/** 单位名称从哪里读出：标题、开头一句、落款、文件名，或由管理员填写。 */
export const ORG_SOURCES = ['title', 'opening', 'signoff', 'filename', 'manual'] as const;
export type OrgSource = (typeof ORG_SOURCES)[number];

export interface ReportMeta {
  title: string;
  /** 单位名称，如「大港街」「西于庄街道」「和平镇」「和平区司法局」；报告未自述时为 null。 */
  org: string | null;
  /** 单位层级；名称不明时可由「我镇」「本街道」之类的自称得出。 */
  level: OfficeLevel | null;
  /** 所在区县（报告写明或可由地名录唯一确定时）。 */
  district: string | null;
  city: string | null;
  /** 报告所述年度（不是成文年份）。 */
  year: number | null;
  orgSource: OrgSource | null;
  /** 落款（单位 + 日期），不作为正文段落。 */
  signoff: string | null;
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
