// SqliteTraceStore: the feedback contract, and a traces.db written before the feedback column opens and gains it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../test/helpers.ts';
import { SqliteTraceStore } from './sqlite-trace-store.ts';
import { traceStoreFeedbackContract } from './trace-store.contract.ts';
import { traceStorePagingContract } from './trace-paging.contract.ts';

const opened: SqliteTraceStore[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
  cleanupTempDirs();
});

traceStoreFeedbackContract('SqliteTraceStore', async () => {
  const s = new SqliteTraceStore(join(tempDir(), 'traces.db'));
  opened.push(s);
  return s;
});

traceStorePagingContract(
  'SqliteTraceStore',
  async () => {
    const s = new SqliteTraceStore(join(tempDir(), 'traces.db'));
    opened.push(s);
    return s;
  },
  3000,
);

describe('SqliteTraceStore on an older traces.db', () => {
  it('adds the feedback column and reads old rows with feedback null', async () => {
    const path = join(tempDir(), 'traces.db');
    const old = new Database(path);
    old.exec(`CREATE TABLE traces (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, conversation_id TEXT NOT NULL, body TEXT NOT NULL,
      verification_ok INTEGER NOT NULL, mode TEXT NOT NULL, review TEXT)`);
    old
      .prepare('INSERT INTO traces VALUES (?, ?, ?, ?, 1, ?, NULL)')
      .run(
        'old1',
        '2025-01-01T00:00:00Z',
        'c',
        JSON.stringify({ id: 'old1', question: '旧问题', answer: '旧答案' }),
        'extractive',
      );
    old.close();
    const store = new SqliteTraceStore(path);
    opened.push(store);
    expect((await store.get('old1'))!.feedback).toBeNull();
    expect((await store.feedback('old1', { rating: 'down', at: '2026-01-01T00:00:00Z' }))!.feedback).toEqual({
      rating: 'down',
      at: '2026-01-01T00:00:00Z',
    });
  });
});
