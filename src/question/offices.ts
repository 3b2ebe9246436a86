// The offices the library holds reports of, with the names staff call them by (大港街 ↔ 大港街道 ↔ 大港), and
// the offices a question names: longest match first, no match inside another name, typos within one character.
import type { OfficeLevel, ReportSummary } from '../domain.ts';
import type { Gazetteer } from '../gazetteer/gazetteer.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import { officeMentions } from '../ingest/office.ts';
import { tokenize } from '../text/tokenize.ts';
import departments from './department-names.json' with { type: 'json' };

const DEPT_ALIASES = departments.aliases as Record<string, string[]>;
/** A department's name with its connectives dropped: 「城市管理和综合行政执法局」 is 「城市管理综合行政执法局」. */
const withoutConnectives = (name: string) => name.replace(/[和与及]/g, '');

/** The data file's short names for a department's own name, however it writes its connectives. */
export function deptShortNames(dept: string): string[] {
  if (DEPT_ALIASES[dept]) return DEPT_ALIASES[dept];
  const key = withoutConnectives(dept);
  for (const [full, shorts] of Object.entries(DEPT_ALIASES))
    if (withoutConnectives(full) === key) return shorts;
  return [];
}

/**
 * One name for a department however it is written (full name, a short name of the data file, connectives or not):
 * 「住建局」「住房和城乡建设局」 → 「住房城乡建设局」. A name the data file lacks is its own, connectives dropped.
 */
export function deptCanonical(dept: string): string {
  const key = withoutConnectives(dept);
  for (const [full, shorts] of Object.entries(DEPT_ALIASES))
    if (withoutConnectives(full) === key || shorts.includes(dept)) return withoutConnectives(full);
  return key;
}

/** The short names of a department office (「××区市场监督管理局」→「××区市场监管局」「××市监局」…), from the data file. */
export function departmentAliases(org: string): string[] {
  const out: string[] = [];
  for (const [full, shorts] of Object.entries(DEPT_ALIASES)) {
    // Where the data file's name ends the office's, connectives aside (「棠浦市城市管理和综合行政执法局」).
    let prefix: string | null = null;
    for (let k = full.length; k <= full.length + 3 && k < org.length && prefix === null; k++)
      if (withoutConnectives(org.slice(-k)) === withoutConnectives(full)) prefix = org.slice(0, -k);
    if (prefix === null) continue;
    for (const short of shorts) {
      out.push(prefix + short);
      if (bareArea(prefix) !== prefix && bareArea(prefix).length >= 2) out.push(bareArea(prefix) + short);
    }
  }
  return out;
}

/** An ethnic township or town by its place name alone: 「岩枫彝族乡」 is called 「岩枫乡」. */
export function localAliases(org: string): string[] {
  const m = /^([\u4e00-\u9fff]{2,4}?)((?:[\u4e00-\u9fff]{1,3}?族)+)([乡镇])$/.exec(org);
  return m ? [m[1] + m[3]] : [];
}

/** 「武进区」→「武进」, 「宜都市」→「宜都」: how staff shorten a district, county or city. */
export const bareArea = (name: string) => (name.length >= 3 ? name.replace(/(新区|区|县|市|旗)$/, '') : name);

export interface LibraryOffice {
  /** Stable id: the org key plus its district when two offices share a name (城关镇 in two counties). */
  id: string;
  org: string;
  key: string;
  level: OfficeLevel | null;
  district: string | null;
  city: string | null;
  reports: ReportSummary[];
}

/** libraryOffices per list of reports: the store hands out one list per generation, so each is grouped once. */
const officesOf = new WeakMap<readonly ReportSummary[], LibraryOffice[]>();

/**
 * The library's offices: reports grouped by name, split by district when one name lives in several. The result
 * is kept for the list given (read-only: callers never change it), so a question costs no regrouping.
 */
export function libraryOffices(reports: ReportSummary[]): LibraryOffice[] {
  let out = officesOf.get(reports);
  if (!out) officesOf.set(reports, (out = groupOffices(reports)));
  return out;
}

