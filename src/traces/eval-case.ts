// A reviewed answer becomes a regression case: the question, whether it is answerable, the facts the answer
// must hold, and the paragraphs it must cite — written as one file under evals/answers/cases/.
import { z } from 'zod';
import { extractFigures } from '../text/figures.ts';
import { AppError } from '../errors.ts';
import type { ReportStore } from '../ports.ts';
import type { Trace } from './trace.ts';

export const EvalCaseRequestSchema = z
  .object({ facts: z.array(z.string().trim().min(1).max(100)).min(1).max(10).optional() })
  .strict();

export interface EvalCaseFile {
  id: string;
  type: 'reviewed';
  question: string;
  answerable: boolean;
  facts: string[];
  cite: { report: string; text: string }[];
  from: { traceId: string; verdict: string; reviewedAt: string };
}

const REFUSAL = /未找到|没有找到|无法回答|不包含/;

export async function evalCaseFromTrace(
  trace: Trace,
  store: ReportStore,
  facts?: string[],
): Promise<EvalCaseFile> {
  const review = trace.review;
  if (!review) throw new AppError('conflict', '请先审核这条回答（正确 / 错误 / 需修改），再加入评测集');
  const expected = review.verdict === 'correct' ? trace.answer : review.correctedAnswer;
  if (!expected && !facts?.length)
    throw new AppError(
      'bad_input',
      '这条回答被判为错误：请填写正确答案，或列出正确答案必须包含的要点（facts）',
    );
  const answerable = review.verdict === 'correct' ? trace.answerable : !REFUSAL.test(expected ?? '');
  const text = (expected ?? '').replace(/\[\d+\]/g, '');
  const chosen = facts?.length
    ? facts
    : !answerable
      ? ['未找到']
      : extractFigures(text)
          .filter((f) => f.unit !== '年')
          .map((f) => f.raw)
          .filter((raw, i, all) => raw.length > 1 && all.indexOf(raw) === i)
          .slice(0, 5);
  if (!chosen.length)
    throw new AppError('bad_input', '答案里没有数字可作为要点：请列出正确答案必须包含的要点（facts）');
  const missing = chosen.filter((f) => answerable && !facts && !text.includes(f));
  if (missing.length) throw new AppError('bad_input', `要点不在答案中：${missing.join('、')}`);
  // Cite what a correct answer cited; for a corrected one, the cited paragraphs that hold one of the facts.
  const cite: EvalCaseFile['cite'] = [];
  if (answerable) {
    for (const c of trace.citations) {
      const quote = c.text.slice(c.quote.start, c.quote.end);
      if (review.verdict !== 'correct' && !chosen.some((f) => c.text.includes(f))) continue;
      const report = await store.getReport(c.documentId);
      if (report) cite.push({ report: report.sourceName, text: quote.replace(/[。；;！？]$/, '') });
    }
  }
  return {
    id: `reviewed-${trace.id.slice(0, 8)}`,
    type: 'reviewed',
    question: trace.resolvedQuestion || trace.question,
    answerable,
    facts: chosen,
    cite,
    from: { traceId: trace.id, verdict: review.verdict, reviewedAt: review.reviewedAt },
  };
}

/** Where 「加入评测集」 keeps a case: files under evals/answers/cases on Node, a D1 table on Workers. */
export interface EvalCaseSink {
  /** Stores the case; returns where it went, for the reviewer (a relative file path or a table row). */
  save(c: EvalCaseFile): Promise<string>;
  /** Every stored case (GET /api/traces/eval-cases exports them). */
  list(): Promise<EvalCaseFile[]>;
}
