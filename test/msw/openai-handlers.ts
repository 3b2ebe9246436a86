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
