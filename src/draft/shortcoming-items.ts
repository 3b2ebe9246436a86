// Shortcomings pasted by the author (「一是……二是……」, 「（一）……」, or one per line) as items to answer.
import { LEADING_ENUM } from '../text/sentences.ts';
import { cleanLabel } from './points.ts';
import { scoreThemes, themeByKey } from './themes.ts';

export interface ShortcomingItem {
  label: string;
  text: string;
  theme: string | null;
  themeName: string | null;
}

const ENUM_START =
  /(?<=^|[。；;\n\s])(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]+、)/g;

export function splitShortcomings(raw: string): ShortcomingItem[] {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  const starts = [...text.matchAll(ENUM_START)].map((m) => m.index ?? 0);
  const parts = starts.length
    ? starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length))
    : text.split(/\n+/);
  return parts
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.replace(LEADING_ENUM, '').replace(/[\s。，；]/g, '').length >= 4)
    .slice(0, 8)
    .map((p) => {
      const body = p.replace(LEADING_ENUM, '');
      const first = body.split(/[。；;]/)[0];
      const label = cleanLabel(first.length > 40 ? first.split(/[，,]/)[0] : first);
      const themes = scoreThemes(label, body);
      const theme = themes[0] && themes[0].score >= 3 ? themes[0].key : null;
      return { label, text: body, theme, themeName: theme ? (themeByKey(theme)?.name ?? null) : null };
    });
}
