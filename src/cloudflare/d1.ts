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

/**
 * Multi-row INSERTs for rows of `width` values, each statement within D1's parameter limit.
 * `head` is everything before VALUES, `tail` anything after (ON CONFLICT …).
 */
export function insertRows(db: D1Database, head: string, rows: unknown[][], tail = ''): D1PreparedStatement[] {
  if (!rows.length) return [];
  const width = rows[0].length;
  const perStatement = Math.max(1, Math.floor(D1_MAX_PARAMS / width));
  const tuple = `(${new Array(width).fill('?').join(', ')})`;
  return chunks(rows, perStatement).map((part) =>
    db.prepare(`${head} VALUES ${part.map(() => tuple).join(', ')} ${tail}`).bind(...part.flat()),
  );
}

export const placeholders = (n: number) => new Array(n).fill('?').join(', ');
