// A figure the answer works out from the cited paragraph rather than quotes: a share (「采纳68条，采纳率约29.4%」
// from 231 and 68), or a change on last year (「比上年的31件减少7件」). It is kept when the sum holds at the
// precision it is written to, with the sum shown to the supervisor; any other figure must be in the source.
import { extractFigures, type Figure, sameUnit } from '../text/figures.ts';

const RATE = /率|占|比例|比重|相当于|百分之|%/;
const CHANGE = /减少|少了|增加|多了|下降|上升|增长|降低|提高|减|增|相差|差了|少|多/;
const COMPARE = /比|较|同比|相比|上年|上一年|去年|前一年|由|从/;

const PRIOR = /(?:上年|去年|上一年|前一年|上年度|同期)(?:为|是|的|有)?\s*$/;

/** One of the two is last year's, stated with the other: 「办理3126件，上年为3390件」「由上年的306场减少至118场」. */
function yearPair(source: string, a: Figure, b: Figure): boolean {
  const at = (g: Figure) => source.indexOf(g.raw);
  const [i, j] = [at(a), at(b)];
  if (i < 0 || j < 0 || Math.abs(i - j) > 24) return false;
  return [a, b].some((g) => PRIOR.test(source.slice(Math.max(0, at(g) - 8), at(g))));
}

/** The sum that gives `f` from figures of the cited paragraphs (one of them also in the answer), or null. */
export function derivation(f: Figure, answer: string, sources: string[]): string | null {
  if (!f.unit) return null;
  const pool = sources.flatMap((s) => extractFigures(s)).filter((g) => g.unit && g.value > 0);
  const stated = extractFigures(answer).filter((g) => g !== f && g.raw !== f.raw);
  const inAnswer = (g: Figure) =>
    stated.some((s) => Math.abs(s.value - g.value) < 1e-9 * Math.max(1, g.value));
  const decimals = /\.(\d+)/.exec(f.raw)?.[1].length ?? 0;
  const slack = 0.5 * 10 ** -decimals + (f.tolerance ?? 0) + 1e-9;
  if (f.unit === '%' && RATE.test(answer)) {
    for (const a of pool)
      for (const b of pool) {
        if (a === b || a.value >= b.value || a.unit === '%' || !sameUnit(a.unit, b.unit)) continue;
        if (!inAnswer(a) && !inAnswer(b)) continue;
        if (Math.abs((a.value / b.value) * 100 - f.value) <= slack) return `${a.raw} ÷ ${b.raw} ≈ ${f.raw}`;
      }
  }
  // A change: this year's and last year's figures both in the answer (「比上年的31件减少7件」), or the source's
  // pair of them (「办理3126件，上年为3390件」).
  if (f.unit !== '%' && CHANGE.test(answer) && COMPARE.test(answer)) {
    for (const s of sources) {
      const here = extractFigures(s).filter((g) => g.unit && sameUnit(g.unit, f.unit));
      for (const a of here)
        for (const b of here) {
          if (a === b || a.value <= b.value || Math.abs(a.value - b.value - f.value) > slack) continue;
          if ((inAnswer(a) && inAnswer(b)) || yearPair(s, a, b)) return `${a.raw} − ${b.raw} = ${f.raw}`;
        }
    }
  }
  return null;
}
