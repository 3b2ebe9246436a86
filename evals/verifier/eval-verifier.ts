// Verifier eval: labelled answer sentences (evals/verifier/sentences.jsonl), written in the styles real chat
// models use, judged directly by the claim verifier (judgeSentences) against the paragraphs they cite — no
// server, no model. Scores: correct claims kept, wrong claims cut (with a reason), claim-free sentences kept;
// per style and per error kind, with precision/recall of the cuts.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { judgeSentences } from '../../src/answer/claims.ts';
import type { Citation } from '../../src/answer/types.ts';
import { LocalEmbedder } from '../../src/index/local-embedder.ts';
import { documentIdFor } from '../../src/ingest/parse-report.ts';
import { type FileInput, ingestFiles } from '../../src/library/ingest.ts';
import { closeLibrary, type Library, openLibrary } from '../../src/library/library.ts';
import { fixtureLibraryInputs } from '../fixtures/fixtures.ts';
import { citationOf } from '../../src/citation.ts';

export const CORPUS_DIR = join(import.meta.dirname, '..', '..', 'corpus');
export const SENTENCES_FILE = join(import.meta.dirname, 'sentences.jsonl');

export const ERROR_KINDS = [
  'wrong_office',
  'wrong_year',
  'figure_not_in_source',
  'figure_of_other_indicator',
  'invented_clause',
  'foreign_office',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * The verifier's reasons that name each kind of error. A plain wrong office is `wrong_office` (calling it a
 * disguised name would mislead the supervisor), a disguised one `foreign_office`; a figure of another indicator
 * written with another unit may fairly be reported as not in the source.
 */
export const AGREEING_REASONS: Record<ErrorKind, string[]> = {
  wrong_office: ['wrong_office'],
  wrong_year: ['wrong_year'],
  figure_not_in_source: ['figure_not_in_source'],
  figure_of_other_indicator: ['figure_of_other_indicator', 'figure_not_in_source'],
  // An invented clause holding a figure is a figure not in the source; one written as its own sentence after
  // 「。[1]」 stands without a citation — both tell the supervisor what is wrong.
  invented_clause: ['unsupported_content', 'figure_not_in_source', 'no_citation'],
  foreign_office: ['foreign_office'],
};

export const TARGETS = { correctKept: 0.97, wrongCut: 1.0, noClaimKept: 0.95 } as const;

export const VerifierCaseSchema = z
  .object({
    id: z.string().min(1),
    style: z.string().min(1),
    question: z.string().min(1),
    /** One answer sentence as a model would write it, markers [n] referring to `cite` in order. */
    sentence: z.string().min(1),
    cite: z.array(z.object({ report: z.string().min(1), text: z.string().min(1) })),
    label: z.enum(['correct', 'wrong', 'no_claim']),
    error: z.enum(ERROR_KINDS).optional(),
  })
  .strict()
  .refine((c) => (c.label === 'wrong') === (c.error !== undefined), {
    message: 'error is required for a wrong sentence, and only for it',
  })
  .refine((c) => c.label === 'no_claim' || c.cite.length > 0, {
    message: 'a claim needs at least one cited paragraph',
  })
  .refine(
    (c) =>
      [...c.sentence.matchAll(/\[(\d+)\]/g)].every((m) => Number(m[1]) >= 1 && Number(m[1]) <= c.cite.length),
    {
      message: 'every marker [n] must refer to a cite entry',
    },
  );
export type VerifierCase = z.infer<typeof VerifierCaseSchema>;

export function loadVerifierCases(file = SENTENCES_FILE): VerifierCase[] {
  const cases = readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => {
      const parsed = VerifierCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`sentences.jsonl:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`sentences.jsonl: duplicate id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

export interface VerifierLibrary {
  lib: Library;
  /** Every office name of the library (reports' meta.org). */
  offices: string[];
  close(): Promise<void>;
}

/** Reports written only for the verifier's held-out sets (offices and shapes the other evals lack). */
export const VERIFIER_REPORTS = join(import.meta.dirname, 'reports');

function reportInputs(folder: string): FileInput[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(folder, name)) }));
}

/**
 * A library of the seed corpus, every fixture report and the verifier's own reports, in a temporary folder;
 * `extraReports` adds the reports of a set still being written (kept outside the repository until it is run).
 */
