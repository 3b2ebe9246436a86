import { describe, expect, it } from 'vitest';
import { trainCooccurrence } from '../index/cooccurrence-model.ts';
import { LocalEmbedder } from '../index/local-embedder.ts';
import { backoffWords } from './backoff.ts';

describe('back-off for question words the library never uses', () => {
  const topics = [
    ['划分', '网格', '管理', '网格员', '社区'],
    ['网格', '管理', '社区', '上报', '网格员'],
    ['班子', '成员', '学法', '领导', '会议'],
    ['领导', '班子', '学法', '会议', '成员'],
    ['合格', '考试', '学法', '干部', '成绩'],
    ['考试', '合格', '成绩', '干部', '学法'],
  ];
  const paragraphs = Array.from({ length: 12 }, (_, i) => topics[i % topics.length]);
  const model = trainCooccurrence(paragraphs, { dimensions: 4, minDf: 1 });
  const embedder = new LocalEmbedder({ wordVectors: { model, fingerprint: 'test' } });
  const known = new Map([
    ['格子', 0],
    ['社区', 1],
    ['管理', 1],
  ]);

  it('takes the library word sharing a character that is closest to the rest of the question', () => {
    const words = backoffWords(embedder, ['格子', '社区', '管理'], known);
    expect(words).toHaveLength(1);
    expect(words[0]).toMatch(/^网格/); // not 合格, which shares 格 but is about exams
  });

  it('adds nothing when every word is known, or without learned word vectors', () => {
    expect(backoffWords(embedder, ['社区', '管理'], known)).toEqual([]);
    expect(backoffWords(new LocalEmbedder(), ['格子', '管理'], known)).toEqual([]);
  });
});
