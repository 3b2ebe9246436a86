// npm run eval:verifier — the claim verifier on labelled answer sentences (evals/verifier/sentences.jsonl):
// correct claims kept, wrong claims cut with a reason, claim-free sentences kept; per style and per error kind.
// Exits 1 below the targets (correct kept ≥ 0.97, wrong cut = 1.0), 2 when the data does not resolve.
// `--file heldout.jsonl` scores another file of the same schema (a bare name is read from evals/verifier/).
import { isAbsolute, join } from 'node:path';
import {
  formatScore,
  loadVerifierCases,
  missedTargets,
  openVerifierLibrary,
  runVerifierEval,
  scoreVerifier,
  TARGETS,
} from './eval-verifier.ts';

function fileArg(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--file' || a.startsWith('--file='));
  if (i < 0) return undefined;
  const v = argv[i].startsWith('--file=') ? argv[i].slice('--file='.length) : argv[i + 1];
  if (!v) throw new Error('--file needs a file name');
  return isAbsolute(v) || v.includes('/') ? v : join(import.meta.dirname, v);
}

async function main(): Promise<number> {
  const file = fileArg(process.argv.slice(2));
  const cases = loadVerifierCases(file);
  const vl = await openVerifierLibrary();
  try {
    let results;
    try {
      results = await runVerifierEval(vl, cases);
    } catch (e) {
      console.error(`数据有误：${(e as Error).message}`);
      return 2;
    }
    const score = scoreVerifier(results);
    const labels = ['correct', 'wrong', 'no_claim']
      .map((l) => `${l} ${cases.filter((c) => c.label === l).length}`)
      .join('，');
    console.log(
      `核验评测${file ? `（${file.split('/').pop()}）` : ''}：${cases.length} 句（${labels}），图书馆 ${vl.offices.length} 个单位\n`,
    );
    console.log(formatScore(score));
    const missed = missedTargets(score);
    console.log(
      missed.length
        ? `\n✗ 未达标：${missed.join('；')}`
        : `\n✓ 达标（正确句保留 ≥ ${TARGETS.correctKept}，错误句删除 = ${TARGETS.wrongCut} 且都给出理由，无断言句保留 ≥ ${TARGETS.noClaimKept}）`,
    );
    return missed.length ? 1 : 0;
  } finally {
    await vl.close();
  }
}

process.exitCode = await main();
