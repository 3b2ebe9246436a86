// The audit trail: list traces newest first (a page at a time, by cursor), read one with the paragraphs it left
// uncited, record a supervisor's review.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { ReportStore } from '../../ports.ts';
import { type EvalCaseSink, EvalCaseRequestSchema, evalCaseFromTrace } from '../../traces/eval-case.ts';
import type { TraceStore } from '../../ports.ts';
import { FeedbackSchema, ReviewSchema, type Trace } from '../../traces/trace.ts';
import { readJson } from '../errors.ts';

const Query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  cursor: z
    .string()
    .max(500)
    .optional()
    .transform((v) => v || undefined),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  verdict: z.enum(['unreviewed', 'correct', 'incorrect', 'needs_fix']).optional(),
  mode: z.enum(['extractive', 'llm']).optional(),
  failed: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  feedback: z.enum(['up', 'down']).optional(),
});

/**
 * The paragraphs retrieval found that the answer did not cite, best first, read from the library now (the trace
 * keeps their ids and scores): the evidence a reviewer needs to judge a refusal. A paragraph deleted since is
 * listed with `deleted: true`.
 */
async function uncitedParagraphs(t: Trace, store: ReportStore) {
  const cited = new Set(t.citations.map((c) => c.paragraphId));
  const rest = (t.retrieved ?? []).filter((r) => !cited.has(r.paragraphId));
  const found = new Map((await store.getParagraphs(rest.map((r) => r.paragraphId))).map((p) => [p.id, p]));
  const reports = new Map((await store.listReports()).map((r) => [r.id, r]));
  return rest.map((r) => {
    const p = found.get(r.paragraphId);
    const report = p && reports.get(p.documentId);
    if (!p || !report) return { paragraphId: r.paragraphId, score: r.score, deleted: true };
    return {
      paragraphId: p.id,
      documentId: p.documentId,
      score: r.score,
      text: p.text,
      section: p.section,
      heading: p.heading,
      org: report.meta.org,
      year: report.meta.year,
      title: report.meta.title,
      sourceName: report.sourceName,
    };
  });
}

export function traceRoutes(traces: TraceStore, deps: { store: ReportStore; evalCases: EvalCaseSink }) {
  return (
    new Hono()
      .get('/', async (c) => {
        const p = Query.safeParse(c.req.query());
        if (!p.success)
          throw new AppError(
            'bad_input',
            'limit 应为 1–200，offset 应为非负整数；verdict 只能是 unreviewed/correct/incorrect/needs_fix，mode 只能是 extractive/llm，feedback 只能是 up/down',
          );
        return c.json(await traces.list(p.data));
      })
      .get('/eval-cases', async (c) => c.json({ items: await deps.evalCases.list() }))
      .get('/:id', async (c) => {
        const t = await traces.get(c.req.param('id'));
        if (!t) throw new AppError('not_found', `没有找到记录「${c.req.param('id')}」`);
        return c.json({ ...t, uncited: await uncitedParagraphs(t, deps.store) });
      })
      .post('/:id/review', async (c) => {
        const body = await readJson(c, ReviewSchema);
        const t = await traces.review(c.req.param('id'), { ...body, reviewedAt: new Date().toISOString() });
        if (!t) throw new AppError('not_found', `没有找到记录「${c.req.param('id')}」`);
        return c.json(t);
      })
      // 👍/👎 from the person who asked (staff may post it; see requiredRole). A 👎 is a flag in the audit queue.
      .post('/:id/feedback', async (c) => {
        const body = await readJson(c, FeedbackSchema);
        const t = await traces.feedback(c.req.param('id'), { ...body, at: new Date().toISOString() });
        if (!t)
          throw new AppError('not_found', `没有找到这条回答的记录「${c.req.param('id').slice(0, 100)}」`);
        return c.json({ traceId: t.id, feedback: t.feedback });
      })
      .post('/:id/eval-case', async (c) => {
        const body = await readJson(c, EvalCaseRequestSchema);
        const t = await traces.get(c.req.param('id'));
        if (!t) throw new AppError('not_found', `没有找到记录「${c.req.param('id')}」`);
        const evalCase = await evalCaseFromTrace(t, deps.store, body.facts);
        const file = await deps.evalCases.save(evalCase);
        return c.json({ case: evalCase, file }, 201);
      })
  );
}
