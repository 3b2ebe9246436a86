// Points of a shortcomings or next-steps section: 「一是……」 inside a paragraph, a paragraph opening with
// 「（一）」「1.」, or a paragraph under its own sub-heading. Each point keeps offsets into its paragraph, so a
// draft can cite the exact sentence it learns from.
import type { Paragraph, ReportSummary } from '../domain.ts';
import { LEADING_ENUM, type Span, sentenceSpans } from '../text/sentences.ts';

export interface SourcePoint {
  paragraph: Paragraph;
  report: ReportSummary;
  /** The point's name: its first sentence (or first clause of a long one), or its sub-heading. */
  label: string;
  /** Where the label is in the paragraph text; null when it is the heading. */
  labelSpan: Span | null;
  /** The sentences after the label, offsets into the paragraph text. */
  body: Span[];
  /** The whole point's text (label + body, without its numbering). */
  text: string;
}

const INLINE_ENUM = /(?<=^|[。；;：:！？\s])[一二三四五六七八九十]+是/g;
const INTRO = /主要表现在|表现在以下|以下(?:各项|几个)?方面|重点做好以下|重点围绕以下|做好以下|[：:]$/;
const CLOSING = /^(?:在?今后(?:的)?工作中|今后|下一步[，,]?我(?:街|们)将继续|总之|综上)/;
const MAX_LABEL = 32;

/** Strips numbering and end punctuation: 「二是法治专业人员欠缺。」 → 「法治专业人员欠缺」. */
export function cleanLabel(s: string): string {
  return s
    .replace(LEADING_ENUM, '')
    .replace(/[。；;：:，,\s]+$/, '')
    .trim();
}

export function splitPoints(
  paragraph: Paragraph,
  report: ReportSummary,
  sectionHeading: string | null,
): SourcePoint[] {
  const text = paragraph.text;
  const starts = [...text.matchAll(INLINE_ENUM)].map((m) => m.index ?? 0);
  if (LEADING_ENUM.test(text) && starts[0] !== 0) starts.unshift(0);
  if (starts.length) {
    return starts
      .map((s, i) => fromRange(paragraph, report, s, starts[i + 1] ?? text.length))
      .filter((p): p is SourcePoint => !!p);
  }
  if (CLOSING.test(text) || INTRO.test(text.trim())) return [];
  const subHeading =
    paragraph.heading && paragraph.heading !== sectionHeading ? cleanLabel(paragraph.heading) : null;
  if (subHeading) {
    const body = sentenceSpans(text);
    return [{ paragraph, report, label: subHeading, labelSpan: null, body, text: `${subHeading}。${text}` }];
  }
  const p = fromRange(paragraph, report, 0, text.length);
  return p ? [p] : [];
}

function fromRange(
  paragraph: Paragraph,
  report: ReportSummary,
  from: number,
  to: number,
): SourcePoint | null {
  const text = paragraph.text;
  const enumMatch = LEADING_ENUM.exec(text.slice(from, to));
  const start = from + (enumMatch ? enumMatch[0].length : 0);
  const spans = sentenceSpans(text.slice(start, to)).map((s) => ({
    ...s,
    start: s.start + start,
    end: s.end + start,
  }));
  if (!spans.length) return null;
  let labelSpan = spans[0];
  let body = spans.slice(1);
  if (labelSpan.text.length > MAX_LABEL) {
    // 「政务公开手段较为单一，只是在政府网上……」: the first clause names the point, the rest explains it.
    const comma = labelSpan.text.search(/[，,](?=.{6,})/);
    if (comma >= 4 && comma <= MAX_LABEL) {
      const rest = {
        start: labelSpan.start + comma + 1,
        end: labelSpan.end,
        text: labelSpan.text.slice(comma + 1),
      };
      labelSpan = {
        start: labelSpan.start,
        end: labelSpan.start + comma,
        text: labelSpan.text.slice(0, comma),
      };
      body = [rest, ...body];
    }
  }
  const label = cleanLabel(labelSpan.text);
  if (label.length < 2) return null;
  return { paragraph, report, label, labelSpan, body, text: text.slice(start, to).trim() };
}
