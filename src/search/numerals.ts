// Counts a question spells in Chinese numerals (「只有两个人」「开了三次会」) as the figure words reports write
// and the index holds (「2人」「2名」「3次」): staff say the number, reports print the digits.
import { extractFigures } from '../text/figures.ts';

/** People are counted with 人, 名 or 位 alike (「两个人」 ↔ 「工作人员2名」). */
const PEOPLE = ['人', '名', '位'];

/** Index words (figure + unit) for the exact counts written in Chinese numerals; approximate ones are skipped. */
export function numeralFigureWords(text: string): string[] {
  const out = new Set<string>();
  for (const f of extractFigures(text)) {
    if (/\d/.test(f.raw) || f.bound || !Number.isInteger(f.value) || f.value <= 0) continue;
    const after = text.slice(text.indexOf(f.raw) + f.raw.length);
    const people = PEOPLE.includes(f.unit) || (f.unit === '个' && after.startsWith('人'));
    for (const u of people ? PEOPLE : [f.unit]) out.add(`${f.value}${u}`);
  }
  return [...out];
}
