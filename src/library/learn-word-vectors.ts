// Learns the local embedder's word vectors from the library's own paragraphs (done by reindex, Node only).
import { trainCooccurrence, type CooccurrenceModel } from '../index/cooccurrence-model.ts';
import { LocalEmbedder } from '../index/local-embedder.ts';
import { saveWordVectors } from '../index/word-vectors-file.ts';
import type { ReportStore } from '../ports.ts';

/** PPMI + SVD over every stored paragraph's words (64 dimensions, ±4 words, words in ≥ 2 paragraphs). */
export async function learnWordVectors(
  store: Pick<ReportStore, 'allParagraphs'>,
): Promise<CooccurrenceModel> {
  const paragraphs: string[][] = [];
  for await (const p of store.allParagraphs()) paragraphs.push(p.tokens);
  return trainCooccurrence(paragraphs, { dimensions: 64, window: 4, minDf: 2, maxVocabulary: 8000 });
}

/**
 * The local embedder with word vectors learned from what the store holds now, saved under dataDir (the next
 * start reads them). The caller re-embeds every paragraph with it (reindex): its id differs from the old one.
 */
export async function learnLocalEmbedder(
  store: Pick<ReportStore, 'allParagraphs'>,
  dataDir: string,
  base: LocalEmbedder,
): Promise<LocalEmbedder> {
  const stored = saveWordVectors(dataDir, await learnWordVectors(store));
  return new LocalEmbedder({ dimensions: base.hashDimensions, wordVectors: stored });
}
