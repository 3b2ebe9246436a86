// Extractive answerer (offline default): picks the source sentences that answer the question and quotes them, cited.
import { type ReportSummary, SECTION_LABELS, type SectionKind } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from '../library/corpus.ts';
import { defaultLexicon, expandQuery, synonymsOf } from '../search/lexicon.ts';
import { type QueryIntent, readIntent } from '../search/query-intent.ts';
import { type Hit, retrieve } from '../search/retrieve.ts';
import { tokenize } from '../text/tokenize.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { extractFigures } from './figures.ts';
import { asksAcross, asksFigure, asksList } from './question.ts';
import { LEADING_ENUM, type Span, sentenceSpans } from './sentences.ts';
import { refusalFor, libraryCoverage } from './refusal.ts';
import type { Answer, AskRequest, Citation } from './types.ts';
import { verifyAnswer } from './verify.ts';

export const EXTRACTIVE_MODEL = 'extractive-v1';
const MIN_COVERAGE = 0.34;
/** A selection question (「哪些街道……」) names a report only when its sentence holds this share of the question's words. */
const SELECT_COVERAGE = 0.6;
const selects = (q: string) => /哪些街道|哪几个街道|哪个街道|哪些报告|哪几份报告/.test(q);

const QUESTION_WORDS = /^(多少|哪些|哪几|什么|怎么|怎样|如何|是否|有没有|有无|请问|情况|一共|共|总共|年度|报告|街道|街|年|全年|今年|分别|各|都|主要|做了|干了|有何|两份|几份|各份|份)$/;

interface Candidate {
  hit: Hit;
  span: Span;
  score: number;
  rank: number;
  /** Share of the question's (IDF-weighted) words the sentence holds, without the bonuses in `score`. */
  coverage: number;
}

/** The content words of a question: not the street, year or question words. */
function contentTerms(question: string, orgNames: string[]): string[] {
  let q = question;
  for (const o of orgNames) q = q.split(o).join(' ').split(orgKey(o)).join(' ');
  q = q.replace(/(?:19|20)\d{2}\s*年?度?/g, ' ');
  return [...new Set(tokenize(q).filter((t) => !QUESTION_WORDS.test(t) && !(t.length === 1 && !/\d/.test(t))))];
}

/** The kind of thing asked for: 「得过什么荣誉」→ 荣誉, 「有哪些差距」→ 差距 — with its lexicon synonyms. */
export function askedKind(question: string): string[] {
  const m = /(?:什么|哪些|何种|哪种|哪类)([\u4e00-\u9fff]{2,4}?)(?=[？?。，,！!]|$)/.exec(question);
  return m ? [m[1], ...synonymsOf(m[1])] : [];
}

