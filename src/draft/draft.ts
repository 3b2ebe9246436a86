// The draft use case: draft with the configured drafter, store it with its trace, return it.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Corpus } from '../library/corpus.ts';
import type { DraftStore, Drafter } from '../ports.ts';
import type { Draft, DraftRequest, StoredDraft } from './types.ts';

export interface DraftDeps {
  lib: Corpus;
  drafts: DraftStore;
  drafter: Drafter;
}

/** `signal` is the HTTP request's: a client that goes away aborts an LLM drafter's model call. */
export async function createDraft(
  deps: DraftDeps,
  req: DraftRequest,
  opts: { signal?: AbortSignal } = {},
): Promise<Draft> {
  const t0 = performance.now();
  const call: DraftRequest & { signal?: AbortSignal } = opts.signal ? { ...req, signal: opts.signal } : req;
  const { evidence, promptHash, ...result } = await deps.drafter.draft(deps.lib, call);
  const draftId = randomUUID();
  const { stream: _s, ...request } = req;
  const stored: StoredDraft = {
    ...result,
    draftId,
    traceId: draftId,
    createdAt: new Date().toISOString(),
    request,
    trace: {
      evidence,
      promptHash: promptHash ?? null,
      timings: { totalMs: Math.round((performance.now() - t0) * 100) / 100 },
    },
  };
  await deps.drafts.save(stored);
  return toDraft(stored);
}

export function toDraft(d: StoredDraft): Draft {
  const { trace: _t, ...draft } = d;
  return draft;
}

export const DraftEditSchema = z
  .object({
    title: z.string().trim().min(1).max(100).optional(),
    points: z.array(z.string().max(5000, '每点最多 5000 字')).min(1).max(8),
  })
  .strict();

/** The author's edits: new point texts (markers kept as typed; unknown ones are dropped), the draft text redone. */
export async function editDraft(
  drafts: DraftStore,
  id: string,
  edit: z.infer<typeof DraftEditSchema>,
): Promise<Draft> {
  const d = await drafts.get(id);
  if (!d) throw new AppError('not_found', `没有这份草稿：${id}`);
  if (edit.points.length !== d.points.length)
    throw new AppError('bad_input', `草稿有 ${d.points.length} 点，收到 ${edit.points.length} 点`);
  const lines = d.draft.split('\n');
  const intro = lines.length > d.points.length + 1 ? [lines[1]] : [];
  const points = d.points.map((p, i) => {
    const known = new Set(p.citations.map((c) => c.n));
    const text = edit.points[i]
      .replace(/\r?\n+/g, '')
      .trim()
      .replace(/\[(\d+)\]/g, (m, n) => (known.has(Number(n)) ? m : ''));
    return { ...p, text };
  });
  const title = edit.title ?? d.title;
  const updated: StoredDraft = {
    ...d,
    title,
    points,
    draft: [title, ...intro, ...points.map((p) => p.text.replace(/\[\d+\]/g, ''))].join('\n'),
    editedAt: new Date().toISOString(),
    trace: { ...d.trace, originalPoints: d.trace.originalPoints ?? d.points.map((p) => p.text) },
  };
  await drafts.update(updated);
  return toDraft(updated);
}
