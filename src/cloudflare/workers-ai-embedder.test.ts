import { describe, expect, it } from 'vitest';
import { WorkersAiEmbedder, type WorkersAi } from './workers-ai-embedder.ts';

function binding(dimensions = 1024, calls: { model: string; n: number }[] = []): WorkersAi {
  return {
    async run(model, input) {
      calls.push({ model, n: input.text.length });
      return {
        shape: [input.text.length, dimensions],
        data: input.text.map((t) => Array.from({ length: dimensions }, (_, i) => (t.length + i) % 7)),
      };
    },
  };
}

describe('WorkersAiEmbedder', () => {
  it('calls @cf/baai/bge-m3 in batches and returns one 1024-d vector per text, in order', async () => {
    const calls: { model: string; n: number }[] = [];
    const e = new WorkersAiEmbedder(binding(1024, calls), { batchSize: 2 });
    const out = await e.embed(['一', '二二', '三三三']);
    expect(calls).toEqual([
      { model: '@cf/baai/bge-m3', n: 2 },
      { model: '@cf/baai/bge-m3', n: 1 },
    ]);
    expect(out.map((v) => v.length)).toEqual([1024, 1024, 1024]);
    expect(out[1][0]).toBe(2);
    expect(e.id).toBe('workers-ai:@cf/baai/bge-m3:1024');
  });

  it('a failing or malformed model answer is an upstream_error, never a wrong vector', async () => {
    await expect(
      new WorkersAiEmbedder({ run: async () => Promise.reject(new Error('3040: capacity')) }).embed(['x']),
    ).rejects.toMatchObject({ code: 'upstream' });
    await expect(new WorkersAiEmbedder(binding(768)).embed(['x'])).rejects.toMatchObject({
      code: 'upstream',
    });
    await expect(
      new WorkersAiEmbedder({ run: async () => ({ data: [] }) }).embed(['x']),
    ).rejects.toMatchObject({ code: 'upstream' });
  });
});
