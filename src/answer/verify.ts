// Verification of an answer against its citations: markers, per-sentence support, every figure in a cited source.
import { tokenize } from '../text/tokenize.ts';
import { extractFigures, figureIn } from './figures.ts';
import type { Citation, Verification } from './types.ts';

const FRAMING = /根据|年度报告|报告|显示|提到|其中|此外|另外|以及|未署名|街道|该街|我街|存在的不足|下一步工作|主要举措和成效|第一责任人职责|主要有/g;

/** Answer sentences, each with the markers it carries (「……55条[1]。」). */
export function answerSentences(answer: string): { text: string; markers: number[] }[] {
  return answer
    .split(/(?<=[。！？!?；;\n])/)
    .map((s) => s.trim())
    .filter((s) => /[\u4e00-\u9fff\d]/.test(s))
    .map((text) => ({ text, markers: [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])) }));
}

export interface VerifyOptions {
  /** Years the question asked about; a citation from another year gets a note. */
  askedYears?: number[];
  /** Sentences that state no fact (a refusal's explanation) and need no citation. */
  exempt?: (sentence: string) => boolean;
}

export function verifyAnswer(answer: string, citations: Citation[], opts: VerifyOptions = {}): Verification {
  const uncitedSentences: string[] = [];
  const unsupportedNumbers: Verification['unsupportedNumbers'] = [];
  const badMarkers = new Set<number>();
  const yearNotes = new Set<string>();
  const reportYears = new Set(citations.map((c) => c.year).filter((y): y is number => y !== null));

  for (const s of answerSentences(answer)) {
    if (opts.exempt?.(s.text)) continue;
    const cited = s.markers.map((n) => citations[n - 1]).filter((c): c is Citation => !!c);
    for (const n of s.markers) if (!citations[n - 1]) badMarkers.add(n);
    const sources = cited.length ? cited : citations;
    const body = s.text.replace(/\[\d+\]/g, '');
    if (!cited.length || !supports(body, cited)) uncitedSentences.push(s.text);
    for (const f of extractFigures(body)) {
      // The report year in the framing (「根据大港街2023年度报告」) is metadata of the citation, not a claim.
      if ((f.unit === '年' || f.unit === '') && reportYears.has(f.value)) continue;
      if (!sources.some((c) => figureIn(f, c.text))) unsupportedNumbers.push({ sentence: s.text, number: f.raw });
    }
    if (opts.askedYears?.length) {
      for (const c of cited) {
        if (c.year !== null && !opts.askedYears.includes(c.year)) yearNotes.add(`此处引用的是${c.org ?? '未署名报告'}${c.year}年度报告，与所问年份（${opts.askedYears.join('、')}年）不同`);
      }
    }
  }
  return {
    uncitedSentences,
    unsupportedNumbers,
    badMarkers: [...badMarkers],
    yearNotes: [...yearNotes],
    ok: uncitedSentences.length === 0 && unsupportedNumbers.length === 0 && badMarkers.size === 0,
  };
}

/** Most of the sentence's content words are in the quoted sentence (or, failing that, the cited paragraph). */
function supports(sentence: string, cited: Citation[]): boolean {
  const words = [...new Set(tokenize(sentence.replace(FRAMING, ' ')).filter((t) => t.length >= 2 && !/^\d/.test(t)))];
  if (words.length === 0) return true;
  const sources = cited.map((c) => `${c.heading ?? ''}\n${c.text}`);
  const covered = words.filter((w) => sources.some((src) => src.includes(w))).length;
  return covered / words.length >= 0.6;
}
