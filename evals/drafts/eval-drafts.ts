// Draft eval: every case drafted and checked automatically — structure, citations, section kind, no other
// street's names or figures, next_steps coverage — plus what each case expects (themes, warnings, gaps).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFigures, figureIn } from '../../src/text/figures.ts';
import type { Drafter } from '../../src/ports.ts';
import type { DraftRequest, DraftResult } from '../../src/draft/types.ts';
import { orgKey } from '../../src/ingest/extract-metadata.ts';
import type { Corpus } from '../../src/library/corpus.ts';

export interface DraftCase extends Omit<DraftRequest, 'stream'> {
  id: string;
  expect: {
    minPoints?: number;
    maxPoints?: number;
    titleMatches?: string;
    themesInclude?: string[];
    firstTheme?: string;
    unanswered?: string[];
    warningsMatch?: string[];
  };
}

export const CHECKS = [
  'structure',
  'cited',
  'sectionKind',
  'noForeignOrg',
  'noForeignFigure',
  'coverage',
  'expected',
] as const;
export type Check = (typeof CHECKS)[number];

export interface DraftCaseResult {
  id: string;
  section: DraftRequest['section'];
  checks: Record<Check, boolean>;
  problems: string[];
  draft: string;
}

export function loadDraftCases(): DraftCase[] {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'cases.json'), 'utf8')) as DraftCase[];
}

const ORDINALS = '一二三四五六七八';
/** Quoted terms that are national policy, not any street's own project. */
const NATIONAL_TERMS = [
  '放管服',
  '双随机一公开',
  '谁执法谁普法',
  '枫桥经验',
  '两委',
  '网格员',
  '最后一公里',
  '标',
  '本',
];

