// Extractive drafter (offline default): one point per theme or per shortcoming, composed from the best past
// sentences re-targeted to the org, each cited; gaps become visible 「【待补充：……】」 placeholders.
import type { Span } from '../text/sentences.ts';
import { AppError } from '../errors.ts';
import type { Corpus } from '../library/corpus.ts';
import type { Drafter } from '../ports.ts';
import { tokenize } from '../text/tokenize.ts';
import { verifyDraft } from './checks.ts';
import { CitationBook, type Piece, ordinal, renderPieces, similarity } from './compose.ts';
import {
  type DraftContext,
  type ThemedPoint,
  loadDraftContext,
  officeFamily,
  orderEvidence,
  rankThemes,
} from './evidence.ts';
import { cleanLabel } from './points.ts';
import { mentionsForeignOrg, retargetSentence } from './retarget.ts';
import { scoreThemes, themeByKey, themesForFocus } from './themes.ts';
import { copiedMeasures, repeatedShortcomings } from './warnings.ts';
import type { DraftPoint, DraftRequest, DraftResult, DraftSection } from './types.ts';
import { splitShortcomings, type ShortcomingItem } from './shortcoming-items.ts';

export const EXTRACTIVE_DRAFTER = 'extractive-draft-v1';
const SECTION_NAME: Record<DraftSection, string> = { shortcomings: '存在的不足', next_steps: '下一步工作' };
const MAX_BODY_CHARS = 170;
const CAUSE = /原因|由于|导致|缺乏|不够|不足|欠缺|有限|较少|薄弱|不强|不高|不到位/;

export const extractiveDrafter: Drafter = { draft: draftExtractive };

export async function draftExtractive(lib: Corpus, req: DraftRequest): Promise<DraftResult> {
  const ctx = await loadDraftContext(lib, req);
  return req.section === 'shortcomings' ? draftShortcomings(ctx) : draftNextSteps(ctx);
}

interface Composed {
  theme: string;
  pieces: Piece[];
  placeholders: string[];
  used: ThemedPoint[];
}

/** Past points of a kind, or 422 when the library has none to learn from. */
export function evidenceOf(ctx: DraftContext, kind: DraftSection): ThemedPoint[] {
  const pts = ctx.points[kind];
  if (!pts.length) {
    const years = ctx.req.year;
    throw new AppError(
      'no_evidence',
      `资料库中没有 ${years} 年以前报告的「${SECTION_NAME[kind]}」部分，无法起草；请先上传往年报告`,
    );
  }
  return pts;
}

export function focusKeys(ctx: DraftContext, pts: ThemedPoint[]): string[] {
  const focus = ctx.req.focus;
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
      `往年报告的「${SECTION_NAME[ctx.req.section]}」中没有与「${focus}」相关的内容；资料库中有：${available}`,
    );
  }
  return matched;
}

function draftShortcomings(ctx: DraftContext, forNextSteps = false): DraftResult {
  const pts = evidenceOf(ctx, 'shortcomings');
  const ranked = rankThemes(
    pts,
    forNextSteps ? [] : focusKeys(ctx, pts),
    ctx.themeReports.shortcomings,
    ctx.doneThemes,
  );
  const want = ctx.req.points ?? Math.min(5, Math.max(3, ranked.length));
  const chosen = ranked
    .filter(
      (t) => !ctx.req.focus || forNextSteps || t.focused || ranked.filter((r) => r.focused).length < want,
    )
    .slice(0, want);
  const book = new CitationBook();
  const usedText: string[] = [];
  const warnings: string[] = [];
  if (chosen.length < want)
    warnings.push(
      `往年报告的「存在的不足」只涉及 ${chosen.length} 个方面，只写了 ${chosen.length} 点（要求 ${want} 点），其余请作者补充`,
    );
  const borrowing = !pts.some((p) => p.own);
  const points: DraftPoint[] = chosen.map((t, i) => {
    const c = composePoint(
      ctx,
      t.points,
      'shortcomings',
      themeByKey(t.key)?.problem ?? t.key,
      book,
      usedText,
      borrowing,
    );
    return finish(c, i, themeByKey(t.key)?.name ?? t.key);
  });
  if (borrowing && !forNextSteps) warnings.unshift(noOwnSection(ctx, 'shortcomings'));
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
  return result(ctx, 'shortcomings', points, warnings, pts, undefined);
}

