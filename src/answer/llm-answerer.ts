// LLM answerer: the model writes the answer from numbered sources; the same citation and figure checks then
// repair it (dropping what its sources do not support) before anyone sees it.
import type { Corpus } from '../library/corpus.ts';
import type { Hit } from '../search/retrieve.ts';
import type { Answerer, ChatModel } from '../ports.ts';
import { cancelledBy } from '../llm/cancelled-by.ts';
import { answerFromContext } from './extractive-answerer.ts';
import { type AnswerInput, retrieveForAnswer } from './retrieve-for-answer.ts';
import { type AskedKind, unansweredKinds } from '../question/asked-kind.ts';
import type { Prompt } from '../llm/prompt.ts';
import type { Answer, Citation } from './types.ts';
import { verifyAnswer } from './verify.ts';
import { judgeSentences } from './claims.ts';
import { citationOf } from '../citation.ts';
import { bestSentence } from '../text/best-sentence.ts';

const MAX_SOURCES = 6;

/** Report text goes to the model as delimited, numbered data; nothing inside it is an instruction. */
export function sourcesBlock(hits: Hit[]): string {
  const items = hits.map((h, i) => {
    const label = `${h.report.org ?? '未署名街道'} ${h.report.year ?? '年份不明'}年度 · ${h.paragraph.heading ?? ''}`;
    const text = h.paragraph.text.replace(/<\/?sources?>/gi, '');
    return `[${i + 1}] （${label}）\n${text}`;
  });
  return `<sources>\n${items.join('\n\n')}\n</sources>`;
}

export interface LlmAnswererOptions {
  model: ChatModel;
  prompt: Prompt;
  /** On upstream failure: answer extractively (and say so) instead of failing with 502. */
  fallback?: 'extractive' | 'none';
}

export function llmAnswerer(opts: LlmAnswererOptions): Answerer {
  return {
    async answer(
      lib: Corpus,
      req: AnswerInput & { resolvedQuestion: string; signal?: AbortSignal },
    ): Promise<Answer> {
      const ctx = await retrieveForAnswer(lib, req);
      const base = {
        mode: 'llm' as const,
        model: opts.model.id,
        resolvedQuestion: ctx.question,
        promptHash: opts.prompt.hash,
      };
      if (ctx.refusal) return { ...base, ...ctx.refusal, retrieved: [] };
      const hits = ctx.hits.slice(0, MAX_SOURCES);
      const retrieved = ctx.hits.map((h) => ({
        paragraphId: h.paragraph.id,
        score: Number(h.score.toFixed(4)),
      }));
      let raw: string;
      try {
        raw = await opts.model.complete(
          [
            { role: 'system', content: opts.prompt.text },
            { role: 'user', content: `${sourcesBlock(hits)}\n\n问题：${ctx.question}` },
          ],
          { signal: req.signal },
        );
      } catch (e) {
        if (opts.fallback !== 'extractive' || cancelledBy(req.signal)) throw e;
        const a = await answerFromContext(lib, ctx);
        return {
          ...a,
          verification: {
            ...a.verification,
            yearNotes: [
              ...a.verification.yearNotes,
              `大模型服务不可用，已改用离线摘录回答：${(e as Error).message}`,
            ],
          },
        };
      }
      const answer = repair({
        raw,
        hits,
        askedYears: ctx.intent.years,
        base,
        retrieved,
        offices: ctx.orgNames,
      });
      return respond(answer, ctx.intent.asked, ctx.note);
    },
  };
}

/**
 * Keeps the sentences whose claims hold against what they cite (src/answer/claims.ts) — form, line breaks and
 * lists as the model wrote them — and the sentences that claim nothing; renumbers the citations in marker order.
 * Every cut is reported in `verification.cuts` with its reason, never passed silently.
 */
