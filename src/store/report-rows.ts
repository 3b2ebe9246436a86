// Report and paragraph rows as both SQL stores keep them (SQLite on Node, D1 on Workers), and their domain objects.
import type {
  Paragraph,
  ReportFormat,
  ReportMeta,
  ReportSummary,
  SectionKind,
  SectionSummary,
} from '../domain.ts';

export type ReportRow = {
  id: string;
  source_name: string;
  format: string;
  content_hash: string;
  title: string;
  org: string | null;
  district: string | null;
  year: number | null;
  sections: string;
  paragraph_count: number;
  ingested_at: string;
  /** JSON of the metadata fields added after the first schema (level, city, orgSource, signoff); null on old rows. */
  meta_extra?: string | null;
};

/** The metadata kept in `meta_extra`. */
export const metaExtra = (m: ReportMeta) =>
  JSON.stringify({ level: m.level, city: m.city, orgSource: m.orgSource, signoff: m.signoff });

function readExtra(
  raw: string | null | undefined,
): Pick<ReportMeta, 'level' | 'city' | 'orgSource' | 'signoff'> {
  const x = raw ? (JSON.parse(raw) as Partial<ReportMeta>) : {};
  return {
    level: x.level ?? null,
    city: x.city ?? null,
    orgSource: x.orgSource ?? null,
    signoff: x.signoff ?? null,
  };
}
export type ParagraphRow = {
  id: string;
  document_id: string;
  ordinal: number;
  section: string;
  section_path: string;
  heading: string | null;
  text: string;
};

export const PARAGRAPH_COLUMNS = 'id, document_id, ordinal, section, section_path, heading, text';

export const toSummary = (r: ReportRow): ReportSummary => ({
  id: r.id,
  sourceName: r.source_name,
  format: r.format as ReportFormat,
  contentHash: r.content_hash,
  meta: { title: r.title, org: r.org, district: r.district, year: r.year, ...readExtra(r.meta_extra) },
  sections: JSON.parse(r.sections) as SectionSummary[],
  paragraphCount: r.paragraph_count,
  ingestedAt: r.ingested_at,
});

export const toParagraph = (r: ParagraphRow): Paragraph => ({
  id: r.id,
  documentId: r.document_id,
  ordinal: r.ordinal,
  section: r.section as SectionKind,
  sectionPath: JSON.parse(r.section_path) as string[],
  heading: r.heading,
  text: r.text,
});
