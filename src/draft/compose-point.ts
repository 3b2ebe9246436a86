// One extractive point: a label from the best past point and up to two sentences of body, each re-targeted to
// the office and cited; gaps become visible 「【待补充：……】」 placeholders. Used by the extractive drafter and by
// the plan (shortcomings drafted from other offices' reports when the office has none of its own).
import type { Span } from '../text/sentences.ts';
import { CitationBook, type Piece, ordinal, renderPieces, similarity } from './compose.ts';
import { type RankedTheme, type ThemedPoint, officeFamily } from './evidence.ts';
import { type OrgContext, mentionsForeignOrg, retargetSentence } from './retarget.ts';
import { themeByKey } from './themes.ts';
import type { DraftPoint, DraftSection } from './types.ts';

const MAX_BODY_CHARS = 170;
const CAUSE = /原因|由于|导致|缺乏|不够|不足|欠缺|有限|较少|薄弱|不强|不高|不到位/;

export interface Composed {
  pieces: Piece[];
  placeholders: string[];
  used: ThemedPoint[];
}

/** The points of a 「存在的不足」 section, one per chosen theme, citations numbered across them. */
export function composeShortcomings(
  org: OrgContext,
  chosen: RankedTheme[],
  borrowing: boolean,
): DraftPoint[] {
  const book = new CitationBook();
  const usedText: string[] = [];
  return chosen.map((t, i) => {
    const problem = themeByKey(t.key)?.problem ?? t.key;
    const c = composePoint(org, t.points, 'shortcomings', problem, book, usedText, borrowing);
    return finish(c, i, themeByKey(t.key)?.name ?? t.key);
  });
}

/**
 * One point: a label naming it (from the best past point, re-targeted), then up to two sentences of body —
 * for a shortcoming, its expression and then its cause — each cited. No body evidence → a placeholder.
 */
export function composePoint(
  org: OrgContext,
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
    const label = retargetSentence(p.label, p.own, org);
    if (!label || label.length > 42 || mentionsForeignOrg(label, org) || !fresh(label)) continue;
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
    const target = officeFamily(org.level);
    if (!p.own && target && officeFamily(p.report.meta.level) && officeFamily(p.report.meta.level) !== target)
      return false;
    const s = retargetSentence(span.text, p.own, org);
    if (
      !s ||
      s.length < 8 ||
      !fresh(s) ||
      body.some((b) => similarity(b.text, s) >= 0.5) ||
      mentionsForeignOrg(s, org)
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
    return { pieces, placeholders, used };
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
  return { pieces, placeholders, used };
}

/** 「主要是人员配置……，主要原因是具有执法资格人员较少」 → the clause that gives the cause. */
function causeClause(span: Span): Span {
  const i = span.text.search(/(?:主要)?原因(?:是|在于)/);
  if (i <= 0 || span.text.length - i < 10) return span;
  return { start: span.start + i, end: span.end, text: span.text.slice(i) };
}

/** The composed point as the draft shows it: its ordinal, [n] markers, citations, whom it borrows from. */
export function finish(c: Composed, index: number, theme: string): DraftPoint {
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
