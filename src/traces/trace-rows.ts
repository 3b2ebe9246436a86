// Trace rows as both SQL stores keep them (SQLite on Node, D1 on Workers): the filter as a WHERE clause, a row as a Trace.
import { AppError } from '../errors.ts';
import type { Feedback, Review, Trace, TraceFilter } from './trace.ts';

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
    where.push(
      "(json_extract(body, '$.question') LIKE ? ESCAPE '\\' OR json_extract(body, '$.answer') LIKE ? ESCAPE '\\')",
    );
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

/** A page of the audit list: after `cursor` (keyset, stable while new answers arrive) or at `offset`. */
export interface TracePage {
  limit: number;
  offset?: number;
  cursor?: string;
}

export interface TraceList {
  /** Traces matching the filters. */
  total: number;
  /** Of those, the ones nobody has reviewed yet (the verdict filter aside): what is left to review. */
  unreviewed: number;
  items: Trace[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

type Statement = { sql: string; args: (string | number)[] };

export const encodeCursor = (t: Pick<Trace, 'createdAt' | 'id'>): string =>
  btoa(unescape(encodeURIComponent(JSON.stringify([t.createdAt, t.id])))).replace(/=+$/, '');

/** The (created_at, id) a cursor stands for, or an AppError for one this server did not give out. */
export function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(decodeURIComponent(escape(atob(cursor)))) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'))
      return v as [string, string];
  } catch {
    /* below */
  }
  throw new AppError('bad_input', 'cursor 无效：请使用上一页返回的 nextCursor');
}

/** The three statements of a page: how many match, how many of those are unreviewed, and limit + 1 rows. */
export function tracePageSql(f: TraceFilter & TracePage): {
  count: Statement;
  unreviewed: Statement;
  rows: Statement;
} {
  const { sql, args } = traceWhere(f);
  const rest = traceWhere({ ...f, verdict: 'unreviewed' });
  const rowsWhere = [sql.replace(/^WHERE /, '')].filter(Boolean);
  const rowsArgs = [...args];
  if (f.cursor) {
    const [createdAt, id] = decodeCursor(f.cursor);
    rowsWhere.push('(created_at < ? OR (created_at = ? AND id < ?))');
    rowsArgs.push(createdAt, createdAt, id);
  }
  return {
    count: { sql: `SELECT COUNT(*) AS n FROM traces ${sql}`, args },
    unreviewed: { sql: `SELECT COUNT(*) AS n FROM traces ${rest.sql}`, args: rest.args },
    rows: {
      sql: `SELECT ${TRACE_COLUMNS} FROM traces ${rowsWhere.length ? `WHERE ${rowsWhere.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      args: [...rowsArgs, f.limit + 1, f.cursor ? 0 : (f.offset ?? 0)],
    },
  };
}

export function tracePage(rows: TraceRow[], limit: number, total: number, unreviewed: number): TraceList {
  const items = rows.slice(0, limit).map(toTrace);
  return {
    total,
    unreviewed,
    items,
    nextCursor: rows.length > limit && items.length ? encodeCursor(items.at(-1)!) : null,
  };
}
