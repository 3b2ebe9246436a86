// One reading of a question, made once and handed to retrieval, answering, verification and the trace: which
// offices and years it names (against the library), which part of a report, and what kind of thing it asks for.
import type { ReportSummary, SectionKind } from '../domain.ts';
import type { Gazetteer } from '../gazetteer/gazetteer.ts';
import { loadGazetteer } from '#gazetteer';
import { type Lexicon, defaultLexicon, sectionIntent } from '../search/lexicon.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { type AskedKind, askedKinds } from './asked-kind.ts';
import {
  type LibraryOffice,
  type OfficeMatch,
  type UnknownOffice,
  libraryOffices,
  matchOffices,
} from './offices.ts';
import { askedYears } from './years.ts';

export interface QuestionAnalysis {
  question: string;
  /** Keys of the library offices named (「大港」「和平镇」); kept for filters and boosts by name. */
  orgKeys: string[];
  /** Offices named that the library has no report of, with the nearest names it has. */
  unknownOffices: UnknownOffice[];
  /** Same as unknownOffices' mentions (older callers read this). */
  unknownOrgs: string[];
  offices: OfficeMatch[];
  /** Districts/cities named beside the office (「滨海新区大港街」). */
  districts: string[];
  years: number[];
  /** How relative or short years and typos were read, said in the answer: 「「去年」按2025年理解」. */
  readings: string[];
  sections: SectionKind[];
  /** Kinds of figure asked (金额、人数……); empty when none is. */
  asked: AskedKind[];
  wantsFigure: boolean;
  wantsList: boolean;
  /** The question compares or lists across reports (「各街道」「分别」, or names several offices). */
  across: boolean;
  /** Reports the question is about (named offices × named years), or null for the whole library. */
  documentIds: string[] | null;
}

export interface AnalyzeOptions {
  today?: Date;
  lexicon?: Lexicon;
  gazetteer?: Gazetteer;
}

export const asksFigure = (q: string) =>
  /多少|(?<!哪)几(?:个|起|件|次|条|人|家|项|期|场|名|批|份|台|位|宗|回)|数量|比例|比率|金额|多大|多高|合格率|成功率|办结率|完成率/.test(
    q,
  );
export const asksList = (q: string) => /哪些|哪几|有什么|有何|什么样|列举|主要有|都有/.test(q);
export const asksAcross = (q: string) =>
  /哪些街道|哪几个街道|各街道|几个街道|各个街道|哪些单位|各单位|哪些镇|各镇|分别|各有|各[罚是多办查]|对比|比较|哪些报告|各报告|两份报告|几份报告/.test(
    q,
  );

/** The question asks what was planned (「下一步」, or no section named and 「准备/打算/计划/要做」). */
export const asksPlans = (a: Pick<QuestionAnalysis, 'question' | 'sections'>) =>
  a.sections[0] === 'next_steps' || (!a.sections.length && /准备|打算|计划|要做/.test(a.question));

export function analyzeQuestion(
  question: string,
  reports: ReportSummary[],
  opts: AnalyzeOptions = {},
): QuestionAnalysis {
  // Office spans are offsets into `compact`, the question as kept in the analysis (follow-ups splice it).
  const compact = question.replace(/\s+/g, '');
  const q = normalizeForMatch(compact);
  const offices = libraryOffices(reports);
  const { matches, unknown, districts } = matchOffices(compact, offices, opts.gazetteer ?? loadGazetteer());
  const { years, notes } = askedYears(q, opts.today ?? new Date());
  const readings = [...notes];
  for (const m of matches)
    if (m.correctedFrom) readings.push(`「${m.correctedFrom}」按「${m.offices[0].org}」理解`);
  const named: LibraryOffice[] = [...new Set(matches.flatMap((m) => m.offices))];
  // An office named with its district (「××县城关镇」) or a district alone (「东丽区的街道」) narrows the scope.
  const scoped = named.length
    ? named
    : districts.length
      ? offices.filter((o) => o.district && districts.includes(o.district))
      : [];
  let documentIds: string[] | null = null;
  if (scoped.length) {
    const rs = scoped.flatMap((o) => o.reports);
    const inYears = years.length ? rs.filter((r) => r.meta.year !== null && years.includes(r.meta.year)) : rs;
    documentIds = (inYears.length ? inYears : rs).map((r) => r.id);
  } else if (years.length) {
    // 「2022年的两份报告」: the reports of the years asked, when the library has any.
    const inYears = reports.filter((r) => r.meta.year !== null && years.includes(r.meta.year));
    if (inYears.length) documentIds = inYears.map((r) => r.id);
  }
  const orgKeys = [...new Set(named.map((o) => o.key))];
  return {
    question: compact,
    orgKeys,
    unknownOffices: unknown,
    unknownOrgs: unknown.map((u) => u.mention),
    offices: matches,
    districts,
    years,
    readings,
    sections: sectionIntent(question, opts.lexicon ?? defaultLexicon),
    // Office names say nothing of what is counted (「金桥街道」 holds 金, not money).
    asked: askedKinds(
      withoutOffices(q, [...matches.map((m) => m.mention), ...unknown.map((u) => u.mention), ...districts]),
    ),
    wantsFigure: asksFigure(q),
    wantsList: asksList(q),
    across: asksAcross(q) || named.length > 1 || (years.length > 1 && (documentIds?.length ?? 0) > 1),
    documentIds,
  };
}

function withoutOffices(q: string, names: string[]): string {
  let out = q;
  for (const n of [...names].sort((a, b) => b.length - a.length)) out = out.split(n).join('，');
  return out;
}
