// SqliteDraftStore: drafts and their traces in their own SQLite file (WAL) under DATA_DIR.
import Database from 'better-sqlite3';
import type { DraftStore } from '../ports.ts';
import type { StoredDraft } from './types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS drafts (
  id TEXT PRIMARY KEY, created_at TEXT NOT NULL, section TEXT NOT NULL, org TEXT NOT NULL, year INTEGER NOT NULL,
  mode TEXT NOT NULL, verification_ok INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_by_time ON drafts(created_at DESC);
`;

export class SqliteDraftStore implements DraftStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  async save(d: StoredDraft): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO drafts (id, created_at, section, org, year, mode, verification_ok, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        d.draftId,
        d.createdAt,
        d.request.section,
        d.request.org,
        d.request.year,
        d.mode,
        d.verification.ok ? 1 : 0,
        JSON.stringify(d),
      );
  }

  async update(d: StoredDraft): Promise<void> {
    this.db
      .prepare('UPDATE drafts SET body = ?, verification_ok = ? WHERE id = ?')
      .run(JSON.stringify(d), d.verification.ok ? 1 : 0, d.draftId);
  }

  async get(id: string): Promise<StoredDraft | null> {
    const r = this.db.prepare('SELECT body FROM drafts WHERE id = ?').get(id) as { body: string } | undefined;
    return r ? (JSON.parse(r.body) as StoredDraft) : null;
  }

  async list({ limit, offset }: { limit: number; offset: number }) {
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM drafts').get() as { n: number }).n;
    const rows = this.db
      .prepare('SELECT body FROM drafts ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?')
      .all(limit, offset) as { body: string }[];
    return { total, items: rows.map((r) => JSON.parse(r.body) as StoredDraft) };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
