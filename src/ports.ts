// The outside capabilities the library depends on, each a small interface with adapters in their own files.
import type { Paragraph, Report, ReportSummary, SectionKind } from './domain.ts';

/** Turns texts into dense vectors. `id` names the model and settings; indexes built by one never mix with another. */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}

export interface VectorMetadata {
  documentId: string;
  orgKey: string | null;
  year: number | null;
  section: SectionKind;
}

/** Equality on every field given (AND). */
export type VectorFilter = Partial<VectorMetadata>;

export interface VectorMatch {
  id: string;
  /** Cosine similarity, higher is closer. */
  score: number;
}

export interface VectorStore {
  upsert(items: { id: string; vector: number[]; metadata: VectorMetadata }[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  query(vector: number[], opts: { topK: number; filter?: VectorFilter }): Promise<VectorMatch[]>;
}

/** A vector store kept on local disk next to the report store (hnswlib, in-process or in a worker thread). */
export interface IndexVectorStore extends VectorStore {
  /** The report-store generation the index on disk reflects (-1: never flushed). */
  readonly generation: number;
  count(): Promise<number>;
  flush(dir: string, generation: number): Promise<void>;
  close(): Promise<void>;
}

/** A paragraph as stored, with what the indexes are built from. */
export interface StoredParagraph extends Paragraph {
  tokens: string[];
  embedding: number[];
}

export interface ReportStore {
  listReports(): Promise<ReportSummary[]>;
  getReport(id: string): Promise<(ReportSummary & { paragraphs: Paragraph[] }) | null>;
  getParagraphs(ids: string[]): Promise<Paragraph[]>;
  findBySource(sourceName: string): Promise<{ id: string; contentHash: string } | null>;
  /** Replaces a report and all its paragraphs in one transaction; returns the ids of paragraphs removed. */
  replaceReport(report: Report, units: StoredParagraph[]): Promise<{ removed: string[] }>;
  /** Removes a report and its paragraphs; returns the removed paragraph ids, or null if it was not there. */
  deleteReport(id: string): Promise<{ removed: string[] } | null>;
  allParagraphs(): AsyncIterable<StoredParagraph & { orgKey: string | null; year: number | null }>;
  /** Changes on every write; an index built at another generation is stale. */
  generation(): Promise<number>;
  getEmbedder(): Promise<{ id: string; dimensions: number } | null>;
  setEmbedder(e: { id: string; dimensions: number }): Promise<void>;
  close(): Promise<void>;
}
