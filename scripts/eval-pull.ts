// npm run eval:pull -- --url https://….workers.dev --token <supervisor token> [--dir evals/answers/cases]
import { parseArgs } from 'node:util';
import { DEFAULT_EVAL_CASES_DIR } from '../src/traces/file-eval-case-sink.ts';
import { pullEvalCases } from '../src/traces/pull-eval-cases.ts';

const { values } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, dir: { type: 'string' } },
});
const url = values.url ?? process.env.CF_WORKER_URL;
const token = values.token ?? process.env.CF_SUPERVISOR_TOKEN;
if (!url || !token) {
  console.error(
    '用法：npm run eval:pull -- --url https://<worker>.workers.dev --token <审核员令牌> [--dir evals/answers/cases]',
  );
  process.exit(2);
}
pullEvalCases({ url, token, dir: values.dir ?? DEFAULT_EVAL_CASES_DIR })
  .then(({ written, unchanged }) =>
    console.log(
      `写入 ${written.length} 个评测用例，${unchanged.length} 个未变：${written.join('、') || '—'}`,
    ),
  )
  .catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
