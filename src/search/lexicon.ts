// Domain lexicon: expands staff wording into report wording and reads section intent; the data is lexicon.json.
import type { SectionKind } from '../domain.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import data from './lexicon.json' with { type: 'json' };

export interface Lexicon {
  groups: string[][];
  sectionCues: Partial<Record<SectionKind, string[]>>;
}

export const defaultLexicon: Lexicon = data as Lexicon;

/** Report-side words for the staff words found in a query (the words already in it are left out). */
export function expandQuery(query: string, lexicon: Lexicon = defaultLexicon): string[] {
  const q = normalizeForMatch(query);
  const out = new Set<string>();
  for (const group of lexicon.groups) {
    if (group.some((w) => q.includes(normalizeForMatch(w)))) {
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
