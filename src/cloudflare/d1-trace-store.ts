// D1TraceStore: every answer's trace in D1 (Workers), for the audit console — the same queries as SQLite.
import type { Review, Trace, TraceFilter, TraceStore } from '../traces/trace-store.ts';
import type { D1Database } from './d1.ts';

type Row = { body: string; review: string | null };
const toTrace = (r: Row): Trace => ({ ...(JSON.parse(r.body) as Trace), review: r.review ? (JSON.parse(r.review) as Review) : null });

export class D1TraceStore implements TraceStore {
  constructor(private readonly db: D1Database) {}

  async record(t: Trace): Promise<void> {
    await this.db
      .prepare('INSERT INTO traces (id, created_at, conversation_id, body, verification_ok, mode, review) VALUES (?, ?, ?, ?, ?, ?, NULL)')
      .bind(t.id, t.createdAt, t.conversationId, JSON.stringify({ ...t, review: null }), t.verification.ok ? 1 : 0, t.mode)
      .run();
  }

  async get(id: string): Promise<Trace | null> {
    const r = await this.db.prepare('SELECT body, review FROM traces WHERE id = ?').bind(id).first<Row>();
    return r ? toTrace(r) : null;
  }

  async list({ limit, offset, ...f }: { limit: number; offset: number } & TraceFilter) {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (f.q) {
      where.push("(json_extract(body, '$.question') LIKE ? ESCAPE '\\' OR json_extract(body, '$.answer') LIKE ? ESCAPE '\\')");
      const like = `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      args.push(like, like);
    }
    if (f.verdict === 'unreviewed') where.push('review IS NULL');
    else if (f.verdict) {
      where.push("json_extract(review, '$.verdict') = ?");
      args.push(f.verdict);
    }
    if (f.mode) {
      where.push('mode = ?');
      args.push(f.mode);
    }
    if (f.failed) where.push('verification_ok = 0');
    const sql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count, rows] = await this.db.batch<{ n: number } | Row>([
      this.db.prepare(`SELECT COUNT(*) AS n FROM traces ${sql}`).bind(...args),
      this.db.prepare(`SELECT body, review FROM traces ${sql} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`).bind(...args, limit, offset),
    ]);
    return { total: (count.results[0] as { n: number }).n, items: (rows.results as Row[]).map(toTrace) };
  }

  async review(id: string, review: Review): Promise<Trace | null> {
    const res = await this.db.prepare('UPDATE traces SET review = ? WHERE id = ?').bind(JSON.stringify(review), id).run();
    return res.meta?.changes ? this.get(id) : null;
  }

  async lastInConversation(conversationId: string): Promise<Trace | null> {
    const r = await this.db
      .prepare('SELECT body, review FROM traces WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .bind(conversationId)
      .first<Row>();
    return r ? toTrace(r) : null;
  }

  async close(): Promise<void> {}
}
