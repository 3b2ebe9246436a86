// The TraceStore contract for the audit list: keyset pages over thousands of traces, newest first, stable while
// new answers arrive, with the count left to review. Run by every adapter (SQLite on Node, D1 on Workers).
import { describe, expect, it } from 'vitest';
import type { TraceStore } from '../ports.ts';
import type { Trace } from './trace.ts';

const trace = (i: number): Trace => ({
  id: `t${String(i).padStart(5, '0')}`,
  // pairs of traces share a timestamp: the id breaks the tie
  createdAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000).toISOString(),
  conversationId: `c${i}`,
  question: i % 10 === 0 ? `金桥街问题${i}` : `问题${i}`,
  resolvedQuestion: `问题${i}`,
  request: {},
  answer: `回答${i}`,
  answerable: true,
  mode: 'extractive',
  model: 'extractive',
  promptHash: null,
  citations: [],
  retrieved: [],
  timings: {},
  review: null,
  feedback: null,
  verification: { uncitedSentences: [], unsupportedNumbers: [], badMarkers: [], yearNotes: [], ok: true },
});

/** `n` traces are recorded one by one (a local D1 takes a while for each: keep n small there). */
export function traceStorePagingContract(
  name: string,
  makeStore: () => Promise<TraceStore>,
  n: number,
  timeout = 60_000,
) {
  describe(`TraceStore paging contract: ${name}`, () => {
    it(
      `pages through ${n} traces by cursor: each once, newest first, stable while new ones arrive`,
      async () => {
        const store = await makeStore();
        for (let i = 0; i < n; i++) await store.record(trace(i));
        for (const i of [1, 2, 3])
          await store.review(trace(n - i).id, { verdict: 'correct', reviewedAt: '2026-02-01T00:00:00Z' });
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.list({ limit: 200, ...(cursor ? { cursor } : {}) });
          expect(page.total).toBe(n + (pages ? 1 : 0));
          expect(page.unreviewed).toBe(n - 3 + (pages ? 1 : 0));
          seen.push(...page.items.map((t) => t.id));
          cursor = page.nextCursor ?? undefined;
          // an answer recorded while paging is not inserted into later pages
          if (!pages++) await store.record({ ...trace(n), id: 'new', createdAt: '2027-01-01T00:00:00.000Z' });
        } while (cursor);
        expect(pages).toBe(Math.ceil(n / 200));
        expect(seen).toHaveLength(n);
        expect(new Set(seen).size).toBe(n);
        expect(seen).toEqual([...seen].sort().reverse());
        expect(seen[0]).toBe(trace(n - 1).id);
      },
      timeout,
    );

    it(
      'pages a filtered list and counts what is left to review in it; offset still works',
      async () => {
        const store = await makeStore();
        for (let i = 0; i < 120; i++) await store.record(trace(i));
        await store.review(trace(110).id, { verdict: 'incorrect', reviewedAt: '2026-02-01T00:00:00Z' });
        const first = await store.list({ limit: 5, q: '金桥街' });
        expect(first.total).toBe(12);
        expect(first.unreviewed).toBe(11);
        const second = await store.list({ limit: 5, q: '金桥街', cursor: first.nextCursor! });
        const third = await store.list({ limit: 5, q: '金桥街', cursor: second.nextCursor! });
        expect([...first.items, ...second.items, ...third.items].map((t) => t.id)).toEqual(
          [110, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0].map((i) => trace(i).id),
        );
        expect(third.nextCursor).toBeNull();
        const unreviewed = await store.list({ limit: 5, q: '金桥街', verdict: 'unreviewed' });
        expect(unreviewed.items[0].id).toBe(trace(100).id);
        expect((await store.list({ limit: 2, offset: 3 })).items.map((t) => t.id)).toEqual([
          trace(116).id,
          trace(115).id,
        ]);
      },
      timeout,
    );

    it('refuses a cursor it did not give out', async () => {
      const store = await makeStore();
      await expect(store.list({ limit: 5, cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'bad_input',
      });
    });
  });
}
