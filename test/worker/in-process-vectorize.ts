// An in-process Vectorize binding for tests (Vectorize has no local simulation). It follows the documented
// behaviour the adapter must cope with: writes are queued and become visible only when processed
// (`process()`, or automatically after `delayMs`), upsert replaces vector and metadata, insert keeps an
// existing id, topK ≤ 100 (≤ 20 with values or all metadata), filters with $eq $ne $in $nin $lt $lte $gt
// $gte joined by AND, only on fields that have a metadata index, ids ≤ 64 bytes, batches ≤ 1000, fixed
// dimensions, cosine similarity as the score.
import type {
  VectorizeFilter,
  VectorizeIndex,
  VectorizeMetadataValue,
  VectorizeVector,
} from '../../src/cloudflare/vectorize.ts';
import { VECTORIZE_LIMITS } from '../../src/cloudflare/vectorize.ts';

type Stored = { id: string; values: number[]; metadata: Record<string, VectorizeMetadataValue> };
type Mutation = { id: string; apply: () => void };

export class InProcessVectorize implements VectorizeIndex {
  private readonly vectors = new Map<string, Stored>();
  private readonly queue: Mutation[] = [];
  private processedUpTo: string | null = null;
  private seq = 0;
  private readonly metadataIndexes: Set<string>;

  constructor(private readonly opts: { dimensions: number; metadataIndexes: string[]; delayMs?: number }) {
    if (opts.metadataIndexes.length > VECTORIZE_LIMITS.maxMetadataIndexes)
      throw new Error('too many metadata indexes');
    this.metadataIndexes = new Set(opts.metadataIndexes);
  }

  /** Applies every queued write, as Vectorize does some seconds after accepting them. */
  process(): void {
    for (const m of this.queue.splice(0)) {
      m.apply();
      this.processedUpTo = m.id;
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  private enqueue(apply: () => void): { mutationId: string } {
    const id = `mutation-${++this.seq}`;
    this.queue.push({ id, apply });
    if (this.opts.delayMs !== undefined) setTimeout(() => this.process(), this.opts.delayMs);
    return { mutationId: id };
  }

  private validate(vectors: VectorizeVector[]): Stored[] {
    if (vectors.length > VECTORIZE_LIMITS.maxBatch)
      throw new Error(`VECTOR_INSERT_ERROR: batch of ${vectors.length} > ${VECTORIZE_LIMITS.maxBatch}`);
    return vectors.map((v) => {
      if (new TextEncoder().encode(v.id).length > VECTORIZE_LIMITS.maxIdBytes)
        throw new Error(`VECTOR_INSERT_ERROR: id too long: ${v.id}`);
      if (v.values.length !== this.opts.dimensions)
        throw new Error(
          `VECTOR_INSERT_ERROR: ${v.values.length} dimensions, index has ${this.opts.dimensions}`,
        );
      if (JSON.stringify(v.metadata ?? {}).length > VECTORIZE_LIMITS.maxMetadataBytes)
        throw new Error('VECTOR_INSERT_ERROR: metadata too large');
      return { id: v.id, values: Array.from(v.values), metadata: { ...(v.metadata ?? {}) } };
    });
  }

  async insert(vectors: VectorizeVector[]) {
    const items = this.validate(vectors);
    return this.enqueue(() => items.forEach((v) => this.vectors.has(v.id) || this.vectors.set(v.id, v)));
  }

  async upsert(vectors: VectorizeVector[]) {
    const items = this.validate(vectors);
    return this.enqueue(() => items.forEach((v) => this.vectors.set(v.id, v)));
  }

  async deleteByIds(ids: string[]) {
    if (ids.length > VECTORIZE_LIMITS.maxBatch) throw new Error('VECTOR_DELETE_ERROR: batch too large');
    return this.enqueue(() => ids.forEach((id) => this.vectors.delete(id)));
  }

  async getByIds(ids: string[]) {
    return ids.flatMap((id) => {
      const v = this.vectors.get(id);
      return v ? [{ ...v, values: [...v.values] }] : [];
    });
  }

  async describe() {
    return {
      dimensions: this.opts.dimensions,
      vectorCount: this.vectors.size,
      processedUpToMutation: this.processedUpTo,
      processedUpToDatetime: null,
    };
  }

  async query(vector: number[] | Float32Array, options: Parameters<VectorizeIndex['query']>[1] = {}) {
    const topK = options.topK ?? 5;
    const heavy = options.returnValues || options.returnMetadata === 'all' || options.returnMetadata === true;
    if (topK > (heavy ? VECTORIZE_LIMITS.maxTopKWithValues : VECTORIZE_LIMITS.maxTopK))
      throw new Error(`VECTOR_QUERY_ERROR: topK ${topK} too large`);
    if (vector.length !== this.opts.dimensions) throw new Error('VECTOR_QUERY_ERROR: wrong dimensions');
    const q = Array.from(vector);
    const qn = Math.hypot(...q) || 1;
    const matches = [...this.vectors.values()]
      .filter((v) => this.matches(v.metadata, options.filter))
      .map((v) => ({
        v,
        score: v.values.reduce((s, x, i) => s + x * q[i], 0) / (qn * (Math.hypot(...v.values) || 1)),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK)
      .map(({ v, score }) => ({
        id: v.id,
        score,
        ...(options.returnValues ? { values: [...v.values] } : {}),
        ...(options.returnMetadata && options.returnMetadata !== 'none'
          ? { metadata: { ...v.metadata } }
          : {}),
      }));
    return { count: matches.length, matches };
  }

  private matches(meta: Record<string, VectorizeMetadataValue>, filter?: VectorizeFilter): boolean {
    if (!filter) return true;
    for (const [key, cond] of Object.entries(filter)) {
      if (!this.metadataIndexes.has(key)) return false; // unindexed fields filter nothing in
      const value = meta[key];
      const ops = typeof cond === 'object' && cond !== null && !Array.isArray(cond) ? cond : { $eq: cond };
      for (const [op, arg] of Object.entries(ops)) {
        const ok =
          op === '$eq'
            ? value === arg
            : op === '$ne'
              ? value !== arg
              : op === '$in'
                ? (arg as VectorizeMetadataValue[]).includes(value)
                : op === '$nin'
                  ? !(arg as VectorizeMetadataValue[]).includes(value)
                  : op === '$lt'
                    ? value !== undefined && value < (arg as VectorizeMetadataValue)
                    : op === '$lte'
                      ? value !== undefined && value <= (arg as VectorizeMetadataValue)
                      : op === '$gt'
                        ? value !== undefined && value > (arg as VectorizeMetadataValue)
                        : op === '$gte'
                          ? value !== undefined && value >= (arg as VectorizeMetadataValue)
                          : (() => {
                              throw new Error(`VECTOR_QUERY_ERROR: unknown operator ${op}`);
                            })();
        if (!ok) return false;
      }
    }
    return true;
  }
}