function scoreSpans(idfs: Map<string, number>, hits: Hit[], terms: string[], wantFigure: boolean, section?: SectionKind, kind: string[] = []): Candidate[] {
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
        if (s.includes(t) || (section && heading.includes(t)) || (inSection && cues.some((c) => c.includes(t) || t.includes(c)))) covered += idf(t);
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

/**
 * 「城西街道综合执法队伍有什么问题」 names its subject (综合执法队伍) besides the section (问题): when one
 * sentence of that section holds most of the question's words, it is the answer, not the section's list.
 */
const RESPECTIVE = /([\u4e00-\u9fff]{2,10})和([\u4e00-\u9fff]{2,10}?)(?:分别)?(?:均)?(?:达到|为|是)(\d+(?:\.\d+)?%?)和(\d+(?:\.\d+)?%?)/;

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

/** Words of every report's title and section titles: they name no subject of their own. */
const REPORT_TOPIC = new Set(tokenize('法治政府建设情况报告工作 存在的不足 下一步工作措施举措 主要举措和成效'));

function asksOnePoint(best: Candidate, terms: string[], section: SectionKind): boolean {
  return specificTerms(terms, section).length >= 2 && best.coverage >= 0.6 && best.hit.paragraph.section === section;
}

/** The question's words beyond the section's cue words and the report's own topic. */
function specificTerms(terms: string[], section: SectionKind): string[] {
  const cues = (defaultLexicon.sectionCues[section] ?? []).flatMap((c) => tokenize(c));
  return terms.filter((t) => !cues.some((c) => c.includes(t) || t.includes(c)) && !REPORT_TOPIC.has(t));
}

/**
 * A section's points in report order, from the whole stored section (not only what retrieval ranked): a
 * point per paragraph (its first sentence), or each inline 「一是……；二是……」; opening and closing remarks
 * are left out when the section enumerates its points.
 */
async function sectionPoints(lib: Corpus, of: Hit, section: SectionKind, hits: Hit[], max: number): Promise<Candidate[]> {
  const stored = (await lib.store.getReport(of.report.id))?.paragraphs.filter((p) => p.section === section) ?? [];
  const paras = (stored.length
    ? stored.map((paragraph): Hit => ({ ...of, paragraph, score: 0, signals: { bm25Rank: null, vectorRank: null, vectorScore: null } }))
    : hits.filter((h) => h.report.id === of.report.id && h.paragraph.section === section)
  ).sort((a, b) => a.paragraph.ordinal - b.paragraph.ordinal);
  let points: Candidate[] = paras
    .flatMap((h) => {
      const spans = sentenceSpans(h.paragraph.text);
      const enumerated = spans.filter((s) => LEADING_ENUM.test(s.text));
      const picked = enumerated.length > 1 ? enumerated : [spans.find((s) => /[\u4e00-\u9fff]{4}/.test(s.text))!];
      return picked.map((span) => ({ hit: h, span, score: 1, rank: 0, coverage: 1 }));
    })
    .filter((c) => c.span && !/^\d{4}年[，,]/.test(c.span.text));
  const isPoint = (c: Candidate) => LEADING_ENUM.test(c.span.text) || (c.hit.paragraph.sectionPath.length > 1 && !!c.hit.paragraph.heading);
  if (points.filter(isPoint).length >= 2) points = points.filter(isPoint);
  return points.slice(0, max);
}

/** 「一是……[1]；二是……[2]」 from `first` on; a point with a heading of its own (「（一）…」) is named by it. */
function enumerate(points: Candidate[], first: number): string {
  const order = '一二三四五';
  const text = (c: Candidate) => {
    const sub = c.hit.paragraph.sectionPath.length > 1 ? c.hit.paragraph.heading : null;
    return sub ? `${clause(sub)}：${clause(c.span.text)}` : clause(c.span.text);
  };
  return points.map((c, i) => `${points.length > 1 ? `${order[i]}是` : ''}${text(c)}[${first + i}]`).join('；');
}

const reportLabel = (h: Hit) => `${h.report.org ?? '未署名街道'}${h.report.year ?? ''}${h.report.year ? '年度' : ''}报告`;
const clause = (s: string) => s.replace(LEADING_ENUM, '').replace(/[。；;！!？?，,、：:]+$/, '').trim();

/**
 * For a figure question, narrows the quoted sentence to the clauses that carry the figure and the asked
 * words (「全年共立案81起」 rather than the whole 90-character sentence); offsets stay exact.
 */
/** What the figure asked for is counted in: 「多少起」→ 起, 「多少钱」→ 元, 「办结率」→ %. */
export function unitHint(question: string): RegExp[] {
  const out: RegExp[] = [];
  if (/率|比例|百分/.test(question)) out.push(/\d(\.\d+)?\s*%|率/);
  if (/多少钱|金额/.test(question)) out.push(/\d\s*(万|亿)?元/);
  // 「调解了多少起案件，涉及金额多少」 asks for two figures: the quote must hold both.
  for (const m of question.matchAll(/(?:多少|几)(人次|人|起|件|次|条|家|个|项|期|场|名|批|份|处)/g)) out.push(new RegExp(`\\d\\s*(余)?${m[1]}`));
  return out;
}

function focus(c: Candidate, terms: string[], idf: (t: string) => number, units: RegExp[]): Candidate {
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
      const score = [...seen].reduce((sum, t) => sum + idf(t), 0) + (figure ? 0.5 : 0) + 3 * counted.size - 0.05 * (j - i);
      if (score > bestScore) [bestScore, lo, hi] = [score, i, j];
    }
  }
  const start = c.span.start + parts[lo].start;
  const end = c.span.start + parts[hi].end;
  return { ...c, span: { start, end, text: c.hit.paragraph.text.slice(start, end) } };
}

function toCitation(c: Candidate, n: number): Citation {
  const { hit, span } = c;
  return {
    n,
    paragraphId: hit.paragraph.id,
    documentId: hit.report.id,
    title: hit.report.title,
    org: hit.report.org,
    year: hit.report.year,
    section: hit.paragraph.section,
    heading: hit.paragraph.heading,
    text: hit.paragraph.text,
    quote: { start: span.start, end: span.end },
    score: Number(hit.score.toFixed(4)),
  };
}

