// The audit trail: list traces newest first, read one, record a supervisor's review.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { ReviewSchema, type TraceStore } from '../../traces/trace-store.ts';
import { readJson } from '../errors.ts';

const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function traceRoutes(traces: TraceStore) {
  return new Hono()
    .get('/', async (c) => {
      const p = Paging.safeParse(c.req.query());
      if (!p.success) throw new AppError('bad_input', 'limit 应为 1–200，offset 应为非负整数');
      return c.json(await traces.list(p.data));
    })
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
    });
}
