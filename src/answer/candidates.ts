// Candidate sentences for an extractive answer: scored against the question's words, narrowed to the clauses
// that carry an asked figure, and turned into citations.
import type { SectionKind } from '../domain.ts';
import { defaultLexicon, synonymsOf } from '../search/lexicon.ts';
import type { Hit } from '../search/retrieve.ts';
import { tokenize } from '../text/tokenize.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { LEADING_ENUM, type Span, sentenceSpans } from '../text/sentences.ts';
import type { Citation } from './types.ts';
import { reportLabel as citedReportLabel } from '../citation.ts';
import { citationOf } from '../citation.ts';

export interface Candidate {
  hit: Hit;
  span: Span;
  score: number;
  rank: number;
  /** Share of the question's (IDF-weighted) words the sentence holds, without the bonuses in `score`. */
  coverage: number;
}

/** The kind of thing asked for: 「得过什么荣誉」→ 荣誉, 「有哪些差距」→ 差距 — with its lexicon synonyms. */
export function askedKind(question: string): string[] {
  const m = /(?:什么|哪些|何种|哪种|哪类)([\u4e00-\u9fff]{2,4}?)(?=[？?。，,！!]|$)/.exec(question);
  return m ? [m[1], ...synonymsOf(m[1])] : [];
}

export function scoreSpans(
  idfs: Map<string, number>,
  hits: Hit[],
  terms: string[],
  wantFigure: boolean,
  section?: SectionKind,
  kind: string[] = [],
): Candidate[] {
  // A word no report uses weighs as much as the rarest word: if the question's key words are absent from
  // the library, that counts against answering. Lexicon synonyms stand in for staff wording at 0.8.
  let maxIdf = 0.2;
  for (const t of terms) maxIdf = Math.max(maxIdf, idfs.get(t) ?? 0);
  const idf = (t: string) => {
    const v = idfs.get(t) ?? 0;
    return v > 0 ? Math.max(v, 0.2) : Math.max(maxIdf, 4);
  };
  const total = terms.reduce((s, t) => s + idf(t), 0) || 1;
  const synonyms = new Map(terms.map((t) => [t, synonymsOf(t)]));
  // Words that only say which part of the report is meant (「不足」「下一步」「打算」) are satisfied by the
  // paragraph's section or its heading, not by its sentences.
  const cues = section ? (defaultLexicon.sectionCues[section] ?? []).flatMap((c) => tokenize(c)) : [];
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const inSection = section !== undefined && hit.paragraph.section === section;
    const heading = normalizeForMatch(hit.paragraph.sectionPath.join(' '));
    for (const span of sentenceSpans(hit.paragraph.text)) {
      const s = normalizeForMatch(span.text);
      let covered = 0;
      for (const t of terms) {
        if (
          s.includes(t) ||
          (section && heading.includes(t)) ||
          (inSection && cues.some((c) => c.includes(t) || t.includes(c)))
        )
          covered += idf(t);
        else if (synonyms.get(t)!.some((w) => s.includes(w))) covered += 0.8 * idf(t);
      }
      let score = covered / total;
      if (wantFigure && /\d/.test(span.text.replace(/(?:19|20)\d{2}年/g, ''))) score += 0.25;
      // A sentence that names the kind of thing asked for (a 荣誉: 评为…模范) answers it better than one
      // that only shares the question's other words.
      if (kind.some((w) => s.includes(w))) score += 0.15;
      if (inSection) score += 0.1;
      score += 0.1 / (rank + 1);
      out.push({ hit, span, score, rank, coverage: covered / total });
    }
  });
  return out.sort((a, b) => b.score - a.score || a.rank - b.rank);
}

const RESPECTIVE =
  /([\u4e00-\u9fff]{2,10})和([\u4e00-\u9fff]{2,10}?)(?:分别)?(?:均)?(?:达到|为|是)(\d+(?:\.\d+)?%?)和(\d+(?:\.\d+)?%?)/;

