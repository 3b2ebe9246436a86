// Extractive answerer (offline default): picks the source sentences that answer the question and quotes them, cited.
import { SECTION_LABELS } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from '../library/corpus.ts';
import type { Hit } from '../search/retrieve.ts';
import { expandQuery } from '../search/lexicon.ts';
import { tokenize } from '../text/tokenize.ts';
import {
  type Candidate,
  askedKind,
  clause,
  focus,
  reportLabel,
  respectiveFigure,
  scoreSpans,
  toCitation,
  unitHint,
} from './candidates.ts';
import { extractFigures } from '../text/figures.ts';
import { asksList } from './question.ts';
import { type AskedKind, KIND_WORDS, unansweredKinds } from '../question/asked-kind.ts';
import { covered } from './claims.ts';
import { segmenter } from '#segmenter';
import { libraryCoverage } from './refusal.ts';
import { type AnswerContext, type AnswerInput, retrieveForAnswer } from './retrieve-for-answer.ts';
import { asksOnePoint, enumerate, sectionPoints, specificTerms } from './section-points.ts';
import type { Answer } from './types.ts';
import { verifyAnswer } from './verify.ts';

export const EXTRACTIVE_MODEL = 'extractive-v1';
const MIN_COVERAGE = 0.34;
/** A selection question (「哪些街道……」) names a report only when its sentence holds this share of the question's words. */
const SELECT_COVERAGE = 0.6;
const selects = (q: string) => /哪些街道|哪几个街道|哪个街道|哪些报告|哪几份报告/.test(q);

const QUESTION_WORDS =
  /^(多少|哪些|哪几|什么|怎么|怎样|如何|是否|有没有|有无|请问|情况|一共|共|总共|年度|报告|街道|街|年|全年|今年|分别|各|都|主要|做了|干了|有何|两份|几份|各份|份)$/;

/** The content words of a question: not the street, year or question words. */
function contentTerms(question: string, orgNames: string[], mentions: string[] = []): string[] {
  let q = question;
  for (const o of [...mentions].sort((a, b) => b.length - a.length)) q = q.split(o).join(' ');
  for (const o of orgNames) q = q.split(o).join(' ').split(orgKey(o)).join(' ');
  q = q.replace(/(?:(?:19|20)\d{2}|(?<![\d.])\d{2})\s*年?度?|今年|去年|前年/g, ' ');
  // 「各罚了」: jieba may glue 各 to the verb; 各 only says 「each」.
  const tokens = tokenize(q).map((t) => (t.length === 2 && t.startsWith('各') ? t.slice(1) : t));
  return [...new Set(tokens.filter((t) => !QUESTION_WORDS.test(t) && !(t.length === 1 && !/\d/.test(t))))];
}

/** A quote answers a figure question when it states a figure of every kind asked (or any figure, for a bare 「多少」). */
export function answers(text: string, asked: AskedKind[]): boolean {
  if (asked.length) return unansweredKinds(text, asked).length === 0;
  return extractFigures(text).some((f) => !/^[年月日]$/.test(f.unit));
}

/** What a figure question asked for, in words: 「金额」「人数和次数」「具体数字」. */
const askedLabel = (asked: AskedKind[]) => (asked.length ? asked.map((k) => k.label).join('和') : '具体数字');

export async function answerExtractive(lib: Corpus, req: AnswerInput): Promise<Answer> {
  return answerFromContext(lib, await retrieveForAnswer(lib, req));
}

