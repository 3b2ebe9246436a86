// A full or read-only disk under the library: a clear 507/503, and nothing already stored is lost.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeApp } from '../http/node-app.ts';
import { cleanupTempDirs, seedAppDeps } from '../../test/helpers.ts';
import { storageError } from './storage-errors.ts';

afterAll(cleanupTempDirs);

describe('storage failures', () => {
  it('maps disk-full and read-only errors from SQLite and the file system', () => {
    expect(storageError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'))?.code).toBe(
      'storage_full',
    );
    expect(storageError(Object.assign(new Error('no space'), { code: 'ENOSPC' }))?.code).toBe('storage_full');
    expect(
      storageError(new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY'))?.code,
    ).toBe('storage_readonly');
    expect(
      storageError(new Error('wrapped', { cause: Object.assign(new Error('ro'), { code: 'EROFS' }) }))?.code,
    ).toBe('storage_readonly');
    expect(storageError(new Error('other'))).toBeNull();
  });

  it('an upload on a full disk answers 507 with a clear message; every stored report still answers', async () => {
    const deps = await seedAppDeps();
    const app = createNodeApp({ ...deps, rateLimitPerMinute: 0 });
    const before = (await deps.lib.store.listReports()).length;
    const real = deps.lib.store.replaceReport.bind(deps.lib.store);
    deps.lib.store.replaceReport = async () => {
      throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    };
    const form = new FormData();
    form.append(
      'file',
      new File(
        ['新河街道2030年度法治政府建设情况报告\n一、主要举措和成效\n开展普法活动12场。'],
        '新河街道-2030.txt',
      ),
    );
    const res = await app.request('/api/documents', { method: 'POST', body: form });
    expect(res.status).toBe(507);
    expect((await res.json()).error).toMatchObject({
      code: 'storage_full',
      message: expect.stringContaining('空间不足'),
    });
    deps.lib.store.replaceReport = real;
    expect((await deps.lib.store.listReports()).length).toBe(before);
    const ask = await (
      await app.request('/api/ask', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' }),
      })
    ).json();
    expect(ask.answer).toContain('55条');
    // the trace store refusing writes (read-only) is a 503 with the reason, not a bare 500
    deps.traces.record = async () => {
      throw new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY');
    };
    const ro = await app.request('/api/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' }),
    });
    expect(ro.status).toBe(503);
    expect((await ro.json()).error.code).toBe('storage_readonly');
    await deps.close();
  });
});
