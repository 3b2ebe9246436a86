// Report metadata from its text: title, office (name, level, district, city) and the year reported on.
import type { OfficeLevel, OrgSource, ReportMeta } from '../domain.ts';
import type { Gazetteer } from '../gazetteer/gazetteer.ts';
import { loadGazetteer } from '#gazetteer';
import { findOffice, type Office, selfLevel } from './office.ts';
import { chineseYearsToDigits } from '../text/normalize.ts';

/** Key used to compare orgs: 「大港街道」「大港街」「大港街道办事处」 → 「大港」; 镇、乡、区 keep their suffix. */
export function orgKey(org: string): string {
  return org.replace(/\s+/g, '').replace(/(街道办事处|街道办|街道|街|办事处)$/, '');
}

/** The parts of a report the metadata is read from. */
export interface MetaSources {
  title: string;
  /** The opening paragraph (「现将××街道办事处2024年……报告如下」). */
  lead: string;
  body: string;
  /** The sign-off lines (office and date), if the report ends with one. */
  signoff: string | null;
  sourceName: string;
  /** True when the report had no title of its own (the file name stood in). */
  untitled?: boolean;
}

const cnYear = chineseYearsToDigits;

/** The year the report is about: from the title, else from the opening paragraph, else the file name. */
export function extractYear(title: string, lead: string, sourceName = ''): number | null {
  for (const text of [title, lead.slice(0, 120), sourceName.replace(/^[A-Za-z]*\d{1,3}[-_ ]/, '')]) {
    const t = cnYear(text);
    const m = /((?:19|20)\d{2})\s*年/.exec(t) ?? /(?:^|\D)((?:19|20)\d{2})(?!\d)/.exec(t);
    if (m) return Number(m[1]);
  }
  return null;
}

/** The opening sentence that names the office: 「现将××街道办事处2024年……报告如下」, or the lead's first sentence. */
function openingSentence(lead: string): string {
  // Not the addressee line (「苕溪经济技术开发区管委会：」): that names whom the report goes to.
  lead = lead.replace(
    /^\s*[^。；！？：:，,]{1,60}?(?:政府|管委会|委员会|党工委|工委|党委|[区县市]委|局|办公室)[：:]\s*/,
    '',
  );
  const m = /[^。；！？]*现将[^。；！？]*/.exec(lead);
  return m ? m[0] : (lead.split(/[。；！？]/)[0] ?? '');
}

const fileStem = (name: string) => name.replace(/\.[^.]+$/, '').replace(/^[A-Za-z]*\d{1,3}[-_ ]+/, '');

/**
 * The office, tried in order: the title, the opening sentence, the sign-off, the file name. The first that
 * names one wins; the others are context for telling same-named places apart. Never guessed from the body,
 * which quotes other offices.
 */
export function detectOffice(
  src: MetaSources,
  gaz: Gazetteer = loadGazetteer(),
): { office: Office; source: OrgSource } | null {
  const regions: [OrgSource, string][] = [
    ['title', src.untitled ? '' : src.title],
    ['opening', openingSentence(src.lead)],
    ['signoff', src.signoff ?? ''],
    ['filename', fileStem(src.sourceName)],
  ];
  const context = regions.map(([, t]) => t).join('\n') + '\n' + src.lead;
  for (const [source, text] of regions) {
    if (!text) continue;
    const office = findOffice(text, gaz, context);
    if (office) return { office, source };
  }
  return null;
}

/** The district the sign-off writes before the office's own name (「湄山区友谊街道办事处」). */
function signoffDistrict(org: string, signoff: string | null): string | null {
  if (!signoff) return null;
  const at = signoff.replace(/\s+/g, '').indexOf(org);
  if (at <= 0) return null;
  const m = /((?:(?![委党政府区县市旗])[\u4e00-\u9fff]){2,9}[区县旗])$/.exec(
    signoff.replace(/\s+/g, '').slice(0, at),
  );
  return m ? m[1] : null;
}

/**
 * A street's or town's district when its title does not name one: the opening says under whom it works
 * (「在××县委、县政府的领导下」). Only a 区/县/旗 — a 市 there may be a prefecture, not the district.
 */
function superiorDistrict(level: OfficeLevel, lead: string): string | null {
  if (level !== '街道' && level !== '镇' && level !== '乡') return null;
  const m = /在((?:(?![委党政府区县市旗])[\u4e00-\u9fff]){2,5}[区县旗])(?:委|党委|人民政府|政府)/.exec(
    lead.slice(0, 300),
  );
  if (m && !/^[我全本各该此其]/.test(m[1])) return m[1];
  // The addressee line (「××县人民政府：」「中共××县委、××县人民政府：」): a town reports to its county.
  const to =
    /^\s*(?:中共)?((?:(?![委党政府区县市旗])[\u4e00-\u9fff]){2,5}[区县旗])(?:委|人民政府|政府)[^\n：:]{0,20}[：:]\s*$/m.exec(
      lead.slice(0, 300),
    );
  return to && !/^[我全本各该此其]/.test(to[1]) ? to[1] : null;
}

export function extractMeta(src: MetaSources, gaz: Gazetteer = loadGazetteer()): ReportMeta {
  const found = detectOffice(src, gaz);
  const level: OfficeLevel | null = found?.office.level ?? selfLevel(src.body);
  return {
    title: src.title,
    org: found?.office.org ?? null,
    level,
    district:
      found?.office.district ??
      (found &&
        (signoffDistrict(found.office.org, src.signoff) ?? superiorDistrict(found.office.level, src.lead))),
    city: found?.office.city ?? null,
    year: extractYear(src.title, src.lead, src.sourceName),
    orgSource: found?.source ?? null,
    signoff: src.signoff,
  };
}
