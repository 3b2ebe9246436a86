// msw handlers for an OpenAI-compatible upstream: embeddings (float arrays, like vLLM/Ollama/DashScope return them).
import { http, HttpResponse } from 'msw';

export const EMBED_BASE = 'http://llm.test/v1';

/** A deterministic fake embedding: a few hashed character features, normalised. */
export function fakeEmbedding(text: string, dims: number): number[] {
  const v = new Array(dims).fill(0);
  for (const ch of text) v[ch.codePointAt(0)! % dims] += 1;
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

export interface SeenEmbeddingRequest {
  model: string;
  input: string[];
  encoding_format?: string;
  authorization: string | null;
}

export function embeddingsHandler(dims: number, seen: SeenEmbeddingRequest[] = []) {
  return http.post('*/embeddings', async ({ request }) => {
    const body = (await request.json()) as {
      model: string;
      input: string | string[];
      encoding_format?: string;
    };
    const input = Array.isArray(body.input) ? body.input : [body.input];
    seen.push({
      model: body.model,
      input,
      encoding_format: body.encoding_format,
      authorization: request.headers.get('authorization'),
    });
    return HttpResponse.json({
      object: 'list',
      model: body.model,
      data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, dims) })),
      usage: { prompt_tokens: input.join('').length, total_tokens: input.join('').length },
    });
  });
}

export const embeddingsStatus = (status: number) =>
  http.post('*/embeddings', () =>
    HttpResponse.json({ error: { message: `upstream says ${status}`, type: 'server_error' } }, { status }),
  );

export const embeddingsWrongDims = (dims: number) =>
  http.post('*/embeddings', async ({ request }) => {
    const body = (await request.json()) as { input: string[] };
    return HttpResponse.json({
      object: 'list',
      data: body.input.map((_, index) => ({
        object: 'embedding',
        index,
        embedding: new Array(dims).fill(0.1),
      })),
    });
  });

export interface SeenChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
}

/** The numbered source ([n]) whose text contains `needle`, as the model was shown them. */
export function sourceNumber(userMessage: string, needle: string): number | null {
  for (const m of userMessage.matchAll(/\[(\d+)\] [^\n]*\n([^\n]*)/g))
    if (m[2].includes(needle)) return Number(m[1]);
  return null;
}

const sse = (chunks: string[], finish = true) => {
  const lines = chunks.map(
    (content, i) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content } : { content }, finish_reason: null }] })}\n\n`,
  );
  if (finish) {
    lines.push(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    );
    lines.push('data: [DONE]\n\n');
  }
  return new HttpResponse(lines.join(''), { headers: { 'content-type': 'text/event-stream' } });
};

/** A chat upstream whose reply is computed from the request (so it can cite the right source number). */
export function chatHandler(
  reply: (req: SeenChatRequest) => string,
  seen: SeenChatRequest[] = [],
  opts: { cut?: boolean } = {},
) {
  return http.post('*/chat/completions', async ({ request }) => {
    const body = (await request.json()) as SeenChatRequest;
    seen.push(body);
    const text = reply(body);
    const parts = text.match(/.{1,8}/gsu) ?? [''];
    return sse(opts.cut ? parts.slice(0, 2) : parts, !opts.cut);
  });
}

export const chatStatus = (
  status: number,
  opts: { once?: boolean; headers?: Record<string, string>; calls?: number[] } = {},
) =>
  http.post(
    '*/chat/completions',
    () => {
      opts.calls?.push(Date.now());
      return HttpResponse.json(
        { error: { message: `upstream says ${status}` } },
        { status, headers: opts.headers },
      );
    },
    { once: opts.once },
  );

/** One call to a live chat upstream: what it was asked, how many chunks it sent, whether the client hung up. */
export interface UpstreamCall {
  body: SeenChatRequest & { max_tokens?: number };
  startedAt: number;
  sent: number;
  /** The client aborted the request (msw sees request.signal abort) or cancelled the body. */
  aborted: boolean;
  abortedAt?: number;
}

const chunkLine = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/**
 * A chat upstream that streams as it goes: the reply in pieces of `piece` characters, `gapMs` apart. With
 * `stallAfter` it sends that many pieces and then nothing, the connection held open until the client aborts.
 * Every call lands in `calls`, so a test can see that an abandoned request was really aborted upstream.
 */
export function liveChatHandler(opts: {
  reply: (req: SeenChatRequest) => string;
  piece?: number;
  gapMs?: number;
  stallAfter?: number;
  calls?: UpstreamCall[];
  once?: boolean;
}) {
  return http.post(
    '*/chat/completions',
    async ({ request }) => {
      const call: UpstreamCall = {
        body: (await request.json()) as UpstreamCall['body'],
        startedAt: Date.now(),
        sent: 0,
        aborted: false,
      };
      opts.calls?.push(call);
      let cancel = () => {};
      const hungUp = new Promise<void>((resolve) => {
        const mark = () => {
          if (!call.aborted) Object.assign(call, { aborted: true, abortedAt: Date.now() });
          resolve();
        };
        if (request.signal.aborted) mark();
        request.signal.addEventListener('abort', mark, { once: true });
        cancel = mark;
      });
      const text = opts.reply(call.body);
      const size = opts.piece ?? 8;
      const encoder = new TextEncoder();
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(ctl) {
          if (call.aborted) return ctl.close();
          if (opts.stallAfter !== undefined && call.sent >= opts.stallAfter) {
            await hungUp;
            return ctl.close();
          }
          if (i >= text.length && call.sent > 0) {
            ctl.enqueue(encoder.encode(`${chunkLine({}, 'stop')}data: [DONE]\n\n`));
            return ctl.close();
          }
          if (opts.gapMs && call.sent > 0)
            await Promise.race([new Promise((r) => setTimeout(r, opts.gapMs)), hungUp]);
          const content = text.slice(i, i + size);
          i += size;
          ctl.enqueue(
            encoder.encode(chunkLine(call.sent === 0 ? { role: 'assistant', content } : { content })),
          );
          call.sent++;
        },
        cancel: () => cancel(),
      });
      return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
    },
    { once: opts.once },
  );
}
