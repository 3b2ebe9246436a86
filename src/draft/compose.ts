// Building blocks of a drafted point: numbered citations into past paragraphs, 「一是……」 ordinals, and the
// near-duplicate test used to merge sources and to spot text copied from an earlier year.
import type { Span } from '../text/sentences.ts';
import type { Citation } from '../answer/types.ts';
import type { SourcePoint } from './points.ts';
import { citationOf } from '../citation.ts';

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export const ordinal = (i: number) => `${CN[i] ?? String(i + 1)}是`;

/** The draft's citations, numbered in order of first use; one entry per cited sentence. */
export class CitationBook {
  readonly list: Citation[] = [];

  /** The citation a point would get, without adding it to the book (for checking a sentence before keeping it). */
  peek(point: SourcePoint, span: Span, score = 1): Citation {
    const r = point.report;
    return citationOf(r.meta, point.paragraph, span, { score });
  }

  cite(point: SourcePoint, span: Span, score = 1): Citation {
    const found = this.list.find(
      (c) => c.paragraphId === point.paragraph.id && c.quote.start === span.start && c.quote.end === span.end,
    );
    if (found) return found;
    const c = citationOf(point.report.meta, point.paragraph, span, { n: this.list.length + 1, score });
    this.list.push(c);
    return c;
  }
}

/** A sentence of a drafted point and the citation it rests on (none for framing or placeholders). */
export interface Piece {
  text: string;
  citation?: Citation;
}

export function renderPieces(pieces: Piece[]): { marked: string; plain: string } {
  return {
    // House style, as in answers: the marker sits before the sentence's closing mark, 「……不够浓厚[3]。」
    marked: pieces
      .map((p) => (p.citation ? p.text.replace(/([。！？]?)$/, `[${p.citation.n}]$1`) : p.text))
      .join(''),
    plain: pieces.map((p) => p.text).join(''),
  };
}

const strip = (s: string) => s.replace(/\[\d+\]/g, '').replace(/[\s，,。；;：:、！？“”"《》（）()【】]/g, '');

function bigrams(s: string): Set<string> {
  const t = strip(s);
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** Dice overlap of character bigrams, 0..1: 0.8 and more reads as the same sentence reworded lightly. */
export function similarity(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  if (!A.size || !B.size) return 0;
  let both = 0;
  for (const x of A) if (B.has(x)) both++;
  return (2 * both) / (A.size + B.size);
}
