// Re-targeting a past report's sentence to the org the draft speaks for: other streets' names become 「我街」,
// and clauses carrying another report's figures, dates, places or project names are dropped.
import { orgKey } from '../ingest/extract-metadata.ts';
import { normalizeDigits } from '../text/normalize.ts';

export interface OrgContext {
  /** The org the draft is for, as the request named it. */
  target: string;
  targetKey: string;
  /** Every other org of the library, in the forms reports use (「大港街道办事处」「大港街道」「大港街」). */
  foreignNames: string[];
  /** Districts named by other orgs' reports and not by the target's. */
  foreignDistricts: string[];
  /** All foreign names in one pattern (a library of 1,000 streets has 4,000 name forms). */
  foreignPattern: RegExp | null;
}

const SUFFIXES = ['街道办事处', '街道办', '街道', '街'];

export function orgContext(target: string, libraryOrgs: (string | null)[], districts: { org: string | null; district: string | null }[]): OrgContext {
  const targetKey = orgKey(target);
  const keys = [...new Set(libraryOrgs.filter((o): o is string => !!o).map(orgKey))].filter((k) => k && k !== targetKey);
  const foreignNames = keys.flatMap((k) => SUFFIXES.map((s) => k + s)).sort((a, b) => b.length - a.length);
  const ownDistricts = new Set(districts.filter((d) => d.org && orgKey(d.org) === targetKey).map((d) => d.district));
  const foreignDistricts = [...new Set(districts.map((d) => d.district).filter((d): d is string => !!d && !ownDistricts.has(d)))];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const foreignPattern = foreignNames.length ? new RegExp(foreignNames.map(escape).join('|'), 'g') : null;
  return { target, targetKey, foreignNames, foreignDistricts, foreignPattern };
}

/** National or generic terms a report may quote that are not any street's own project. */
const GENERIC_QUOTED = /^(?:放管服|双随机一公开|谁执法谁普法|枫桥经验|八五普法|七五普法|法律明白人|民主法治示范社区|最多跑一次|一网通办|一件事|两委|网格员|最后一公里|标|本)$/;
const DATE_WORDS = /今年|去年|明年|本年度|上半年|下半年|年初|年底|年末|当年/;

/** A clause that belongs to its own report: a figure, a date, a place or a named local project. */
export function isReportSpecific(clause: string, ctx: OrgContext): boolean {
  const c = normalizeDigits(clause);
  if (/\d/.test(c)) return true;
  if (/第[一二三四五六七八九十百]+[批届次期]|[一二三四五六七八九十百千万两]+(?:人次|余人|名|家|件|起|场|期|批|项|户|个社区|次)/.test(c)) return true;
  if (DATE_WORDS.test(c)) return true;
  if (ctx.foreignDistricts.some((d) => c.includes(d))) return true;
  for (const m of c.matchAll(/[“"「]([^”"」]{1,20})[”"」]/g)) if (!GENERIC_QUOTED.test(m[1])) return true;
  return false;
}

/** Other orgs' names → 「我街」. */
export function replaceForeignNames(s: string, ctx: OrgContext): string {
  const out = ctx.foreignPattern ? s.replace(ctx.foreignPattern, '我街') : s;
  return out.replace(/我街(?:道办事处|道办|道)/g, '我街');
}

export function mentionsForeignOrg(s: string, ctx: OrgContext): string | null {
  if (!ctx.foreignPattern) return null;
  ctx.foreignPattern.lastIndex = 0;
  const m = ctx.foreignPattern.exec(s);
  ctx.foreignPattern.lastIndex = 0;
  return m ? m[0] : null;
}

/**
 * A source sentence as the target org would write it, or null when nothing general is left.
 * Own sentences keep their figures (they are the org's own, and get cited); foreign ones lose every
 * clause that is specific to their report.
 */
export function retargetSentence(sentence: string, own: boolean, ctx: OrgContext): string | null {
  const trimmed = sentence.trim().replace(/[。；;！!？?]+$/, '');
  if (own) return ensureEnd(trimmed);
  const parts = trimmed.split(/([，,；;])/);
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const clause = replaceForeignNames(parts[i], ctx);
    if (!clause.trim() || isReportSpecific(clause, ctx) || mentionsForeignOrg(clause, ctx)) continue;
    if (kept.length) kept.push(parts[i - 1] ?? '，');
    kept.push(clause);
  }
  const out = kept.join('').replace(/^[，,；;]+/, '').trim();
  if (out.replace(/[，,；;\s]/g, '').length < 6) return null;
  return ensureEnd(out);
}

function ensureEnd(s: string): string {
  return /[。！？]$/.test(s) ? s : `${s.replace(/[，,；;：:]+$/, '')}。`;
}
