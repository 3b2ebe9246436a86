// Why a scale case failed, in the terms of the mechanism to fix: which office the question was read as, which
// report the answer came from, and how that differs from the report the case was generated from.
import { ask, type AskDeps } from '../../src/answer/ask.ts';
import type { ReportSummary } from '../../src/domain.ts';
import { documentIdFor } from '../../src/ingest/parse-report.ts';
import { analyzeQuestion } from '../../src/question/analyze.ts';
import { askedKinds } from '../../src/question/asked-kind.ts';
import type { ScaleCase } from './cases.ts';

export interface Diagnosis {
  cause: string;
  /** How the question was read: offices matched (with districts), unknown places, years. */
  reading: string;
  answer: string;
}

const label = (r: ReportSummary | undefined) =>
  r ? `${r.meta.district ?? ''}${r.meta.org ?? '（未署名）'}${r.meta.year ?? ''}` : '?';
const key = (org: string | null) => (org ?? '').replace(/(街道办事处|街道|街)$/, '');

export async function diagnose(deps: AskDeps, c: ScaleCase): Promise<Diagnosis> {
  const reports = await deps.lib.store.listReports();
  const byId = new Map(reports.map((r) => [r.id, r]));
  const a = analyzeQuestion(c.question, reports);
  const reading = [
    a.offices
      .map((m) => `「${m.mention}」→${m.offices.map((o) => `${o.district ?? ''}${o.org}`).join('/')}`)
      .join(' ') || '无单位',
    a.unknownOffices.length ? `未知：${a.unknownOffices.map((u) => u.mention).join('、')}` : '',
    a.districts.length ? `区：${a.districts.join('、')}` : '',
    `年：${a.years.join('、') || '无'}`,
  ]
    .filter(Boolean)
    .join('；');
  const res = await ask(deps, { question: c.question });
  const cited = [...new Set(res.citations.map((x) => x.documentId))].map((id) => byId.get(id));
  const p = c.probe;
  const want = p.report ? byId.get(documentIdFor(p.report)) : undefined;
  const other = (r: ReportSummary | undefined) => {
    if (!r) return '出处不在库中';
    if (key(r.meta.org) === key(p.office) && r.meta.district !== p.district && r.meta.year === p.year)
      return `答成同名的另一个单位（${label(r)}）`;
    if (key(r.meta.org) === key(p.office) && r.meta.district !== p.district)
      return `答成同名单位的另一年（${label(r)}）`;
    if (r.meta.org === p.office && r.meta.district === p.district) return `年份错（答了${r.meta.year}年）`;
    return `答成另一个单位（${label(r)}）`;
  };
  let cause: string;
  if (c.answerable) {
    if (!res.answerable) {
      if (/未写明/.test(res.answer)) cause = notStatedCause(c, res.answer);
      else if (/未找到.*年度的报告/.test(res.answer)) cause = '说该年度没有报告';
      else if (/^未找到.*的报告/.test(res.answer)) cause = '没认出问的单位（答「未找到××的报告」）';
      else cause = '检索/打分未找到相关内容';
    } else if (
      c.type === 'ambiguous' &&
      c.facts.filter((f) => /\d/.test(f)).every((f) => res.answer.includes(f))
    )
      cause = '同名单位逐一作答，但没写各是哪个区的';
    else if (cited.length > 1) cause = `读成多个单位，逐一作答（${cited.map(label).join('、')}）`;
    else if (want && cited[0]?.id === want.id) cause = '出处对，但答的数字不对';
    else cause = other(cited[0]);
  } else if (c.type === 'wrong-kind')
    cause = `问金额却给了别的数字或别的金额（${cited.map(label).join('、')}）`;
  else if (c.type === 'missing-year') cause = `该单位没有这一年，却作答：${cited.map(other).join('、')}`;
  else cause = `库中没有的单位，却作答（${cited.map(label).join('、')}）`;
  return { cause, reading, answer: res.answer.replace(/\s+/g, ' ') };
}

/** Why 「未写明」: the kind the question asks (多少件 → 条目) has no unit the report used (起), or its words differ. */
function notStatedCause(c: ScaleCase, answer: string): string {
  const fact = c.facts[0];
  const unit = fact.replace(/^[\d.]+/, '');
  const kinds = askedKinds(c.question);
  const asked =
    /(?:多少|几)(个|名|人次|人|件|起|份|场|次|项|条)/.exec(c.question)?.[1] ??
    kinds.map((k) => k.label).join('');
  const quoted = answer.includes(fact) ? '（相近内容里就是答案）' : '';
  if (kinds.length && !kinds.some((k) => k.units.includes(unit)))
    return `问「${asked}」读作${kinds.map((k) => k.label).join('/')}，不认报告的「${unit}」，判为未写明${quoted}`;
  return `问法与报告用词不同（判为不对题），说未写明${quoted}`;
}

/**
 * What is wrong with a correct refusal's reason: it names another office (「人民调解」 read as 人民街道), no office
 * at all, the district twice, or lists the asked year among the years the office has (same-named offices mixed).
 */
export function refusalReasonProblem(c: ScaleCase, answer: string): string | null {
  if (c.answerable || c.type === 'wrong-kind') return null;
  const reason = answer.split('。').find((x) => x.includes('未找到')) ?? '';
  const name = c.probe.office.replace(/^.*?[区县市]/, '').replace(/(街道|街)$/, '');
  if (/报告库中未找到(与|符合)「/.test(answer))
    return '拒答理由是「没有相关内容」，没说单位或年度不在库中：碰巧拒对';
  if (/([\u4e00-\u9fff]{2,}?[区县市])\1/u.test(answer))
    return '拒答时把区县写了两遍（「郧西县郧西县城关镇」）';
  if (!reason.includes(name)) return `拒答理由没提所问的单位（${reason.slice(0, 30)}）`;
  const years = /只有([\d、]+)年度/.exec(answer)?.[1].split('、') ?? [];
  if (c.probe.year && years.includes(String(c.probe.year)))
    return '拒答说没有这一年，又在「只有……年度」里列出这一年（同名单位的年份混在一起，不写区）';
  return null;
}
