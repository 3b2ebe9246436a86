// CI gate for answer quality: the offline (extractive) answerer over every case in evals/answers.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractiveAnswerer } from '../../src/answer/ask.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../../test/helpers.ts';
import {
  ANSWER_TARGETS,
  loadAnswerCases,
  runAnswerCase,
  scoreAnswers,
  type AnswerCaseResult,
} from './eval-answers.ts';

let lib: Library;
let traces: SqliteTraceStore;
beforeAll(async () => {
  const dir = tempDir();
  lib = await seedLibrary(undefined, dir);
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
});
afterAll(async () => {
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

describe('answer eval (evals/answers)', () => {
  const cases = loadAnswerCases();

  it('has at least 60 cases, 10 of them unanswerable, and follow-ups', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => !c.answerable).length).toBeGreaterThanOrEqual(10);
    expect(cases.some((c) => c.conversation?.length)).toBe(true);
  });

  it('meets the offline targets: accuracy ≥ 0.90, citation hit ≥ 0.95, refusals 1.0, no unsupported number', async () => {
    const results: AnswerCaseResult[] = [];
    for (const c of cases)
      results.push(await runAnswerCase({ lib, traces, answerer: extractiveAnswerer }, c));
    const s = scoreAnswers(results);
    const failing = results.filter((r) => !r.correct).map((r) => `${r.id}: ${r.answer.slice(0, 60)}`);
    expect({ ...s, failing }).toMatchObject({
      accuracy: expect.toSatisfy((x: number) => x >= ANSWER_TARGETS.accuracy),
      citationHit: expect.toSatisfy((x: number) => x >= ANSWER_TARGETS.citationHit),
      refusalAccuracy: 1,
      unsupportedNumbers: 0,
    });
  }, 120_000);
});
