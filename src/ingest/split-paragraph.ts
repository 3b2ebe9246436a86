// Splits long paragraphs into retrieval units at Chinese sentence ends and 「一是/二是」 points.
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { POINT_MARKER } from './headings.ts';

export const MAX_UNIT_CHARS = 420;
const JOIN = '\n'; // never occurs inside a logical line, so it is safe to use and remove

const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: MAX_UNIT_CHARS,
  chunkOverlap: 0,
  separators: [JOIN],
  keepSeparator: false,
});

/** Sentences with their closing punctuation (and a closing quote) kept: 「……。」 */
export function splitSentences(text: string): string[] {
  return text.split(/(?<=[。！？!?；;][”’」』）)]?)(?![”’」』）)])/).filter((s) => s.length > 0);
}

/** Offsets where a new 「二是」「三是」… point starts (never 0). */
export function pointStarts(text: string): number[] {
  const starts: number[] = [];
  for (const m of text.matchAll(POINT_MARKER)) {
    const at = (m.index ?? 0) + m[0].indexOf(m[1]);
    if (at > 0) starts.push(at);
  }
  return starts;
}

/** Sentences longer than a unit are cut at full-width commas, and as a last resort anywhere but inside a figure. */
export function fitSentence(s: string): string[] {
  // Pieces stay strictly shorter than a unit: the splitter recurses (and fails) on a piece of exactly chunkSize.
  if (s.length < MAX_UNIT_CHARS) return [s];
  return s
    .split(/(?<=[，、：])/)
    .filter(Boolean)
    .flatMap((piece) => (piece.length < MAX_UNIT_CHARS ? [piece] : hardCut(piece)));
}

function hardCut(s: string): string[] {
  const out: string[] = [];
  let from = 0;
  const max = MAX_UNIT_CHARS - 1;
  while (s.length - from > max) {
    let at = from + max;
    // step back while the cut would fall inside a figure such as 「556.79万元」 or 「1,050,500」
    while (at > from + 1 && /[\d.,%]/.test(s[at - 1]) && /[\d.,%]/.test(s[at])) at--;
    out.push(s.slice(from, at));
    from = at;
  }
  out.push(s.slice(from));
  return out;
}

async function pack(text: string): Promise<string[]> {
  const pieces = splitSentences(text).flatMap(fitSentence);
  const chunks = await splitter.splitText(pieces.join(JOIN));
  return chunks.map((c) => c.split(JOIN).join(''));
}

/**
 * A short paragraph stays whole. A long one is cut first at its enumerated points (「一是……二是……」),
 * then each part is packed sentence by sentence up to MAX_UNIT_CHARS. Joining the units gives the
 * paragraph back exactly.
 */
export async function splitParagraph(text: string): Promise<string[]> {
  if (text.length <= MAX_UNIT_CHARS) return [text];
  const starts = pointStarts(text);
  const parts: string[] = [];
  let from = 0;
  for (const at of [...starts, text.length]) {
    if (at > from) parts.push(text.slice(from, at));
    from = at;
  }
  const units: string[] = [];
  for (const part of parts) units.push(...(part.length <= MAX_UNIT_CHARS ? [part] : await pack(part)));
  return units;
}
