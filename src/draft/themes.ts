// Themes of shortcomings and next steps (学法用法, 法治队伍建设, 普法宣传 …): a small editable lexicon and the
// keyword score that assigns a point of a report to them.
import { normalizeForMatch } from '../text/normalize.ts';
import data from './themes.json' with { type: 'json' };

export interface Theme {
  key: string;
  name: string;
  /** How a new shortcoming on this theme is named when no past label fits. */
  problem: string;
  /** How a new measure on this theme is named when no past label fits. */
  measure: string;
  keywords: Record<string, number>;
}

export const THEMES: Theme[] = (data as unknown as { themes: Theme[] }).themes;
export const themeByKey = (key: string) => THEMES.find((t) => t.key === key);
export const themeKeyByName = (name: string) => THEMES.find((t) => t.name === name)?.key ?? null;

export interface ThemeScore {
  key: string;
  score: number;
}

/** Keyword score of each theme for a point; its label (first sentence or heading) counts twice. */
export function scoreThemes(label: string, body: string): ThemeScore[] {
  const l = normalizeForMatch(label);
  const b = normalizeForMatch(body);
  const out: ThemeScore[] = [];
  for (const t of THEMES) {
    let score = 0;
    for (const [word, w] of Object.entries(t.keywords)) {
      if (l.includes(word)) score += 2 * w;
      const n = count(b, word);
      score += Math.min(n, 3) * w;
    }
    if (score > 0) out.push({ key: t.key, score });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** The themes a free-text focus (「执法规范化」「普法」) names: by theme name, or by its keywords. */
export function themesForFocus(focus: string): string[] {
  const f = normalizeForMatch(focus);
  const named = THEMES.filter((t) => f.includes(t.name) || t.name.includes(f));
  if (named.length) return named.map((t) => t.key);
  const scored = scoreThemes(f, '');
  return scored.length
    ? [
        scored[0].key,
        ...scored
          .slice(1)
          .filter((s) => s.score >= scored[0].score)
          .map((s) => s.key),
      ]
    : [];
}

function count(text: string, word: string): number {
  let n = 0;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) n++;
  return n;
}
