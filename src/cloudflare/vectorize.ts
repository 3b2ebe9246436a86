// The part of Cloudflare's Vectorize binding (V2) the adapter uses, typed here so Node code and tests need no
// Workers globals. A real `env.VECTORIZE` satisfies it structurally.
export type VectorizeMetadataValue = string | number | boolean;
export type VectorizeFilterOp = '$eq' | '$ne' | '$in' | '$nin' | '$lt' | '$lte' | '$gt' | '$gte';
export type VectorizeFilter = Record<
  string,
  | VectorizeMetadataValue
  | Partial<Record<VectorizeFilterOp, VectorizeMetadataValue | VectorizeMetadataValue[]>>
>;

export interface VectorizeVector {
  id: string;
  values: number[] | Float32Array | Float64Array;
  metadata?: Record<string, VectorizeMetadataValue>;
  namespace?: string;
}

export interface VectorizeMatches {
  count: number;
  matches: {
    id: string;
    score: number;
    values?: number[];
    metadata?: Record<string, VectorizeMetadataValue>;
  }[];
}

export interface VectorizeIndex {
  insert(vectors: VectorizeVector[]): Promise<{ mutationId: string }>;
  upsert(vectors: VectorizeVector[]): Promise<{ mutationId: string }>;
  deleteByIds(ids: string[]): Promise<{ mutationId: string }>;
  getByIds(ids: string[]): Promise<VectorizeVector[]>;
  query(
    vector: number[] | Float32Array,
    options?: {
      topK?: number;
      returnValues?: boolean;
      returnMetadata?: boolean | 'none' | 'indexed' | 'all';
      filter?: VectorizeFilter;
      namespace?: string;
    },
  ): Promise<VectorizeMatches>;
  describe(): Promise<{
    dimensions?: number;
    vectorCount?: number;
    processedUpToMutation?: string | null;
    processedUpToDatetime?: string | null;
  }>;
}

/** Documented limits (developers.cloudflare.com/vectorize/platform/limits). */
export const VECTORIZE_LIMITS = {
  maxBatch: 1000,
  maxIdBytes: 64,
  /** topK with returnValues or returnMetadata 'all'. */
  maxTopKWithValues: 20,
  maxTopK: 100,
  maxMetadataBytes: 10 * 1024,
  maxDimensions: 1536,
  maxMetadataIndexes: 10,
} as const;

/** The metadata fields the adapter filters on; each needs a metadata index, created before inserting. */
export const METADATA_INDEXES = {
  documentId: 'string',
  orgKey: 'string',
  year: 'number',
  section: 'string',
} as const;