export async function runDraftCase(lib: Corpus, drafter: Drafter, c: DraftCase): Promise<DraftCaseResult> {
  const { id, expect: want, ...req } = c;
  const problems: string[] = [];
  const fail = (check: Check, why: string) => {
    checks[check] = false;
    problems.push(`${check}: ${why}`);
  };
  const checks = Object.fromEntries(CHECKS.map((k) => [k, true])) as Record<Check, boolean>;
  let d: DraftResult;
  try {
    d = await drafter.draft(lib, req);
  } catch (e) {
    for (const k of CHECKS) checks[k] = false;
    return { id, section: c.section, checks, problems: [`draft failed: ${(e as Error).message}`], draft: '' };
  }
  const lines = d.draft.split('\n');
  // structure
  const titleWord = c.section === 'shortcomings' ? /不足|问题/ : /工作|措施|计划|安排|思路|打算/;
  if (lines[0] !== d.title || !titleWord.test(d.title)) fail('structure', `title「${d.title}」`);
  d.points.forEach((p, i) => {
    if (!p.text.startsWith(`${ORDINALS[i]}是`))
      fail('structure', `point ${i + 1} does not open with ${ORDINALS[i]}是`);
    if (!lines.includes(p.text.replace(/\[\d+\]/g, '')))
      fail('structure', `point ${i + 1} missing from the draft text`);
  });
  const min =
    want.minPoints ??
    (c.section === 'next_steps' ? (d.coverage?.shortcomings.length ?? 2) : Math.min(c.points ?? 3, 3));
  const max = want.maxPoints ?? 8;
  if (d.points.length < min || d.points.length > max)
    fail('structure', `${d.points.length} points, want ${min}–${max}`);
  // cited, from the right section kind
  for (const [i, p] of d.points.entries()) {
    const placeholderOnly = p.citations.length === 0 && p.placeholders.length > 0;
    if (!p.citations.length && !placeholderOnly) fail('cited', `point ${i + 1} has no citation`);
    for (const cite of p.citations) {
      if (!p.text.includes(`[${cite.n}]`))
        fail('cited', `point ${i + 1} lists [${cite.n}] but never marks it`);
      if (cite.section !== c.section) fail('sectionKind', `point ${i + 1} cites a ${cite.section} paragraph`);
    }
  }
  // no other street as the author, no other report's figures
  const targetKey = orgKey(c.org);
  const others = [
    ...new Set(
      (await lib.store.listReports())
        .map((r) => r.meta.org)
        .filter((o): o is string => !!o && orgKey(o) !== targetKey),
    ),
  ];
  for (const o of others)
    if (d.draft.includes(o) || d.draft.includes(`${orgKey(o)}街`)) fail('noForeignOrg', `names ${o}`);
  for (const [i, p] of d.points.entries()) {
    const own = p.citations.filter((x) => x.org && orgKey(x.org) === targetKey).map((x) => x.text);
    for (const f of extractFigures(p.text))
      if (!own.some((t) => figureIn(f, t))) fail('noForeignFigure', `point ${i + 1} states ${f.raw}`);
    // another report's dates and named local projects count as its specifics too
    const stated = p.text.replace(/【待补充：[^】]*】/g, '');
    const date = /今年|去年|明年|本年度|上半年|下半年/.exec(stated);
    if (date && !own.some((t) => t.includes(date[0])))
      fail('noForeignFigure', `point ${i + 1} carries the date word「${date[0]}」`);
    for (const m of stated.matchAll(/“([^”]{2,20})”/g))
      if (!NATIONAL_TERMS.includes(m[1]) && !own.some((t) => t.includes(m[1])))
        fail('noForeignFigure', `point ${i + 1} names「${m[1]}」from another report`);
  }
  // next_steps answers every shortcoming, or says which it cannot
  if (c.section === 'next_steps') {
    const cov = d.coverage;
    if (!cov) fail('coverage', 'no coverage');
    else {
      cov.shortcomings.forEach((s, i) => {
        if (!d.points.some((p) => p.respondsTo === i))
          fail('coverage', `shortcoming ${i}「${s}」has no measure`);
      });
      for (const u of cov.unanswered)
        if (!d.warnings.some((w) => w.includes(u))) fail('coverage', `unanswered「${u}」not explained`);
    }
  }
  // what the case expects
  if (want.titleMatches && !d.title.includes(want.titleMatches)) fail('expected', `title「${d.title}」`);
  for (const t of want.themesInclude ?? [])
    if (!d.points.some((p) => p.theme === t)) fail('expected', `no point on ${t}`);
  if (want.firstTheme && d.points[0]?.theme !== want.firstTheme)
    fail('expected', `first theme ${d.points[0]?.theme}`);
  if (want.unanswered && JSON.stringify(d.coverage?.unanswered ?? []) !== JSON.stringify(want.unanswered))
    fail('expected', `unanswered ${JSON.stringify(d.coverage?.unanswered)}`);
  for (const w of want.warningsMatch ?? [])
    if (!d.warnings.some((x) => x.includes(w))) fail('expected', `no warning with「${w}」`);
  return { id, section: c.section, checks, problems, draft: d.draft };
}

export function draftSummary(results: DraftCaseResult[]) {
  const rate = (k: Check) => results.filter((r) => r.checks[k]).length / (results.length || 1);
  return {
    n: results.length,
    passed: results.filter((r) => CHECKS.every((k) => r.checks[k])).length,
    ...Object.fromEntries(CHECKS.map((k) => [k, rate(k)])),
  } as { n: number; passed: number } & Record<Check, number>;
}

export function printDraftTable(results: DraftCaseResult[]): string {
  const f = (x: number) => x.toFixed(3);
  const rows = [
    `| section | n | passed | ${CHECKS.join(' | ')} |`,
    `|---|---|---|${CHECKS.map(() => '---').join('|')}|`,
  ];
  for (const section of ['shortcomings', 'next_steps'] as const) {
    const s = draftSummary(results.filter((r) => r.section === section));
    rows.push(`| ${section} | ${s.n} | ${s.passed} | ${CHECKS.map((k) => f(s[k])).join(' | ')} |`);
  }
  const all = draftSummary(results);
  rows.push(
    `| **all** | ${all.n} | **${all.passed}** | ${CHECKS.map((k) => `**${f(all[k])}**`).join(' | ')} |`,
  );
  return rows.join('\n');
}
