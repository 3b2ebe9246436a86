// Trace rows as both SQL stores keep them (SQLite on Node, D1 on Workers): the filter as a WHERE clause, a row as a Trace.
import type { Feedback, Review, Trace, TraceFilter } from './trace-store.ts';

export type TraceRow = { body: string; review: string | null; feedback: string | null };

/** The columns a TraceRow is read from. */
export const TRACE_COLUMNS = 'body, review, feedback';

export const toTrace = (r: TraceRow): Trace => ({
  ...(JSON.parse(r.body) as Trace),
  review: r.review ? (JSON.parse(r.review) as Review) : null,
  feedback: r.feedback ? (JSON.parse(r.feedback) as Feedback) : null,
});

/** The audit console's filters as `WHERE …` (or '') and its bound values. */
export function traceWhere(f: TraceFilter): { sql: string; args: (string | number)[] } {
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
  if (f.feedback) {
    where.push("json_extract(feedback, '$.rating') = ?");
    args.push(f.feedback);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}
