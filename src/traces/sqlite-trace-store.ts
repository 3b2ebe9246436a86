// SqliteTraceStore: traces in their own SQLite file (WAL) under DATA_DIR.
import Database from 'better-sqlite3';
import {
  TRACE_COLUMNS,
  type TraceList,
  type TracePage,
  type TraceRow,
  toTrace,
  tracePage,
  tracePageSql,
} from './trace-rows.ts';
import type { TraceStore } from '../ports.ts';
import type { Feedback, Review, Trace, TraceFilter } from './trace.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traces (
  id TEXT PRIMARY KEY, created_at TEXT NOT NULL, conversation_id TEXT NOT NULL, body TEXT NOT NULL,
  verification_ok INTEGER NOT NULL, mode TEXT NOT NULL, review TEXT
);
CREATE INDEX IF NOT EXISTS traces_by_time ON traces(created_at DESC);
CREATE INDEX IF NOT EXISTS traces_by_time_id ON traces(created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS traces_by_conversation ON traces(conversation_id, created_at DESC);
`;

export class SqliteTraceStore implements TraceStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    // Added after the first release: older trace files get the column on open.
    const columns = this.db.prepare('PRAGMA table_info(traces)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'feedback'))
      this.db.exec('ALTER TABLE traces ADD COLUMN feedback TEXT');
  }

  async record(t: Trace): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO traces (id, created_at, conversation_id, body, verification_ok, mode, review) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      )
      .run(
        t.id,
        t.createdAt,
        t.conversationId,
        JSON.stringify({ ...t, review: null, feedback: null }),
        t.verification.ok ? 1 : 0,
        t.mode,
      );
  }

  async get(id: string): Promise<Trace | null> {
    const r = this.db.prepare(`SELECT ${TRACE_COLUMNS} FROM traces WHERE id = ?`).get(id) as
      TraceRow | undefined;
    return r ? toTrace(r) : null;
  }

  async list(opts: TracePage & TraceFilter): Promise<TraceList> {
    const q = tracePageSql(opts);
    const n = (s: { sql: string; args: (string | number)[] }) =>
      (this.db.prepare(s.sql).get(...s.args) as { n: number }).n;
    return tracePage(
      this.db.prepare(q.rows.sql).all(...q.rows.args) as TraceRow[],
      opts.limit,
      n(q.count),
      n(q.unreviewed),
    );
  }

  async review(id: string, review: Review): Promise<Trace | null> {
    const res = this.db.prepare('UPDATE traces SET review = ? WHERE id = ?').run(JSON.stringify(review), id);
    return res.changes ? this.get(id) : null;
  }

  async feedback(id: string, feedback: Feedback): Promise<Trace | null> {
    const res = this.db
      .prepare('UPDATE traces SET feedback = ? WHERE id = ?')
      .run(JSON.stringify(feedback), id);
    return res.changes ? this.get(id) : null;
  }

  async lastInConversation(conversationId: string): Promise<Trace | null> {
    const r = this.db
      .prepare(
        `SELECT ${TRACE_COLUMNS} FROM traces WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .get(conversationId) as TraceRow | undefined;
    return r ? toTrace(r) : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
