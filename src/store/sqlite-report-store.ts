// SqliteReportStore: reports, paragraphs, their tokens and embeddings in one SQLite file (WAL), the source of truth.
import Database from 'better-sqlite3';
import type { Paragraph, Report, ReportMeta, ReportSummary, SectionKind } from '../domain.ts';
import {
  PARAGRAPH_COLUMNS,
  type ParagraphRow,
  type ReportRow,
  metaExtra,
  toParagraph,
  toSummary,
} from './report-rows.ts';
import type { ReportStore, StoredParagraph } from '../ports.ts';
import { AppError } from '../errors.ts';
import { orgKey } from '../ingest/extract-metadata.ts';

const SCHEMA_VERSION = 2;
/** Schema 1 → 2: reports gain meta_extra (level, city, where the org was read, sign-off). */
const MIGRATIONS: Record<number, string> = { 1: 'ALTER TABLE reports ADD COLUMN meta_extra TEXT' };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
  id TEXT PRIMARY KEY, source_name TEXT NOT NULL UNIQUE, format TEXT NOT NULL, content_hash TEXT NOT NULL,
  title TEXT NOT NULL, org TEXT, org_key TEXT, district TEXT, year INTEGER,
  sections TEXT NOT NULL, paragraph_count INTEGER NOT NULL, ingested_at TEXT NOT NULL, meta_extra TEXT
);
CREATE TABLE IF NOT EXISTS paragraphs (
  id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL, section TEXT NOT NULL, section_path TEXT NOT NULL, heading TEXT,
  text TEXT NOT NULL, tokens TEXT NOT NULL, embedding BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_by_document ON paragraphs(document_id, ordinal);
`;

const toBlob = (v: number[]) => Buffer.from(new Float32Array(v).buffer);
const fromBlob = (b: Buffer) => Array.from(new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4));

export class SqliteReportStore implements ReportStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    const hasMeta = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'")
      .get();
    if (hasMeta) {
      const v = this.db.prepare("SELECT value FROM meta WHERE key='schema_version'").get() as
        { value: string } | undefined;
      if (v && MIGRATIONS[Number(v.value)] && Number(v.value) < SCHEMA_VERSION) {
        this.db.transaction(() => {
          for (let n = Number(v.value); n < SCHEMA_VERSION; n++) this.db.exec(MIGRATIONS[n]);
          this.db
            .prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'")
            .run(String(SCHEMA_VERSION));
        })();
      } else if (v && Number(v.value) !== SCHEMA_VERSION) {
        this.db.close();
        throw new AppError(
          'index_mismatch',
          `数据库「${path}」的结构版本为 ${v.value}，本程序需要 ${SCHEMA_VERSION}；请备份后删除数据目录并重新导入`,
        );
      }
    }
    this.db.exec(SCHEMA);
    this.db
      .prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?), ('generation', '0')")
      .run(String(SCHEMA_VERSION));
  }

  private bump(): void {
    this.db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'").run();
  }

  async generation(): Promise<number> {
    return Number(
      (this.db.prepare("SELECT value FROM meta WHERE key='generation'").get() as { value: string }).value,
    );
  }

  async getEmbedder() {
    const row = this.db.prepare("SELECT value FROM meta WHERE key='embedder'").get() as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as { id: string; dimensions: number }) : null;
  }

  async setEmbedder(e: { id: string; dimensions: number }) {
    this.db
      .prepare(
        "INSERT INTO meta(key, value) VALUES ('embedder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify(e));
  }

  private listCache: { generation: number; reports: ReportSummary[] } | null = null;

  /** Every report's summary; cached until the next write (retrieval reads it on every query). */
  async listReports(): Promise<ReportSummary[]> {
    const generation = await this.generation();
    if (this.listCache?.generation !== generation) {
      const rows = this.db
        .prepare('SELECT * FROM reports ORDER BY year DESC, org, source_name')
        .all() as ReportRow[];
      this.listCache = { generation, reports: rows.map(toSummary) };
    }
    return this.listCache.reports;
  }

  async getReport(id: string) {
    const row = this.db.prepare('SELECT * FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
    if (!row) return null;
    const paras = this.db
      .prepare(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE document_id = ? ORDER BY ordinal`)
      .all(id) as ParagraphRow[];
    return { ...toSummary(row), paragraphs: paras.map(toParagraph) };
  }

  async getParagraphs(ids: string[]): Promise<Paragraph[]> {
    if (!ids.length) return [];
    const stmt = this.db.prepare(`SELECT ${PARAGRAPH_COLUMNS} FROM paragraphs WHERE id = ?`);
    const out: Paragraph[] = [];
    for (const id of ids) {
      const row = stmt.get(id) as ParagraphRow | undefined;
      if (row) out.push(toParagraph(row));
    }
    return out;
  }

  async findBySource(sourceName: string) {
    const row = this.db
      .prepare('SELECT id, content_hash FROM reports WHERE source_name = ?')
      .get(sourceName) as { id: string; content_hash: string } | undefined;
    return row ? { id: row.id, contentHash: row.content_hash } : null;
  }

  async replaceReport(report: Report, units: StoredParagraph[]) {
    const run = this.db.transaction(() => {
      const removed = (
        this.db.prepare('SELECT id FROM paragraphs WHERE document_id = ?').all(report.id) as { id: string }[]
      ).map((r) => r.id);
      this.db.prepare('DELETE FROM paragraphs WHERE document_id = ?').run(report.id);
      this.db
        .prepare('DELETE FROM reports WHERE id = ? OR source_name = ?')
        .run(report.id, report.sourceName);
      this.db
        .prepare(
          `INSERT INTO reports (id, source_name, format, content_hash, title, org, org_key, district, year, sections, paragraph_count, ingested_at, meta_extra)
           VALUES (@id, @sourceName, @format, @contentHash, @title, @org, @orgKey, @district, @year, @sections, @count, @at, @extra)`,
        )
        .run({
          id: report.id,
          sourceName: report.sourceName,
          format: report.format,
          contentHash: report.contentHash,
          title: report.meta.title,
          org: report.meta.org,
          orgKey: report.meta.org ? orgKey(report.meta.org) : null,
          district: report.meta.district,
          year: report.meta.year,
          sections: JSON.stringify(report.sections),
          count: units.length,
          at: new Date().toISOString(),
          extra: metaExtra(report.meta),
        });
      const insert = this.db.prepare(
        `INSERT INTO paragraphs (id, document_id, ordinal, section, section_path, heading, text, tokens, embedding)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const u of units) {
        insert.run(
          u.id,
          u.documentId,
          u.ordinal,
          u.section,
          JSON.stringify(u.sectionPath),
          u.heading,
          u.text,
          u.tokens.join(' '),
          toBlob(u.embedding),
        );
      }
      this.bump();
      return { removed };
    });
    return run();
  }

  async deleteReport(id: string) {
    const run = this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM reports WHERE id = ?').get(id)) return null;
      const removed = (
        this.db.prepare('SELECT id FROM paragraphs WHERE document_id = ?').all(id) as { id: string }[]
      ).map((r) => r.id);
      this.db.prepare('DELETE FROM paragraphs WHERE document_id = ?').run(id);
      this.db.prepare('DELETE FROM reports WHERE id = ?').run(id);
      this.bump();
      return { removed };
    });
    return run();
  }

  /** The report row's metadata columns; paragraphs take org_key and year from it (joined), so one row is all. */
  async updateMeta(id: string, meta: ReportMeta) {
    const run = this.db.transaction(() => {
      const changed = this.db
        .prepare(
          'UPDATE reports SET title = ?, org = ?, org_key = ?, district = ?, year = ?, meta_extra = ? WHERE id = ?',
        )
        .run(
          meta.title,
          meta.org,
          meta.org ? orgKey(meta.org) : null,
          meta.district,
          meta.year,
          metaExtra(meta),
          id,
        );
      if (!changed.changes) return null;
      const paragraphs = this.db
        .prepare('SELECT id, section FROM paragraphs WHERE document_id = ? ORDER BY ordinal')
        .all(id) as { id: string; section: SectionKind }[];
      this.bump();
      return { paragraphs };
    });
    return run();
  }

  async *allParagraphs() {
    const stmt = this.db.prepare(
      `SELECT p.id, p.document_id, p.ordinal, p.section, p.section_path, p.heading, p.text, p.tokens, p.embedding, r.org_key, r.year
       FROM paragraphs p JOIN reports r ON r.id = p.document_id ORDER BY p.document_id, p.ordinal`,
    );
    for (const row of stmt.iterate() as Iterable<
      ParagraphRow & { tokens: string; embedding: Buffer; org_key: string | null; year: number | null }
    >) {
      yield {
        ...toParagraph(row),
        tokens: row.tokens ? row.tokens.split(' ') : [],
        embedding: fromBlob(row.embedding),
        orgKey: row.org_key,
        year: row.year,
      };
    }
  }

  /** Reindex rewrites what the indexes are built from (tokens and vectors) for every paragraph, in one transaction. */
  async updateIndexData(
    items: { id: string; tokens: string[]; embedding: number[] }[],
    embedder: { id: string; dimensions: number },
  ) {
    const stmt = this.db.prepare('UPDATE paragraphs SET tokens = ?, embedding = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const it of items) stmt.run(it.tokens.join(' '), toBlob(it.embedding), it.id);
      this.db
        .prepare(
          "INSERT INTO meta(key, value) VALUES ('embedder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )
        .run(JSON.stringify(embedder));
      this.bump();
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
