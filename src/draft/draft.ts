// The draft use case: draft with the configured drafter, store it with its trace, return it.
import { randomUUID } from 'node:crypto';
import type { Library } from '../library/library.ts';
import type { DraftStore, StoredDraft } from './draft-store.ts';
import type { Drafter } from './extractive-drafter.ts';
import type { Draft, DraftRequest } from './types.ts';

export interface DraftDeps {
  lib: Library;
  drafts: DraftStore;
  drafter: Drafter;
}

export async function createDraft(deps: DraftDeps, req: DraftRequest): Promise<Draft> {
  const t0 = performance.now();
  const { evidence, promptHash, ...result } = await deps.drafter.draft(deps.lib, req);
  const draftId = randomUUID();
  const { stream: _s, ...request } = req;
  const stored: StoredDraft = {
    ...result,
    draftId,
    traceId: draftId,
    createdAt: new Date().toISOString(),
    request,
    trace: { evidence, promptHash: promptHash ?? null, timings: { totalMs: Math.round((performance.now() - t0) * 100) / 100 } },
  };
  await deps.drafts.save(stored);
  return toDraft(stored);
}

export function toDraft(d: StoredDraft): Draft {
  const { trace: _t, ...draft } = d;
  return draft;
}
