// Figures in answers and sources, normalised so 「3万」 = 「30000」, 「８１ 人」 = 「81人」.
import { normalizeDigits } from '../text/normalize.ts';

export interface Figure {
  raw: string;
  value: number;
  unit: string;
}

const FIGURE = /(\d+(?:,\d{3})*(?:\.\d+)?)\s*(%|‰|万亿|亿|万|千)?\s*(人次|人|起|件|次|条|家|个|余|元|场次|场|期|份|项|名|批次|批|处|辆|户|篇|课时|公里|年|月|日)?/g;
const SCALE: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12, 千: 1e3 };

export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of normalizeDigits(text).replace(/\[\d+\]/g, ' ').matchAll(FIGURE)) {
    const n = Number(m[1].replace(/,/g, ''));
    if (!Number.isFinite(n)) continue;
    const scale = m[2] && SCALE[m[2]] ? SCALE[m[2]] : 1;
    out.push({ raw: m[0].trim(), value: n * scale, unit: (m[2] === '%' || m[2] === '‰' ? m[2] : '') + (m[3] ?? '') });
  }
  return out;
}

/** Does `source` state this figure (same value; same unit when both give one)? */
export function figureIn(f: Figure, source: string): boolean {
  return extractFigures(source).some((g) => Math.abs(g.value - f.value) < 1e-9 && (!f.unit || !g.unit || sameUnit(f.unit, g.unit)));
}

function sameUnit(a: string, b: string): boolean {
  const strip = (u: string) => u.replace(/^余/, '').replace(/余$/, '');
  return strip(a) === strip(b) || a.includes(b) || b.includes(a);
}