/**
 * 「调解率和调解成功率达到100%和99.5%」 pairs each figure with its noun: the figure belonging to the noun the
 * question names (调解成功率 → 99.5%), or null when the sentence pairs nothing the question names.
 */
export function respectiveFigure(sentence: string, question: string): string | null {
  const m = RESPECTIVE.exec(normalizeForMatch(sentence));
  if (!m) return null;
  const [, a, b, x, y] = m;
  if (question.includes(b)) return y;
  if (question.includes(a)) return x;
  return null;
}

export const reportLabel = (h: Hit) => citedReportLabel(h.report);
export const clause = (s: string) =>
  s
    .replace(LEADING_ENUM, '')
    .replace(/[。；;！!？?，,、：:]+$/, '')
    .trim();

/** What the figure asked for is counted in: 「多少起」→ 起, 「多少钱」→ 元, 「办结率」→ %. */
export function unitHint(question: string): RegExp[] {
  const out: RegExp[] = [];
  if (/率|比例|百分/.test(question)) out.push(/\d(\.\d+)?\s*%|率/);
  if (/多少钱|金额/.test(question)) out.push(/\d\s*(万|亿)?元/);
  // 「调解了多少起案件，涉及金额多少」 asks for two figures: the quote must hold both.
  for (const m of question.matchAll(/(?:多少|几)(人次|人|起|件|次|条|家|个|项|期|场|名|批|份|处)/g))
    out.push(new RegExp(`\\d\\s*(余)?${m[1]}`));
  return out;
}

/**
 * For a figure question, narrows the quoted sentence to the clauses that carry the figure and the asked
 * words (「全年共立案81起」 rather than the whole 90-character sentence); offsets stay exact.
 */
export function focus(c: Candidate, terms: string[], idf: (t: string) => number, units: RegExp[]): Candidate {
  const text = c.span.text;
  const parts: Span[] = [];
  let from = 0;
  for (const m of text.matchAll(/[，；：,;:]/g)) {
    const end = (m.index ?? 0) + 1;
    parts.push({ start: from, end, text: text.slice(from, end) });
    from = end;
  }
  parts.push({ start: from, end: text.length, text: text.slice(from) });
  if (parts.length < 3) return c;
  // The window of at most four clauses (any length when two figures are asked) that covers the most
  // (IDF-weighted) asked words, with a figure.
  const has = parts.map((p) => new Set(terms.filter((t) => normalizeForMatch(p.text).includes(t))));
  let lo = 0;
  let hi = parts.length - 1;
  let bestScore = -1;
  const anyFigure = parts.some((p) => /\d/.test(p.text.replace(/(?:19|20)\d{2}年度?/g, '')));
  for (let i = 0; i < parts.length; i++) {
    const seen = new Set<string>();
    let figure = false;
    const counted = new Set<number>();
    for (let j = i; j < Math.min(parts.length, i + (units.length > 1 ? parts.length : 4)); j++) {
      for (const t of has[j]) seen.add(t);
      figure ||= /\d/.test(parts[j].text);
      units.forEach((u, k) => u.test(parts[j].text) && counted.add(k));
      // A figure was asked for: a window without one never wins over one with it.
      if (!figure && anyFigure) continue;
      const score =
        [...seen].reduce((sum, t) => sum + idf(t), 0) +
        (figure ? 0.5 : 0) +
        3 * counted.size -
        0.05 * (j - i);
      if (score > bestScore) [bestScore, lo, hi] = [score, i, j];
    }
  }
  const start = c.span.start + parts[lo].start;
  const end = c.span.start + parts[hi].end;
  return { ...c, span: { start, end, text: c.hit.paragraph.text.slice(start, end) } };
}

export function toCitation(c: Candidate, n: number): Citation {
  return citationOf(c.hit.report, c.hit.paragraph, c.span, { n, score: c.hit.score });
}
