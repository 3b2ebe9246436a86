// D1TraceStore: every answer's trace in D1 (Workers), for the audit console — the same queries as SQLite.
import {
  TRACE_COLUMNS,
  type TraceList,
  type TracePage,
  type TraceRow,
  toTrace,
  tracePage,
  tracePageSql,
} from '../traces/trace-rows.ts';
import type { TraceStore } from '../ports.ts';
import type { Feedback, Review, Trace, TraceFilter } from '../traces/trace.ts';
import type { D1Database } from './d1.ts';

export class D1TraceStore implements TraceStore {
  constructor(private readonly db: D1Database) {}

  async record(t: Trace): Promise<void> {
    await this.db
      .prepare(
        'INSERT INTO traces (id, created_at, conversation_id, body, verification_ok, mode, review) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      )
      .bind(
        t.id,
        t.createdAt,
        t.conversationId,
        JSON.stringify({ ...t, review: null, feedback: null }),
        t.verification.ok ? 1 : 0,
        t.mode,
      )
      .run();
  }

  async get(id: string): Promise<Trace | null> {
    const r = await this.db
      .prepare(`SELECT ${TRACE_COLUMNS} FROM traces WHERE id = ?`)
      .bind(id)
      .first<TraceRow>();
    return r ? toTrace(r) : null;
  }

  async list(opts: TracePage & TraceFilter): Promise<TraceList> {
    const q = tracePageSql(opts);
    const [count, unreviewed, rows] = await this.db.batch<{ n: number } | TraceRow>(
      [q.count, q.unreviewed, q.rows].map((s) => this.db.prepare(s.sql).bind(...s.args)),
    );
    return tracePage(
      rows.results as TraceRow[],
      opts.limit,
      (count.results[0] as { n: number }).n,
      (unreviewed.results[0] as { n: number }).n,
    );
  }

  async review(id: string, review: Review): Promise<Trace | null> {
    const res = await this.db
      .prepare('UPDATE traces SET review = ? WHERE id = ?')
      .bind(JSON.stringify(review), id)
      .run();
    return res.meta?.changes ? this.get(id) : null;
  }

  async feedback(id: string, feedback: Feedback): Promise<Trace | null> {
    const res = await this.db
      .prepare('UPDATE traces SET feedback = ? WHERE id = ?')
      .bind(JSON.stringify(feedback), id)
      .run();
    return res.meta?.changes ? this.get(id) : null;
  }

  async lastInConversation(conversationId: string): Promise<Trace | null> {
    const r = await this.db
      .prepare(
        `SELECT ${TRACE_COLUMNS} FROM traces WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      )
      .bind(conversationId)
      .first<TraceRow>();
    return r ? toTrace(r) : null;
  }

  async close(): Promise<void> {}
}
