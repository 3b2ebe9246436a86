import { describe, expect, it } from 'vitest';
import { useSeedLibrary } from '../../test/helpers.ts';
import { ask, extractiveAnswerer } from './ask.ts';
import { askedKind } from './extractive-answerer.ts';
import { SqliteTraceStore } from '../traces/sqlite-trace-store.ts';

describe('askedKind', () => {
  it('reads the kind of thing a question asks for, with its synonyms', () => {
    expect(askedKind('大港街的调解团队得过什么荣誉')).toEqual(expect.arrayContaining(['荣誉', '评为', '模范']));
    expect(askedKind('城西街道在法治政府建设上有哪些差距？')[0]).toBe('差距');
    expect(askedKind('金桥街全年立案多少起？')).toEqual([]);
  });
});

describe('extractive answer picks the sentence naming what was asked', () => {
  const seed = useSeedLibrary();
  it('「得过什么荣誉」 quotes the award, not the sentence that shares 「调解团队」', async () => {
    const a = await ask({ lib: seed.lib, traces: new SqliteTraceStore(':memory:'), answerer: extractiveAnswerer }, { question: '大港街的调解团队得过什么荣誉' });
    expect(a.answer).toContain('全国模范人民调解委员会');
    expect(a.verification.ok).toBe(true);
  });
});
