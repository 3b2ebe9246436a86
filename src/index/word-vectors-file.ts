// The library's learned word vectors on disk (DATA_DIR/word-vectors.json): written by reindex, read at start.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.ts';
import type { CooccurrenceModel } from './cooccurrence-model.ts';

export const wordVectorsPath = (dataDir: string) => join(dataDir, 'word-vectors.json');

const FileSchema = z.object({
  format: z.literal(1),
  dimensions: z.number().int().min(1).max(1024),
  words: z.array(z.string()),
  /** Float32 little-endian, words.length × dimensions, base64. */
  vectors: z.string(),
  idf: z.record(z.string(), z.number()),
});

export interface StoredWordVectors {
  model: CooccurrenceModel;
  /** First 12 hex digits of the file's SHA-256: part of the embedder id. */
  fingerprint: string;
}

function encode(model: CooccurrenceModel): string {
  const words = [...model.vectors.keys()];
  const flat = new Float32Array(words.length * model.dimensions);
  words.forEach((w, i) => flat.set(model.vectors.get(w)!, i * model.dimensions));
  const idf = Object.fromEntries(
    [...model.idf].filter(([w]) => model.vectors.has(w)).map(([w, v]) => [w, Math.round(v * 1e4) / 1e4]),
  );
  return JSON.stringify({
    format: 1,
    dimensions: model.dimensions,
    words,
    vectors: Buffer.from(flat.buffer).toString('base64'),
    idf,
  });
}

function decode(text: string): StoredWordVectors {
  const f = FileSchema.parse(JSON.parse(text));
  const bytes = Buffer.from(f.vectors, 'base64');
  if (bytes.length !== f.words.length * f.dimensions * 4) throw new Error('向量长度与词数不符');
  const flat = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const vectors = new Map(
    f.words.map((w, i) => [w, flat.subarray(i * f.dimensions, (i + 1) * f.dimensions)]),
  );
  return {
    model: { dimensions: f.dimensions, vectors, idf: new Map(Object.entries(f.idf)) },
    fingerprint: createHash('sha256').update(text).digest('hex').slice(0, 12),
  };
}

/** Writes the model atomically and returns it as it will be read back (with its fingerprint). */
export function saveWordVectors(dataDir: string, model: CooccurrenceModel): StoredWordVectors {
  const text = encode(model);
  writeFileAtomic(wordVectorsPath(dataDir), text);
  return decode(text);
}

/**
 * The stored model, or null when there is none or it is damaged (said on stderr): the embedder is then the
 * hashed one, whose id differs from the library's, so the library refuses to open until npm run reindex
 * has learned the word vectors again — never a crash, never vectors of two models mixed.
 */
export function loadWordVectors(
  dataDir: string,
  warn: (message: string) => void = console.warn,
): StoredWordVectors | null {
  const path = wordVectorsPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    return decode(readFileSync(path, 'utf8'));
  } catch (e) {
    warn(`词向量文件 ${path} 已损坏（${(e as Error).message}），未使用；请运行 npm run reindex 重新学习`);
    return null;
  }
}
