// The points of a report section, for answers that list them (「有哪些不足」「各有哪些打算」).
import type { SectionKind } from '../domain.ts';
import type { Corpus } from '../library/corpus.ts';
import { defaultLexicon } from '../search/lexicon.ts';
import type { Hit } from '../search/retrieve.ts';
import { tokenize } from '../text/tokenize.ts';
import { type Candidate, clause } from './candidates.ts';
import { LEADING_ENUM, sentenceSpans } from '../text/sentences.ts';

/** Words of every report's title and section titles: they name no subject of their own. */
const REPORT_TOPIC = new Set(
  tokenize('法治政府建设情况报告工作 存在的不足 下一步工作措施举措 主要举措和成效'),
);

/**
 * 「城西街道综合执法队伍有什么问题」 names its subject (综合执法队伍) besides the section (问题): when one
 * sentence of that section holds most of the question's words, it is the answer, not the section's list.
 */
export function asksOnePoint(best: Candidate, terms: string[], section: SectionKind): boolean {
  return (
    specificTerms(terms, section).length >= 2 &&
    best.coverage >= 0.6 &&
    best.hit.paragraph.section === section
  );
}

/** The question's words beyond the section's cue words and the report's own topic. */
export function specificTerms(terms: string[], section: SectionKind): string[] {
  const cues = (defaultLexicon.sectionCues[section] ?? []).flatMap((c) => tokenize(c));
  return terms.filter((t) => !cues.some((c) => c.includes(t) || t.includes(c)) && !REPORT_TOPIC.has(t));
}

/**
 * A section's points in report order, from the whole stored section (not only what retrieval ranked): a
 * point per paragraph (its first sentence), or each inline 「一是……；二是……」; opening and closing remarks
 * are left out when the section enumerates its points.
 */
export async function sectionPoints(
  lib: Corpus,
  of: Hit,
  section: SectionKind,
  hits: Hit[],
  max: number,
): Promise<Candidate[]> {
  const stored =
    (await lib.store.getReport(of.report.id))?.paragraphs.filter((p) => p.section === section) ?? [];
  const paras = (
    stored.length
      ? stored.map((paragraph): Hit => ({
          ...of,
          paragraph,
          score: 0,
          signals: { bm25Rank: null, vectorRank: null, vectorScore: null },
        }))
      : hits.filter((h) => h.report.id === of.report.id && h.paragraph.section === section)
  ).sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal);
  let points: Candidate[] = paras
    .flatMap((h) => {
      let spans = sentenceSpans(h.paragraph.text);
      // 「（一）提升干部法治素养。全年……」: the heading is named by the path; the point is what follows it.
      const heading = h.paragraph.heading;
      if (heading && spans.length > 1 && clause(spans[0].text) === clause(heading)) spans = spans.slice(1);
      const enumerated = spans.filter((s) => LEADING_ENUM.test(s.text));
      const picked =
        enumerated.length > 1 ? enumerated : [spans.find((s) => /[\u4e00-\u9fff]{4}/.test(s.text))!];
      return picked.map((span) => ({ hit: h, span, score: 1, rank: 0, coverage: 1 }));
    })
    .filter((c) => c.span && !/^\d{4}年[，,]/.test(c.span.text));
  const isPoint = (c: Candidate) =>
    LEADING_ENUM.test(c.span.text) || (c.hit.paragraph.sectionPath.length > 1 && !!c.hit.paragraph.heading);
  if (points.filter(isPoint).length >= 2) points = points.filter(isPoint);
  else if (points.length < 3) {
    // A section written as one or two paragraphs (「第一责任人职责」) is told in its sentences, not its first line.
    const sentences = paras.flatMap((h) =>
      sentenceSpans(h.paragraph.text)
        .filter((s) => /[\u4e00-\u9fff]{4}/.test(s.text))
        .map((span) => ({ hit: h, span, score: 1, rank: 0, coverage: 1 })),
    );
    if (sentences.length > points.length) points = sentences;
  }
  return points.slice(0, max);
}

/** 「一是……[1]；二是……[2]」 from `first` on; a point with a heading of its own (「（一）…」) is named by it. */
export function enumerate(points: Candidate[], first: number): string {
  const order = '一二三四五六七八';
  const text = (c: Candidate) => {
    const sub = c.hit.paragraph.sectionPath.length > 1 ? c.hit.paragraph.heading : null;
    return sub ? `${clause(sub)}：${clause(c.span.text)}` : clause(c.span.text);
  };
  return points
    .map((c, i) => `${points.length > 1 ? `${order[i]}是` : ''}${text(c)}[${first + i}]`)
    .join('；');
}