/** Refusal checks, filters from the question, and retrieval: shared by the extractive and the LLM answerer. */
/**
 * A year's plans are written in the previous year's report (its 「下一步工作」): 「城西街道2023年的工作思路」,
 * with no 2023 report in the library but a 2022 one, is asked of the 2022 report — and the answer says so.
 */
function planYear(question: string, intent: QueryIntent, reports: ReportSummary[], filters?: AskRequest['filters']) {
  const asksPlans = intent.sections[0] === 'next_steps' || (!intent.sections.length && /准备|打算|计划|要做/.test(question));
  if (!asksPlans || intent.years.length !== 1 || filters?.year !== undefined) return null;
  const year = intent.years[0];
  const orgs = filters?.org ? [orgKey(filters.org)] : intent.orgKeys;
  const scope = orgs.length ? reports.filter((r) => r.meta.org && orgs.includes(orgKey(r.meta.org))) : reports;
  if (scope.some((r) => r.meta.year === year) || !scope.some((r) => r.meta.year === year - 1)) return null;
  return {
    // Named as the section it is, so retrieval and the answer go to 「下一步工作」.
    question: `${question.replace(String(year), String(year - 1))}${intent.sections.length ? '' : '（下一步工作）'}`,
    intent: { ...intent, years: [year - 1], sections: intent.sections.length ? intent.sections : (['next_steps'] as SectionKind[]) },
    note: `${year}年的工作打算写在${year - 1}年度报告的「下一步工作」中。`,
  };
}

export async function retrieveForAnswer(lib: Corpus, req: AskRequest & { resolvedQuestion?: string }) {
  const reports = await lib.store.listReports();
  const orgNames = [...new Set(reports.map((r) => r.meta.org).filter((o): o is string => !!o))];
  const asked = req.resolvedQuestion ?? req.question;
  const askedIntent = readIntent(asked, orgNames);
  const plan = planYear(asked, askedIntent, reports, req.filters);
  const question = plan?.question ?? asked;
  const intent = plan?.intent ?? askedIntent;
  const note = plan?.note ?? null;
  const refusal = refusalFor(question, intent, reports, req.filters);
  if (refusal) return { question, reports, orgNames, intent, refusal, hits: [] as Hit[], filters: {}, across: false, note };
  const filters = { ...req.filters };
  if (!filters.org && intent.orgKeys.length === 1) filters.org = intent.orgKeys[0];
  const orgYears = reports.filter((r) => !filters.org || (r.meta.org && orgKey(r.meta.org) === orgKey(filters.org))).map((r) => r.meta.year);
  if (filters.year === undefined && intent.years.length === 1 && orgYears.includes(intent.years[0])) filters.year = intent.years[0];
  const across = asksAcross(question) || intent.orgKeys.length > 1;
  const { hits } = await retrieve(lib, question, { topK: across ? 16 : Math.max(req.topK ?? 8, 8), filters });
  return { question, reports, orgNames, intent, refusal: null, hits, filters, across, note };
}