/** The extractive answer from what was already retrieved (the LLM answerer's fallback retrieves nothing again). */
export async function answerFromContext(lib: Corpus, ctx: AnswerContext): Promise<Answer> {
  const { question, reports, orgNames, intent, refusal, hits, filters, across, note } = ctx;
  const base = { mode: 'extractive' as const, model: EXTRACTIVE_MODEL, resolvedQuestion: question };
  if (refusal) return { ...base, ...refusal, retrieved: [] };
  const retrieved = hits.map((h) => ({ paragraphId: h.paragraph.id, score: Number(h.score.toFixed(4)) }));
  const expansions = expandQuery(question);
  // Office names as written, with a district written before them (「竹山城关镇」), are not what is asked about.
  const written = intent.offices.map((m) =>
    m.areaStart !== undefined ? intent.question.slice(m.areaStart, m.end) : m.mention,
  );
  let terms = contentTerms(question, orgNames, [...written, ...intent.districts]);
  // 「一共罚了多少钱」 has no content word of its own; the lexicon's report words stand in for it.
  // 「各罚了多少钱」: the kind of money asked names the word to look for (罚款; its synonyms count too).
  if (!terms.length) terms = [...new Set(intent.asked.flatMap((k) => k.role?.source.slice(0, 1) ?? []))];
  if (!terms.length)
    terms = [...new Set(expansions.flatMap((e) => tokenize(e)).filter((t) => t.length >= 2))];
  const section = intent.sections[0];
  // A comparison is made in figures when the reports give them (「化解情况对比」 → 60余起 vs 351件).
  const asked = intent.asked;
  const figureAsked = intent.wantsFigure || asked.length > 0;
  const wantFigure = figureAsked || /对比|比较/.test(question);
  // The measure word asked (「几台」) first, then any unit of its kind.
  const units = [
    ...unitHint(question),
    ...asked.flatMap((k) => (k.measure ? [new RegExp(`\\d\\s*(余|多)?${k.measure}`)] : [])),
    ...asked.map(kindPattern),
  ];
  const idfs = await lib.lexical.idfs(terms);
  // What the figure is about (「法律援助」「物业纠纷」), without the words that only say which figure (「经费」「多少」).
  // Only words the library has count (「镇里」 is nobody's wording); 「多少法律顾问」-style cues keep their noun.
  const kindWords = KIND_WORDS.filter((w) => !/^(多少|几)/.test(w));
  // Things, not actions: staff and reports pick different verbs (查办/作出/办结) for the same figure.
  const isThing = (t: string) => segmenter.tag(t, false).some((x) => /^(n|vn|l|j|nz)/.test(x.tag));
  const topic = terms.filter(
    (t) =>
      t.length >= 2 &&
      (idfs.get(t) ?? 0) > 0 &&
      isThing(t) &&
      !kindWords.some((w) => w === t || (w.length >= 2 && t.includes(w))),
  );
  const onTopic = (c: Candidate) => {
    if (!topic.length) return true;
    // The whole sentence the quote is in (a focused quote may be one clause of it), and its heading.
    const s = sentenceOf(c, true).text + (c.hit.paragraph.heading ?? '');
    // Most of what the figure is about (IDF-weighted): 「物业纠纷涉及金额」 is not answered by a 合同纠纷 sentence.
    const w = (t: string) => idfs.get(t) ?? 0;
    const held = topic.filter((t) => covered(t, s)).reduce((sum, t) => sum + w(t), 0);
    return held >= 0.5 * topic.reduce((sum, t) => sum + w(t), 0);
  };
  const candidates = scoreSpans(idfs, hits, terms, wantFigure, section, askedKind(question));
  const best = candidates[0];
  if (
    !terms.length ||
    !best ||
    best.score - 0.1 / (best.rank + 1) - (section && best.hit.paragraph.section === section ? 0.1 : 0) <
      MIN_COVERAGE
  ) {
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
    const selection = selects(question);
    const figures = selection ? extractFigures(question).filter((f) => !/^[年月日]$/.test(f.unit)) : [];
    const holds = (text: string) => {
      const paired = respectiveFigure(text, question);
      const there = paired ? extractFigures(paired) : extractFigures(text);
      return figures.every((f) => there.some((t) => t.value === f.value && t.unit === f.unit));
    };
    const fits = (c: Candidate) =>
      c.score >= MIN_COVERAGE && (!selection || (c.coverage >= SELECT_COVERAGE && holds(c.span.text)));
    // 「两份报告各有哪些不足」: each report answers from the section asked about when it has one.
    const inSection = section ? candidates.filter((c) => c.hit.paragraph.section === section) : [];
    const perReport = new Map<string, Candidate>();
    for (const c of inSection.length ? inSection : candidates)
      if (fits(c) && !perReport.has(c.hit.report.id)) perReport.set(c.hit.report.id, c);
    chosen = [...perReport.values()].slice(0, 5);
    // Each report's figure in the clauses that carry it, not its whole 200-character sentence.
    if (wantFigure)
      chosen = chosen.map((c) => focus(c, terms, (t) => Math.max(idfs.get(t) ?? 0, 0.2), units));
    // A report whose sentence does not state the kind of figure asked is not an answer for that report.
    if (figureAsked && !selection) chosen = chosen.filter((c) => answers(c.span.text, asked) && onTopic(c));
    // Same-named offices (城关镇 in two counties) are told apart by their district.
    const names = new Map<string, Set<string | null>>();
    for (const c of chosen)
      if (c.hit.report.org)
        names.set(c.hit.report.org, (names.get(c.hit.report.org) ?? new Set()).add(c.hit.report.district));
    const label = (h: Hit) => {
      const r = h.report;
      return r.org && (names.get(r.org)?.size ?? 0) > 1 && r.district
        ? reportLabel({ ...h, report: { ...r, org: `${r.org}（${r.district}）` } })
        : reportLabel(h);
    };
    if (!chosen.length) {
      const topic = question.replace(/[？?。！!]+$/, '');
      return {
        ...base,
        answer: `报告库中未找到符合「${topic}」的报告。${libraryCoverage(reports, filters.org)}`,
        answerable: false,
        citations: [],
        verification: {
          uncitedSentences: [],
          unsupportedNumbers: [],
          badMarkers: [],
          yearNotes: [],
          ok: true,
        },
        retrieved,
      };
    }
    if (section && section !== 'overview' && asksList(question) && !wantFigure && !selection) {
      // 「各有哪些不足」: each report's own points of that section, not one sentence each.
      const lines: string[] = [];
      const all: Candidate[] = [];
      for (const c of chosen) {
        const points = (await sectionPoints(lib, c.hit, section, hits, 3)).filter(
          (p) => p.hit.paragraph.section === section,
        );
        const use = points.length ? points : [c];
        lines.push(`${label(c.hit)}：${enumerate(use, all.length + 1)}。`);
        all.push(...use);
      }
      chosen = all;
      text = lines.join('\n');
    } else text = chosen.map((c, i) => `${label(c.hit)}：${clause(c.span.text)}[${i + 1}]。`).join('\n');
  } else if (
    section &&
    section !== 'overview' &&
    !wantFigure &&
    (asksList(question) || !specificTerms(terms, section).length) &&
    !asksOnePoint(best, terms, section)
  ) {
    // 「有哪些不足」, or a question that is only a section's name (「金桥街下步工作措施」): the section's points.
    chosen = await sectionPoints(lib, best.hit, section, hits, 8);
    if (!chosen.length) chosen = [best];
    text = `根据${reportLabel(best.hit)}，${SECTION_LABELS[section]}主要有：${enumerate(chosen, 1)}。`;
  } else {
    chosen = [best];
    const idf = (t: string) => Math.max(idfs.get(t) ?? 0, 0.2);
    if (figureAsked) {
      // The quote must state the kind of figure asked (「多少钱」 → 元), not merely some figure near the topic.
      // Closest first; a sentence further down that states the kind asked, on the topic asked, still beats none.
      const pool = candidates.slice(0, 60).filter((c) => onTopic(c));
      const tier = (share: number) =>
        pickAnswer(
          pool
            .filter((c) => c.score >= Math.max(MIN_COVERAGE, best.score * share))
            .map((c) => focus(c, terms, idf, units))
            .filter((c) => answers(c.span.text, asked)),
          asked,
          question,
        );
      const fit = tier(0.7) ?? tier(0.45);
      if (!fit) return notStated(base, best, asked, retrieved, note);
      chosen = [fit];
    } else if (wantFigure) {
      if (!/\d/.test(best.span.text)) {
        const withFigure = candidates.find((c) => /\d/.test(c.span.text) && c.score >= best.score * 0.8);
        if (withFigure) chosen = [withFigure];
      }
      chosen = [focus(chosen[0], terms, idf, units)];
    }
    text = `根据${reportLabel(chosen[0].hit)}，${clause(chosen[0].span.text)}[1]。`;
  }
  const citations = chosen.map((c, i) => toCitation(c, i + 1));
  if (note) text = `${note}${text}`;
  const verification = verifyAnswer(text, citations, {
    askedYears: intent.years,
    exempt: (sentence) => !!note && note.includes(sentence),
  });
  return { ...base, answer: text, answerable: true, citations, verification, retrieved };
}

