// Heading and enumerator recognition for the numbering styles Chinese government reports use.
const CN_NUM = '[一二三四五六七八九十]{1,3}';

export type HeadingStyle =
  'cn-dun' | 'paren-cn' | 'arabic-dun' | 'arabic-dot' | 'paren-arabic' | 'markdown' | 'plain';

const PATTERNS: { style: HeadingStyle; re: RegExp }[] = [
  { style: 'markdown', re: /^(#{1,6})\s*/ },
  { style: 'cn-dun', re: new RegExp(`^${CN_NUM}\\s*[、.．]\\s*`) },
  { style: 'paren-cn', re: new RegExp(`^[（(]\\s*${CN_NUM}\\s*[）)]\\s*[、.]?\\s*`) },
  { style: 'paren-arabic', re: /^[（(]\s*\d{1,2}\s*[）)]\s*[、.]?\s*/ },
  { style: 'arabic-dun', re: /^\d{1,2}\s*、\s*/ },
  { style: 'arabic-dot', re: /^\d{1,2}\s*[.．](?!\d)\s*/ },
];

/** 「一是」「二是」… inside running text. */
export const POINT_MARKER = new RegExp(`(?:^|(?<=[。；;！？：:，]))\\s*(${CN_NUM}是|第${CN_NUM}[，、])`, 'g');
const POINT_AT_START = new RegExp(`^(${CN_NUM}是|第${CN_NUM}[，、])`);

export interface Enumerator {
  style: HeadingStyle;
  /** The numbering as written, e.g. 「（一）」. */
  marker: string;
  /** The line without its numbering. */
  rest: string;
  /** Markdown heading depth (1–6); 0 for other styles. */
  depth: number;
}

export function parseEnumerator(line: string): Enumerator | null {
  for (const { style, re } of PATTERNS) {
    const m = re.exec(line);
    if (m) {
      const rest = line.slice(m[0].length).trim();
      if (!rest) return null;
      return { style, marker: m[0].trim(), rest, depth: style === 'markdown' ? m[1].length : 0 };
    }
  }
  return null;
}

/** A line that starts a numbered heading or point (「一、」「（一）」「1.」「一是」…). */
export function isEnumeratedLine(line: string): boolean {
  return parseEnumerator(line) !== null || POINT_AT_START.test(line);
}

/**
 * A line that is a heading of its own rather than a paragraph that starts with a number:
 * short, and no sentence inside it.
 */
export function isStandaloneHeading(rest: string): boolean {
  if (rest.length > 45) return false;
  const body = rest.replace(/[。.]$/, '');
  return !/[。；;！？!?]/.test(body);
}
