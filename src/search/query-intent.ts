// Reads what a staff question is about: which street(s), which year(s), which section of the report.
import type { SectionKind } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { type Lexicon, defaultLexicon, sectionIntent } from './lexicon.ts';

export interface QueryIntent {
  /** Keys of known orgs the question names (「大港」). */
  orgKeys: string[];
  /** Street names in the question that no report in the library belongs to. */
  unknownOrgs: string[];
  years: number[];
  sections: SectionKind[];
}

const ORG_MENTION = /([\u4e00-\u9fff]{2,4}?)(?:街道办事处|街道办|街道|街)/g;
/** Words that make 「…街道」 a reference, not a name: 「那个街道」「各街道」「2021年那个街道」. */
const GENERIC = /[我全本各该这那哪其所几每什年的个些]/;

export function readIntent(query: string, knownOrgs: string[], lexicon: Lexicon = defaultLexicon): QueryIntent {
  const q = normalizeForMatch(query);
  const keys = [...new Set(knownOrgs.map(orgKey))].filter((k) => k.length >= 2);
  const orgKeys = keys.filter((k) => q.includes(k));
  const unknownOrgs: string[] = [];
  for (const m of q.matchAll(ORG_MENTION)) {
    const name = m[1];
    if (GENERIC.test(name) || keys.some((k) => name.includes(k) || k.includes(name))) continue;
    unknownOrgs.push(m[0]);
  }
  const years = [...new Set([...q.matchAll(/(?:^|\D)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1])))];
  return { orgKeys, unknownOrgs, years, sections: sectionIntent(query, lexicon) };
}
