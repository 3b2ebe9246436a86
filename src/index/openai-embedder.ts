// OpenAIEmbedder: any OpenAI-compatible /v1/embeddings endpoint through the official SDK.
import OpenAI from 'openai';
import type { Embedder } from '../ports.ts';
import { AppError } from '../errors.ts';

export interface OpenAIEmbedderOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
  /** Known in advance for most models; checked against every response. */
  dimensions: number;
  batchSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof globalThis.fetch;
}

export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly batchSize: number;

  constructor(opts: OpenAIEmbedderOptions) {
    this.model = opts.model;
    this.dimensions = opts.dimensions;
    this.batchSize = opts.batchSize ?? 64;
    this.id = `openai:${opts.model}:${opts.dimensions}`;
    this.client = new OpenAI({
      baseURL: opts.baseURL,
      apiKey: opts.apiKey,
      timeout: opts.timeoutMs ?? 30_000,
      maxRetries: opts.maxRetries ?? 2,
      fetch: opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a)),
    });
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      let res;
      try {
        // Ask for floats: the SDK's default base64 is mis-decoded by servers/mocks that return arrays.
        res = await this.client.embeddings.create({
          model: this.model,
          input: batch,
          encoding_format: 'float',
        });
      } catch (cause) {
        const status = (cause as { status?: number }).status;
        throw new AppError(
          'upstream',
          `向量服务请求失败${status ? `（HTTP ${status}）` : ''}：${(cause as Error).message}`,
          {
            retryable: status === undefined || status === 429 || status >= 500,
            cause,
          },
        );
      }
      const data = [...res.data].sort((a, b) => a.index - b.index);
      if (data.length !== batch.length) {
        throw new AppError('upstream', `向量服务返回了 ${data.length} 个向量，应为 ${batch.length} 个`);
      }
      for (const d of data) {
        const v = d.embedding as unknown;
        if (
          !Array.isArray(v) ||
          v.length !== this.dimensions ||
          !v.every((x) => typeof x === 'number' && Number.isFinite(x))
        ) {
          throw new AppError(
            'upstream',
            `向量服务返回的向量维度或格式不对（应为 ${this.dimensions} 维数字数组）`,
          );
        }
        out.push(v as number[]);
      }
    }
    return out;
  }
}
