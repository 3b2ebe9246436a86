// Every error leaves through AppError and errorResponse: one shape, one code list, one status table.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.ts';
import { STATUS } from './errors.ts';

const SRC = join(import.meta.dirname, '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

describe('one error path', () => {
  it('no response body is written by hand: every JSON error is an AppError', () => {
    const byHand = files(SRC)
      .filter((f) => /(?:c|Response)\.json\(\s*\{\s*error\s*:/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(byHand).toEqual([]);
  });
  it('every code has a 4xx/5xx status, and every code a source file uses is in the list', () => {
    for (const code of ERROR_CODES) expect(STATUS[code]).toBeGreaterThanOrEqual(400);
    const used = new Set(
      files(SRC).flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/new AppError\(\s*'([a-z_]+)'/g)].map((m) => m[1]),
      ),
    );
    for (const code of used) expect(ERROR_CODES, code).toContain(code);
  });
});
