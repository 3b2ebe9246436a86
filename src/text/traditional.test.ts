// The traditional → simplified table: built from opencc-js for the characters office names use, never drifting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTraditional, formatTraditional } from './build-traditional.ts';
import { toSimplified } from './traditional.ts';

describe('traditional characters of office names', () => {
  it('reads a county, a street and a township written in traditional characters', () => {
    expect(toSimplified('沁源縣')).toBe('沁源县');
    expect(toSimplified('西於莊街道')).toBe('西于庄街道');
    expect(toSimplified('貫莊鎮')).toBe('贯庄镇');
    expect(toSimplified('鄉')).toBe('乡');
  });
  it('never rewrites ordinary simplified text', () => {
    const text = '什么样的执法程序都要依法公开，么、于、余、里、后、发各自保留。';
    expect(toSimplified(text)).toBe(text);
  });
  it('the committed table is what npm run traditional:build makes', () => {
    const committed = readFileSync(join(import.meta.dirname, 'traditional.json'), 'utf8');
    expect(committed).toBe(formatTraditional(buildTraditional()));
  });
});
