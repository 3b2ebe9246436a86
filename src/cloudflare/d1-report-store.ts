// D1ReportStore: reports and paragraphs in D1 (Workers). Replacing a report also rewrites its BM25 postings
// in the same batch — one D1 transaction — so the lexical index can never disagree with the paragraphs.
// D1 keeps no embeddings (they live in Vectorize) and no token lists (the postings hold them).
import type { Paragraph, Report, ReportMeta, ReportSummary, SectionKind } from '../domain.ts';
import {
  PARAGRAPH_COLUMNS,
  type ParagraphRow,
  type ReportRow,
  metaExtra,
  toParagraph,
  toSummary,
} from '../store/report-rows.ts';
import type { ReportStore, StoredParagraph } from '../ports.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import { BM25_B, BM25_K1 } from '../index/bm25-index.ts';
import {
  type D1Database,
  type D1PreparedStatement,
  D1_MAX_PARAMS,
  chunks,
  jsonRows,
  placeholders,
} from './d1.ts';

/** Paragraph length the stored impacts assume; only the order in which postings are read depends on it. */
export const IMPACT_REFERENCE_LENGTH = 60;
/** BM25's term-frequency weight at the reference length: the order in which a term's postings are read. */
export const impactOf = (tf: number, dl: number) =>
  tf / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * dl) / IMPACT_REFERENCE_LENGTH));

export class D1ReportStore implements ReportStore {
  private listCache: { generation: number; reports: ReportSummary[] } | null = null;

  constructor(private readonly db: D1Database) {}

  async generation(): Promise<number> {
    const row = await this.db
      .prepare("SELECT value FROM meta WHERE key = 'generation'")
      .first<{ value: string }>();
    return Number(row?.value ?? 0);
  }

  async getEmbedder() {
    const row = await this.db
      .prepare("SELECT value FROM meta WHERE key = 'embedder'")
      .first<{ value: string }>();
    return row ? (JSON.parse(row.value) as { id: string; dimensions: number }) : null;
  }