function groupOffices(reports: ReportSummary[]): LibraryOffice[] {
  const byKey = new Map<string, ReportSummary[]>();
  for (const r of reports) {
    if (!r.meta.org) continue;
    const k = orgKey(r.meta.org);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const out: LibraryOffice[] = [];
  for (const [key, rs] of byKey) {
    const districts = [...new Set(rs.map((r) => r.meta.district).filter((d): d is string => !!d))];
    const groups =
      districts.length > 1
        ? districts.map((d) => rs.filter((r) => r.meta.district === d || !r.meta.district))
        : [rs];
    for (const g of groups) {
      const first = g.find((r) => r.meta.district) ?? g[0];
      const district = districts.length > 1 ? first.meta.district : (districts[0] ?? null);
      out.push({
        id: districts.length > 1 ? `${district}|${key}` : key,
        // The fullest spelling any of its reports uses (「大港街道」 over 「大港街」).
        org: g.map((r) => r.meta.org!).sort((a, b) => b.length - a.length)[0],
        key,
        level: first.meta.level,
        district,
        city: g.find((r) => r.meta.city)?.meta.city ?? null,
        reports: g,
      });
    }
  }
  return out;
}

/** Every office's aliases, per list of offices (computed once per list, not per question). */
const aliasTables = new WeakMap<
  readonly LibraryOffice[],
  Map<LibraryOffice, { text: string; bare: boolean }[]>
>();

function aliasTable(all: LibraryOffice[]): Map<LibraryOffice, { text: string; bare: boolean }[]> {
  let table = aliasTables.get(all);
  if (table) return table;
  // Which offices each bare form belongs to (their key, the key without 镇/乡, the key without 区/县/市).
  const holders = new Map<string, Set<LibraryOffice>>();
  for (const x of all)
    for (const form of [x.key, x.key.replace(/[镇乡]$/, ''), bareArea(x.key)])
      (holders.get(form) ?? holders.set(form, new Set()).get(form)!).add(x);
  table = new Map(all.map((o) => [o, aliases(o, all, holders)]));
  aliasTables.set(all, table);
  return table;
}

/** Names a question may use for an office: full, short (大港街), bare (大港) when that is not another office's. */
function aliases(
  o: LibraryOffice,
  all: LibraryOffice[],
  holders: Map<string, Set<LibraryOffice>>,
): { text: string; bare: boolean }[] {
  const names = new Set<string>();
  for (const r of o.reports) if (r.meta.org) names.add(r.meta.org.replace(/\s+/g, ''));
  names.add(o.org);
  if (o.level === '街道' || /街道?$/.test(o.org))
    for (const s of ['街道', '街', '街道办事处', '街道办']) names.add(o.key + s);
  if (o.level === '镇' || o.level === '乡') {
    names.add(o.org + '人民政府');
    for (const a of localAliases(o.org)) names.add(a);
  }
  // 「郫都区市监局」「郫都市场监管局」 for 郫都区市场监督管理局; 「司法局」 alone when the library has one.
  if (o.level === '部门' && o.district && o.org.startsWith(o.district)) {
    const dept = o.org.slice(o.district.length);
    const variants = [dept, ...deptShortNames(dept)];
    for (const v of variants) {
      names.add(o.district + v);
      if (bareArea(o.district).length >= 2) names.add(bareArea(o.district) + v);
      if (
        all.filter(
          (x) =>
            x.level === '部门' &&
            (x.org.endsWith(dept) || deptShortNames(x.org.slice((x.district ?? '').length)).includes(v)),
        ).length === 1
      )
        names.add(v);
    }
  }
  const out = [...names].filter((n) => n.length >= 2).map((text) => ({ text, bare: false }));
  const bare =
    o.level === '区' || o.level === '县' || o.level === '市' ? bareArea(o.key) : o.key.replace(/[镇乡]$/, '');
  const owners = holders.get(bare);
  const clash = !!owners && (owners.size > 1 || !owners.has(o));
  if (bare.length >= 2 && !clash && !names.has(bare)) out.push({ text: bare, bare: true });
  return out;
}

export interface OfficeMatch {
  start: number;
  end: number;
  mention: string;
  offices: LibraryOffice[];
  /** Set when the question wrote the name with one character wrong and it is read as this office. */
  correctedFrom?: string;
  /** Where a district written just before the name starts (「竹山城关镇」): a follow-up replaces both. */
  areaStart?: number;
}

export interface UnknownOffice {
  mention: string;
  /** Library offices with similar names (「您是否要问……」). */
  nearest: string[];
}

const GENERIC = /[我全本各该这那哪其所几每什年的个些某]/;
const LEVEL_CHAR = /^[街镇乡区县市]/;

/** Offices of the library a question names, places it names that the library lacks, and districts it narrows by. */
export function matchOffices(question: string, offices: LibraryOffice[], gaz: Gazetteer) {
  const q = question.replace(/\s+/g, '');
  let cut: string[] | null = null;
  const words = () => (cut ??= tokenize(q));
  const found: OfficeMatch[] = [];
  const spans: { start: number; end: number; office: LibraryOffice; text: string; bare: boolean }[] = [];
  const table = aliasTable(offices);
  for (const o of offices) {
    for (const a of table.get(o)!) {
      for (let at = q.indexOf(a.text); at >= 0; at = q.indexOf(a.text, at + 1)) {
        const after = q.slice(at + a.text.length, at + a.text.length + 1);
        // A bare name followed by another level (「和平」 in 「和平镇」 for 和平街道) names another office.
        if (
          a.bare &&
          LEVEL_CHAR.test(after) &&
          !(/^街/.test(after) && (o.level === '街道' || /街道?$/.test(o.org)))
        )
          continue;
        // …or is the start of an ordinary word (「人民」 in 「人民调解」 is not 人民街道).
        if (
          a.bare &&
          words().some((w) => w.length > a.text.length && w.startsWith(a.text) && q.startsWith(w, at))
        )
          continue;
        spans.push({ start: at, end: at + a.text.length, office: o, text: a.text, bare: a.bare });
      }
    }
  }
  // Longest first; a name inside a longer one (「和西」 in 「年和西于庄街道」) is dropped.
  spans.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const s of spans) {
    const same = found.find((f) => f.start === s.start && f.end === s.end);
    if (same) {
      if (!same.offices.includes(s.office)) same.offices.push(s.office);
      continue;
    }
    if (found.some((f) => s.start < f.end && f.start < s.end)) continue;
    found.push({ start: s.start, end: s.end, mention: s.text, offices: [s.office] });
  }

  // Places the question names that are not the library's offices: districts that narrow, or unknown offices.
  const districts: string[] = [];
  const unknown: UnknownOffice[] = [];
  const unknownAt: { u: UnknownOffice; end: number }[] = [];
  const libraryAreas = new Set(offices.flatMap((o) => [o.district, o.city]).filter((x): x is string => !!x));
  const isArea = (level: string) => level === '区' || level === '县' || level === '市';
  const addUnknown = (m: { name: string; start: number; end: number }, nearest: string[]) => {
    for (let i = found.length - 1; i >= 0; i--)
      if (found[i].start >= m.start && found[i].end <= m.end) found.splice(i, 1);
    const last = unknownAt[unknownAt.length - 1];
    if (last && last.end === m.start) {
      // 「北京市朝阳区」: places written one after another are one place.
      last.u.mention += m.name;
      last.end = m.end;
      return;
    }
    const u = { mention: m.name, nearest };
    unknown.push(u);
    unknownAt.push({ u, end: m.end });
  };
  const areaVariants = new Set([...libraryAreas].flatMap((a) => [a, bareArea(a)]));
  for (const m of officeMentions(q, gaz)) {
    if (found.some((f) => m.start < f.end && f.start < m.end && f.end - f.start >= m.end - m.start)) continue;
    if (m.places.length === 0 && GENERIC.test(m.name)) continue;
    // 「晋宁二街镇」: a district's short name written before a library office is one mention of both.
    if (
      !m.places.length &&
      found.some((f) => f.end === m.end && f.start > m.start && areaVariants.has(q.slice(m.start, f.start)))
    )
      continue;
    if (
      found.some(
        (f) =>
          f.start >= m.start &&
          f.end <= m.end &&
          f.offices.some((o) => o.org === m.name || o.key === orgKey(m.name)),
      )
    )
      continue;
    // A name one character off a library office's, and no real place: a typo of it (「松扬县」→ 松阳县).
    const typo =
      m.places.length === 0
        ? offices.filter((o) => oneEditApart(m.name, o.org) || oneEditApart(orgKey(m.name), o.key))
        : [];
    if (typo.length === 1) {
      for (let i = found.length - 1; i >= 0; i--)
        if (found[i].start >= m.start && found[i].end <= m.end) found.splice(i, 1);
      found.push({ start: m.start, end: m.end, mention: m.name, offices: typo, correctedFrom: m.name });
      continue;
    }
    // A district/county/city known only by its shape (「化工园区」「郫都市场」) is too loose to refuse on.
    if (!m.places.length && isArea(m.level)) continue;
    if (isArea(m.level) && libraryAreas.has(m.name)) {
      // Before an office (「滨海新区大港街」) or as a scope (「东丽区的街道」) it narrows; as the subject itself
      // (「朝阳区行政复议多少件」) it names the district's own office, which the library lacks.
      const rest = q.slice(m.end);
      const scope =
        found.some((f) => f.start === m.end) ||
        /^(的|各|所有|下属|辖区|内|境内)?(各个|各)?(街道|镇|乡|单位|部门|街镇|乡镇)/.test(rest);
      const next = officeMentions(rest, gaz)[0];
      if (scope || (next && next.start === 0)) {
        districts.push(m.name);
        continue;
      }
      addUnknown(
        m,
        offices
          .filter((o) => o.district === m.name || o.city === m.name)
          .map((o) => o.org)
          .slice(0, 3),
      );
      continue;
    }
    addUnknown(m, nearestOffices(m.name, offices));
  }
  found.sort((a, b) => a.start - b.start);
  // A district written just before an office (「长兴和平镇」「石泉城关镇」「房县城关镇」) says which one: the
  // library's office in that district, or — when the library has none there — an office it lacks.
  const areaOf = new Map<string, string>();
  for (const a of libraryAreas) {
    areaOf.set(a, a);
    if (bareArea(a).length >= 2) areaOf.set(bareArea(a), a);
  }
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i];
    if (
      f.offices.every((o) => o.level === '区' || o.level === '县' || o.level === '市' || o.level === '部门')
    )
      continue;
    const before = q.slice(Math.max(0, f.start - 6), f.start);
    let area: string | null = null;
    let written = '';
    let known = false;
    for (let len = Math.min(6, before.length); len >= 2 && !area; len--) {
      const s = before.slice(-len);
      if (!/^[\u4e00-\u9fff]+$/.test(s)) continue;
      if (areaOf.has(s)) [area, written, known] = [areaOf.get(s)!, s, true];
      else {
        // A real district, county or city the library has nothing of, written in full or short (「郧西」→ 郧西县).
        const place = gaz
          .lookup(s)
          .find(
            (p) =>
              (p.level === '区' || p.level === '县' || p.level === '市') &&
              (p.name === s || bareArea(p.name) === s),
          );
        if (place) [area, written] = [place.name, s];
      }
    }
    if (!area) continue;
    const inArea = f.offices.filter((o) => o.district === area || o.city === area);
    if (inArea.length) {
      f.offices = inArea;
      f.areaStart = f.start - written.length;
      if (!districts.includes(area)) districts.push(area);
    } else if (!known || f.offices.every((o) => o.district && o.district !== area)) {
      found.splice(i, 1);
      const mention = written + f.mention;
      // The district alone may already be listed as unknown (「郧西县」): one mention, not 「郧西县郧西县城关镇」.
      for (let j = unknown.length - 1; j >= 0; j--)
        if (mention.includes(unknown[j].mention) || unknown[j].mention.endsWith(mention))
          unknown.splice(j, 1);
      unknown.push({ mention, nearest: f.offices.map((o) => `${o.district ?? ''}${o.org}`) });
    }
  }
  // Districts named elsewhere in the question narrow same-named offices (「××县的城关镇」).
  for (const f of found) {
    if (f.offices.length > 1 && districts.length) {
      const narrowed = f.offices.filter((o) => o.district && districts.includes(o.district));
      if (narrowed.length) f.offices = narrowed;
    }
  }
  return { matches: found, unknown, districts };
}

export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) < 2) return false;
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    return diff === 1;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < l.length; i++) if (l.slice(0, i) + l.slice(i + 1) === s) return true;
  return false;
}

/** Library offices sharing the most characters with a name (at most three). */
export function nearestOffices(name: string, offices: LibraryOffice[]): string[] {
  const chars = new Set(orgKey(name).replace(/[镇乡区县市]$/, ''));
  return offices
    .map((o) => ({
      org: o.org,
      n: [...new Set(o.key.replace(/[镇乡区县市]$/, ''))].filter((c) => chars.has(c)).length,
    }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.org.localeCompare(b.org))
    .slice(0, 3)
    .map((x) => x.org);
}
