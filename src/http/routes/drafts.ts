// POST /api/draft (JSON, or SSE when asked), GET /api/drafts, GET /api/drafts/:id[.md|.docx].
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { type DraftDeps, DraftEditSchema, createDraft, editDraft, toDraft } from '../../draft/draft.ts';
import { draftToDocx, draftToMarkdown } from '../../draft/export.ts';
import { DraftRequestSchema } from '../../draft/types.ts';
import { AppError } from '../../errors.ts';
import { readJson } from '../errors.ts';
import { streamError } from '../stream-error.ts';

const wantsStream = (accept: string | undefined, flag: boolean | undefined) =>
  flag === true || (flag !== false && (accept ?? '').includes('text/event-stream'));

export function draftRoute(deps: DraftDeps) {
  return new Hono().post('/', async (c) => {
    // Read first: the server aborts this signal when the client goes away, and only if it was asked for by then.
    const signal = c.req.raw.signal;
    const req = await readJson(c, DraftRequestSchema);
    if (!wantsStream(c.req.header('accept'), req.stream))
      return c.json(await createDraft(deps, req, { signal }));
    return streamSSE(c, async (stream) => {
      try {
        const d = await createDraft(deps, req, { signal });
        await stream.writeSSE({
          event: 'title',
          data: JSON.stringify({ title: d.title, coverage: d.coverage }),
        });
        for (const [index, point] of d.points.entries())
          await stream.writeSSE({ event: 'point', data: JSON.stringify({ index, point }) });
        const { points: _p, ...rest } = d;
        await stream.writeSSE({ event: 'done', data: JSON.stringify(rest) });
      } catch (e) {
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: streamError(e) }) });
      }
    });
  });
}

const PageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export function draftsRoutes(deps: DraftDeps) {
  return new Hono()
    .get('/', async (c) => {
      const page = PageSchema.safeParse(c.req.query());
      if (!page.success) throw new AppError('bad_input', 'limit 须为 1–200 的整数，offset 须为非负整数');
      const { total, items } = await deps.drafts.list(page.data);
      return c.json({ total, items: items.map(toDraft) });
    })
    .get('/:file', async (c) => {
      const m = /^([0-9a-f-]{36})(?:\.(md|docx))?$/.exec(c.req.param('file'));
      const stored = m ? await deps.drafts.get(m[1]) : null;
      if (!m || !stored) throw new AppError('not_found', `没有这份草稿：${c.req.param('file')}`);
      const draft = toDraft(stored);
      const name = encodeURIComponent(
        `${draft.request.org}-${draft.request.year}-${draft.request.section === 'shortcomings' ? '存在的不足' : '下一步工作'}`,
      );
      if (m[2] === 'md') {
        c.header('content-disposition', `attachment; filename*=UTF-8''${name}.md`);
        return c.body(draftToMarkdown(draft), 200, { 'content-type': 'text/markdown; charset=utf-8' });
      }
      if (m[2] === 'docx') {
        const buf = await draftToDocx(draft);
        c.header('content-disposition', `attachment; filename*=UTF-8''${name}.docx`);
        return c.body(new Uint8Array(buf), 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        });
      }
      return c.json({ ...draft, trace: stored.trace });
    })
    .patch('/:id', async (c) => {
      const edit = await readJson(c, DraftEditSchema);
      return c.json(await editDraft(deps.drafts, c.req.param('id'), edit));
    });
}
