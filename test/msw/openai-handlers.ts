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
    const body = (await request.json()) as { model: string; input: string | string[]; encoding_format?: string };
    const input = Array.isArray(body.input) ? body.input : [body.input];
    seen.push({ model: body.model, input, encoding_format: body.encoding_format, authorization: request.headers.get('authorization') });
    return HttpResponse.json({
      object: 'list',
      model: body.model,
      data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, dims) })),
      usage: { prompt_tokens: input.join('').length, total_tokens: input.join('').length },
    });
  });
}

export const embeddingsStatus = (status: number) =>
  http.post('*/embeddings', () => HttpResponse.json({ error: { message: `upstream says ${status}`, type: 'server_error' } }, { status }));

export const embeddingsWrongDims = (dims: number) =>
  http.post('*/embeddings', async ({ request }) => {
    const body = (await request.json()) as { input: string[] };
    return HttpResponse.json({ object: 'list', data: body.input.map((_, index) => ({ object: 'embedding', index, embedding: new Array(dims).fill(0.1) })) });
  });

export interface SeenChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
}

/** The numbered source ([n]) whose text contains `needle`, as the model was shown them. */
export function sourceNumber(userMessage: string, needle: string): number | null {
  for (const m of userMessage.matchAll(/\[(\d+)\] [^\n]*\n([^\n]*)/g)) if (m[2].includes(needle)) return Number(m[1]);
  return null;
}

const sse = (chunks: string[], finish = true) => {
  const lines = chunks.map((content, i) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content } : { content }, finish_reason: null }] })}\n\n`,
  );
  if (finish) {
    lines.push(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    lines.push('data: [DONE]\n\n');
  }
  return new HttpResponse(lines.join(''), { headers: { 'content-type': 'text/event-stream' } });
};

/** A chat upstream whose reply is computed from the request (so it can cite the right source number). */
export function chatHandler(reply: (req: SeenChatRequest) => string, seen: SeenChatRequest[] = [], opts: { cut?: boolean } = {}) {
  return http.post('*/chat/completions', async ({ request }) => {
    const body = (await request.json()) as SeenChatRequest;
    seen.push(body);
    const text = reply(body);
    const parts = text.match(/.{1,8}/gsu) ?? [''];
    return sse(opts.cut ? parts.slice(0, 2) : parts, !opts.cut);
  });
}

export const chatStatus = (status: number) =>
  http.post('*/chat/completions', () => HttpResponse.json({ error: { message: `upstream says ${status}` } }, { status }));
