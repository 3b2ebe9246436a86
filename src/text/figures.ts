// Figures in answers and sources, normalised so 「3万」 = 「30000」, 「８１ 人」 = 「81人」, 「三十二场」 = 「32场」.
import { normalizeDigits } from './normalize.ts';

export interface Figure {
  raw: string;
  value: number;
  unit: string;
  /**
   * Written as approximate (「约1.3万件」「1.3万件左右」「近7000人」): the half-step of its last written digit,
   * so a source's 1.27万 supports 约1.3万. Absent for a figure stated exactly.
   */
  tolerance?: number;
  /**
   * Written as a bound (「逾1400万元」「3万余份」「97%以上」 — or 「不足300人」): the source's figure lies on that
   * side of it, within one step of its last written digit or a tenth of it — 「超过2000万元」 for 2136万, not for
   * 1950万 or 5000万.
   */
  bound?: { side: 'above' | 'below'; step: number };
}

const UNITS =
  '人次|件次|家次|个次|场次|批次|课时|公里|千米|平方米|立方米|公顷|万元|人|起|件|宗|例|次|条|家|个|元|场|期|份|项|名|位|批|处|辆|户|篇|回|轮|堂|部|套|本|册|所|支|间|台|座|栋|张|笔|卷|亩|吨|株|头|箱|天|小时|分钟|分(?!之)|年|月|日';
const FIGURE = new RegExp(
  `(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*(%|‰|万亿|亿|万|千(?!米)|百|\\s?(?:million|billion|thousand|mn|bn)\\b)?\\s*(余|多)?\\s*(${UNITS})?`,
  'gi',
);
const SCALE: Record<string, number> = {
  万: 1e4,
  亿: 1e8,
  万亿: 1e12,
  千: 1e3,
  百: 1e2,
  million: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  thousand: 1e3,
};
const FRACTION = /([一二两三四五六七八九十])分之([一二三四五六七八九])/g;
const PERCENT_WORDS = /百分之([零〇一二两三四五六七八九十百]+|\d+)(?:[点.]([零〇一二三四五六七八九\d]+))?/g;
/** 「六成」「七成以上」 but never 「建成」「完成」「成功」「成员」: a numeral right before 成, and 成 not starting a word. */
const TENTHS = /(?<![\d.])([一二三四五六七八九十]|\d(?:\.\d)?)成(?![功立为员果绩效本交型熟长])/g;

/** Words that make the figure after them (or before 「左右」) approximate. */
const APPROX_BEFORE = /(?:约|大约|约为|约合|折合约?|合计约|近|将近|接近|大概|差不多|大致|左右的?)\s*$/;
const APPROX_AFTER = /^\s*(?:左右|上下)/;
/** Words that make it a lower bound (「逾」「超过」, 「余」「以上」 after it) or an upper one (「不足」「不到」). */
const ABOVE_BEFORE = /(?:超过|超出|逾|多于|高于|大于|超)\s*$/;
const ABOVE_AFTER = /^\s*(?:以上|有余|多)/;
const BELOW_BEFORE = /(?:不足|不到|少于|低于|未满|不满)\s*$/;

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
// Never the tail of an Arabic figure (「7千余人次」 is 7000, not 千): a Chinese numeral starts after a non-digit.
const CN_FIGURE = new RegExp(
  `(?<![第周\\d.])([零〇一二两三四五六七八九十百千万亿]+)\\s*(余|多)?\\s*(${UNITS.replace(/\|?(年|月|日)(?=\||$)/g, '')})`,
  'g',
);

/** 「三十二」→ 32, 「一百零五」→ 105, 「三万四千」→ 34000, 「千」→ 1000, 「二〇二三」 (digit by digit) → 2023. */
const CN_DECIMAL = new RegExp(
  `(?<![第周\\d.])([零〇一二两三四五六七八九十百千]+)点([零〇一二三四五六七八九]+)\\s*(万亿|亿|万)?\\s*(余|多)?\\s*(${UNITS.replace(/\|?(年|月|日)(?=\||$)/g, '')})`,
  'g',
);

