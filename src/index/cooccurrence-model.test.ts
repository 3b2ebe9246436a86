import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { semanticVector, trainCooccurrence } from './cooccurrence-model.ts';
import { LocalEmbedder } from './local-embedder.ts';
import { loadWordVectors, saveWordVectors, wordVectorsPath } from './word-vectors-file.ts';

// A toy library: 信访 and 上访 never occur together but share their neighbours; 罚款 lives elsewhere.
const paragraphs = [
  ...Array.from({ length: 12 }, (_, i) => ['接待', '信访', '群众', '反映', '诉求', i % 2 ? '办结' : '答复']),
  ...Array.from({ length: 12 }, (_, i) => ['接待', '上访', '群众', '反映', '诉求', i % 2 ? '答复' : '办结']),
  ...Array.from({ length: 12 }, (_, i) => ['执法', '处罚', '罚款', '案件', '立案', i % 2 ? '占道' : '违建']),
  ...Array.from({ length: 12 }, (_, i) => [
    '普法',
    '宣传',
    '活动',
    '法律',
    '明白人',
    i % 2 ? '讲座' : '资料',
  ]),
];
const cos = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

describe('word vectors learned from the library (PPMI + SVD)', () => {
  const model = trainCooccurrence(paragraphs, { dimensions: 8 });

  it('puts words used in the same contexts close, and words of other topics far', () => {
    const v = (w: string) => model.vectors.get(w)!;
    expect(cos(v('信访'), v('上访'))).toBeGreaterThan(0.8);
    expect(cos(v('信访'), v('罚款'))).toBeLessThan(0.3);
  });

  it('is deterministic, and a text of none of its words gets a zero vector', () => {
    const again = trainCooccurrence(paragraphs, { dimensions: 8 });
    expect([...again.vectors.get('信访')!]).toEqual([...model.vectors.get('信访')!]);
    expect(semanticVector(model, ['2023', '。', '未见过']).every((x) => x === 0)).toBe(true);
  });

  it('round-trips through its file; the embedder id names the model and changes with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-'));
    try {
      expect(loadWordVectors(dir)).toBeNull();
      const saved = saveWordVectors(dir, model);
      const loaded = loadWordVectors(dir)!;
      expect(loaded.fingerprint).toBe(saved.fingerprint);
      expect([...loaded.model.vectors.get('上访')!]).toEqual([...model.vectors.get('上访')!]);
      const e = new LocalEmbedder({ wordVectors: loaded });
      expect(e.dimensions).toBe(256 + 8);
      expect(e.id).toBe(`local-hash-v2:256+ppmi8:${loaded.fingerprint}:0.35`);
      const other = saveWordVectors(dir, trainCooccurrence(paragraphs.slice(12), { dimensions: 8 }));
      expect(other.fingerprint).not.toBe(saved.fingerprint);
      writeFileSync(wordVectorsPath(dir), '{"format":1');
      const warnings: string[] = [];
      expect(loadWordVectors(dir, (m) => warnings.push(m))).toBeNull();
      expect(warnings.join()).toMatch(/已损坏.*reindex/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('brings a paraphrase closer than the hashed features alone do', async () => {
    const plain = new LocalEmbedder();
    const learned = new LocalEmbedder({ wordVectors: { model, fingerprint: 'test' } });
    const [q1, d1] = await plain.embed(['上访群众', '接待信访群众']);
    const [q2, d2] = await learned.embed(['上访群众', '接待信访群众']);
    expect(Math.hypot(...q2)).toBeCloseTo(1, 6);
    expect(cos(q2, d2)).toBeGreaterThan(cos(q1, d1) + 0.1);
  });
});
