// The audit trail: list traces newest first, read one, record a supervisor's review.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { ReportStore } from '../../ports.ts';
import { type EvalCaseSink, EvalCaseRequestSchema, evalCaseFromTrace } from '../../traces/eval-case.ts';
import { FeedbackSchema, ReviewSchema, type TraceStore } from '../../traces/trace-store.ts';
import { readJson } from '../errors.ts';

const Query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  verdict: z.enum(['unreviewed', 'correct', 'incorrect', 'needs_fix']).optional(),
  mode: z.enum(['extractive', 'llm']).optional(),
  failed: z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true'),
  feedback: z.enum(['up', 'down']).optional(),
});

export function traceRoutes(traces: TraceStore, deps: { store: ReportStore; evalCases: EvalCaseSink }) {
  return new Hono()
    .get('/', async (c) => {
      const p = Query.safeParse(c.req.query());
      if (!p.success) throw new AppError('bad_input', 'limit 应为 1–200，offset 应为非负整数；verdict 只能是 unreviewed/correct/incorrect/needs_fix，mode 只能是 extractive/llm，feedback 只能是 up/down');
      return c.json(await traces.list(p.data));
    })
    .get('/eval-cases', async (c) => c.json({ items: await deps.evalCases.list() }))
    .get('/:id', async (c) => {
      const t = await traces.get(c.req.param('id'));
      if (!t) throw new AppError('not_found', `没有找到记录「${c.req.param('id')}」`);
      return c.json(t);
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
      if (!t) throw new AppError('not_found', `没有找到这条回答的记录「${c.req.param('id').slice(0, 100)}」`);
      return c.json({ traceId: t.id, feedback: t.feedback });
    })
    .post('/:id/eval-case', async (c) => {
      const body = await readJson(c, EvalCaseRequestSchema);
      const t = await traces.get(c.req.param('id'));
      if (!t) throw new AppError('not_found', `没有找到记录「${c.req.param('id')}」`);
      const evalCase = await evalCaseFromTrace(t, deps.store, body.facts);
      const file = await deps.evalCases.save(evalCase);
      return c.json({ case: evalCase, file }, 201);
    });
}