  async setEmbedder(e: { id: string; dimensions: number }) {
    await this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES ('embedder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .bind(JSON.stringify(e))
      .run();
  }

  /** Every report's summary; re-read only when the generation changed (one small query per call). */
  async listReports(): Promise<ReportSummary[]> {
    const generation = await this.generation();
    if (this.listCache?.generation !== generation) {
      const { results } = await this.db
        .prepare('SELECT * FROM reports ORDER BY year DESC, org, source_name')
        .all<ReportRow>();
      this.listCache = { generation, reports: results.map(toSummary) };
    }
    return this.listCache.reports;
  }

  async getReport(id: string) {
    const [reports, paras] = await this.db.batch<ReportRow | ParagraphRow>([
      this.db.prepare('SELECT * FROM reports WHERE id = ?').bind(id),
      this.db
        .prepare(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE document_id = ? ORDER BY ordinal`)
        .bind(id),
    ]);
    const row = reports.results[0] as ReportRow | undefined;
    if (!row) return null;
    return { ...toSummary(row), paragraphs: (paras.results as ParagraphRow[]).map(toParagraph) };
  }

  async getParagraphs(ids: string[]): Promise<Paragraph[]> {
    if (!ids.length) return [];
    const parts = chunks([...new Set(ids)], D1_MAX_PARAMS);
    const results = await this.db.batch<ParagraphRow>(
      parts.map((part) =>
        this.db
          .prepare(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE id IN (${placeholders(part.length)})`)
          .bind(...part),
      ),
    );
    const byId = new Map(results.flatMap((r) => r.results).map((r) => [r.id, toParagraph(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** One D1 batch (one round trip) for up to ~100 reports per statement, only the sections asked for. */
  async getSectionParagraphs(
    reportIds: string[],
    sections: SectionKind[],
  ): Promise<Map<string, Paragraph[]>> {
    const out = new Map<string, Paragraph[]>(reportIds.map((id) => [id, []]));
    if (!reportIds.length || !sections.length) return out;
    const perStatement = D1_MAX_PARAMS - sections.length;
    const results = await this.db.batch<ParagraphRow>(
      chunks(reportIds, perStatement).map((part) =>
        this.db
          .prepare(
            `SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE document_id IN (${placeholders(part.length)}) AND section IN (${placeholders(sections.length)}) ORDER BY document_id, ordinal`,
          )
          .bind(...part, ...sections),
      ),
    );
    for (const r of results.flatMap((x) => x.results)) out.get(r.document_id)?.push(toParagraph(r));
    return out;
  }

  async findBySource(sourceName: string) {
    const row = await this.db
      .prepare('SELECT id, content_hash FROM reports WHERE source_name = ?')
      .bind(sourceName)
      .first<{ id: string; content_hash: string }>();
    return row ? { id: row.id, contentHash: row.content_hash } : null;
  }

  /** Statements that take a report, its paragraphs and its postings out (and correct df and the length stats). */
  private removal(id: string): D1PreparedStatement[] {
    const pids = 'SELECT pid FROM paragraphs WHERE document_id = ?1';
    return [
      this.db
        .prepare(
          `UPDATE terms SET df = df - (SELECT COUNT(*) FROM postings p WHERE p.pid IN (${pids}) AND p.term = terms.term)
           WHERE term IN (SELECT term FROM postings WHERE pid IN (${pids}))`,
        )
        .bind(id),
      this.db.prepare('DELETE FROM terms WHERE df <= 0'),
      this.db
        .prepare(
          `UPDATE lexical_stats SET paragraphs = paragraphs - (SELECT COUNT(*) FROM paragraphs WHERE document_id = ?1),
           total_length = total_length - (SELECT COALESCE(SUM(token_count), 0) FROM paragraphs WHERE document_id = ?1) WHERE id = 1`,
        )
        .bind(id),
      this.db.prepare(`DELETE FROM postings WHERE pid IN (${pids})`).bind(id),
      this.db.prepare('DELETE FROM paragraphs WHERE document_id = ?').bind(id),
      this.db.prepare('DELETE FROM reports WHERE id = ?').bind(id),
    ];
  }

  private bump(): D1PreparedStatement {
    return this.db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'");
  }

  private async paragraphIds(documentId: string): Promise<string[]> {
    const { results } = await this.db
      .prepare('SELECT id FROM paragraphs WHERE document_id = ?')
      .bind(documentId)
      .all<{ id: string }>();
    return results.map((r) => r.id);
  }

  /**
   * Replaces a report in one D1 batch (one transaction). Rows travel as JSON in a few bound parameters and
   * are unpacked by json_each, so a 100-paragraph report is a handful of statements, not hundreds.
   */
  async replaceReport(report: Report, units: StoredParagraph[]) {
    const previous = await this.findBySource(report.sourceName);
    const removed = await this.paragraphIds(report.id);
    if (previous && previous.id !== report.id) removed.push(...(await this.paragraphIds(previous.id)));
    const key = report.meta.org ? orgKey(report.meta.org) : null;
    const year = report.meta.year;
    const postings: unknown[][] = [];
    const df = new Map<string, number>();
    let totalLength = 0;
    for (const u of units) {
      const tf = new Map<string, number>();
      for (const t of u.tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, n] of tf) {
        postings.push([u.id, term, impactOf(n, u.tokens.length), n, u.tokens.length, u.section]);
        df.set(term, (df.get(term) ?? 0) + 1);
      }
      totalLength += u.tokens.length;
    }
    await this.db.batch([
      ...(previous && previous.id !== report.id ? this.removal(previous.id) : []),
      ...this.removal(report.id),
      this.db
        .prepare(
          `INSERT INTO reports (id, source_name, format, content_hash, title, org, org_key, district, year, sections, paragraph_count, ingested_at, meta_extra)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          report.id,
          report.sourceName,
          report.format,
          report.contentHash,
          report.meta.title,
          report.meta.org,
          key,
          report.meta.district,
          year,
          JSON.stringify(report.sections),
          units.length,
          new Date().toISOString(),
          metaExtra(report.meta),
        ),
      ...jsonRows(
        units.map((u) => [
          u.id,
          u.documentId,
          u.ordinal,
          u.section,
          JSON.stringify(u.sectionPath),
          u.heading,
          u.text,
          u.tokens.length,
        ]),
      ).map((json) =>
        this.db
          .prepare(
            `INSERT INTO paragraphs (id, document_id, ordinal, section, section_path, heading, text, org_key, year, token_count)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, ?2, ?3, value ->> 7 FROM json_each(?1)`,
          )
          .bind(json, key, year),
      ),
      ...jsonRows(postings).map((json) =>
        this.db
          .prepare(
            `INSERT INTO postings (pid, term, impact, tf, dl, org_key, year, section)
             SELECT p.pid, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, ?2, ?3, j.value ->> 5
             FROM json_each(?1) j JOIN paragraphs p ON p.id = j.value ->> 0`,
          )
          .bind(json, key, year),
      ),
      ...jsonRows([...df]).map((json) =>
        this.db
          .prepare(
            'INSERT INTO terms (term, df) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true ON CONFLICT(term) DO UPDATE SET df = df + excluded.df',
          )
          .bind(json),
      ),
      this.db
        .prepare(
          'UPDATE lexical_stats SET paragraphs = paragraphs + ?, total_length = total_length + ? WHERE id = 1',
        )
        .bind(units.length, totalLength),
      this.bump(),
    ]);
    return { removed };
  }

  async deleteReport(id: string) {
    const exists = await this.db.prepare('SELECT 1 AS one FROM reports WHERE id = ?').bind(id).first();
    if (!exists) return null;
    const removed = await this.paragraphIds(id);
    await this.db.batch([...this.removal(id), this.bump()]);
    return { removed };
  }

  /**
   * Sets a report's metadata in one D1 batch (one transaction): the report row, and the org_key and year its
   * paragraphs and their postings carry for filtering — so BM25 filters by the new office at once.
   */
  async updateMeta(id: string, meta: ReportMeta) {
    const exists = await this.db.prepare('SELECT 1 AS one FROM reports WHERE id = ?').bind(id).first();
    if (!exists) return null;
    const { results } = await this.db
      .prepare('SELECT id, section FROM paragraphs WHERE document_id = ? ORDER BY ordinal')
      .bind(id)
      .all<{ id: string; section: SectionKind }>();
    const key = meta.org ? orgKey(meta.org) : null;
    await this.db.batch([
      this.db
        .prepare(
          'UPDATE reports SET title = ?, org = ?, org_key = ?, district = ?, year = ?, meta_extra = ? WHERE id = ?',
        )
        .bind(meta.title, meta.org, key, meta.district, meta.year, metaExtra(meta), id),
      this.db
        .prepare('UPDATE paragraphs SET org_key = ?, year = ? WHERE document_id = ?')
        .bind(key, meta.year, id),
      this.db
        .prepare(
          'UPDATE postings SET org_key = ?1, year = ?2 WHERE pid IN (SELECT pid FROM paragraphs WHERE document_id = ?3)',
        )
        .bind(key, meta.year, id),
      this.bump(),
    ]);
    return { paragraphs: results.map((r) => ({ id: r.id, section: r.section })) };
  }

  /** Paragraphs page by page. D1 keeps neither tokens nor embeddings: both come back empty. */
  async *allParagraphs() {
    let after = '';
    for (;;) {
      const { results } = await this.db
        .prepare(
          `SELECT ${PARAGRAPH_COLUMNS}, org_key, year FROM paragraphs WHERE id > ? ORDER BY id LIMIT 500`,
        )
        .bind(after)
        .all<ParagraphRow & { org_key: string | null; year: number | null }>();
      if (!results.length) return;
      for (const r of results)
        yield { ...toParagraph(r), tokens: [], embedding: [], orgKey: r.org_key, year: r.year };
      after = results[results.length - 1].id;
    }
  }

  async close(): Promise<void> {}
}
