// The outside capabilities the library depends on, each a small interface with adapters in their own files.
import type { AnswerInput } from './answer/retrieve-for-answer.ts';
import type { Answer } from './answer/types.ts';
import type { Role } from './auth/roles.ts';
import type { Paragraph, Report, ReportMeta, ReportSummary, SectionKind } from './domain.ts';
import type { DraftRequest, DraftResult, StoredDraft } from './draft/types.ts';
import type { Corpus } from './library/corpus.ts';
import type { Feedback, Review, Trace, TraceFilter } from './traces/trace.ts';
import type { TraceList, TracePage } from './traces/trace-rows.ts';

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

/** New metadata for paragraphs already indexed (a report's office or year was corrected). */
export type MetadataChange = { id: string; metadata: VectorMetadata };

export interface VectorStore {
  upsert(items: { id: string; vector: number[]; metadata: VectorMetadata }[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  /**
   * Changes the metadata of stored vectors, keeping the vectors; ids not in the store are skipped (a store
   * that cannot tell a missing vector from one still being written — Vectorize — refuses instead).
   */
  setMetadata(changes: MetadataChange[]): Promise<void>;
  query(vector: number[], opts: { topK: number; filter?: VectorFilter }): Promise<VectorMatch[]>;
  /** False while a local index is still loading at start: hybrid retrieval then answers from BM25 alone. */
  readonly ready?: boolean;
}

/** A vector store kept on local disk next to the report store (hnswlib, in-process or in a worker thread). */
export interface IndexVectorStore extends VectorStore {
  /** The report-store generation the index on disk reflects (-1: never flushed). */
  readonly generation: number;
  count(): Promise<number>;
  flush(dir: string, generation: number): Promise<void>;
  close(): Promise<void>;
}

/** A value now or later: in-process adapters answer synchronously, remote ones (D1) asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface LexicalMatch {
  id: string;
  /** BM25 score, higher is better. */
  score: number;
}

/** Keyword search over the paragraphs' jieba tokens (BM25): in memory on Node, postings tables in D1 on Workers. */
export interface LexicalIndex {
  count(): MaybePromise<number>;
  search(terms: WeightedTerm[], topK: number, filter?: VectorFilter): MaybePromise<LexicalMatch[]>;
  /** The metadata each paragraph was indexed with; ids not in the index are absent from the map. */
  metas(ids: string[]): MaybePromise<Map<string, VectorMetadata>>;
  /** Inverse document frequency of each term (0 for a term no paragraph has). */
  idfs(terms: string[]): MaybePromise<Map<string, number>>;
  /** Takes removed paragraphs out and adds new ones (after the store committed them). */
  update(
    removed: string[],
    added: { id: string; tokens: string[]; meta: VectorMetadata }[],
  ): MaybePromise<void>;
  /** Changes the metadata paragraphs are filtered by (after the store committed it); unknown ids are skipped. */
  setMetadata(changes: MetadataChange[]): MaybePromise<void>;
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
  /** The paragraphs of the given sections of many reports at once (optional: remote stores batch it). */
  getSectionParagraphs?(reportIds: string[], sections: SectionKind[]): Promise<Map<string, Paragraph[]>>;
  /** Replaces a report and all its paragraphs in one transaction; returns the ids of paragraphs removed. */
  replaceReport(report: Report, units: StoredParagraph[]): Promise<{ removed: string[] }>;
  /** Removes a report and its paragraphs; returns the removed paragraph ids, or null if it was not there. */
  deleteReport(id: string): Promise<{ removed: string[] } | null>;
  /**
   * Sets a report's metadata (office, level, district, city, year…) where it is stored — the report and, where
   * the store keeps them, its paragraphs' filter fields — in one transaction. Returns the report's paragraphs
   * (id and section) for the indexes to follow, or null if there is no such report.
   */
  updateMeta(
    id: string,
    meta: ReportMeta,
  ): Promise<{ paragraphs: { id: string; section: SectionKind }[] } | null>;
  allParagraphs(): AsyncIterable<StoredParagraph & { orgKey: string | null; year: number | null }>;
  /** Changes on every write; an index built at another generation is stale. */
  generation(): Promise<number>;
  getEmbedder(): Promise<{ id: string; dimensions: number } | null>;
  setEmbedder(e: { id: string; dimensions: number }): Promise<void>;
  close(): Promise<void>;
}

/** Anything that answers a question from the library (the extractive answerer, an LLM). */
export interface Answerer {
  answer(lib: Corpus, req: AnswerInput & { resolvedQuestion: string; signal?: AbortSignal }): Promise<Answer>;
}

/** Anything that drafts a section from the library (the extractive drafter, an LLM). */
export interface Drafter {
  draft(lib: Corpus, req: DraftRequest): Promise<DraftResult>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  /** The caller's signal (the HTTP request's): when it aborts, the upstream request is aborted too. */
  signal?: AbortSignal;
}

/**
 * A chat model: one method that returns the model's full reply (streamed from the upstream when it can). A call
 * is bounded: it settles within the model's deadline (retries included), aborts the upstream when `signal`
 * aborts, and returns at most the model's character cap. Failures are `AppError('upstream')`.
 */
export interface ChatModel {
  readonly id: string;
  complete(messages: ChatMessage[], opts?: CompleteOptions): Promise<string>;
}

/** Traces: the supervisors' audit trail of every answer (SQLite on Node, D1 on Workers). */
export interface TraceStore {
  record(trace: Trace): Promise<void>;
  get(id: string): Promise<Trace | null>;
  /** Newest first; a page by `cursor` (the previous page's nextCursor) or `offset`, with what is left to review. */
  list(opts: TracePage & TraceFilter): Promise<TraceList>;
  review(id: string, review: Review): Promise<Trace | null>;
  /** Records the asker's rating (replacing an earlier one); null when there is no such trace. */
  feedback(id: string, feedback: Feedback): Promise<Trace | null>;
  /** The latest trace of a conversation, for follow-up questions. */
  lastInConversation(conversationId: string): Promise<Trace | null>;
  close(): Promise<void>;
}

/** Drafts, kept with their trace so a supervisor can audit and export them later. */
export interface DraftStore {
  save(d: StoredDraft): Promise<void>;
  get(id: string): Promise<StoredDraft | null>;
  /** Replaces a stored draft (the author's edits). */
  update(d: StoredDraft): Promise<void>;
  list(opts: { limit: number; offset: number }): Promise<{ total: number; items: StoredDraft[] }>;
  close(): Promise<void>;
}

/** A sign-in session as the server keeps it. */
export interface SessionRecord {
  role: Role;
  /** Which configured token opened the session (see TokenKeys in auth/sessions.ts), never the token itself. */
  tokenFingerprint: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Where sessions are kept, keyed by the SHA-256 of their id: the store never holds a usable cookie. */
export interface SessionStore {
  put(key: string, session: SessionRecord): Promise<void>;
  get(key: string): Promise<SessionRecord | null>;
  delete(key: string): Promise<void>;
  /** Drops every session expired at `now` (called at each sign-in, so the store does not grow). */
  deleteExpired(now: number): Promise<void>;
}
