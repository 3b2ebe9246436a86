// Question words the library never uses (「巡街」「格子」) stand for library words that share their characters
// (巡查, 网格): the library's own vocabulary, chosen by the rarer shared character and by closeness of the
// word's learned vector to the rest of the question. Needs the local embedder's learned word vectors.
import type { CooccurrenceModel } from '../index/cooccurrence-model.ts';
import { isTopicWord, semanticVector } from '../index/cooccurrence-model.ts';
import type { Embedder } from '../ports.ts';

export interface BackoffOptions {
  /** Library words taken per unknown question word. */
  perWord: number;
  /** Weight of the closeness to the question (cosine) against the shared characters' rarity. */
  context: number;
  /** A library word less close to the question than this is never taken (when the question has known words). */
  minCos: number;
}
export const BACKOFF: BackoffOptions = { perWord: 1, context: 20, minCos: 0.4 };

interface Vocabulary {
  /** character → library words (2–4 characters) holding it */
  byChar: Map<string, string[]>;
  /** character → log(words / words holding it) */
  charIdf: Map<string, number>;
}
const vocabularies = new WeakMap<CooccurrenceModel, Vocabulary>();

function vocabularyOf(model: CooccurrenceModel): Vocabulary {
  let v = vocabularies.get(model);
  if (v) return v;
  const byChar = new Map<string, string[]>();
  let n = 0;
  for (const w of model.idf.keys()) {
    if (!isTopicWord(w) || w.length > 4) continue;
    n++;
    for (const c of new Set(w)) {
      let list = byChar.get(c);
      if (!list) byChar.set(c, (list = []));
      list.push(w);
    }
  }
  const charIdf = new Map([...byChar].map(([c, ws]) => [c, Math.log(n / ws.length)]));
  vocabularies.set(model, (v = { byChar, charIdf }));
  return v;
}

/**
 * The learned word vectors of an embedder that has them (the local one after reindex). Read by shape, not by
 * class: importing the local embedder here would pull its Node-only dictionary into the Workers bundle.
 */
const wordVectorsOf = (embedder: Embedder): CooccurrenceModel | null =>
  (embedder as { wordVectors?: { model?: CooccurrenceModel } }).wordVectors?.model ?? null;

/** Whether the embedder has learned word vectors to choose back-off words by (the local one after reindex). */
export const canBackoff = (embedder: Embedder): boolean => wordVectorsOf(embedder) !== null;

/**
 * For each topic word of two or more Chinese characters that no paragraph holds (idf 0), the library words
 * sharing a character with it, best first: the shared characters' rarity plus `context` × the cosine of the
 * word's vector with the question's known words.
 */
export function backoffWords(
  embedder: Embedder,
  words: string[],
  idfs: Map<string, number>,
  opts: BackoffOptions = BACKOFF,
): string[] {
  const model = wordVectorsOf(embedder);
  if (!model) return [];
  const unknown = [...new Set(words)].filter((w) => isTopicWord(w) && !(idfs.get(w)! > 0));
  if (!unknown.length) return [];
  const vocab = vocabularyOf(model);
  const context = semanticVector(
    model,
    words.filter((w) => idfs.get(w)! > 0),
  );
  const hasContext = context.some((x) => x !== 0);
  const out: string[] = [];
  for (const w of unknown) {
    const scored = new Map<string, number>();
    for (const c of new Set(w)) {
      const idf = vocab.charIdf.get(c) ?? 0;
      for (const v of vocab.byChar.get(c) ?? []) scored.set(v, (scored.get(v) ?? 0) + idf);
    }
    const ranked = [...scored]
      .map(([v, rarity]) => {
        const wv = model.vectors.get(v);
        let cos = 0;
        if (wv && hasContext) for (let d = 0; d < wv.length; d++) cos += wv[d] * context[d];
        return { v, s: rarity + opts.context * cos, cos };
      })
      .filter((r) => !hasContext || r.cos >= opts.minCos);
    ranked.sort((a, b) => b.s - a.s || (a.v < b.v ? -1 : 1));
    for (const r of ranked.slice(0, opts.perWord)) if (!out.includes(r.v)) out.push(r.v);
  }
  return out;
}