/**
 * Among quotes that answer, the one in the very unit asked (「几台」→ 台, not 项) and, for 「一共/总共」, the
 * one that states a total (全/共/累计/达到); otherwise the closest.
 */
function pickAnswer(fits: Candidate[], asked: AskedKind[], question: string): Candidate | undefined {
  if (!fits.length) return undefined;
  const total = /一共|总共|总数|共有|合计|累计|全部|总计/.test(question);
  const score = (c: Candidate) => {
    const figures = extractFigures(c.span.text);
    let s = 0;
    if (
      asked.some((k) => k.measure && figures.some((f) => f.unit === k.measure || f.unit.endsWith(k.measure!)))
    )
      s += 2;
    if (total && /[全共总]|累计|达到|合计/.test(c.span.text)) s += 1;
    return s;
  };
  const top = fits.slice(0, 6);
  if (total) {
    // 「一共多少」: the clause of the quoted sentence that states the total (「全镇持证执法人员达到21名」).
    for (const c of top) {
      const whole = sentenceOf(c);
      let at = 0;
      for (const part of whole.text.split(/(?<=[，；,;])/)) {
        const start = whole.start + at;
        at += part.length;
        if (/[全共总]|累计|达到|合计/.test(part) && answers(part, asked)) {
          const text = part.replace(/[，；,;]$/, '');
          return { ...c, span: { start, end: start + text.length, text } };
        }
      }
    }
  }
  return top.reduce((b, c) => (score(c) > score(b) ? c : b), top[0]);
}

