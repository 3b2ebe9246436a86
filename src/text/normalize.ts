// Text normalisation shared by ingestion and queries: full-width digits, spaces inside figures.
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const SPACE = '[ \\t\\u00a0\\u3000\\u2002-\\u200a]';

/** ０-９ → 0-9，％ → %，．→ . (only between digits)。 */
export function normalizeDigits(s: string): string {
  return s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/％/g, '%')
    .replace(/(\d)．(?=\d)/g, '$1.');
}

const numberThenCjk = new RegExp(`(\\d)${SPACE}+(?=[${CJK}%])`, 'g');
const cjkThenNumber = new RegExp(`([${CJK}])${SPACE}+(?=\\d)`, 'g');
const afterFullPunct = new RegExp(`([，。；：、！？“”‘’（）《》【】])${SPACE}+`, 'g');
const beforeFullPunct = new RegExp(`${SPACE}+(?=[，。；：、！？”’）》】])`, 'g');

/**
 * Removes the spaces Word/PDF exports put between figures and units or Chinese words
 * (「2021 年」→「2021年」, 「81 人」→「81人」), so a search for 「81人」 finds them.
 */
export function collapseFigureSpaces(s: string): string {
  return s
    .replace(numberThenCjk, '$1')
    .replace(cjkThenNumber, '$1')
    .replace(afterFullPunct, '$1')
    .replace(beforeFullPunct, '');
}

/** Normalisation for matching (queries and indexed text alike); not for display. */
export function normalizeForMatch(s: string): string {
  return collapseFigureSpaces(normalizeDigits(s.normalize('NFKC'))).toLowerCase();
}
