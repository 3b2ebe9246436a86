// The report library over HTTP: list, read, upload (multipart), correct a report's metadata, delete; single paragraphs.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { REPORT_FORMATS } from '../../domain.ts';
import { AppError, isErrorCode } from '../../errors.ts';
import { deleteReport, ingestFiles } from '../../library/ingest.ts';
import type { Corpus } from '../../library/corpus.ts';
import {
  type MetaPatch,
  MetaPatchSchema,
  metaPatchFromFields,
  parseMetaPatch,
} from '../../library/meta-patch.ts';
import { updateReportMeta } from '../../library/update-report-meta.ts';
import { errorResponse, mediaType, readJson } from '../errors.ts';
import { checkFileNameLength } from '../file-name.ts';

/** A report already read to text (by npm run cf:push, which reads PDFs locally), optionally with its vectors. */
const ImportSchema = z
  .object({
    name: z.string().min(1).max(300),
    format: z.enum(REPORT_FORMATS),
    text: z.string().min(1, '报告正文为空'),
    vectors: z
      .object({
        embedder: z.string().min(1).max(200),
        byParagraph: z.record(z.string().max(64), z.array(z.number()).max(4096)),
      })
      .strict()
      .optional(),
    /** What the sender knows better than the text: office, level, district, city, year. */
    meta: MetaPatchSchema.optional(),
  })
  .strict();

/** Files per upload request: a batch is ingested under one lock, so it is kept to what a person drops at once. */
export const MAX_FILES = 50;

export function documentRoutes(lib: Corpus, opts: { maxUploadBytes: number }) {
  const mb = (opts.maxUploadBytes / 1024 / 1024).toFixed(0);
  return new Hono()
    .get('/', async (c) => c.json({ documents: await lib.store.listReports() }))
    .get('/:id', async (c) => {
      const report = await lib.store.getReport(c.req.param('id'));
      if (!report) throw new AppError('not_found', `没有找到报告「${c.req.param('id')}」`);
      return c.json(report);
    })
    .post(
      '/',
      bodyLimit({
        maxSize: opts.maxUploadBytes + 64 * 1024,
        onError: (c) => errorResponse(c, new AppError('too_large', `上传内容超过 ${mb} MB 上限`)),
      }),
      async (c) => {
        if (mediaType(c) !== 'multipart/form-data') {
          throw new AppError('unsupported_type', '请用 multipart/form-data 上传文件（字段名 file）');
        }
        const form = await c.req.parseBody({ all: true }).catch(() => {
          throw new AppError('bad_input', '上传内容不是有效的 multipart/form-data');
        });
        const files = ([] as unknown[]).concat(form.file ?? []).filter((f): f is File => f instanceof File);
        if (!files.length) throw new AppError('bad_input', '没有收到文件（字段名 file）');
        if (files.length > MAX_FILES)
          throw new AppError(
            'bad_input',
            `一次最多上传 ${MAX_FILES} 个文件，收到 ${files.length} 个；请分批上传`,
          );
        for (const f of files) checkFileNameLength(f.name);
        const meta = formMeta(form);
        const inputs = await Promise.all(
          files.map(async (f) => ({
            name: safeName(f.name),
            bytes: Buffer.from(await f.arrayBuffer()),
            ...(meta && { meta }),
          })),
        );
        const results = await ingestFiles(lib, inputs, { maxBytes: opts.maxUploadBytes, deferFlush: true });
        const failed = results.filter((r) => r.status === 'failed');
        if (failed.length === results.length && failed[0].status === 'failed') {
          return errorResponse(c, failureOf(failed[0].error), undefined, { results });
        }
        return c.json({ results }, 201);
      },
    )
    .post(
      '/import',
      bodyLimit({
        maxSize: opts.maxUploadBytes * 4,
        onError: (c) => errorResponse(c, new AppError('too_large', '导入内容超过上限')),
      }),
      async (c) => {
        const body = await readJson(c, ImportSchema);
        checkFileNameLength(body.name);
        if (body.text.length > opts.maxUploadBytes)
          throw new AppError('too_large', `报告正文超过 ${mb} MB 上限：${body.name}`);
        const [result] = await ingestFiles(lib, [{ ...body, name: safeName(body.name) }], {
          deferFlush: true,
        });
        if (result.status === 'failed')
          return errorResponse(c, failureOf(result.error), undefined, { results: [result] });
        return c.json({ results: [result] }, result.status === 'unchanged' ? 200 : 201);
      },
    )
    .patch(
      '/:id',
      bodyLimit({
        maxSize: 16 * 1024,
        onError: (c) => errorResponse(c, new AppError('too_large', '请求体超过 16 KB 上限')),
      }),
      async (c) => {
        const patch = parseMetaPatch(await readJson(c, z.unknown()));
        if (!Object.keys(patch).length)
          throw new AppError('bad_input', '没有要修改的字段（可改 org、level、district、city、year）');
        return c.json(await updateReportMeta(lib, c.req.param('id'), patch, { deferFlush: true }));
      },
    )
    .delete('/:id', async (c) => c.json(await deleteReport(lib, c.req.param('id'), { deferFlush: true })));
}

/** The upload form's optional metadata fields (org, level, district, city, year), applied to every file; empty ones are not given. */
function formMeta(form: Record<string, unknown>): MetaPatch | undefined {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === 'file') continue;
    if (typeof v !== 'string') throw new AppError('bad_input', `字段「${k}」只能填一次文字`);
    fields[k] = v;
  }
  const patch = metaPatchFromFields(fields);
  return Object.keys(patch).length ? patch : undefined;
}

/** The file's own name without any folder part (「../../x.txt」 → 「x.txt」), trimmed and bounded. */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  if (!clean || clean === '.' || clean === '..') throw new AppError('bad_input', '文件名无效');
  return clean;
}

export function paragraphRoutes(lib: Corpus) {
  return new Hono().get('/:id', async (c) => {
    const [p] = await lib.store.getParagraphs([c.req.param('id')]);
    if (!p) throw new AppError('not_found', `没有找到段落「${c.req.param('id')}」`);
    const report = await lib.store.getReport(p.documentId);
    return c.json({
      ...p,
      report: report && {
        id: report.id,
        title: report.meta.title,
        org: report.meta.org,
        year: report.meta.year,
      },
    });
  });
}

/** A file that could not be ingested, as the one error shape (its per-file results go beside it). */
const failureOf = (e: { code: string; message: string }) =>
  new AppError(isErrorCode(e.code) ? e.code : 'unprocessable', e.message);
