// Hostile uploads over HTTP (issue 12): each gets its 4xx and a message naming the limit, /healthz keeps
// answering within 200 ms while they are parsed, and the server's RSS comes back afterwards.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDraftStore } from '../../src/draft/sqlite-draft-store.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../helpers.ts';
import {
  deflateBombPdf,
  lyingZipBomb,
  manyPagesPdf,
  selfReferencingPdf,
  tinyRunsDocx,
} from '../hostile-files.ts';
import { reportToDocx } from '../make-docx.ts';

let lib: Library;
let traces: SqliteTraceStore;
let app: ReturnType<typeof createNodeApp>;

beforeAll(async () => {
  const dir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
  app = createNodeApp({ lib, traces, drafts: new SqliteDraftStore(':memory:') });
});
afterAll(async () => {
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

const upload = (name: string, bytes: Uint8Array) => {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name));
  return app.request('/api/documents', { method: 'POST', body: form });
};

/** Asks /healthz every 25 ms until stopped; the slowest answer, and how many came while `busy()`. */
function pollHealth(busy: () => boolean) {
  let stop = false;
  const stats = { slowest: 0, polls: 0, duringParse: 0 };
  const done = (async () => {
    while (!stop) {
      const during = busy();
      const t0 = performance.now();
      const res = await app.request('/healthz');
      stats.slowest = Math.max(stats.slowest, performance.now() - t0);
      expect(res.status).toBe(200);
      stats.polls++;
      if (during) stats.duringParse++;
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return { stats, stop: () => ((stop = true), done) };
}

describe('hostile uploads', () => {
  it('are refused with 413/422 and the limit named, while /healthz answers within 200 ms and RSS comes back', async () => {
    const attacks: [string, Buffer, number, string][] = [
      ['碎片.docx', await tinyRunsDocx(50), 413, '解压后超过 50 MB 的上限'],
      ['碎片-5MB.docx', await tinyRunsDocx(5), 413, '文字片段（run）超过 5 万个的上限'],
      ['炸弹.docx', await lyingZipBomb(1200), 413, '解压后超过 50 MB 的上限'],
      ['二十万页.pdf', manyPagesPdf(200_000), 413, '有 200000 页，超过 2000 页的上限'],
      ['数据流.pdf', deflateBombPdf(64), 413, '数据流解压后超过 50 MB 的上限'],
      ['自引用.pdf', selfReferencingPdf(), 422, '结构有误，无法读取'],
    ];
    // An ordinary upload first, so the parse process and the server are warm when RSS is taken.
    const ok = await upload(
      '光明街道-2025.docx',
      await reportToDocx('光明街道2025年法治政府建设情况报告\n一、主要举措和成效\n全年开展法治培训12场次。'),
    );
    expect(ok.status).toBe(201);
    const rssBefore = process.memoryUsage.rss();
    let inFlight = false;
    const health = pollHealth(() => inFlight);
    for (const [name, bytes, status, limit] of attacks) {
      inFlight = true;
      const res = await upload(name, bytes);
      inFlight = false;
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(body.error.message).toContain(name);
      expect(body.error.message).toContain(limit);
    }
    await health.stop();
    expect(health.stats.duringParse).toBeGreaterThan(10);
    expect(health.stats.slowest).toBeLessThan(200);
    expect(process.memoryUsage.rss()).toBeLessThan(rssBefore * 1.1);
    // Nothing was stored, and the library still answers.
    expect(
      (await lib.store.listReports())
        .map((r) => r.sourceName)
        .filter((n) => /碎片|炸弹|二十万页|数据流|自引用/.test(n)),
    ).toEqual([]);
  }, 240_000);
});
