// VectorizeVectorStore: the VectorStore port over a Cloudflare Vectorize index (Workers).
// Vectorize applies writes asynchronously (seconds later), so: deletes are remembered in this isolate and
// filtered from answers until the index has processed them; a paragraph whose vector is not yet visible is
// still found by BM25 in D1, and retrieve() drops ids the report store no longer has. A metadata change is
// an upsert of the same vectors (read back with getByIds) with new metadata: vector filters follow it seconds
// later, while D1 (BM25, the report's office in citations) has it at once.
import type { MetadataChange, VectorFilter, VectorMatch, VectorMetadata, VectorStore } from '../ports.ts';
import { AppError } from '../errors.ts';
import {
  type VectorizeFilter,
  type VectorizeIndex,
  type VectorizeMetadataValue,
  VECTORIZE_LIMITS,
} from './vectorize.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;
/** Ids per getByIds call: kept small (the binding's documented limit is not stated; 20 is safe). */
const GET_BATCH = 20;

/** Vectorize stores no nulls: a report without org or year is stored as '' / -1, so it can still be filtered. */
function toMetadata(m: VectorMetadata): Record<string, VectorizeMetadataValue> {
  return { documentId: m.documentId, orgKey: m.orgKey ?? '', year: m.year ?? -1, section: m.section };
}

function toFilter(f: VectorFilter | undefined): VectorizeFilter | undefined {
  if (!f) return undefined;
  const out: VectorizeFilter = {};
  if (f.documentId !== undefined) out.documentId = { $eq: f.documentId };
  if (f.orgKey !== undefined) out.orgKey = { $eq: f.orgKey ?? '' };
  if (f.year !== undefined) out.year = { $eq: f.year ?? -1 };
  if (f.section !== undefined) out.section = { $eq: f.section };
  return Object.keys(out).length ? out : undefined;
}

export class VectorizeVectorStore implements VectorStore {
  private lastMutation: string | null = null;
  /** Ids deleted here whose deletion the index may not show yet. */
  private readonly deleted = new Set<string>();

  constructor(
    private readonly index: VectorizeIndex,
    private readonly opts: { dimensions: number },
  ) {}

  async upsert(items: { id: string; vector: number[]; metadata: VectorMetadata }[]): Promise<void> {
    for (const it of items) {
      if (it.vector.length !== this.opts.dimensions)
        throw new Error(
          `向量维度 ${it.vector.length} 与索引的 ${this.opts.dimensions} 不一致（段落 ${it.id}）`,
        );
      if (bytes(it.id) > VECTORIZE_LIMITS.maxIdBytes)
        throw new Error(`段落 id 超过 Vectorize 的 ${VECTORIZE_LIMITS.maxIdBytes} 字节上限：${it.id}`);
    }
    for (let i = 0; i < items.length; i += VECTORIZE_LIMITS.maxBatch) {
      const part = items.slice(i, i + VECTORIZE_LIMITS.maxBatch);
      const { mutationId } = await this.index.upsert(
        part.map((it) => ({ id: it.id, values: it.vector, metadata: toMetadata(it.metadata) })),
      );
      this.lastMutation = mutationId;
      for (const it of part) this.deleted.delete(it.id);
    }
  }

  async delete(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += VECTORIZE_LIMITS.maxBatch) {
      const part = ids.slice(i, i + VECTORIZE_LIMITS.maxBatch);
      const { mutationId } = await this.index.deleteByIds(part);
      this.lastMutation = mutationId;
      for (const id of part) this.deleted.add(id);
    }
  }

  /**
   * Re-upserts the stored vectors with new metadata. A vector Vectorize does not return yet (written seconds
   * ago, not yet processed) would later land with its old metadata, so then nothing is written and the caller
   * is told to try again shortly (the use case rolls the report store back).
   */
  async setMetadata(changes: MetadataChange[]): Promise<void> {
    const wanted = changes.filter((c) => !this.deleted.has(c.id));
    const values = new Map<string, number[]>();
    for (let i = 0; i < wanted.length; i += GET_BATCH) {
      for (const v of await this.index.getByIds(wanted.slice(i, i + GET_BATCH).map((c) => c.id)))
        values.set(v.id, Array.from(v.values));
    }
    const missing = wanted.filter((c) => !values.has(c.id));
    if (missing.length) {
      throw new AppError(
        'conflict',
        `向量索引还在写入这份报告的 ${missing.length} 个段落（Vectorize 写入后几秒才生效），请稍后再修改`,
        { retryable: true },
      );
    }
    await this.upsert(wanted.map((c) => ({ id: c.id, vector: values.get(c.id)!, metadata: c.metadata })));
  }

  async query(vector: number[], opts: { topK: number; filter?: VectorFilter }): Promise<VectorMatch[]> {
    const topK = Math.min(Math.max(0, Math.floor(opts.topK)), VECTORIZE_LIMITS.maxTopK);
    if (topK === 0) return [];
    // Ask for a few more when recent deletes may still be in the index, then drop them.
    const ask = Math.min(VECTORIZE_LIMITS.maxTopK, topK + this.deleted.size);
    const res = await this.index.query(vector, {
      topK: ask,
      returnValues: false,
      returnMetadata: 'none',
      filter: toFilter(opts.filter),
    });
    return res.matches
      .filter((m) => !this.deleted.has(m.id))
      .slice(0, topK)
      .map((m) => ({ id: m.id, score: m.score }));
  }

  /**
   * Waits until the index has processed this store's last write (cf:push and tests; answers never wait).
   * Then the remembered deletes are no longer needed.
   */
  async settled({ timeoutMs = 120_000, pollMs = 1000 } = {}): Promise<void> {
    const target = this.lastMutation;
    if (!target) return;
    const until = Date.now() + timeoutMs;
    while ((await this.index.describe()).processedUpToMutation !== target) {
      if (Date.now() > until)
        throw new Error(`Vectorize 在 ${timeoutMs / 1000} 秒内未处理完写入（mutation ${target}）`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
    if (this.lastMutation === target) this.deleted.clear();
  }
}