export async function answerExtractive(lib: Corpus, req: AskRequest & { resolvedQuestion?: string }): Promise<Answer> {
  const { question, reports, orgNames, intent, refusal, hits, filters, across, note } = await retrieveForAnswer(lib, req);
  const base = { mode: 'extractive' as const, model: EXTRACTIVE_MODEL, resolvedQuestion: question };
  if (refusal) return { ...base, ...refusal, retrieved: [] };
  const retrieved = hits.map((h) => ({ paragraphId: h.paragraph.id, score: Number(h.score.toFixed(4)) }));
  const expansions = expandQuery(question);
  let terms = contentTerms(question, orgNames);
  // 「一共罚了多少钱」 has no content word of its own; the lexicon's report words stand in for it.
  if (!terms.length) terms = [...new Set(expansions.flatMap((e) => tokenize(e)).filter((t) => t.length >= 2))];
  const section = intent.sections[0];
  // A comparison is made in figures when the reports give them (「化解情况对比」 → 60余起 vs 351件).
  const wantFigure = asksFigure(question) || /对比|比较/.test(question);
  const idfs = await lib.lexical.idfs(terms);
  const candidates = scoreSpans(idfs, hits, terms, wantFigure, section, askedKind(question));
  const best = candidates[0];
  if (!terms.length || !best || best.score - 0.1 / (best.rank + 1) - (section && best.hit.paragraph.section === section ? 0.1 : 0) < MIN_COVERAGE) {
    const topic = question.replace(/[？?。！!]+$/, '');
    return {
      ...base,
      answer: `报告库中未找到与「${topic}」相关的内容。${libraryCoverage(reports, filters.org)}`,
      answerable: false,
      citations: [],
      verification: { uncitedSentences: [], unsupportedNumbers: [], badMarkers: [], yearNotes: [], ok: true },
      retrieved,
    };
  }

  let chosen: Candidate[];
  let text: string;
  if (across) {
    // One sentence per report, best first.
    // 「哪些街道……达到100%」 selects streets: a report is named only if its sentence says what was asked —
    // most of the question's words and every figure in it — not merely the closest thing it has.
    const figures = selects(question) ? extractFigures(question).filter((f) => !/^[年月日]$/.test(f.unit)) : [];
    const holds = (text: string) => {
      const paired = respectiveFigure(text, question);
      const there = paired ? extractFigures(paired) : extractFigures(text);
      return figures.every((f) => there.some((t) => t.value === f.value && t.unit === f.unit));
    };
    const fits = (c: Candidate) => c.score >= MIN_COVERAGE && (!selects(question) || (c.coverage >= SELECT_COVERAGE && holds(c.span.text)));
    // 「两份报告各有哪些不足」: each report answers from the section asked about when it has one.
    const inSection = section ? candidates.filter((c) => c.hit.paragraph.section === section) : [];
    const perReport = new Map<string, Candidate>();
    for (const c of inSection.length ? inSection : candidates) if (fits(c) && !perReport.has(c.hit.report.id)) perReport.set(c.hit.report.id, c);
    chosen = [...perReport.values()].slice(0, 5);
    // Each report's figure in the clauses that carry it, not its whole 200-character sentence.
    if (wantFigure) chosen = chosen.map((c) => focus(c, terms, (t) => Math.max(idfs.get(t) ?? 0, 0.2), unitHint(question)));
    if (!chosen.length) {
      const topic = question.replace(/[？?。！!]+$/, '');
      return {
        ...base,
        answer: `报告库中未找到符合「${topic}」的报告。${libraryCoverage(reports, filters.org)}`,
        answerable: false,
        citations: [],
        verification: { uncitedSentences: [], unsupportedNumbers: [], badMarkers: [], yearNotes: [], ok: true },
        retrieved,
      };
    }
    if (section && section !== 'overview' && asksList(question) && !wantFigure && !selects(question)) {
      // 「各有哪些不足」: each report's own points of that section, not one sentence each.
      const lines: string[] = [];
      const all: Candidate[] = [];
      for (const c of chosen) {
        const points = (await sectionPoints(lib, c.hit, section, hits, 3)).filter((p) => p.hit.paragraph.section === section);
        const use = points.length ? points : [c];
        lines.push(`${reportLabel(c.hit)}：${enumerate(use, all.length + 1)}。`);
        all.push(...use);
      }
      chosen = all;
      text = lines.join('\n');
    } else text = chosen.map((c, i) => `${reportLabel(c.hit)}：${clause(c.span.text)}[${i + 1}]。`).join('\n');
  } else if (section && section !== 'overview' && !wantFigure && (asksList(question) || !specificTerms(terms, section).length) && !asksOnePoint(best, terms, section)) {
    // 「有哪些不足」, or a question that is only a section's name (「金桥街下步工作措施」): the section's points.
    chosen = await sectionPoints(lib, best.hit, section, hits, 5);
    if (!chosen.length) chosen = [best];
    text = `根据${reportLabel(best.hit)}，${SECTION_LABELS[section]}主要有：${enumerate(chosen, 1)}。`;
  } else {
    chosen = [best];
    if (wantFigure && !/\d/.test(best.span.text)) {
      const withFigure = candidates.find((c) => /\d/.test(c.span.text) && c.score >= best.score * 0.8);
      if (withFigure) chosen = [withFigure];
    }
    if (wantFigure) chosen = [focus(chosen[0], terms, (t) => Math.max(idfs.get(t) ?? 0, 0.2), unitHint(question))];
    text = `根据${reportLabel(chosen[0].hit)}，${clause(chosen[0].span.text)}[1]。`;
  }
  const citations = chosen.map((c, i) => toCitation(c, i + 1));
  if (note) text = `${note}${text}`;
  const verification = verifyAnswer(text, citations, { askedYears: intent.years, exempt: (sentence) => sentence === note });
  return { ...base, answer: text, answerable: true, citations, verification, retrieved };
}
