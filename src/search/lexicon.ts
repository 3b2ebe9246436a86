// Domain lexicon: expands staff wording into report wording and reads section intent; the data is lexicon.json.
import type { SectionKind } from '../domain.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import data from './lexicon.json' with { type: 'json' };

export interface Lexicon {
  groups: string[][];
  sectionCues: Partial<Record<SectionKind, string[]>>;
  /** Section cues that, in a question asking for a figure, name what was counted (「反映了多少问题」). */
  countedCues?: string[];
}

export const defaultLexicon: Lexicon = data as Lexicon;

/**
 * What staff put inside a short verb–object word (离合词): an aspect particle and/or a count —
 * 「开一家公司」 says 开公司, 「开过几次会」 开会, 「罚了多少钱」 罚钱.
 */
const INSERTION =
  '(?:[了过着]?(?:[一二两三四五六七八九十几多少这那每半]{1,3}[个家次回场份件项条位名套部台间趟遍笔块]?)|[了过着])';
const gapped = new Map<string, RegExp | null>();

/** Whether the query says the word, whole or split by such an insertion (words of 2–3 characters). */
export function saysWord(q: string, word: string): boolean {
  const w = normalizeForMatch(word);
  if (q.includes(w)) return true;
  let re = gapped.get(w);
  if (re === undefined) {
    const chars = [...w];
    re =
      chars.length >= 2 && chars.length <= 3 && /^[\u4e00-\u9fff]+$/.test(w)
        ? new RegExp(
            chars
              .slice(1)
              .map((_, i) => `${chars.slice(0, i + 1).join('')}${INSERTION}${chars.slice(i + 1).join('')}`)
              .join('|'),
          )
        : null;
    gapped.set(w, re);
  }
  return re !== null && re.test(q);
}

/** Report-side words for the staff words found in a query (the words already in it are left out). */
export function expandQuery(query: string, lexicon: Lexicon = defaultLexicon): string[] {
  const q = normalizeForMatch(query);
  const out = new Set<string>();
  for (const group of lexicon.groups) {
    if (group.some((w) => saysWord(q, w))) {
      for (const w of group) if (!q.includes(normalizeForMatch(w))) out.add(w);
    }
  }
  return [...out];
}

/** Report words that can stand for a staff word (its lexicon groups, the word itself excluded). */
export function synonymsOf(word: string, lexicon: Lexicon = defaultLexicon): string[] {
  const w = normalizeForMatch(word);
  const out = new Set<string>();
  for (const group of lexicon.groups) {
    if (
      group.some((g) => {
        const n = normalizeForMatch(g);
        return n === w || (w.length >= 2 && (n.includes(w) || w.includes(n)) && n.length >= 2);
      })
    ) {
      for (const g of group) if (normalizeForMatch(g) !== w) out.add(normalizeForMatch(g));
    }
  }
  return [...out];
}

/** Sections a question points at, strongest cue first (「存在哪些不足」→ shortcomings). */
export function sectionIntent(query: string, lexicon: Lexicon = defaultLexicon): SectionKind[] {
  const q = normalizeForMatch(query);
  const hits: { kind: SectionKind; at: number }[] = [];
  for (const [kind, cues] of Object.entries(lexicon.sectionCues) as [SectionKind, string[]][]) {
    const at = Math.min(...cues.map((c) => q.indexOf(normalizeForMatch(c))).filter((i) => i >= 0));
    if (Number.isFinite(at)) hits.push({ kind, at });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.kind);
}
