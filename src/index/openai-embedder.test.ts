import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EMBED_BASE,
  embeddingsHandler,
  embeddingsStatus,
  embeddingsWrongDims,
  fakeEmbedding,
  type SeenEmbeddingRequest,
} from '../../test/msw/openai-handlers.ts';
import { OpenAIEmbedder } from './openai-embedder.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const make = (batchSize = 64) =>
  new OpenAIEmbedder({
    baseURL: EMBED_BASE,
    apiKey: 'sk-test-secret',
    model: 'bge-m3',
    dimensions: 32,
    batchSize,
    maxRetries: 0,
  });

describe('OpenAIEmbedder against an OpenAI-compatible /v1/embeddings', () => {
  it('asks for float vectors, sends the key, and returns them in input order', async () => {
    const seen: SeenEmbeddingRequest[] = [];
    server.use(embeddingsHandler(32, seen));
    const e = make();
    const texts = ['法律明白人', '行政处罚191起', '普法形式单一'];
    const out = await e.embed(texts);
    expect(seen[0]).toMatchObject({
      model: 'bge-m3',
      encoding_format: 'float',
      authorization: 'Bearer sk-test-secret',
    });
    expect(out).toEqual(texts.map((t) => fakeEmbedding(t, 32)));
    expect(e.id).toBe('openai:bge-m3:32');
  });

  it('batches long inputs', async () => {
    const seen: SeenEmbeddingRequest[] = [];
    server.use(embeddingsHandler(32, seen));
    const out = await make(2).embed(['一', '二', '三', '四', '五']);
    expect(seen.map((s) => s.input.length)).toEqual([2, 2, 1]);
    expect(out).toHaveLength(5);
  });

  it('turns 429/500 into an upstream error that says so and is retryable, without leaking the key', async () => {
    for (const status of [429, 500]) {
      server.use(embeddingsStatus(status));
      const err = await make()
        .embed(['x'])
        .catch((e) => e);
      expect(err).toMatchObject({ code: 'upstream', retryable: true });
      expect(err.message).toContain(String(status));
      expect(err.message).not.toContain('sk-test-secret');
    }
  });

  it('rejects vectors of the wrong dimension', async () => {
    server.use(embeddingsWrongDims(7));
    await expect(make().embed(['x'])).rejects.toMatchObject({
      code: 'upstream',
      message: expect.stringContaining('32'),
    });
  });
});
