// Cross-year checks supervisors want to see: a shortcoming the org already reported in an earlier year
// (「连续两年提出」) and a measure copied almost verbatim from the org's own earlier plan.
import { similarity } from './compose.ts';
import type { DraftContext } from './evidence.ts';
import { themeByKey } from './themes.ts';
import type { DraftPoint } from './types.ts';

const COPIED = 0.6;
const SAME_SHORTCOMING = 0.45;

export function repeatedShortcomings(
  ctx: DraftContext,
  items: { label: string; text: string; theme: string | null }[],
  what: string,
): string[] {
  const out: string[] = [];
  const ownPast = ctx.points.shortcomings.filter((p) => p.own);
  items.forEach((item, i) => {
    const same = ownPast.filter(
      (p) => (item.theme && p.theme === item.theme) || similarity(p.text, item.text) >= SAME_SHORTCOMING,
    );
    if (!same.length) return;
    const years = [
      ...new Set(same.map((p) => p.report.meta.year).filter((y): y is number => y !== null)),
    ].sort();
    const last = years.at(-1);
    const name = item.theme ? (themeByKey(item.theme)?.name ?? item.label) : item.label;
    const earlier = `本街${years.join('、')}年度报告已提出「${same[0].label}」`;
    out.push(
      last === ctx.year - 1
        ? `${what}第${i + 1}点（${name}）：${earlier}，今年再提即连续两年提出，请写明整改进展或未能解决的原因`
        : `${what}第${i + 1}点（${name}）：${earlier}，属于往年提过的问题，请说明整改情况`,
    );
  });
  return out;
}

export function copiedMeasures(ctx: DraftContext, points: DraftPoint[]): string[] {
  const out: string[] = [];
  const ownPast = ctx.points.next_steps.filter((p) => p.own);
  points.forEach((pt, i) => {
    const plain = pt.text.replace(/\[\d+\]/g, '').replace(/^[一二三四五六七八九十]+是/, '');
    let best = { score: 0, label: '', year: null as number | null };
    for (const p of ownPast) {
      const s = similarity(plain, p.text);
      if (s > best.score) best = { score: s, label: p.label, year: p.report.meta.year };
    }
    if (best.score >= COPIED)
      out.push(
        `第${i + 1}点与本街${best.year ?? ''}年度报告「下一步工作」中的「${best.label}」几乎相同（相似度 ${best.score.toFixed(2)}），请确认是否为延续性工作，并写出今年的新举措`,
      );
  });
  return out;
}
