// The TraceStore contract for the asker's 👍/👎: one suite every adapter runs (SQLite on Node, D1 on Workers).
import { describe, expect, it } from 'vitest';
import type { TraceStore } from '../ports.ts';
import type { Trace } from './trace.ts';

const trace = (id: string, createdAt: string): Trace => ({
  id,
  createdAt,
  conversationId: `c-${id}`,
  question: '大港街2023年公开了多少条行政处罚？',
  resolvedQuestion: '大港街2023年公开了多少条行政处罚？',
  request: {},
  answer: '根据大港街2023年度报告，公开行政处罚55条[1]。',
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

export function traceStoreFeedbackContract(name: string, makeStore: () => Promise<TraceStore>) {
  describe(`TraceStore feedback contract: ${name}`, () => {
    it('a new trace has no feedback; a rating is kept with its reason and time, the latest replacing the earlier', async () => {
      const store = await makeStore();
      await store.record(trace('f1', '2026-01-01T00:00:00Z'));
      expect((await store.get('f1'))!.feedback).toBeNull();
      const up = await store.feedback('f1', { rating: 'up', at: '2026-01-01T00:01:00Z' });
      expect(up!.feedback).toEqual({ rating: 'up', at: '2026-01-01T00:01:00Z' });
      await store.feedback('f1', { rating: 'down', reason: '数字不对', at: '2026-01-01T00:02:00Z' });
      const t = await store.get('f1');
      expect(t!.feedback).toEqual({ rating: 'down', reason: '数字不对', at: '2026-01-01T00:02:00Z' });
      // the review is a separate thing: rating does not touch it, and reviewing keeps the rating
      expect(t!.review).toBeNull();
      await store.review('f1', { verdict: 'correct', reviewedAt: '2026-01-01T00:03:00Z' });
      expect((await store.get('f1'))!.feedback).toMatchObject({ rating: 'down' });
      expect(await store.feedback('no-such-trace', { rating: 'down', at: 'x' })).toBeNull();
    });

    it('lists the flags: feedback=down gives only the 👎 answers, with the rating in each item', async () => {
      const store = await makeStore();
      await store.record(trace('g1', '2026-02-01T00:00:00Z'));
      await store.record(trace('g2', '2026-02-02T00:00:00Z'));
      await store.record(trace('g3', '2026-02-03T00:00:00Z'));
      await store.feedback('g1', { rating: 'down', reason: '答非所问', at: '2026-02-04T00:00:00Z' });
      await store.feedback('g2', { rating: 'up', at: '2026-02-04T00:00:00Z' });
      const down = await store.list({ limit: 10, offset: 0, feedback: 'down' });
      expect(down.items.filter((t) => t.id.startsWith('g')).map((t) => [t.id, t.feedback?.reason])).toEqual([
        ['g1', '答非所问'],
      ]);
      const up = await store.list({ limit: 10, offset: 0, feedback: 'up' });
      expect(up.items.filter((t) => t.id.startsWith('g')).map((t) => t.id)).toEqual(['g2']);
      const all = await store.list({ limit: 10, offset: 0 });
      expect(all.items.find((t) => t.id === 'g3')!.feedback).toBeNull();
      expect((await store.lastInConversation('c-g1'))!.feedback).toMatchObject({ rating: 'down' });
    });
  });
}
