// POST /api/ask — an answer with citations and checks, as JSON or streamed as SSE events.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { type AskDeps, ask } from '../../answer/ask.ts';
import { AskRequestSchema } from '../../answer/types.ts';
import { readJson } from '../errors.ts';
import { streamError } from '../stream-error.ts';

/** Splits an answer into small chunks, never inside a 「[n]」 marker. */
export function chunks(text: string, size = 12): string[] {
  const out: string[] = [];
  let buf = '';
  for (const piece of text.split(/(\[\d+\])/)) {
    if (/^\[\d+\]$/.test(piece)) buf += piece;
    else
      for (const ch of piece) {
        buf += ch;
        if (buf.length >= size) {
          out.push(buf);
          buf = '';
        }
      }
  }
  if (buf) out.push(buf);
  return out;
}

export function askRoutes(deps: AskDeps) {
  return new Hono().post('/', async (c) => {
    // Read first: the server aborts this signal when the client goes away, and only if it was asked for by then.
    const signal = c.req.raw.signal;
    const req = await readJson(c, AskRequestSchema);
    if (!(c.req.header('accept') ?? '').includes('text/event-stream'))
      return c.json(await ask(deps, req, { signal }));
    return streamSSE(c, async (stream) => {
      try {
        const res = await ask(deps, req, { signal });
        await stream.writeSSE({ event: 'citations', data: JSON.stringify(res.citations) });
        for (const text of chunks(res.answer))
          await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) });
        const { answer: _a, citations: _c, ...rest } = res;
        await stream.writeSSE({ event: 'done', data: JSON.stringify(rest) });
      } catch (e) {
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: streamError(e) }) });
      }
    });
  });
}
