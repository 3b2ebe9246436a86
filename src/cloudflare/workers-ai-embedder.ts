// WorkersAiEmbedder: embeddings from a Workers AI model through the `AI` binding (default @cf/baai/bge-m3:
// multilingual, Chinese included, 1024 dimensions).
import type { Embedder } from '../ports.ts';
import { AppError } from '../errors.ts';

/** The part of the Workers AI binding used here. */
export interface WorkersAi {
  run(model: string, input: { text: string[] }): Promise<unknown>;
}

export const BGE_M3 = { model: '@cf/baai/bge-m3', dimensions: 1024 } as const;

export class WorkersAiEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly model: string;
  private readonly batchSize: number;

  constructor(
    private readonly ai: WorkersAi,
    opts: { model?: string; dimensions?: number; batchSize?: number } = {},
  ) {
    this.model = opts.model ?? BGE_M3.model;
    this.dimensions = opts.dimensions ?? BGE_M3.dimensions;
    this.batchSize = opts.batchSize ?? 50;
    this.id = `workers-ai:${this.model}:${this.dimensions}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      let res: unknown;
      try {
        res = await this.ai.run(this.model, { text: batch });
      } catch (cause) {
        throw new AppError(
          'upstream',
          `Workers AI 向量模型 ${this.model} 调用失败：${(cause as Error).message}`,
          { cause },
        );
      }
      const data = (res as { data?: unknown })?.data;
      if (
        !Array.isArray(data) ||
        data.length !== batch.length ||
        data.some((v) => !Array.isArray(v) || v.length !== this.dimensions)
      ) {
        throw new AppError(
          'upstream',
          `Workers AI 向量模型 ${this.model} 返回的结果不是 ${batch.length} 个 ${this.dimensions} 维向量`,
        );
      }
      out.push(...(data as number[][]));
    }
    return out;
  }
}
