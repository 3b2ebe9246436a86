// The part of Cloudflare's D1 binding the adapters use, typed here so Node code and tests need no Workers
// globals. A real `env.DB` (Workers, or wrangler's getPlatformProxy in tests) satisfies it structurally.
export interface D1Result<T> {
  results: T[];
  meta?: { changes?: number; rows_read?: number; rows_written?: number };
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  run(): Promise<D1Result<unknown>>;
}

export interface D1Database {
  prepare(sql: string): D1PreparedStatement;
  /** Runs the statements in one transaction: all or nothing. */
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}

/** D1 allows at most 100 bound parameters per statement. */
export const D1_MAX_PARAMS = 100;

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** D1 caps a string value at 1 MB; JSON row batches stay well below it. */
const MAX_JSON_CHARS = 300_000;

/** Rows as JSON arrays of at most ~300k characters each, for `INSERT … SELECT … FROM json_each(?)`. */
export function jsonRows(rows: unknown[][]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let size = 0;
  for (const r of rows) {
    const s = JSON.stringify(r);
    if (size + s.length > MAX_JSON_CHARS && part.length) {
      out.push(`[${part.join(',')}]`);
      part = [];
      size = 0;
    }
    part.push(s);
    size += s.length + 1;
  }
  if (part.length) out.push(`[${part.join(',')}]`);
  return out;
}

export const placeholders = (n: number) => new Array(n).fill('?').join(', ');
