// Citations, in one place: the schema, the one builder used by answers, LLM repair and drafts, and how a report
// is named wherever it is cited or listed — its office, or, for a report that never names one,
// 「未署名（标题或文件名）」, so several unnamed reports are told apart and never merged under one label.
// The page scripts share the type through `import type`.
import { z } from 'zod';
import { type Paragraph, type ReportMeta, SectionKindSchema } from './domain.ts';

export const CitationSchema = z.object({
  n: z.number().int().min(1),
  paragraphId: z.string(),
  documentId: z.string(),
  title: z.string(),
  org: z.string().nullable(),
  /** The office's 区/县 (tells same-named offices apart: 城关镇 in two counties). */
  district: z.string().nullable().optional(),
  year: z.number().nullable(),
  section: SectionKindSchema,
  heading: z.string().nullable(),
  text: z.string(),
  quote: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  score: z.number(),
});
export type Citation = z.infer<typeof CitationSchema>;

/** The report fields a citation carries (a search hit's report, or a report summary's meta). */
export type CitedReport = {
  title: string;
  org: string | null;
  district?: string | null;
  year: number | null;
};

/** The one way a citation is made: the paragraph, the span of it quoted, the report it belongs to. */
export function citationOf(
  report: CitedReport,
  paragraph: Pick<Paragraph, 'id' | 'documentId' | 'section' | 'heading' | 'text'>,
  quote: { start: number; end: number },
  opts: { n?: number; score?: number } = {},
): Citation {
  return {
    n: opts.n ?? 0,
    paragraphId: paragraph.id,
    documentId: paragraph.documentId,
    title: report.title,
    org: report.org,
    district: report.district ?? null,
    year: report.year,
    section: paragraph.section,
    heading: paragraph.heading,
    text: paragraph.text,
    quote: { start: quote.start, end: quote.end },
    score: Number((opts.score ?? 1).toFixed(4)),
  };
}

type Named =
  | { meta: Pick<ReportMeta, 'org' | 'title'>; sourceName?: string }
  | (Pick<ReportMeta, 'org' | 'title'> & { sourceName?: string });

export function reportName(r: Named): string {
  const m = 'meta' in r ? r.meta : r;
  if (m.org) return m.org;
  const hint = (r.sourceName || m.title || '').replace(/\.[^.]+$/, '').slice(0, 24);
  return hint ? `未署名（${hint}）` : '未署名报告';
}

/** 「大港街2023年度报告」「未署名（2021年度法治政府建设工作情况的报告）2021年度报告」. */
export function reportLabel(r: Named & { year?: number | null }): string {
  const year = 'meta' in r ? (r.meta as ReportMeta).year : r.year;
  return `${reportName(r)}${year ?? ''}${year ? '年度' : ''}报告`;
}