function draftNextSteps(ctx: DraftContext): DraftResult {
  // Last year's own measures are not this year's: they guide which shortcomings to answer, but a measure
  // written the same as last year's is never emitted as new.
  const latest = ctx.own.find((r) => ctx.points.next_steps.some((p) => p.own && p.report.id === r.id));
  const pts = evidenceOf(ctx, 'next_steps').filter((p) => !(p.own && latest && p.report.id === latest.id));
  const warnings: string[] = [];
  const borrowing = !ctx.points.next_steps.some((p) => p.own);
  if (borrowing) warnings.push(noOwnSection(ctx, 'next_steps'));
  else if (latest)
    warnings.push(`本单位${latest.meta.year ?? ''}年度报告的「下一步工作」只用于对照，未照搬为今年的措施`);
  const items = shortcomingsToAnswer(ctx, warnings);
  const book = new CitationBook();
  const usedText: string[] = [];
  const usedPoints = new Set<ThemedPoint>();
  const unanswered: string[] = [];
  const points: DraftPoint[] = [];
  const focus = focusKeys(ctx, pts);
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
      ctx,
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
  const want = Math.max(ctx.req.points ?? 0, items.length);
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
        ctx,
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
  if (ctx.req.points && items.length > ctx.req.points)
    warnings.push(`要逐条回应的不足有 ${items.length} 条，多于要求的 ${ctx.req.points} 点，已按不足逐条写出`);
  if (ctx.req.shortcomings) warnings.push(...repeatedShortcomings(ctx, items, '粘贴的不足'));
  warnings.push(...copiedMeasures(ctx, points));
  return result(ctx, 'next_steps', points, warnings, pts, {
    shortcomings: items.map((s) => s.label),
    unanswered,
  });
}

