// The plan both drafters (extractive and LLM) follow: the past points of the kind drafted, the themes the
// request's focus names, which themes a 「存在的不足」 covers, the shortcomings 「下一步工作」 answer, the title.
import { AppError } from '../errors.ts';
import { tokenize } from '../text/tokenize.ts';
import { composeShortcomings } from './compose-point.ts';
import { type DraftContext, type RankedTheme, type ThemedPoint, rankThemes } from './evidence.ts';
import { cleanLabel } from './points.ts';
import { type ShortcomingItem, splitShortcomings } from './shortcoming-items.ts';
import { scoreThemes, themeByKey, themesForFocus } from './themes.ts';
import type { DraftSection } from './types.ts';

export const SECTION_NAME: Record<DraftSection, string> = {
  shortcomings: '存在的不足',
  next_steps: '下一步工作',
};

/** Past points of a kind, or 422 when the library has none to learn from. */
export function evidenceOf(ctx: DraftContext, kind: DraftSection): ThemedPoint[] {
  const pts = ctx.points[kind];
  if (!pts.length) {
    throw new AppError(
      'no_evidence',
      `资料库中没有 ${ctx.year} 年以前报告的「${SECTION_NAME[kind]}」部分，无法起草；请先上传往年报告`,
    );
  }
  return pts;
}

/** The themes of `pts` (past points of `kind`) a request's focus names; none without a focus, 422 when none match. */
export function focusKeys(focus: string | undefined, kind: DraftSection, pts: ThemedPoint[]): string[] {
  if (!focus) return [];
  const keys = themesForFocus(focus);
  const matched = keys.filter((k) => pts.some((p) => p.theme === k));
  // A focus that is no theme name may still be words the past points use.
  const words = tokenize(focus).filter((t) => t.length >= 2);
  if (!matched.length)
    for (const p of pts)
      if (p.theme && words.some((w) => p.text.includes(w)) && !matched.includes(p.theme))
        matched.push(p.theme);
  if (!matched.length) {
    const available = [...new Set(pts.map((p) => p.theme).filter((t): t is string => !!t))]
      .map((k) => themeByKey(k)?.name)
      .join('、');
    throw new AppError(
      'no_evidence',
      `往年报告的「${SECTION_NAME[kind]}」中没有与「${focus}」相关的内容；资料库中有：${available}`,
    );
  }
  return matched;
}

/**
 * The themes a 「存在的不足」 covers, from its past points `pts`: the focused ones first (only they, when there are
 * enough), then as rankThemes orders them; `want` of them (`points`, else 3–5).
 */
export function shortcomingThemes(
  ctx: DraftContext,
  pts: ThemedPoint[],
  focus: string[],
  points?: number,
): { chosen: RankedTheme[]; want: number } {
  const ranked = rankThemes(pts, focus, ctx.themeReports.shortcomings, ctx.doneThemes);
  const want = points ?? Math.min(5, Math.max(3, ranked.length));
  const focused = ranked.filter((r) => r.focused).length;
  const chosen = ranked.filter((t) => !focus.length || t.focused || focused < want).slice(0, want);
  return { chosen, want };
}

/**
 * The shortcomings the measures answer: those pasted in the request, else the office's latest report's, else
 * shortcomings drafted from other offices' reports (no focus, the usual number). Says which in `warnings`.
 */
export function shortcomingsToAnswer(
  ctx: DraftContext,
  pasted: string | undefined,
  warnings: string[],
): ShortcomingItem[] {
  if (pasted) {
    const items = splitShortcomings(pasted);
    if (!items.length)
      throw new AppError(
        'bad_input',
        '没能从粘贴的「存在的不足」中分出条目，请按「一是……二是……」或每条一行填写',
      );
    return items;
  }
  const latest = ctx.own.find((r) => ctx.points.shortcomings.some((p) => p.report.id === r.id));
  if (latest) {
    warnings.push(`按本单位${latest.meta.year ?? ''}年度报告「存在的不足」逐条起草措施`);
    return ctx.points.shortcomings
      .filter((p) => p.report.id === latest.id)
      .map((p) => ({
        label: p.label,
        text: p.text,
        theme: p.theme,
        themeName: p.theme ? (themeByKey(p.theme)?.name ?? null) : null,
      }));
  }
  const pts = evidenceOf(ctx, 'shortcomings');
  const { chosen } = shortcomingThemes(ctx, pts, []);
  const drafted = composeShortcomings(ctx.org, chosen, !pts.some((p) => p.own));
  warnings.push(
    `资料库中没有${ctx.org.target}往年的「存在的不足」，先按其他单位往年报告起草了不足（请按本单位实际核实），再逐条写措施`,
  );
  return drafted.map((p) => {
    const plain = p.text.replace(/\[\d+\]/g, '');
    const first = plain.split('。')[0];
    const label = cleanLabel(first);
    const themes = scoreThemes(label, plain);
    return { label, text: plain, theme: themes[0]?.key ?? null, themeName: p.theme };
  });
}

/** The office's own past heading for the section, its year moved to the next; else the usual heading. */
export function titleFor(ctx: DraftContext, kind: DraftSection): string {
  const ownHeading = ctx.own
    .flatMap((r) => ctx.points[kind].filter((p) => p.report.id === r.id))
    .map((p) => p.paragraph.sectionPath[0])
    .find((h) => !!h);
  const next = ctx.year + 1;
  if (ownHeading) return ownHeading.replace(/(?:19|20)\d{2}(?=\s*年)/, String(next));
  return kind === 'shortcomings' ? '三、存在的不足和原因' : '四、下一步工作举措';
}
