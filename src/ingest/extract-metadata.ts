// Report metadata from its text: title, org (街道), district and the year reported on.
import type { ReportMeta } from '../domain.ts';
import { segmenter } from '#segmenter';

const SUFFIX = /(街道办事处|街道|街)/g;
const STOP_CHARS = /[我全本各该此其每所的了在和与及对为将把被从由到等有这那之]/;
const NON_NAME_TAGS = /^(v|vn|vd|d|p|c|u|r|a|ad|an|m|q|t|f|y|e|o|z)/;

/** The street name (「大港街」「西于庄街道」) a report calls itself by, or null when it never says. */
export function extractOrg(title: string, body: string): string | null {
  const counts = new Map<string, { n: number; suffixes: Map<string, number> }>();
  const scan = (text: string, weight: number, isTitle = false) => {
    for (const m of text.matchAll(SUFFIX)) {
      const at = m.index ?? 0;
      for (let len = 2; len <= 4; len++) {
        const cand = text.slice(at - len, at);
        // A title that opens with the name (or names it right after its city/district) may use any
        // characters: 「和平街道……报告」 is a street, not 「和」 + 「平街道」.
        const leads = isTitle && /^(?:|.*[市区县])$/.test(text.slice(0, at - len));
        if (cand.length !== len || !/^[\u4e00-\u9fff]+$/.test(cand) || (!leads && STOP_CHARS.test(cand))) continue;
        const entry = counts.get(cand) ?? { n: 0, suffixes: new Map() };
        entry.n += weight;
        const suffix = m[1] === '街道办事处' ? '街道' : m[1];
        entry.suffixes.set(suffix, (entry.suffixes.get(suffix) ?? 0) + 1);
        counts.set(cand, entry);
      }
    }
  };
  scan(title, 3, true);
  const fromTitle = new Set(counts.keys());
  scan(body, 1);
  // The street the title names is the report's own; the body may quote or mention other streets.
  const pick = (names: string[]) => {
    let best: { name: string; n: number; suffix: string } | null = null;
    for (const name of names) {
      const { n, suffixes } = counts.get(name)!;
      if (n < 2 || !looksLikePlaceName(name)) continue;
      if (!best || n > best.n || (n === best.n && name.length > best.name.length)) {
        const suffix = [...suffixes.entries()].sort((a, b) => b[1] - a[1])[0][0];
        best = { name, n, suffix };
      }
    }
    return best;
  };
  const best = pick([...fromTitle]) ?? pick([...counts.keys()]);
  return best ? best.name + best.suffix : null;
}

function looksLikePlaceName(name: string): boolean {
  const tags = segmenter.tag(name, false);
  const last = tags[tags.length - 1];
  if (tags.length === 1 && NON_NAME_TAGS.test(last.tag)) return false;
  if (NON_NAME_TAGS.test(last.tag) && last.word.length > 1) return false;
  if (/(新区|区|市|县|省)$/.test(name) || /^(新区|区|市)/.test(name)) return false;
  return true;
}

/** Key used to compare orgs: 「大港街道」「大港街」「大港街道办事处」 → 「大港」. */
export function orgKey(org: string): string {
  return org.replace(/\s+/g, '').replace(/(街道办事处|街道办|街道|街|办事处)$/, '');
}

const DISTRICT = /(?:^|[市省《，,\s])([\u4e00-\u9fff]{2,3}?(?:新区|区|县))(?![委政级域内长])/;

export function extractDistrict(title: string, lead: string): string | null {
  for (const text of [title, lead]) {
    const m = DISTRICT.exec(text);
    if (m && !/(社区|小区|街区|城区|辖区|示范区|全区|本区|我区|各区)$/.test(m[1])) return m[1];
  }
  return null;
}

/** The year the report is about: from the title, else from the opening paragraph. */
export function extractYear(title: string, lead: string, sourceName = ''): number | null {
  for (const text of [title, lead.slice(0, 120), sourceName]) {
    const m = /((?:19|20)\d{2})\s*年/.exec(text) ?? /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(text);
    if (m) return Number(m[1]);
  }
  return null;
}

export function extractMeta(title: string, lead: string, body: string, sourceName: string): ReportMeta {
  return {
    title,
    org: extractOrg(title, body),
    district: extractDistrict(title, lead),
    year: extractYear(title, lead, sourceName),
  };
}