export function repair({
  raw,
  hits,
  askedYears,
  base,
  retrieved,
  offices = [],
}: {
  /** The model's reply. */
  raw: string;
  /** The sources, numbered as the model saw them. */
  hits: Hit[];
  askedYears: number[];
  base: Omit<Answer, 'answer' | 'answerable' | 'citations' | 'verification' | 'retrieved'>;
  retrieved: Answer['retrieved'];
  /** The library's office names (a sentence naming another office than its source's is cut). */
  offices?: string[];
}): Answer {
  const sourceCitation = (i: number, statement: string): Citation => {
    const h = hits[i];
    return citationOf(h.report, h.paragraph, bestSentence(h.paragraph.text, statement), { score: h.score });
  };
  // Judge the model's own text against all sources, numbered as the model saw them.
  const all = hits.map((_, i) => ({ ...sourceCitation(i, ''), n: i + 1 }));
  const verdicts = judgeSentences(raw, all, { askedYears, offices });
  const original = verifyAnswer(raw, all, { askedYears, offices });
  const refusing = /未找到|没有找到|无法回答/.test(raw) && !/\[\d+\]/.test(raw);
  const kept = verdicts.filter((v) => v.keep);
  const claims = kept.filter((v) => v.claim && v.markers.some((n) => hits[n - 1]));
  if (refusing || claims.length === 0) {
    return {
      ...base,
      retrieved,
      answerable: false,
      citations: [],
      answer: refusing
        ? '报告中未找到相关内容。'
        : '报告中未找到能够核实的答案（模型的回答未通过出处与数字核验，已全部删除）。',
      verification: { ...original, ok: refusing },
    };
  }
  // Renumber: cited sources first, in marker order; markers to no source are dropped from kept sentences.
  const order: number[] = [];
  for (const v of kept) for (const n of v.markers) if (hits[n - 1] && !order.includes(n)) order.push(n);
  const answer = kept
    .map((v) => v.raw)
    .join('')
    .replace(/[[［](\d{1,3})[\]］]/g, (_, n) =>
      order.includes(Number(n)) ? `[${order.indexOf(Number(n)) + 1}]` : '',
    )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const citations = order.map((n, i) => ({
    ...sourceCitation(n - 1, kept.find((v) => v.markers.includes(n))?.text ?? ''),
    n: i + 1,
  }));
  const verification = verifyAnswer(answer, citations, { askedYears, offices });
  const dropped = verdicts.filter((v) => !v.keep);
  return {
    ...base,
    retrieved,
    answer,
    answerable: true,
    citations,
    verification: {
      ...verification,
      // What the model wrote that was removed stays visible to supervisors, with the reason.
      uncitedSentences: [...verification.uncitedSentences, ...original.uncitedSentences],
      unsupportedNumbers: [...verification.unsupportedNumbers, ...original.unsupportedNumbers],
      badMarkers: [...new Set([...verification.badMarkers, ...original.badMarkers])],
      cuts: [...(verification.cuts ?? []), ...(original.cuts ?? [])],
      ok: verification.ok && dropped.length === 0,
    },
  };
}

/**
 * The same responsiveness check as the extractive answerer: a figure question is answered only by a figure of
 * the kind asked (「多少钱」 → 元). A model answer that keeps only other figures becomes 「未写明」, its
 * sentences kept as what the reports do say.
 */
export function respond(a: Answer, asked: AskedKind[], note: string | null): Answer {
  if (!a.answerable) return note ? { ...a, answer: `${note}${a.answer}` } : a;
  if (asked.length && unansweredKinds(a.answer, asked).length) {
    const what = asked.map((k) => k.label).join('和');
    return {
      ...a,
      answerable: false,
      answer: `${note ?? ''}报告未写明所问的${what}。相近内容：${a.answer}`,
      verification: { ...a.verification, notAnswered: [`问的是${what}，回答中没有这一数字`] },
    };
  }
  return note ? { ...a, answer: `${note}${a.answer}` } : a;
}
