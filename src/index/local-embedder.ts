// LocalEmbedder: offline, deterministic embeddings from jieba words and character bigrams hashed into a dense vector.
import { idf as idfData } from '@node-rs/jieba/dict.js';
import type { Embedder } from '../ports.ts';
import { tokenize } from '../text/tokenize.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { type CooccurrenceModel, semanticVector } from './cooccurrence-model.ts';

let idfTable: Map<string, number> | null = null;
let medianIdf = 10;

function idfOf(word: string): number {
  if (!idfTable) {
    idfTable = new Map();
    const lines = Buffer.from(idfData).toString('utf8').split('\n');
    const values: number[] = [];
    for (const line of lines) {
      const sp = line.lastIndexOf(' ');
      if (sp <= 0) continue;
      const v = Number(line.slice(sp + 1));
      idfTable.set(line.slice(0, sp), v);
      values.push(v);
    }
    values.sort((a, b) => a - b);
    medianIdf = values[values.length >> 1] ?? 10;
  }
  return idfTable.get(word) ?? medianIdf;
}

const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x5bd1e995;

/** murmur3's finaliser: spreads every input bit over the output, so `h % dimensions` is well mixed. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit. */
function hash(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Chosen on the retrieval eval's dev split (evals/retrieval/candidates.ts): 0.2 / 0.35 / 0.5 measured. */
export const DEFAULT_SEMANTIC_SHARE = 0.35;

export interface LocalEmbedderOptions {
  dimensions?: number;
  /** Weight of a character bigram relative to a word. */
  bigramWeight?: number;
  /**
   * Inverse document frequencies learned from the library (words, and character bigrams as two-character
   * strings), used instead of jieba's general table and the flat bigram weight; scaled by their median.
   */
  libraryIdf?: { words: Map<string, number>; bigrams: Map<string, number> };
  /** Groups of words meaning the same (the lexicon): a text with any member gets the group's feature too. */
  concepts?: { groups: string[][]; weight: number };
  /**
   * Word vectors learned from the library (PPMI + SVD, see learn-word-vectors.ts): their IDF-weighted mean is
   * appended to the hashed features, so texts that say the same thing in other words come closer. The id
   * names the model by a fingerprint: vectors from another model never mix with these.
   */
  wordVectors?: { model: CooccurrenceModel; fingerprint: string };
  /** Share of the cosine given to the word-vector part (0–1). */
  semanticShare?: number;
}

/**
 * Word features are weighted by jieba's IDF table (TF-IDF with sublinear TF); character bigrams catch
 * words jieba cuts differently (「西于庄」). Signed feature hashing keeps the vector small and needs no
 * vocabulary, download or network.
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly bigramWeight: number;
  private readonly libraryIdf?: {
    words: Map<string, number>;
    bigrams: Map<string, number>;
    wordMedian: number;
    bigramMedian: number;
  };
  private readonly concepts?: { members: string[][]; weight: number };
  readonly hashDimensions: number;
  readonly wordVectors?: { model: CooccurrenceModel; fingerprint: string };
  private readonly semanticShare: number;

  constructor(opts: LocalEmbedderOptions = {}) {
    this.hashDimensions = opts.dimensions ?? 256;
    this.bigramWeight = opts.bigramWeight ?? 0.35;
    this.semanticShare = opts.semanticShare ?? DEFAULT_SEMANTIC_SHARE;
    this.wordVectors = opts.wordVectors;
    const wv = opts.wordVectors;
    this.dimensions = this.hashDimensions + (wv ? wv.model.dimensions : 0);
    this.id = `local-hash-v2:${this.hashDimensions}${wv ? `+ppmi${wv.model.dimensions}:${wv.fingerprint}:${this.semanticShare}` : ''}`;
    if (opts.libraryIdf) {
      const median = (m: Map<string, number>) => [...m.values()].sort((a, b) => a - b)[m.size >> 1] || 1;
      this.libraryIdf = {
        ...opts.libraryIdf,
        wordMedian: median(opts.libraryIdf.words),
        bigramMedian: median(opts.libraryIdf.bigrams),
      };
    }
    if (opts.concepts)
      this.concepts = {
        members: opts.concepts.groups.map((g) => g.map((w) => normalizeForMatch(w))),
        weight: opts.concepts.weight,
      };
  }

  embedOne(text: string, words = tokenize(text)): number[] {
    const hashed = this.hashedOne(text, words);
    if (!this.wordVectors) return hashed;
    // Both parts unit length: the cosine of two texts is (1 − share)·lexical + share·semantic; a text none of
    // whose words has a vector keeps its lexical part whole.
    const sem = semanticVector(this.wordVectors.model, words);
    const has = sem.some((x) => x !== 0);
    const a = has ? Math.sqrt(1 - this.semanticShare) : 1;
    const b = has ? Math.sqrt(this.semanticShare) : 0;
    const out = hashed.map((x) => x * a);
    for (let i = 0; i < sem.length; i++) out.push(sem[i] * b);
    return out;
  }

  private hashedOne(text: string, words: string[]): number[] {
    // Features are counted by their 32-bit hash (words and bigrams hashed with different seeds), so no
    // feature strings are built; the rare collision just merges two features.
    const counts = new Map<number, number>();
    const wordWeight = new Map<number, number>();
    const lib = this.libraryIdf;
    for (const w of words) {
      const h = hash(w, WORD_SEED);
      counts.set(h, (counts.get(h) ?? 0) + 1);
      if (!wordWeight.has(h))
        wordWeight.set(
          h,
          lib ? (lib.words.get(w) ?? lib.wordMedian * 1.5) / lib.wordMedian : idfOf(w) / medianIdf,
        );
    }
    const chars = normalizeForMatch(text);
    if (this.concepts) {
      this.concepts.members.forEach((group, i) => {
        if (!group.some((m) => chars.includes(m))) return;
        const h = hash(`concept:${i}`, WORD_SEED);
        counts.set(h, 1);
        wordWeight.set(h, this.concepts!.weight);
      });
    }
    let prev = 0;
    for (let i = 0; i < chars.length; i++) {
      const c = chars.charCodeAt(i);
      const isWordChar =
        (c >= 0x4e00 && c <= 0x9fff) ||
        (c >= 0x30 && c <= 0x39) ||
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x3400 && c < 0x4e00);
      if (!isWordChar) {
        prev = 0;
        continue;
      }
      if (prev) {
        const h = fmix32(Math.imul(prev, 0x9e3779b1) ^ c ^ BIGRAM_SEED);
        counts.set(h, (counts.get(h) ?? 0) + 1);
        if (lib && !wordWeight.has(h)) {
          const idf = lib.bigrams.get(String.fromCharCode(prev, c)) ?? lib.bigramMedian * 1.5;
          wordWeight.set(h, (this.bigramWeight * idf) / lib.bigramMedian);
        }
      }
      prev = c;
    }
    const v = new Float64Array(this.hashDimensions);
    for (const [h, tf] of counts) {
      const weight = (1 + Math.log(tf)) * (wordWeight.get(h) ?? this.bigramWeight);
      v[h % this.hashDimensions] += h & 0x80000000 ? -weight : weight;
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm) || 1;
    const out = new Array<number>(this.hashDimensions);
    for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
    return out;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }
}
