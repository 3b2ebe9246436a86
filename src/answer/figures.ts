// Figures in answers and sources, normalised so 「3万」 = 「30000」, 「８１ 人」 = 「81人」, 「三十二场」 = 「32场」.
import { normalizeDigits } from '../text/normalize.ts';

export interface Figure {
  raw: string;
  value: number;
  unit: string;
}

const UNITS =
  '人次|件次|家次|个次|场次|批次|课时|公里|平方米|万元|人|起|件|宗|例|次|条|家|个|元|场|期|份|项|名|位|批|处|辆|户|篇|回|轮|堂|部|套|本|册|所|支|间|台|座|栋|张|年|月|日';
const FIGURE = new RegExp(`(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*(%|‰|万亿|亿|万|千)?\\s*(余|多)?\\s*(${UNITS})?`, 'g');
const SCALE: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12, 千: 1e3 };

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_FIGURE = new RegExp(`(?<![第周])([零〇一二两三四五六七八九十百千]+)\\s*(万)?\\s*(余|多)?\\s*(${UNITS.replace(/\|?(年|月|日)(?=\||$)/g, '')})`, 'g');

/** 「三十二」→ 32, 「一百零五」→ 105, 「二〇二三」 (digit by digit) → 2023. */
export function parseChineseNumber(s: string): number | null {
  if (/^[零〇一二三四五六七八九]{2,}$/.test(s)) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  let total = 0;
  let digit = 0;
  for (const c of s) {
    if (c in CN_DIGITS) digit = CN_DIGITS[c];
    else if (c === '十' || c === '百' || c === '千') {
      const scale = c === '十' ? 10 : c === '百' ? 100 : 1000;
      total += (digit || (c === '十' ? 1 : 0)) * scale;
      digit = 0;
    } else return null;
  }
  return total + digit;
}

export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  const t = normalizeDigits(text).replace(/\[\d+\]/g, ' ');
  for (const m of t.matchAll(FIGURE)) {
    const n = Number(m[1].replace(/,/g, ''));
    if (!Number.isFinite(n)) continue;
    let unit = m[4] ?? '';
    let scale = m[2] && SCALE[m[2]] ? SCALE[m[2]] : 1;
    if (unit === '万元') [unit, scale] = ['元', scale * 1e4];
    out.push({ raw: m[0].trim(), value: n * scale, unit: (m[2] === '%' || m[2] === '‰' ? m[2] : '') + unit });
  }
  for (const m of t.matchAll(CN_FIGURE)) {
    const n = parseChineseNumber(m[1]);
    // 「一是」「进一步」 carry no unit and never reach here; 「一个」 alone says too little to be a figure.
    if (n === null || (n === 1 && !m[2])) continue;
    let unit = m[4];
    let value = n * (m[2] ? 1e4 : 1);
    if (unit === '万元') [unit, value] = ['元', value * 1e4];
    out.push({ raw: m[0].trim(), value, unit });
  }
  return out;
}

/** Does `source` state this figure (same value; same unit when both give one)? */
export function figureIn(f: Figure, source: string): boolean {
  return extractFigures(source).some((g) => Math.abs(g.value - f.value) < 1e-9 && (!f.unit || !g.unit || sameUnit(f.unit, g.unit)));
}

/** Units that count the same thing: 24名 = 24人. */
const SAME: string[][] = [['人', '名', '位']];

function sameUnit(a: string, b: string): boolean {
  if (a === b || a.includes(b) || b.includes(a)) return true;
  return SAME.some((g) => g.includes(a) && g.includes(b));
}