export function parseChineseNumber(s: string): number | null {
  if (/^[零〇一二三四五六七八九]{2,}$/.test(s)) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  let total = 0; // completed 亿 and 万 sections
  let section = 0; // below 万
  let digit = 0;
  let any = false;
  for (const c of s) {
    if (c in CN_DIGITS) {
      digit = CN_DIGITS[c];
      any = true;
    } else if (c === '十' || c === '百' || c === '千') {
      const scale = c === '十' ? 10 : c === '百' ? 100 : 1000;
      section += (digit || 1) * scale;
      digit = 0;
      any = true;
    } else if (c === '万' || c === '亿') {
      if (!any) return null;
      const scale = c === '万' ? 1e4 : 1e8;
      const part = section + digit || 1;
      total = c === '亿' ? (total + part) * scale : total + part * scale;
      section = 0;
      digit = 0;
    } else return null;
  }
  return any ? total + section + digit : null;
}

/** Which side of the figure the true value lies, when it is written as a bound (「余」 written with it: above). */
function boundSide(t: string, at: number, end: number, hasYu: boolean): 'above' | 'below' | null {
  const before = t.slice(Math.max(0, at - 4), at);
  if (hasYu || ABOVE_BEFORE.test(before) || ABOVE_AFTER.test(t.slice(end, end + 4))) return 'above';
  return BELOW_BEFORE.test(before) ? 'below' : null;
}

/** Half a step of the last digit written: 「1.3万」→ 500, 「7000」→ 500 (a rounded thousand), 「1.27万」→ 50. */
function halfStep(number: string, scale: number): number {
  const decimals = number.split('.')[1]?.length ?? 0;
  if (decimals) return (0.5 * scale) / 10 ** decimals;
  const zeros = /0*$/.exec(number)?.[0].length ?? 0;
  return 0.5 * scale * 10 ** zeros;
}

/** Measures written as symbols (「320m³」「5400㎡」): NFKC would turn their superscripts into digits. */
export const spellMeasures = (text: string) =>
  text.replace(/(?:m²|㎡|平方米)/g, '平方米').replace(/(?:m³|㎥|立方米)/g, '立方米');

export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  const t = normalizeDigits(spellMeasures(text)).replace(/\[\d+\]/g, ' ');
  const approx = (at: number, end: number) =>
    APPROX_BEFORE.test(t.slice(Math.max(0, at - 4), at)) || APPROX_AFTER.test(t.slice(end, end + 4));
  for (const m of t.matchAll(FIGURE)) {
    const n = Number(m[1].replace(/,/g, ''));
    if (!Number.isFinite(n)) continue;
    let unit = m[4] ?? '';
    const scaleWord = m[2]?.trim().toLowerCase();
    let scale = scaleWord && SCALE[scaleWord] ? SCALE[scaleWord] : 1;
    if (unit === '万元') [unit, scale] = ['元', scale * 1e4];
    if (unit === '千米') unit = '公里';
    const f: Figure = {
      raw: m[0].trim(),
      value: n * scale,
      unit: (m[2] === '%' || m[2] === '‰' ? m[2] : '') + unit,
    };
    if (approx(m.index, m.index + m[0].length)) f.tolerance = halfStep(m[1].replace(/,/g, ''), scale);
    else {
      const side = boundSide(t, m.index, m.index + m[0].length, !!m[3]);
      if (side) f.bound = { side, step: 2 * halfStep(m[1].replace(/,/g, ''), scale) };
    }
    out.push(f);
  }
  // Shares in words: 「百分之九十七点二」「百分之97.2」 = 97.2%, 「六成」「6成」 = 60%.
  for (const m of t.matchAll(PERCENT_WORDS)) {
    const whole = /^\d/.test(m[1]) ? Number(m[1]) : parseChineseNumber(m[1]);
    if (whole === null || !Number.isFinite(whole)) continue;
    const decimals = m[2]
      ? [...m[2]].map((c) => (/\d/.test(c) ? c : String(CN_DIGITS[c] ?? ''))).join('')
      : '';
    out.push({ raw: m[0], value: Number(decimals ? `${whole}.${decimals}` : whole), unit: '%' });
  }
  for (const m of t.matchAll(TENTHS)) {
    const n = /^\d/.test(m[1]) ? Number(m[1]) : parseChineseNumber(m[1]);
    if (n !== null && n > 0 && n <= 10)
      out.push({
        raw: m[0],
        value: n * 10,
        unit: '%',
        ...(approx(m.index, m.index + m[0].length) ? { tolerance: 5 } : {}),
        // 「三成以上」「超过六成」: a share of at least that many tenths (under the next); 「不到三成」 below it.
        ...(ABOVE_AFTER.test(t.slice(m.index + m[0].length, m.index + m[0].length + 4)) ||
        ABOVE_BEFORE.test(t.slice(Math.max(0, m.index - 4), m.index))
          ? { bound: { side: 'above' as const, step: 10 } }
          : BELOW_BEFORE.test(t.slice(Math.max(0, m.index - 4), m.index))
            ? { bound: { side: 'below' as const, step: 10 } }
            : {}),
      });
  }
  // 「四分之一」「三分之二」: a share as a fraction, read as the percentage it rounds to (within a point).
  for (const m of t.matchAll(FRACTION)) {
    const [whole, part] = [parseChineseNumber(m[1]), parseChineseNumber(m[2])];
    if (!whole || !part || part >= whole || whole > 10) continue;
    out.push({ raw: m[0], value: (100 * part) / whole, unit: '%', tolerance: 1 });
  }
  // 「四十二点七万人次」: a Chinese decimal, with its scale.
  const decimals: [number, number][] = [];
  for (const m of t.matchAll(CN_DECIMAL)) {
    const whole = parseChineseNumber(m[1]);
    if (whole === null) continue;
    const frac = Number(`0.${[...m[2]].map((c) => CN_DIGITS[c]).join('')}`);
    let unit = m[5] ?? '';
    let value = (whole + frac) * (m[3] ? SCALE[m[3]] : 1);
    if (unit === '万元') [unit, value] = ['元', value * 1e4];
    decimals.push([m.index, m.index + m[0].length]);
    out.push({ raw: m[0].trim(), value, unit });
  }
  for (const m of t.matchAll(CN_FIGURE)) {
    if (decimals.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const n = parseChineseNumber(m[1]);
    // 「一是」「进一步」 carry no unit and never reach here; 「一个」 alone says too little to be a figure.
    // 「千家万户」「百姓」: a numeral that starts with its scale is an idiom, not a figure.
    if (n === null || n === 1 || /^[百千万亿]/.test(m[1])) continue;
    let unit = m[3];
    let value = n;
    if (unit === '万元') [unit, value] = ['元', value * 1e4];
    const side = boundSide(t, m.index, m.index + m[0].length, !!m[2]);
    out.push({
      raw: m[0].trim(),
      value,
      unit,
      ...(side && { bound: { side, step: 2 * halfStep(String(n), 1) } }),
    });
  }
  // 「连续五年」: a count of years in words (other years in words are dates or idioms: 「一年来」).
  for (const m of t.matchAll(/(?<=连续|持续|已连续)([两三四五六七八九十]+)\s*年/g)) {
    const n = parseChineseNumber(m[1]);
    if (n !== null) out.push({ raw: m[0].trim(), value: n, unit: '年' });
  }
  return out;
}

