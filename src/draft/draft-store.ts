// DraftStore port: drafts are kept with their trace so a supervisor can audit and export them later.
import type { Draft } from './types.ts';

export interface StoredDraft extends Draft {
  /** What the drafter looked at and how long it took (the draft's trace). */
  trace: {
    evidence: { paragraphId: string; theme: string | null; used: boolean }[];
    promptHash: string | null;
    timings: Record<string, number>;
    /** The points as drafted, kept when the author edits them. */
    originalPoints?: string[];
  };
  editedAt?: string;
}

export interface DraftStore {
  save(d: StoredDraft): Promise<void>;
  get(id: string): Promise<StoredDraft | null>;
  /** Replaces a stored draft (the author's edits). */
  update(d: StoredDraft): Promise<void>;
  list(opts: { limit: number; offset: number }): Promise<{ total: number; items: StoredDraft[] }>;
  close(): Promise<void>;
}
