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

/** FNV-1a 32-bit. */
function hash(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
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
    this.dimensions = opts.dimensions ?? 384;
    this.bigramWeight = opts.bigramWeight ?? 0.35;
    this.id = `local-hash-v1:${this.dimensions}`;
  }

  embedOne(text: string, words = tokenize(text)): number[] {
    const features = new Map<string, number>();
    for (const w of words) features.set('w:' + w, (features.get('w:' + w) ?? 0) + 1);
    const chars = normalizeForMatch(text).replace(/[^\p{L}\p{N}]+/gu, ' ');
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i] === ' ' || chars[i + 1] === ' ') continue;
      const g = 'b:' + chars[i] + chars[i + 1];
      features.set(g, (features.get(g) ?? 0) + 1);
    }
    const v = new Float64Array(this.dimensions);
    for (const [f, tf] of features) {
      const weight = (1 + Math.log(tf)) * (f.startsWith('w:') ? idfOf(f.slice(2)) / medianIdf : this.bigramWeight);
      const h = hash(f);
      v[h % this.dimensions] += h & 0x80000000 ? -weight : weight;
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }
}
