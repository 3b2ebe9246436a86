// OpenAI-compatible /v1/chat/completions and /v1/models, so existing OpenAI clients and chat apps can use the assistant.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { type AskDeps, ask } from '../../answer/ask.ts';
import { answerMarkdown, escapeMarkdown } from '../../answer/blocks.ts';
import { reportName } from '../../citation.ts';
import { SECTION_LABELS } from '../../section-labels.ts';
import type { Citation } from '../../answer/types.ts';
import { AppError } from '../../errors.ts';
import { readJson } from '../errors.ts';
import { streamError } from '../stream-error.ts';
import { chunks } from './ask.ts';

export const ASSISTANT_MODEL_ID = 'fazhi-report-assistant';

const ChatRequestSchema = z
  .object({
    model: z.string().max(200).optional(),
    messages: z
      .array(
        z
          .object({
            role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
            content: z
              .union([
                z.string(),
                z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough()),
              ])
              .nullable(),
          })
          .passthrough(),
      )
      .min(1, 'messages 不能为空'),
    stream: z.boolean().optional(),
  })
  .passthrough();

const textOf = (c: z.infer<typeof ChatRequestSchema>['messages'][number]['content']) =>
  typeof c === 'string' ? c : (c ?? []).map((p) => p.text ?? '').join('');

/** Where a citation's paragraph is read, highlighted: the report page of this assistant. */
export const sourceUrl = (origin: string, c: Citation) =>
  `${origin}/documents/${encodeURIComponent(c.documentId)}#p-${encodeURIComponent(c.paragraphId)}:${c.quote.start}-${c.quote.end}`;

/**
 * 「来源：」 appended to the answer as a Markdown list after a blank line, one item per citation: its number, a link
 * to the paragraph (report · section · heading) and the quoted sentence. Numbered 1, 2, 3 when the citations
 * are (an ordered list renders its own numbers), else bullets that carry 「[n]」.
 */
export function sourcesFooter(citations: Citation[], origin: string): string {
  if (!citations.length) return '';
  const sorted = [...citations].sort((a, b) => a.n - b.n);
  const numbered = sorted.every((c, i) => c.n === i + 1);
  const items = sorted.map((c) => {
    const label = escapeMarkdown(
      [
        `${reportName({ org: c.org, title: c.title })}${c.year ? `${c.year}年度` : ''}报告`,
        SECTION_LABELS[c.section],
        c.heading,
      ]
        .filter(Boolean)
        .join(' · '),
    );
    const quote = escapeMarkdown(c.text.slice(c.quote.start, c.quote.end).replace(/\s+/g, ' ').trim());
    return `${numbered ? `${c.n}.` : `- [${c.n}]`} [${label}](<${sourceUrl(origin, c)}>)：「${quote}」`;
  });
  return `\n\n来源：\n\n${items.join('\n')}`;
}

/** The answer as Markdown (its structure kept) followed by its sources. */
export const completionText = (answer: string, citations: Citation[], origin: string) =>
  answerMarkdown(answer) + sourcesFooter(citations, origin);

export function openAiRoutes(deps: AskDeps) {
  return new Hono()
    .get('/models', (c) =>
      c.json({
        object: 'list',
        data: [{ id: ASSISTANT_MODEL_ID, object: 'model', created: 0, owned_by: 'local' }],
      }),
    )
    .post('/chat/completions', async (c) => {
      // Read first: the server aborts this signal when the client goes away, and only if it was asked for by then.
      const signal = c.req.raw.signal;
      const body = await readJson(c, ChatRequestSchema);
      const users = body.messages
        .filter((m) => m.role === 'user')
        .map((m) => textOf(m.content).trim())
        .filter(Boolean);
      const question = users.at(-1);
      if (!question) throw new AppError('bad_input', '没有用户问题（messages 中需要 role 为 user 的内容）');
      if (question.length > 2000) throw new AppError('bad_input', '问题太长（最多 2000 字）');
      // Earlier user turns give the follow-up its context, read from their text: not answered again, not recorded.
      const opts = { history: users.slice(-4, -1).map((q) => q.slice(0, 2000)), signal };
      const id = `chatcmpl-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      const model = body.model ?? ASSISTANT_MODEL_ID;
      const origin = new URL(c.req.url).origin;
      const withUrls = (cs: Citation[]) => cs.map((x) => ({ ...x, url: sourceUrl(origin, x) }));
      if (!body.stream) {
        const res = await ask(deps, { question }, opts);
        return c.json({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: completionText(res.answer, res.citations, origin) },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
          citations: withUrls(res.citations),
          verification: res.verification,
          answerable: res.answerable,
          trace_id: res.traceId,
        });
      }
      return streamSSE(c, async (stream) => {
        const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
          stream.writeSSE({
            data: JSON.stringify({
              id,
              object: 'chat.completion.chunk',
              created,
              model,
              choices: [{ index: 0, delta, finish_reason: finish }],
              ...extra,
            }),
          });
        try {
          const res = await ask(deps, { question }, opts);
          await chunk({ role: 'assistant', content: '' });
          for (const text of chunks(completionText(res.answer, res.citations, origin), 24))
            await chunk({ content: text });
          await chunk({}, 'stop', {
            citations: withUrls(res.citations),
            verification: res.verification,
            trace_id: res.traceId,
          });
        } catch (e) {
          await stream.writeSSE({ data: JSON.stringify({ error: streamError(e) }) });
        }
        await stream.writeSSE({ data: '[DONE]' });
      });
    });
}
