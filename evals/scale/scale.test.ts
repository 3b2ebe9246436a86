// Library-scale gate: the seeds, every fixture report and ≥ 200 generated reports whose offices collide by name
// (和平街道 in four districts, 城关镇 in four counties …); the generated cases through the offline answerer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractiveAnswerer } from '../../src/answer/ask.ts';
import { closeLibrary, type Library } from '../../src/library/library.ts';
import { SqliteTraceStore } from '../../src/traces/sqlite-trace-store.ts';
import { cleanupTempDirs, tempDir } from '../../test/helpers.ts';
import { type AnswerCaseResult, runAnswerCase, scoreAnswers } from '../answers/eval-answers.ts';
import { deriveCases } from './cases.ts';
import { SEED_TRAPS } from './probes.ts';
import { generateLibrary } from './generate.ts';
import { buildScaleLibrary, CORPUS } from './library.ts';

/**
 * The target: 0.92. Measured 0.971 (204/210) once the question analysis read bare county names (郧西),
 * districts written before an office, and topics as things, not verbs (查办/作出); it was 0.867 at 62632e5.
 */
const MIN_ACCURACY = 0.92;

const generated = generateLibrary();
const cases = deriveCases(generated);

let lib: Library;
let traces: SqliteTraceStore;
beforeAll(async () => {
  const dir = tempDir('scale-');
  const built = await buildScaleLibrary(generated, dir);
  if (built.failed.length) throw new Error(`ingest failed: ${built.failed.join('; ')}`);
  lib = built.lib;
  traces = new SqliteTraceStore(join(dir, 'traces.db'));
}, 90_000);
afterAll(async () => {
  await traces.close();
  await closeLibrary(lib);
  cleanupTempDirs();
});

describe('scale eval (evals/scale)', () => {
  it('generates ≥ 200 reports, each stated figure once in its report, and ≥ 150 answerable cases beside every kind of refusal', () => {
    expect(generated.reports.length).toBeGreaterThanOrEqual(200);
    const count = (text: string, s: string) => text.split(s).length - 1;
    const byName = new Map(generated.reports.map((r) => [r.name, r]));
    // Each figure expected (facts[i], cited from cite[i]) occurs exactly once in its generated report, in one line.
    for (const c of cases.filter((x) => x.answerable)) {
      c.cite.forEach((w, i) => {
        const r = byName.get(w.report);
        if (!r) return;
        expect([c.id, count(r.text, c.facts[i])]).toEqual([c.id, 1]);
        expect([
          c.id,
          r.text.split('\n').some((line) => line.includes(w.text) && w.text.includes(c.facts[i])),
        ]).toEqual([c.id, true]);
      });
    }
    const seed = readFileSync(join(CORPUS, '西于庄街道-2024.txt'), 'utf8');
    for (const c of SEED_TRAPS) expect(count(seed, c.facts[0])).toBe(1);
    const types = new Map<string, number>();
    for (const c of cases) types.set(c.type, (types.get(c.type) ?? 0) + 1);
    expect(cases.filter((c) => c.answerable).length).toBeGreaterThanOrEqual(150);
    for (const t of ['collision', 'near-name', 'missing-year', 'wrong-kind', 'unknown-office'])
      expect(types.get(t) ?? 0).toBeGreaterThanOrEqual(10);
  });

  it('is the same library on every run', () => {
    const again = generateLibrary();
    expect(again.reports.map((r) => r.text)).toEqual(generated.reports.map((r) => r.text));
  });

  it(`answers the generated cases: refusals 1.0, no unsupported number, accuracy ≥ ${MIN_ACCURACY}`, async () => {
    const results: AnswerCaseResult[] = [];
    for (const c of cases)
      results.push(await runAnswerCase({ lib, traces, answerer: extractiveAnswerer }, c));
    const s = scoreAnswers(results);
    const failing = results.filter((r) => !r.correct).map((r) => `${r.id}: ${r.answer.slice(0, 60)}`);
    expect({ ...s, failing }).toMatchObject({
      accuracy: expect.toSatisfy((x: number) => x >= MIN_ACCURACY),
      refusalAccuracy: 1,
      unsupportedNumbers: 0,
    });
  }, 60_000);
});
