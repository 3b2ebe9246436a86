// Re-targeting a past report's sentence to the office the draft speaks for: other offices' names and their
// self-references become its own voice (我街道/我镇/我乡/我局……), and clauses carrying another report's
// figures, dates, places or project names are dropped.
import type { OfficeLevel } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import { normalizeDigits } from '../text/normalize.ts';
import voiceData from './voice.json' with { type: 'json' };

export interface OrgContext {
  /** The org the draft is for, as the request named it. */
  target: string;
  targetKey: string;
  /** Its level (from its reports, else its name), and how it calls itself: 「我街道」「我镇」「我局」. */
  level: OfficeLevel | null;
  voice: string;
  /** Every other org of the library, in the forms reports use (「大港街道办事处」「大港街道」「大港街」). */
  foreignNames: string[];
  /** Districts named by other orgs' reports and not by the target's. */
  foreignDistricts: string[];
  /** All foreign names in one pattern (a library of 1,000 streets has 4,000 name forms). */
  foreignPattern: RegExp | null;
}

const SUFFIXES = ['街道办事处', '街道办', '街道', '街'];
const VOICE = voiceData.voice as Record<string, string>;
const RURAL_MAP = new Map(voiceData.rural as [string, string][]);
/** One pass, longest first, so a replacement is never replaced again. */
const RURAL_PATTERN = new RegExp([...RURAL_MAP.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');

/** The level an office's name says (「和平镇」→ 镇, 「××区司法局」→ 部门); null when it says none. */
export function levelOfName(name: string): OfficeLevel | null {
  if (/(局|委员会|委|办公室|中心)$/.test(name)) return '部门';
  if (/街道?$|街道办事处$/.test(name)) return '街道';
  if (/镇$/.test(name)) return '镇';
  if (/乡$/.test(name)) return '乡';
  if (/区$/.test(name)) return '区';
  if (/[县旗]$/.test(name)) return '县';
  if (/市$/.test(name)) return '市';
  return null;
}

/** 「我街道」for 城西街道, 「我街」for 大港街, 「我镇」「我乡」「我区」「我县」「我市」, 「我局」「我委」 for departments. */
export function voiceOf(org: string, level: OfficeLevel | null): string {
  if (level === '街道' || (!level && /街道?$/.test(org)))
    return /街$/.test(org) ? VOICE['街'] : VOICE['街道'];
  if (level === '部门')
    return /委员会$|委$/.test(org) ? VOICE['委员会'] : /办公室$/.test(org) ? VOICE['办公室'] : VOICE['部门'];
  return (level && VOICE[level]) ?? VOICE['街道'];
}

export function orgContext(
  target: string,
  libraryOrgs: (string | null)[],
  districts: { org: string | null; district: string | null }[],
  targetLevel: OfficeLevel | null = null,
): OrgContext {
  const targetKey = orgKey(target);
  const level = targetLevel ?? levelOfName(target);
  const voice = voiceOf(target, level);
  const others = [...new Set(libraryOrgs.filter((o): o is string => !!o))].filter(
    (o) => orgKey(o) !== targetKey,
  );
  const keys = [...new Set(others.map(orgKey))].filter((k) => k && k !== targetKey);
  // Streets in every spelling (大港街道办事处/大港街道/大港街); 镇、乡、区、局 by name and with 人民政府.
  const foreignNames = [
    ...new Set([
      ...keys
        .filter((k) => others.some((o) => orgKey(o) === k && /街道?$|办事处$/.test(o)))
        .flatMap((k) => SUFFIXES.map((s) => k + s)),
      ...others.filter((o) => !/街道?$/.test(o)).flatMap((o) => [`${o}人民政府`, o]),
    ]),
  ].sort((a, b) => b.length - a.length);
  const ownDistricts = new Set(
    districts.filter((d) => d.org && orgKey(d.org) === targetKey).map((d) => d.district),
  );
  const foreignDistricts = [
    ...new Set(districts.map((d) => d.district).filter((d): d is string => !!d && !ownDistricts.has(d))),
  ];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const foreignPattern = foreignNames.length ? new RegExp(foreignNames.map(escape).join('|'), 'g') : null;
  return { target, targetKey, level, voice, foreignNames, foreignDistricts, foreignPattern };
}

/** National or generic terms a report may quote that are not any street's own project. */
const GENERIC_QUOTED =
  /^(?:放管服|双随机一公开|谁执法谁普法|枫桥经验|八五普法|七五普法|法律明白人|民主法治示范社区|最多跑一次|一网通办|一件事|两委|网格员|最后一公里|标|本)$/;
const DATE_WORDS = /今年|去年|明年|本年度|上半年|下半年|年初|年底|年末|当年/;

/** A clause that belongs to its own report: a figure, a date, a place or a named local project. */
export function isReportSpecific(clause: string, ctx: OrgContext): boolean {
  const c = normalizeDigits(clause);
  if (/\d/.test(c)) return true;
  if (
    /第[一二三四五六七八九十百]+[批届次期]|[一二三四五六七八九十百千万两]+(?:人次|余人|名|家|件|起|场|期|批|项|户|个社区|次)/.test(
      c,
    )
  )
    return true;
  if (DATE_WORDS.test(c)) return true;
  // 「我市」「全区」 in another office's report speak of its own district or city, not of the target's.
  if (/[我本全](?:区|县|市)(?![场委级直属])/.test(c)) return true;
  if (ctx.foreignDistricts.some((d) => c.includes(d))) return true;
  for (const m of c.matchAll(/[“"「]([^”"」]{1,20})[”"」]/g)) if (!GENERIC_QUOTED.test(m[1])) return true;
  return false;
}

/**
 * Another office's name and its self-reference (「我街」「本镇」「我局」) → the target's voice; for a 镇 or 乡,
 * a street report's 「社区居民」 reads 「村（居）民」.
 */
export function replaceForeignNames(s: string, ctx: OrgContext): string {
  let out = ctx.foreignPattern ? s.replace(ctx.foreignPattern, ctx.voice) : s;
  out = out.replace(/(?:我|本)(?:街道办事处|街道办|街道|街|镇|乡|局)(?![头巷路区])/g, ctx.voice);
  if ((ctx.level === '镇' || ctx.level === '乡') && !/村/.test(out))
    out = out.replace(RURAL_PATTERN, (m) => RURAL_MAP.get(m) ?? m);
  return out;
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
  const out = kept
    .join('')
    .replace(/^[，,；;]+/, '')
    .trim();
  if (out.replace(/[，,；;\s]/g, '').length < 6) return null;
  return ensureEnd(out);
}

function ensureEnd(s: string): string {
  return /[。！？]$/.test(s) ? s : `${s.replace(/[，,；;：:]+$/, '')}。`;
}
