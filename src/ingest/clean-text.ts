// Cleaning of raw report text from Word/PDF exports: artifacts, page breaks, split titles, figure spaces.
import { collapseFigureSpaces, normalizeCjkCompat, normalizeDigits } from '../text/normalize.ts';
import { classifySection } from './classify-section.ts';
import { isEnumeratedLine, parseEnumerator } from './headings.ts';

const ARTIFACTS: RegExp[] = [
  /\[bookmark:[^\]]*\]/gi, // pandoc/LibreOffice text export of Word bookmarks, e.g. [bookmark: _GoBack]
  /\[image:[^\]]*\]/gi,
  /\{\{[^}]*MERGEFIELD[^}]*\}\}/gi,
];
const PAGE_NUMBER =
  /^(?:[-—–·\s]*\d{1,4}[-—–·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;
/** A date line of a sign-off: 「2024年1月15日」「二〇二四年一月」. */
export const DATE_LINE =
  /^(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$/;
/** An office line of a sign-off: short, no sentence, ends like an office (「××街道办事处」「××镇人民政府」「××区司法局」). */
export const OFFICE_LINE =
  /^[\u4e00-\u9fff（）()]{2,30}(办事处|人民政府|政府|街道|镇|乡|局|委员会|党工委|党委|（盖章）|\(盖章\))$/;

/** A line ending with one of these closes its paragraph. */
const TERMINAL = /[。！？!?；;：:…”」』）)]$/;

export function stripArtifacts(line: string): string {
  let out = line;
  for (const re of ARTIFACTS) out = out.replace(re, '');
  return out;
}

/** Removes control characters (keeping \n and \t) and BOMs. */
export function stripControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/\uFEFF/g, '')
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069]/g,
      '',
    );
}

export function cleanLine(line: string): string {
  const s = stripArtifacts(stripControl(line)).replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, '');
  return collapseFigureSpaces(normalizeDigits(normalizeCjkCompat(s)));
}

/** A line that closes a paragraph: ends with sentence punctuation or is a report title. */
export function isClosedLine(line: string): boolean {
  return (
    TERMINAL.test(line) ||
    /报告$/.test(line) ||
    (line.length <= 60 &&
      /法治政府建设|法治建设|依法行政/.test(line) &&
      /(总结|工作情况|建设情况)$/.test(line))
  );
}

/**
 * Turns raw text into logical lines: one per paragraph or heading. A line that stops in mid-sentence
 * (no closing punctuation) is joined with the next one unless that one starts a new heading or point,
 * which repairs page breaks (「持续全面推」/「进政务公开……」) and titles split over two lines.
 */
export function toLogicalLines(raw: string, opts: { mayBeWrapped?: boolean } = {}): string[] {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(cleanLine)
    .filter((l) => l.length > 0 && !PAGE_NUMBER.test(l));
  // Word and Markdown keep one paragraph a line; only PDF text (and plain text exported from it) is wrapped.
  const wrap = opts.mayBeWrapped === false ? 0 : wrapWidth(lines);
  const out: string[] = [];
  let lastPhysical = 0; // length of the last source line merged into out's last entry
  for (const line of lines) {
    const prev = out.length ? out[out.length - 1] : undefined;
    // A full-width line that stops mid-sentence was wrapped by the export: the next line continues it.
    const prevWrapped = wrap > 0 && lastPhysical >= wrap - 1;
    // A sign-off's office and date lines stay lines of their own.
    const signoff =
      DATE_LINE.test(line) ||
      (prev !== undefined &&
        (DATE_LINE.test(prev) || (OFFICE_LINE.test(prev) && prev.length <= 30 && !prevWrapped)));
    const joinable =
      prev !== undefined &&
      !signoff &&
      !isClosedLine(prev) &&
      (prevWrapped || (!looksLikeHeadingLine(prev) && !isEnumeratedLine(line)));
    if (joinable) out[out.length - 1] = joinBroken(prev, line);
    else out.push(line);
    lastPhysical = line.length;
  }
  return out;
}

/**
 * Width at which a PDF export wraps its lines: the most common length among long lines, when one
 * length clearly dominates (plain text files, one paragraph a line, have none and return 0).
 */
export function wrapWidth(lines: string[]): number {
  const long = lines.filter((l) => l.length >= 20);
  if (long.length < 8) return 0;
  const counts = new Map<number, number>();
  for (const l of long)
    for (const w of [l.length - 1, l.length, l.length + 1]) counts.set(w, (counts.get(w) ?? 0) + 1);
  const [width, n] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  if (n < long.length * 0.3) return 0;
  // Wrapped lines stop mid-sentence; a plain-text file whose lines happen to be of one length ends them with 。
  const atWidth = lines.filter((l) => l.length >= width - 1);
  const open = atWidth.filter((l) => !isClosedLine(l)).length;
  return atWidth.length >= 6 && open >= atWidth.length * 0.5 ? width : 0;
}

function joinBroken(a: string, b: string): string {
  // Latin words broken across lines keep a space; Chinese text joins directly.
  return /[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : collapseFigureSpaces(a + b);
}

/** A short heading-style line without sentence punctuation, e.g. 「一、主要举措和成效」 (「一是……」 is never one). */
function looksLikeHeadingLine(line: string): boolean {
  return (
    (parseEnumerator(line) !== null ||
      /^#{1,6}\s/.test(line) ||
      (line.length <= 24 && classifySection(line) !== null)) &&
    line.length <= 40 &&
    !/[。；！？]/.test(line)
  );
}
