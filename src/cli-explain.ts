// Why `npm run search` returned a paragraph, in words a person can check: the question's words found in it,
// the related words (expansions) it holds, whether its office, year and section are the ones asked about,
// and its place in the keyword and the meaning rankings — instead of a fused score like 0.0243.
import { orgKey } from './ingest/extract-metadata.ts';
import { SECTION_LABELS } from './domain.ts';
import type { Hit, RetrieveResult, SearchFilters } from './search/retrieve.ts';
import { tokenize } from './text/tokenize.ts';

export interface HitExplanation {
  /** Question words found in the paragraph (longest forms: 「行政处罚」 rather than 「行政」「处罚」). */
  matched: string[];
  /** Words of the query's expansions (synonyms) found, not already matched. */
  related: string[];
  /** Office / year / section agreement with the filters or with what the question names. */
  scope: string[];
  /** 「关键词第 1」「语义第 3」. */
  ranks: string[];
}

const meaningful = (t: string) => t.length >= 2 || /\d/.test(t);

/** Keeps the longest forms: cutForSearch also yields the sub-words of a matched word. */
function longest(words: string[]): string[] {
  const unique = [...new Set(words)];
  return unique.filter((w) => !unique.some((o) => o !== w && o.includes(w)));
}

export function explainHit(
  hit: Hit,
  res: Pick<RetrieveResult, 'query' | 'intent' | 'expansions'>,
  filters: SearchFilters = {},
): HitExplanation {
  const inText = new Set(tokenize(hit.paragraph.text));
  // words of the office's own name (「街道」 of 「西于庄街道」) say nothing about the paragraph
  const own = (t: string) => !!hit.report.org?.includes(t);
  const matched = longest(tokenize(res.query).filter((t) => meaningful(t) && inText.has(t) && !own(t)));
  const related = longest(
    res.expansions
      .flatMap((e) => tokenize(e))
      .filter((t) => meaningful(t) && inText.has(t) && !matched.some((m) => m.includes(t))),
  );
  const scope: string[] = [];
  const org = hit.report.org;
  if (filters.org) scope.push(`单位按 --org 筛选`);
  else if (org && res.intent.orgKeys.includes(orgKey(org))) scope.push(`单位「${org}」是问题所问`);
  else if (res.intent.orgKeys.length) scope.push(`单位「${org ?? '未署名'}」不是问题所问`);
  const year = hit.report.year;
  if (filters.year !== undefined) scope.push('年度按 --year 筛选');
  else if (year !== null && res.intent.years.includes(year)) scope.push(`${year}年是问题所问`);
  else if (res.intent.years.length) scope.push(`${year ?? '年度不明'}${year ? '年' : ''}不是问题所问的年度`);
  const section = hit.paragraph.section;
  if (filters.section) scope.push('部分按 --section 筛选');
  else if (res.intent.sections.includes(section)) scope.push(`部分「${SECTION_LABELS[section]}」是问题所问`);
  const { bm25Rank, vectorRank } = hit.signals;
  const ranks = [
    bm25Rank ? `关键词第 ${bm25Rank}` : '关键词未命中',
    vectorRank ? `语义第 ${vectorRank}` : '语义未入选',
  ];
  return { matched, related, scope, ranks };
}

/** One line: 「命中：公开、行政处罚；相关：…；单位「大港街」是问题所问；关键词第 1 · 语义第 2」. */
export function explanationLine(e: HitExplanation): string {
  const parts = [
    e.matched.length ? `命中：${e.matched.join('、')}` : '没有命中问题中的词（按意思相近找到）',
    e.related.length ? `相关词：${e.related.join('、')}` : '',
    ...e.scope,
    e.ranks.join(' · '),
  ];
  return parts.filter(Boolean).join('；');
}