/** Does `source` state this figure (same value — within its rounding when written as approximate; same unit when both give one)? */
export function figureIn(f: Figure, source: string): boolean {
  return extractFigures(source).some(
    (g) => sameValue(f, g) && (!f.unit || !g.unit || sameUnit(f.unit, g.unit)),
  );
}

function sameValue(f: Figure, g: Figure): boolean {
  const diff = Math.abs(g.value - f.value);
  // 0.318亿 and 3180万 differ in the last bits of a double: compare relative to the size.
  if (diff <= 1e-9 * Math.max(1, Math.abs(f.value))) return true;
  if (f.bound) {
    const eps = 1e-9 * Math.abs(f.value);
    const d = f.bound.side === 'above' ? g.value - f.value : f.value - g.value;
    return d >= -eps && d < Math.max(f.bound.step, 0.1 * f.value) - eps;
  }
  return f.tolerance !== undefined && diff <= f.tolerance + 1e-9 * Math.abs(f.value);
}

/** Units that count the same thing: 24名 = 24人. */
const SAME: string[][] = [
  ['人', '名', '位'],
  ['户', '家'],
  ['件', '宗'],
];
/** Not counts of things: money, measures, time, shares — 个 never stands for these. */
const NOT_COUNTS = new Set(['元', '%', '‰', '年', '月', '日', '公里', '平方米', '立方米', '课时']);

export function sameUnit(a: string, b: string): boolean {
  if (a === b || a.includes(b) || b.includes(a)) return true;
  // 个 is the general classifier: 「65个务工人员」 is the source's 「65名务工人员」.
  if ((a === '个' && !NOT_COUNTS.has(b)) || (b === '个' && !NOT_COUNTS.has(a))) return true;
  return SAME.some((g) => g.includes(a) && g.includes(b));
}
