// Sentence spans of a paragraph (offsets into its text), the anchors citations point at.
export interface Span {
  start: number;
  end: number;
  text: string;
}

const END = /[。！？!?；;]["”’」』）)]?/g;

export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (const m of text.matchAll(END)) {
    const end = (m.index ?? 0) + m[0].length;
    push(spans, text, from, end);
    from = end;
  }
  push(spans, text, from, text.length);
  return spans;
}

function push(spans: Span[], text: string, from: number, to: number) {
  let s = from;
  while (s < to && /\s/.test(text[s])) s++;
  if (to - s > 1) spans.push({ start: s, end: to, text: text.slice(s, to) });
}

/** Leading numbering of a point: 「一是」「1.」「（一）」「第一，」 */
export const LEADING_ENUM =
  /^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[，、])\s*/;
