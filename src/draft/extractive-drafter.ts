// Extractive drafter (offline default): one point per theme or per shortcoming, composed from the best past
// sentences re-targeted to the org, each cited (compose-point.ts), following the plan both drafters share (plan.ts).
import type { Corpus } from '../library/corpus.ts';
import type { Drafter } from '../ports.ts';
import { tokenize } from '../text/tokenize.ts';
import { CitationBook, ordinal } from './compose.ts';
import { composePoint, composeShortcomings, finish } from './compose-point.ts';
import {
  type DraftContext,
  type ThemedPoint,
  loadDraftContext,
  orderEvidence,
  rankThemes,
} from './evidence.ts';
import { SECTION_NAME, evidenceOf, focusKeys, shortcomingThemes, shortcomingsToAnswer } from './plan.ts';
import { sectionResult } from './section-result.ts';
import type { ShortcomingItem } from './shortcoming-items.ts';
import { scoreThemes, themeByKey } from './themes.ts';
import { copiedMeasures, repeatedShortcomings } from './warnings.ts';
import type { DraftPoint, DraftRequest, DraftResult, DraftSection } from './types.ts';

export const EXTRACTIVE_DRAFTER = 'extractive-draft-v1';
const BY = { mode: 'extractive', model: EXTRACTIVE_DRAFTER } as const;

export const extractiveDrafter: Drafter = { draft: draftExtractive };

export async function draftExtractive(lib: Corpus, req: DraftRequest): Promise<DraftResult> {
  return draftFromContext(await loadDraftContext(lib, req), req);
}

/** The extractive draft from a loaded context (the LLM drafter's fallback: nothing is read again). */
export function draftFromContext(ctx: DraftContext, req: DraftRequest): DraftResult {
  return req.section === 'shortcomings' ? draftShortcomings(ctx, req) : draftNextSteps(ctx, req);
}

function draftShortcomings(ctx: DraftContext, req: DraftRequest): DraftResult {
  const pts = evidenceOf(ctx, 'shortcomings');
  const { chosen, want } = shortcomingThemes(ctx, pts, focusKeys(req.focus, 'shortcomings', pts), req.points);
  const warnings: string[] = [];
  if (chosen.length < want)
    warnings.push(
      `往年报告的「存在的不足」只涉及 ${chosen.length} 个方面，只写了 ${chosen.length} 点（要求 ${want} 点），其余请作者补充`,
    );
  const borrowing = !pts.some((p) => p.own);
  const points = composeShortcomings(ctx.org, chosen, borrowing);
  if (borrowing) warnings.unshift(noOwnSection(ctx, 'shortcomings'));
  warnings.push(
    ...repeatedShortcomings(
      ctx,
      chosen.map((t, i) => ({
        label: t.points[0].label,
        text: points[i].text.replace(/\[\d+\]/g, ''),
        theme: t.key,
      })),
      '',
    ),
  );
  return sectionResult(ctx, { kind: 'shortcomings', points, warnings, evidence: pts, ...BY });
}