/** The whole sentence of the paragraph a (possibly narrowed) quote is in. */
function sentenceOf(c: Candidate, endAtSemicolon = false): { start: number; text: string } {
  const text = c.hit.paragraph.text;
  const start = Math.max(...['。', '！', '？', '；'].map((p) => text.lastIndexOf(p, c.span.start - 1))) + 1;
  const ends = (endAtSemicolon ? ['。', '！', '？', '；'] : ['。', '！', '？'])
    .map((p) => text.indexOf(p, Math.max(c.span.end - 1, 0)))
    .filter((i) => i >= 0);
  return { start, text: text.slice(start, ends.length ? Math.min(...ends) + 1 : text.length) };
}

/** A figure pattern of an asked kind, for narrowing a quote to its clauses. */
function kindPattern(k: AskedKind): RegExp {
  if (k.kind === 'rate') return /\d(\.\d+)?\s*%/;
  const units = k.units.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`[\\d零一二两三四五六七八九十百千]\\s*(万|亿)?\\s*(余|多)?\\s*(${units})`);
}

/**
 * The reports say something close but not the figure asked (「法律顾问费用多少钱」 → only 「10多起」):
 * 「报告未写明所问的金额」, with the closest sentence cited as what they do say — never passed as the answer.
 */
function notStated(
  base: Pick<Answer, 'mode' | 'model' | 'resolvedQuestion'>,
  best: Candidate,
  asked: AskedKind[],
  retrieved: Answer['retrieved'],
  note: string | null,
): Answer {
  const lead = `${note ?? ''}${reportLabel(best.hit)}未写明所问的${askedLabel(asked)}。`;
  const text = `${lead}相近内容：${clause(best.span.text)}[1]。`;
  const citations = [toCitation(best, 1)];
  const verification = verifyAnswer(text, citations, { exempt: (sentence) => lead.includes(sentence) });
  return {
    ...base,
    answer: text,
    answerable: false,
    citations,
    verification: {
      ...verification,
      notAnswered: [`问的是${askedLabel(asked)}，报告中相近的内容没有这一数字`],
    },
    retrieved,
  };
}
