// Verification of an answer against its citations, by claims (src/answer/claims.ts): what each sentence says
// about office, year, figures and content must be what its cited paragraphs (and their reports) say.
import { type CutReason, contentOf, judgeSentences, sentencesOf } from './claims.ts';
import type { Citation, Verification } from './types.ts';

/** Answer sentences, each with the markers it carries (「……55条[1]。」, 「……。[1]」). */
export function answerSentences(answer: string): { text: string; markers: number[] }[] {
  return sentencesOf(answer)
    .filter((s) => /[\u4e00-\u9fff\d]/.test(contentOf(s.raw)))
    .map((s) => ({ text: s.raw.trim(), markers: s.markers }));
}

export interface VerifyOptions {
  /** Years the question asked about; a citation from another year gets a note. */
  askedYears?: number[];
  /** Sentences that state no fact (a refusal's explanation, a note) and need no citation. */
  exempt?: (sentence: string) => boolean;
  /** Every office of the library, so an answer naming another office than its source is caught. */
  offices?: string[];
}

export function verifyAnswer(answer: string, citations: Citation[], opts: VerifyOptions = {}): Verification {
  const verdicts = judgeSentences(answer, citations, opts);
  const uncitedSentences: string[] = [];
  const unsupportedNumbers: Verification['unsupportedNumbers'] = [];
  const cuts: NonNullable<Verification['cuts']> = [];
  const derived: NonNullable<Verification['derived']> = [];
  const badMarkers = new Set<number>();
  const yearNotes = new Set<string>();
  for (const v of verdicts) {
    for (const n of v.markers) if (!citations[n - 1]) badMarkers.add(n);
    if (!v.keep && v.reason) {
      cuts.push({ sentence: v.raw.trim(), reason: v.reason, detail: v.detail ?? '' });
      if (v.reason === 'figure_not_in_source')
        unsupportedNumbers.push({
          sentence: v.raw.trim(),
          number: /「(.+?)」/.exec(v.detail ?? '')?.[1] ?? '',
        });
      else uncitedSentences.push(v.raw.trim());
    }
    if (v.keep && v.detail?.startsWith('由原文数字推算'))
      derived.push({ sentence: v.raw.trim(), detail: v.detail });
    if (opts.askedYears?.length && v.keep) {
      for (const n of v.markers) {
        const c = citations[n - 1];
        if (c && c.year !== null && !opts.askedYears.includes(c.year))
          yearNotes.add(
            `此处引用的是${c.org ?? '未署名报告'}${c.year}年度报告，与所问年份（${opts.askedYears.join('、')}年）不同`,
          );
      }
    }
  }
  return {
    uncitedSentences,
    unsupportedNumbers,
    badMarkers: [...badMarkers],
    yearNotes: [...yearNotes],
    cuts,
    ...(derived.length ? { derived } : {}),
    ok: cuts.length === 0 && badMarkers.size === 0,
  };
}

export type { CutReason };
