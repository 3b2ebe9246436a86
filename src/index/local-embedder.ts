// LocalEmbedder: offline, deterministic embeddings from jieba words and character bigrams hashed into a dense vector.
import { idf as idfData } from '@node-rs/jieba/dict.js';
import type { Embedder } from '../ports.ts';
import { tokenize } from '../text/tokenize.ts';
import { normalizeForMatch } from '../text/normalize.ts';

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

export interface LocalEmbedderOptions {
  dimensions?: number;
  /** Weight of a character bigram relative to a word. */
  bigramWeight?: number;
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

  constructor(opts: LocalEmbedderOptions = {}) {
    this.dimensions = opts.dimensions ?? 256;
    this.bigramWeight = opts.bigramWeight ?? 0.35;
    this.id = `local-hash-v2:${this.dimensions}`;
  }

  embedOne(text: string, words = tokenize(text)): number[] {
    // Features are counted by their 32-bit hash (words and bigrams hashed with different seeds), so no
    // feature strings are built; the rare collision just merges two features.
    const counts = new Map<number, number>();
    const wordWeight = new Map<number, number>();
    for (const w of words) {
      const h = hash(w, WORD_SEED);
      counts.set(h, (counts.get(h) ?? 0) + 1);
      if (!wordWeight.has(h)) wordWeight.set(h, idfOf(w) / medianIdf);
    }
    const chars = normalizeForMatch(text);
    let prev = 0;
    for (let i = 0; i < chars.length; i++) {
      const c = chars.charCodeAt(i);
      const isWordChar = (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x3400 && c < 0x4e00);
      if (!isWordChar) {
        prev = 0;
        continue;
      }
      if (prev) {
        const h = fmix32(Math.imul(prev, 0x9e3779b1) ^ c ^ BIGRAM_SEED);
        counts.set(h, (counts.get(h) ?? 0) + 1);
      }
      prev = c;
    }
    const v = new Float64Array(this.dimensions);
    for (const [h, tf] of counts) {
      const weight = (1 + Math.log(tf)) * (wordWeight.get(h) ?? this.bigramWeight);
      v[h % this.dimensions] += h & 0x80000000 ? -weight : weight;
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm) || 1;
    const out = new Array<number>(this.dimensions);
    for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
    return out;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }
}