export async function openVerifierLibrary(extraReports: string[] = []): Promise<VerifierLibrary> {
  const dir = mkdtempSync(join(tmpdir(), 'eval-verifier-'));
  const lib = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
  const inputs = [
    ...fixtureLibraryInputs(CORPUS_DIR),
    ...[VERIFIER_REPORTS, ...extraReports].flatMap(reportInputs),
  ];
  const outcomes = await ingestFiles(lib, inputs);
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length) throw new Error(`ingest failed: ${JSON.stringify(failed)}`);
  const offices = [
    ...new Set((await lib.store.listReports()).map((r) => r.meta.org).filter((o): o is string => !!o)),
  ];
  return {
    lib,
    offices,
    async close() {
      await closeLibrary(lib);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The case's cite entries as the answer's Citation objects (n = 1..): the stored paragraph of that report whose
 * text contains cite.text, built like candidates.ts toCitation (quote = where cite.text is, score 0).
 * Throws, naming every entry, when a cite text is in no paragraph of its report.
 */
export async function citationsFor(lib: Library, c: VerifierCase): Promise<Citation[]> {
  const out: Citation[] = [];
  const problems: string[] = [];
  for (const [i, cite] of c.cite.entries()) {
    const r = await lib.store.getReport(documentIdFor(cite.report));
    if (!r) {
      problems.push(`${c.id} cite ${i + 1}: no report ${cite.report} in the library`);
      continue;
    }
    const p = r.paragraphs.find((x) => x.text.includes(cite.text));
    if (!p) {
      problems.push(`${c.id} cite ${i + 1}: 「${cite.text}」 is in no paragraph of ${cite.report}`);
      continue;
    }
    const start = p.text.indexOf(cite.text);
    out.push(citationOf(r.meta, p, { start, end: start + cite.text.length }, { n: i + 1, score: 0 }));
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return out;
}

export interface CaseResult {
  case: VerifierCase;
  /** Every verdict kept (and there was at least one). */
  kept: boolean;
  /** Some verdict cut. */
  cut: boolean;
  /** Some verdict read as a claim. */
  claim: boolean;
  reasons: string[];
  details: string[];
  /** For a wrong case that was cut: a reason names its kind of error. */
  reasonAgrees: boolean | null;
}

export function judgeCase(c: VerifierCase, citations: Citation[], offices: string[]): CaseResult {
  const verdicts = judgeSentences(c.sentence, citations, { offices });
  const cutVerdicts = verdicts.filter((v) => !v.keep);
  const reasons = cutVerdicts.map((v) => v.reason ?? '(none)');
  const cut = cutVerdicts.length > 0;
  return {
    case: c,
    kept: verdicts.length > 0 && !cut,
    cut,
    claim: verdicts.some((v) => v.claim),
    reasons,
    details: cutVerdicts.map((v) => v.detail ?? ''),
    reasonAgrees:
      c.label === 'wrong' && cut ? reasons.some((r) => AGREEING_REASONS[c.error!].includes(r)) : null,
  };
}

export async function runVerifierEval(
  vl: VerifierLibrary,
  cases = loadVerifierCases(),
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) out.push(judgeCase(c, await citationsFor(vl.lib, c), vl.offices));
  return out;
}

export interface Rate {
  n: number;
  ok: number;
  rate: number;
}
const rate = (n: number, ok: number): Rate => ({ n, ok, rate: n ? ok / n : 1 });

export interface GroupScore {
  correctKept: Rate;
  wrongCut: Rate;
  noClaimKept: Rate;
  /** Claim-free sentences the verifier also read as claim-free (claim: false). */
  noClaimRead: Rate;
  /** Of the sentences cut, the share that were wrong (cut is the positive class). */
  cutPrecision: number;
  /** Of the wrong sentences, the share cut (= wrongCut). */
  cutRecall: number;
}

export interface VerifierScore extends GroupScore {
  byStyle: Record<string, GroupScore>;
  byError: Record<string, { cut: Rate; reasonAgrees: Rate; withReason: Rate }>;
  /** Cut wrong sentences whose every cut verdict carries a reason. */
  withReason: Rate;
  failures: {
    correctCut: CaseResult[];
    wrongKept: CaseResult[];
    noClaimCut: CaseResult[];
    reasonDisagrees: CaseResult[];
  };
}

function group(results: CaseResult[]): GroupScore {
  const of = (l: string) => results.filter((r) => r.case.label === l);
  const correct = of('correct');
  const wrong = of('wrong');
  const noClaim = of('no_claim');
  const cut = results.filter((r) => r.cut);
  const wrongCut = rate(wrong.length, wrong.filter((r) => r.cut).length);
  return {
    correctKept: rate(correct.length, correct.filter((r) => r.kept).length),
    wrongCut,
    noClaimKept: rate(noClaim.length, noClaim.filter((r) => r.kept).length),
    noClaimRead: rate(noClaim.length, noClaim.filter((r) => r.kept && !r.claim).length),
    cutPrecision: cut.length ? cut.filter((r) => r.case.label === 'wrong').length / cut.length : 1,
    cutRecall: wrongCut.rate,
  };
}

export function scoreVerifier(results: CaseResult[]): VerifierScore {
  const styles = [...new Set(results.map((r) => r.case.style))].sort();
  const wrong = results.filter((r) => r.case.label === 'wrong');
  const byError: VerifierScore['byError'] = {};
  for (const k of ERROR_KINDS) {
    const rs = wrong.filter((r) => r.case.error === k);
    const cut = rs.filter((r) => r.cut);
    byError[k] = {
      cut: rate(rs.length, cut.length),
      reasonAgrees: rate(cut.length, cut.filter((r) => r.reasonAgrees).length),
      withReason: rate(cut.length, cut.filter((r) => !r.reasons.includes('(none)')).length),
    };
  }
  const cutWrong = wrong.filter((r) => r.cut);
  return {
    ...group(results),
    byStyle: Object.fromEntries(styles.map((s) => [s, group(results.filter((r) => r.case.style === s))])),
    byError,
    withReason: rate(cutWrong.length, cutWrong.filter((r) => !r.reasons.includes('(none)')).length),
    failures: {
      correctCut: results.filter((r) => r.case.label === 'correct' && !r.kept),
      wrongKept: wrong.filter((r) => !r.cut),
      noClaimCut: results.filter((r) => r.case.label === 'no_claim' && !r.kept),
      reasonDisagrees: cutWrong.filter((r) => !r.reasonAgrees),
    },
  };
}

/** Which targets the score misses (empty when all are met). */
export function missedTargets(s: VerifierScore): string[] {
  const out: string[] = [];
  if (s.correctKept.rate < TARGETS.correctKept)
    out.push(`正确句保留率 ${s.correctKept.rate.toFixed(3)} < ${TARGETS.correctKept}`);
  if (s.wrongCut.rate < TARGETS.wrongCut)
    out.push(`错误句删除率 ${s.wrongCut.rate.toFixed(3)} < ${TARGETS.wrongCut}`);
  if (s.withReason.rate < 1) out.push(`${s.withReason.n - s.withReason.ok} 个被删除的错误句没有给出理由`);
  if (s.noClaimKept.rate < TARGETS.noClaimKept)
    out.push(`无断言句保留率 ${s.noClaimKept.rate.toFixed(3)} < ${TARGETS.noClaimKept}`);
  return out;
}

const pct = (r: Rate) => (r.n ? `${r.ok}/${r.n} ${(r.rate * 100).toFixed(1)}%` : '—');
const pad = (s: string, w: number) =>
  s + ' '.repeat(Math.max(0, w - [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
const vis = (s: string) =>
  s.replace(
    /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\ufe00-\ufe0f]/g,
    (ch) => `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
  );

export function formatScore(s: VerifierScore): string {
  const lines: string[] = [];
  const row = (cells: string[], widths: number[]) => cells.map((c, i) => pad(c, widths[i])).join('  ');
  const w = [16, 16, 14, 14, 10, 10];
  lines.push(row(['风格', '正确句保留', '错误句删除', '无断言保留', '删除精确率', '删除召回率'], w));
  for (const [style, g] of Object.entries(s.byStyle)) {
    lines.push(
      row(
        [
          style,
          pct(g.correctKept),
          pct(g.wrongCut),
          pct(g.noClaimKept),
          g.cutPrecision.toFixed(3),
          g.cutRecall.toFixed(3),
        ],
        w,
      ),
    );
  }
  lines.push(
    row(
      [
        '合计',
        pct(s.correctKept),
        pct(s.wrongCut),
        pct(s.noClaimKept),
        s.cutPrecision.toFixed(3),
        s.cutRecall.toFixed(3),
      ],
      w,
    ),
  );
  lines.push(
    `无断言句被读作「无断言」（claim: false）并保留：${pct(s.noClaimRead)}；被删除的错误句都给出理由：${pct(s.withReason)}`,
  );
  lines.push('');
  const e = [28, 16, 16];
  lines.push(row(['错误类型', '删除', '理由一致'], e));
  for (const [k, g] of Object.entries(s.byError)) lines.push(row([k, pct(g.cut), pct(g.reasonAgrees)], e));
  const f = s.failures;
  const show = (title: string, rs: CaseResult[], key: (r: CaseResult) => string) => {
    if (!rs.length) return;
    lines.push('', `${title}（${rs.length}）`);
    const groups = new Map<string, CaseResult[]>();
    for (const r of rs) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    for (const [k, g] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`  · ${k}（${g.length}）`);
      for (const r of g)
        lines.push(
          `    ${r.case.id} [${r.case.style}] ${vis(r.case.sentence)}${r.details.filter(Boolean).length ? ` —— ${r.details.filter(Boolean).join('；')}` : ''}`,
        );
    }
  };
  show('被删除的正确句', f.correctCut, (r) => r.reasons.join('+') || '（没有得到判定）');
  show('未被删除的错误句', f.wrongKept, (r) => r.case.error!);
  show('被删除的无断言句', f.noClaimCut, (r) => r.reasons.join('+') || '（没有得到判定）');
  show('删除了但理由与错误类型不一致', f.reasonDisagrees, (r) => `${r.case.error} → ${r.reasons.join('+')}`);
  return lines.join('\n');
}
