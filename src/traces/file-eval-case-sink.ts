// Eval cases as files under evals/answers/cases (Node): `npm run eval` and the CI gate pick them up.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EvalCaseFile, EvalCaseSink } from './eval-case.ts';

export const DEFAULT_EVAL_CASES_DIR = join(import.meta.dirname, '..', '..', 'evals', 'answers', 'cases');

export function fileEvalCaseSink(dir = DEFAULT_EVAL_CASES_DIR): EvalCaseSink {
  return {
    async save(c: EvalCaseFile) {
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${c.id}.json`);
      writeFileSync(path, `${JSON.stringify(c, null, 2)}\n`);
      return relative(process.cwd(), path);
    },
    async list() {
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => /^reviewed-.*\.json$/.test(f))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as EvalCaseFile);
    },
  };
}