function draftNextSteps(ctx: DraftContext, req: DraftRequest): DraftResult {
  // Last year's own measures are not this year's: they guide which shortcomings to answer, but a measure
  // written the same as last year's is never emitted as new.
  const latest = ctx.own.find((r) => ctx.points.next_steps.some((p) => p.own && p.report.id === r.id));
  const pts = evidenceOf(ctx, 'next_steps').filter((p) => !(p.own && latest && p.report.id === latest.id));
  const warnings: string[] = [];
  const borrowing = !ctx.points.next_steps.some((p) => p.own);
  if (borrowing) warnings.push(noOwnSection(ctx, 'next_steps'));
  else if (latest)
    warnings.push(`本单位${latest.meta.year ?? ''}年度报告的「下一步工作」只用于对照，未照搬为今年的措施`);
  const items = shortcomingsToAnswer(ctx, req.shortcomings, warnings);
  const book = new CitationBook();
  const usedText: string[] = [];
  const usedPoints = new Set<ThemedPoint>();
  const unanswered: string[] = [];
  const points: DraftPoint[] = [];
  const focus = focusKeys(req.focus, 'next_steps', pts);
  items.forEach((item, i) => {
    const candidates = rankForShortcoming(
      item,
      pts.filter((p) => !usedPoints.has(p)),
    );
    const fallback = item.theme ? themeByKey(item.theme)?.measure : undefined;
    if (!candidates.length) {
      unanswered.push(item.label);
      warnings.push(
        `第${i + 1}条不足「${item.label}」在往年报告的「下一步工作」中找不到可借鉴的措施，已留「【待补充】」由作者填写`,
      );
      const text = `针对“${item.label}”的具体措施`;
      points.push({
        theme: item.themeName ?? item.label,
        text: `${ordinal(points.length)}【待补充：${text}】。`,
        citations: [],
        respondsTo: i,
        placeholders: [text],
      });
      return;
    }
    const c = composePoint(
      ctx.org,
      candidates,
      'next_steps',
      fallback ?? '进一步加强相关工作',
      book,
      usedText,
      borrowing,
    );
    c.used.forEach((p) => usedPoints.add(p));
    points.push({ ...finish(c, points.length, item.themeName ?? item.label), respondsTo: i });
  });
  // More points than shortcomings: the most common past measures not yet used, focus first.
  const want = Math.max(req.points ?? 0, items.length);
  if (points.length < want) {
    for (const t of rankThemes(
      pts.filter((p) => !usedPoints.has(p)),
      focus,
      ctx.themeReports.next_steps,
      ctx.doneThemes,
    )) {
      if (points.length >= want) break;
      if (points.some((p) => p.theme === themeByKey(t.key)?.name)) continue;
      const c = composePoint(
        ctx.org,
        t.points,
        'next_steps',
        themeByKey(t.key)?.measure ?? t.key,
        book,
        usedText,
        borrowing,
      );
      c.used.forEach((p) => usedPoints.add(p));
      points.push(finish(c, points.length, themeByKey(t.key)?.name ?? t.key));
    }
  }
  if (req.points && items.length > req.points)
    warnings.push(`要逐条回应的不足有 ${items.length} 条，多于要求的 ${req.points} 点，已按不足逐条写出`);
  if (req.shortcomings) warnings.push(...repeatedShortcomings(ctx, items, '粘贴的不足'));
  warnings.push(...copiedMeasures(ctx, points));
  const coverage = { shortcomings: items.map((s) => s.label), unanswered };
  return sectionResult(ctx, { kind: 'next_steps', points, warnings, evidence: pts, coverage, ...BY });
}

/** Past measures that answer a shortcoming: same theme first, then shared words. */
function rankForShortcoming(item: ShortcomingItem, pts: ThemedPoint[]): ThemedPoint[] {
  const words = new Set(tokenize(`${item.label} ${item.text}`).filter((t) => t.length >= 2));
  const itemThemes = scoreThemes(item.label, item.text);
  const scored = pts.map((p) => {
    const themeScore =
      p.theme && p.theme === item.theme ? 10 : itemThemes.some((t) => t.key === p.theme) ? 4 : 0;
    const ptoks = tokenize(p.text).filter((t) => t.length >= 2);
    const shared = ptoks.filter((t) => words.has(t)).length / Math.sqrt(ptoks.length + 1);
    return { p, score: themeScore + 3 * shared };
  });
  const good = scored.filter((s) => s.score >= 4).sort((a, b) => b.score - a.score);
  if (!good.length) return [];
  const top = good[0].p.theme;
  const sameTheme = good.filter((s) => s.p.theme === top).map((s) => s.p);
  return top ? orderEvidence(sameTheme, top) : good.map((s) => s.p);
}

/** Said first when the office's own past reports lack the section drafted. */
function noOwnSection(ctx: DraftContext, kind: DraftSection): string {
  return `资料库中没有${ctx.org.target}往年报告的「${SECTION_NAME[kind]}」：以下各点借鉴其他单位的报告（每点已注明出处单位），具体情况留作「【待补充】」，请按本单位实际填写，不要照搬`;
}