/** The shortcomings the measures answer: from the request, else the org's latest report, else a draft. */
export function shortcomingsToAnswer(ctx: DraftContext, warnings: string[]): ShortcomingItem[] {
  if (ctx.req.shortcomings) {
    const items = splitShortcomings(ctx.req.shortcomings);
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
  const draft = draftShortcomings(
    { ...ctx, req: { ...ctx.req, section: 'shortcomings', points: undefined } },
    true,
  );
  warnings.push(
    `资料库中没有${ctx.org.target}往年的「存在的不足」，先按其他单位往年报告起草了不足（请按本单位实际核实），再逐条写措施`,
  );
  return draft.points.map((p) => {
    const plain = p.text.replace(/\[\d+\]/g, '');
    const first = plain.split('。')[0];
    const label = cleanLabel(first);
    const themes = scoreThemes(label, plain);
    return { label, text: plain, theme: themes[0]?.key ?? null, themeName: p.theme };
  });
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

/**
 * One point: a label naming it (from the best past point, re-targeted), then up to two sentences of body —
 * for a shortcoming, its expression and then its cause — each cited. No body evidence → a placeholder.
 */
function composePoint(
  ctx: DraftContext,
  evidence: ThemedPoint[],
  kind: DraftSection,
  fallbackLabel: string,
  book: CitationBook,
  usedText: string[],
  borrowing = false,
): Composed {
  const pieces: Piece[] = [];
  const used: ThemedPoint[] = [];
  const placeholders: string[] = [];
  const fresh = (s: string) => !usedText.some((u) => similarity(u, s) >= 0.5);
  let labelFrom: ThemedPoint | null = null;
  for (const p of evidence) {
    const label = retargetSentence(p.label, p.own, ctx.org);
    if (!label || label.length > 42 || mentionsForeignOrg(label, ctx.org) || !fresh(label)) continue;
    const span: Span | undefined = p.labelSpan ?? p.body[0];
    if (!span) continue;
    pieces.push({ text: label, citation: book.cite(p, span) });
    labelFrom = p;
    break;
  }
  if (!labelFrom) pieces.push({ text: `${fallbackLabel}。` });
  const body: Piece[] = [];
  const tryAdd = (p: ThemedPoint, span: Span) => {
    // What another kind of office did or lacked (a 乡's 寨规民约 for a 局) is not the target's to assert: its
    // point may name the problem, the particulars are left for the author.
    const target = officeFamily(ctx.org.level);
    if (!p.own && target && officeFamily(p.report.meta.level) && officeFamily(p.report.meta.level) !== target)
      return false;
    const s = retargetSentence(span.text, p.own, ctx.org);
    if (
      !s ||
      s.length < 8 ||
      !fresh(s) ||
      body.some((b) => similarity(b.text, s) >= 0.5) ||
      mentionsForeignOrg(s, ctx.org)
    )
      return false;
    if (body.reduce((n, b) => n + b.text.length, 0) + s.length > MAX_BODY_CHARS && body.length) return false;
    body.push({ text: s, citation: book.cite(p, span) });
    if (!used.includes(p)) used.push(p);
    return true;
  };
  const first = labelFrom ?? evidence[0];
  if (borrowing) {
    // Nothing of the office's own: the point names a problem (or measure) other offices wrote, cited and marked
    // as theirs; how it shows here, why, and what exactly to do are the author's to write, never asserted.
    const what = kind === 'shortcomings' ? '本单位情况：具体表现和原因' : '本单位情况：具体措施、责任和时限';
    placeholders.push(what);
    pieces.push({ text: `【待补充：${what}】` });
    if (labelFrom) used.push(labelFrom);
    usedText.push(...pieces.map((p) => p.text));
    return { theme: '', pieces, placeholders, used };
  }
  if (first) for (const span of first.body) if (tryAdd(first, span)) break;
  // Second sentence: a cause (shortcomings) or a further measure, preferably from another report.
  const others = evidence
    .filter((p) => p !== first)
    .sort((a, b) => Number(a.report.id === first?.report.id) - Number(b.report.id === first?.report.id));
  const pool: [ThemedPoint, Span][] = [...others, ...(first ? [first] : [])].flatMap((p) =>
    p.body.map((s) => [p, s] as [ThemedPoint, Span]),
  );
  const wanted = kind === 'shortcomings' ? pool.filter(([, s]) => CAUSE.test(s.text)) : pool;
  for (const [p, s] of wanted)
    if (body.length < 2 && tryAdd(p, kind === 'shortcomings' ? causeClause(s) : s)) break;
  if (body.length < 2 && first && body.length === 0) for (const [p, s] of pool) if (tryAdd(p, s)) break;
  if (labelFrom && !used.includes(labelFrom)) used.unshift(labelFrom);
  if (!body.length) {
    const what = kind === 'shortcomings' ? '本街在这方面的具体表现和原因' : '本街的具体措施和完成时限';
    placeholders.push(what);
    body.push({ text: `【待补充：${what}】` });
  }
  pieces.push(...body);
  usedText.push(...pieces.map((p) => p.text));
  return { theme: '', pieces, placeholders, used };
}

/** 「主要是人员配置……，主要原因是具有执法资格人员较少」 → the clause that gives the cause. */
function causeClause(span: Span): Span {
  const i = span.text.search(/(?:主要)?原因(?:是|在于)/);
  if (i <= 0 || span.text.length - i < 10) return span;
  return { start: span.start + i, end: span.end, text: span.text.slice(i) };
}

function finish(c: Composed, index: number, theme: string): DraftPoint {
  const pieces = [{ ...c.pieces[0], text: ordinal(index) + c.pieces[0].text }, ...c.pieces.slice(1)];
  const { marked } = renderPieces(pieces);
  const citations = pieces
    .map((p) => p.citation)
    .filter((x, i, a): x is NonNullable<typeof x> => !!x && a.indexOf(x) === i);
  const borrowedFrom = [
    ...new Set(c.used.filter((p) => !p.own).map((p) => p.report.meta.org ?? p.report.sourceName)),
  ];
  return {
    theme,
    text: marked,
    citations,
    placeholders: c.placeholders,
    ...(borrowedFrom.length ? { borrowedFrom } : {}),
  };
}

/** Said first when the office's own past reports lack the section drafted. */
function noOwnSection(ctx: DraftContext, kind: DraftSection): string {
  return `资料库中没有${ctx.org.target}往年报告的「${SECTION_NAME[kind]}」：以下各点借鉴其他单位的报告（每点已注明出处单位），具体情况留作「【待补充】」，请按本单位实际填写，不要照搬`;
}

function titleFor(ctx: DraftContext, kind: DraftSection): string {
  const ownHeading = ctx.own
    .flatMap((r) => ctx.points[kind].filter((p) => p.report.id === r.id))
    .map((p) => p.paragraph.sectionPath[0])
    .find((h) => !!h);
  const next = ctx.req.year + 1;
  if (ownHeading) return ownHeading.replace(/(?:19|20)\d{2}(?=\s*年)/, String(next));
  return kind === 'shortcomings' ? '三、存在的不足和原因' : '四、下一步工作举措';
}

export function result(
  ctx: DraftContext,
  kind: DraftSection,
  points: DraftPoint[],
  warnings: string[],
  evidence: ThemedPoint[],
  coverage: DraftResult['coverage'],
): DraftResult {
  const title = titleFor(ctx, kind);
  const intro =
    kind === 'shortcomings'
      ? `${ctx.req.year}年，${ctx.org.voice}法治政府建设对照上级要求和群众期待，仍存在一些不足，主要表现在：`
      : `${ctx.req.year + 1}年，${ctx.org.voice}将${coverage?.shortcomings.length ? '针对上述不足，' : ''}重点做好以下工作：`;
  const plain = points.map((p) => p.text.replace(/\[\d+\]/g, ''));
  const usedIds = new Set(points.flatMap((p) => p.citations.map((c) => c.paragraphId)));
  const verification = verifyDraft(points, kind, ctx.org, [ctx.req.year, ctx.req.year + 1]);
  for (const p of points)
    if (p.placeholders.length)
      warnings.push(`「${p.theme}」一点有待补充的内容：${p.placeholders.join('；')}`);
  return {
    title,
    draft: [title, intro, ...plain].join('\n'),
    points,
    ...(coverage ? { coverage } : {}),
    warnings,
    verification,
    mode: 'extractive',
    model: EXTRACTIVE_DRAFTER,
    evidence: evidence.map((p) => ({
      paragraphId: p.paragraph.id,
      theme: p.theme,
      used: usedIds.has(p.paragraph.id),
    })),
  };
}
