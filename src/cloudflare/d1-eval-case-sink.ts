// 「加入评测集」 on Workers: there is no repository to write into, so cases go to D1; GET /api/traces/eval-cases
// (supervisor) exports them as the JSON files `npm run eval` reads from evals/answers/cases/.
import type { EvalCaseFile, EvalCaseSink } from '../traces/eval-case.ts';
import type { D1Database } from './d1.ts';

export class D1EvalCaseSink implements EvalCaseSink {
  constructor(private readonly db: D1Database) {}

  async save(c: EvalCaseFile): Promise<string> {
    await this.db
      .prepare(
        'INSERT INTO eval_cases (id, created_at, body) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body',
      )
      .bind(c.id, new Date().toISOString(), JSON.stringify(c))
      .run();
    return `D1 eval_cases/${c.id}（GET /api/traces/eval-cases 导出后放入 evals/answers/cases/）`;
  }

  async list(): Promise<EvalCaseFile[]> {
    const { results } = await this.db
      .prepare('SELECT body FROM eval_cases ORDER BY created_at')
      .all<{ body: string }>();
    return results.map((r) => JSON.parse(r.body) as EvalCaseFile);
  }
}
