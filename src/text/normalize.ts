// Text normalisation shared by ingestion and queries: full-width digits, spaces inside figures.
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const SPACE = '[ \\t\\u00a0\\u3000\\u2002-\\u200a]';

/**
 * PDF text extraction often yields Kangxi radicals and compatibility ideographs (「⼀」U+2F00 for 「一」,
 * 「⾏」 for 「行」): map them to the ordinary characters, leaving full-width punctuation alone.
 */
export function normalizeCjkCompat(s: string): string {
  return s.replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (c) => RADICAL_FORMS[c] ?? c.normalize('NFKC'));
}

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
  const hit = memo.get(s);
  if (hit !== undefined) return hit;
  const out = collapseFigureSpaces(normalizeDigits(s.normalize('NFKC'))).toLowerCase();
  // The same paragraphs are matched again and again while answering: remember recent ones (bounded).
  if (s.length <= 4000) {
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(s, out);
  }
  return out;
}

const MEMO_SIZE = 8192;
const memo = new Map<string, string>();

/** CJK Radicals Supplement forms PDF fonts emit for ordinary characters (NFKC leaves these alone). */
export const RADICAL_FORMS: Record<string, string> = {
  '⺠': '民',
  '⻓': '长',
  '⻅': '见',
  '⻔': '门',
  '⻋': '车',
  '⻜': '飞',
  '⻝': '食',
  '⻢': '马',
  '⻚': '页',
  '⻛': '风',
  '⻉': '贝',
  '⻆': '角',
  '⻄': '西',
  '⻩': '黄',
  '⻬': '齐',
  '⻮': '齿',
  '⻰': '龙',
  '⻳': '龟',
  '⺟': '母',
  '⻘': '青',
  '⻙': '韦',
  '⻤': '鬼',
  '⻣': '骨',
  '⻦': '鸟',
  '⻥': '鱼',
  '⻨': '麦',
  '⻖': '阝',
  '⺮': '竹',
  '⺶': '羊',
  '⻊': '足',
  '⻌': '辶',
  '⺌': '小',
  '⺊': '卜',
  '⺍': '小',
  '⺗': '心',
  '⺝': '月',
};

const CN_YEAR_DIGIT: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** Years written in Chinese digits, digit by digit (「二〇二三年」→「2023年」). */
export const chineseYearsToDigits = (s: string) =>
  s.replace(/[〇零一二三四五六七八九]{4}(?=年)/g, (y) => [...y].map((c) => CN_YEAR_DIGIT[c]).join(''));
