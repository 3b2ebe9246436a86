// Which office a text names as its own: name, level (街道/镇/乡/区/县/市/部门), district and city. Real place
// names come from the gazetteer (国家统计局区划); a name it lacks still works from the shape of a title
// (「××区人民政府××街道办事处关于……」「××区司法局……」).
import type { OfficeLevel } from '../domain.ts';
import type { Gazetteer, Place } from '../gazetteer/gazetteer.ts';

export interface Office {
  org: string;
  level: OfficeLevel;
  district: string | null;
  city: string | null;
}

interface Mention {
  start: number;
  end: number;
  /** The name as the text writes it, without 办事处/人民政府 (「西于庄街道」「和平镇」「东丽区」). */
  name: string;
  level: OfficeLevel;
  places: Place[];
}

/** Levels from the most local: the report's own office is the most local one its title names. */
const RANK: Record<OfficeLevel, number> = { 街道: 0, 镇: 0, 乡: 0, 部门: 1, 区: 2, 县: 2, 市: 3 };

const LOCAL_SUFFIX = /(街道办事处|街道办|街道|镇人民政府|镇政府|镇|乡人民政府|乡政府|乡)/g;
const AREA_SUFFIX = /(新区|自治县|自治旗|区|县|旗|盟|市)(?:人民政府|行政公署)?/g;
/** Characters a name never contains (「我街」「各街道」「年度乡」), and words that make it a phrase, not a name. */
const STOP =
  /[我全本各该此其每所的了在和与及对为将把被从由到等有这那之年度是委党某]|工作|建设|情况|报告|关于|法治|政府|未署名|未知|不详|署名/;
/** 「社区」「城区」 and the like are not districts; 「城区街道」 is still a street (caught before this applies). */
const NOT_DISTRICT = /^(社|小|街|城|辖|示范|全|本|我|各|该|园|景|校|片|试验|功能|开发|新|市|地)$/;
/** The words of a development zone's name before its 区 (longest first). */
const ZONE = /(?:经济技术开发|高新技术产业开发|高新技术开发|经济开发|高新|工业园|产业园)$/;
/** What a 区 ends a word with, not a district's name (社区, 小区, 街区, 辖区, 园区, 景区, 校区, 片区, 库区, 矿区, 厂区, 营区). */
const NOT_A_DISTRICT_END = /(?:社|小|街|辖|园|景|校|片|库|矿|厂|营|功能|试验)$/;
/** A department after its district: 「××区司法局」「××县市场监督管理局」. */
const DEPARTMENT = /^([\u4e00-\u9fff]{1,16}?(?:局|委员会|办公室|署|法院|检察院))/;

const levelOfSuffix = (suffix: string): OfficeLevel =>
  suffix.startsWith('街')
    ? '街道'
    : suffix.startsWith('镇')
      ? '镇'
      : suffix.startsWith('乡')
        ? '乡'
        : suffix.endsWith('县') || suffix.endsWith('旗')
          ? '县'
          : suffix === '市' || suffix === '盟'
            ? '市'
            : '区';

/** 「西于庄街道办事处」→「西于庄街道」, 「和平镇人民政府」→「和平镇」. */
export const officialName = (name: string) =>
  name.replace(/(办事处|街道办$|人民政府|政府)$/g, '').replace(/街道办$/, '街道');

/** Positions where a name may start: the text's start, after punctuation/digits/年, after another mention. */
function boundaries(text: string, mentions: Mention[]): Set<number> {
  const out = new Set<number>([0]);
  for (let i = 0; i < text.length; i++)
    if (/[\s\d，。、；：:,.（）()《》“”"'「」【】年|｜*#>-]/.test(text[i])) out.add(i + 1);
  for (const m of text.matchAll(
    /关于|现将|人民政府|办事处|党工委|在|其中|中共|下辖|所辖|据|(?<=[\u4e00-\u9fff\d])由/g,
  ))
    out.add((m.index ?? 0) + m[0].length);
  for (const m of mentions) out.add(m.end);
  return out;
}

/** A shape-only name is plausible: no stop characters, no district/city inside it (「××区新市」 is two names). */
function plausible(name: string): boolean {
  if (name.length < 2 || STOP.test(name) || !/^[\u4e00-\u9fff]+$/.test(name)) return false;
  // 「中共榧岭镇委员会」: the party committee of 榧岭镇, whose name starts after 中共.
  if (/^(?:中共|下辖|所辖|下属)/.test(name)) return false;
  // 「四个街道」「两个镇」: a count of offices, not a name.
  if (/^[一二两三四五六七八九十几多数]+个/.test(name)) return false;
  return !/^[\u4e00-\u9fff]{2,}[省市区县州旗盟][\u4e00-\u9fff]+$/.test(name) && !/^[省市区县]/.test(name);
}

/** Local offices (街道/镇/乡) the gazetteer does not know, by the shape of the text around them. */
function shapeMentions(text: string, known: Mention[], level: 'local' | 'area'): Mention[] {
  const out: Mention[] = [];
  const starts = boundaries(text, known);
  const re = level === 'local' ? LOCAL_SUFFIX : AREA_SUFFIX;
  for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
    const at = m.index ?? 0;
    if (known.some((k) => at >= k.start && at < k.end) || out.some((k) => at < k.end)) continue;
    if (level === 'local' && /^[镇乡]/.test(m[1]) && /^[村镇街土亲情愁音]/.test(text.slice(at + 1, at + 2)))
      continue;
    if (level === 'local' && m[1] === '乡' && text[at - 1] === '城') continue;
    // A development zone: its place name (the shortest that starts a name), then the zone words (「苕岚经济技术开发区」).
    const zone = level === 'area' && m[1] === '区' ? ZONE.exec(text.slice(0, at)) : null;
    if (zone) {
      const zoneAt = at - zone[0].length;
      for (let len = 2; len <= Math.min(4, zoneAt); len++) {
        const place = text.slice(zoneAt - len, zoneAt);
        if (!starts.has(zoneAt - len) || !plausible(place)) continue;
        out.push({
          start: zoneAt - len,
          end: at + m[0].length,
          name: `${place}${zone[0]}区`,
          level: '区',
          places: [],
        });
        break;
      }
      if (out.at(-1)?.end === at + m[0].length) continue;
    }
    const maxLen = level === 'local' ? 6 : 5;
    for (let len = Math.min(maxLen, at); len >= 2; len--) {
      const name = text.slice(at - len, at);
      if (!starts.has(at - len) || !plausible(name)) continue;
      // An area's name never holds a town's or street's (「城关镇地处自治县」 is not a county).
      if (level === 'area' && /[镇乡]|街道/.test(name.slice(1))) continue;
      if (m[1] === '盟' && /联$/.test(name)) continue;
      if (level === 'area' && NOT_DISTRICT.test(name.slice(-1)) && name.length === 1) continue;
      // 「覆盖社区」「进入小区」「景区」: a word ending in 社区/小区/园区…, not a district's name.
      if (level === 'area' && m[1] === '区' && NOT_A_DISTRICT_END.test(name)) continue;
      if (level === 'area' && /^(社|小|街|城|辖|示范|园|景|校|片|功能)$/.test(name)) continue;
      const suffix = m[1].replace(/人民政府|政府|办事处|办$/g, '');
      out.push({
        start: at - len,
        end: at + m[0].length,
        name: officialName(name + suffix),
        level: levelOfSuffix(suffix),
        places: [],
      });
      break;
    }
  }
  return out;
}

/** Every office the text names, in order: gazetteer names first, then names known only by their shape. */
export function officeMentions(raw: string, gaz: Gazetteer): Mention[] {
  const text = raw.replace(/\s+/g, '');
  const found: Mention[] = gaz.scan(text).map((m) => {
    const level = m.places[0]?.level ?? '街道';
    let end = m.end;
    const tail = /^(办事处|人民政府|政府)/.exec(text.slice(end));
    if (tail) end += tail[0].length;
    return { start: m.start, end, name: officialName(m.text), level, places: m.places };
  });
  // A district the gazetteer lacks still ends where a street's name begins (「栖林区晨光街道」).
  // An area's end is where the next may begin (「岚州市临溪区榆荫路街道」: a city, its district, then the street).
  const areas = shapeMentions(text, found, 'area');
  for (let more = shapeMentions(text, [...found, ...areas], 'area'); more.length;) {
    areas.push(...more);
    more = shapeMentions(text, [...found, ...areas], 'area');
  }
  const withLocal = [...found, ...shapeMentions(text, [...found, ...areas], 'local')];
  // An area's end is where the next may begin (「璟川市云岫区」: a city, then its district).
  const areasOfAreas: Mention[] = [];
  for (let known = withLocal, more = shapeMentions(text, known, 'area'); more.length;) {
    areasOfAreas.push(...more);
    known = [...known, ...more];
    more = shapeMentions(text, known, 'area');
  }
  const all = [...withLocal, ...areasOfAreas].sort((a, b) => a.start - b.start);
  // A department follows its district or city: 「××区司法局」.
  for (const m of all) {
    if (m.level !== '区' && m.level !== '县' && m.level !== '市') continue;
    const dept = DEPARTMENT.exec(text.slice(m.end));
    if (
      dept &&
      !/人民政府|关于|年|的|党|街道|政府/.test(dept[1]) &&
      !all.some((o) => o.start > m.start && o.start < m.end + dept[1].length)
    ) {
      all.push({
        start: m.start,
        end: m.end + dept[1].length,
        name: m.name + dept[1],
        level: '部门',
        places: m.places,
      });
    }
  }
  return all.sort((a, b) => a.start - b.start);
}

/**
 * The office a title, an opening sentence, a sign-off or a file name names as its own: the most local one
 * (「××区人民政府××街道办事处」 is the street, in that district). `context` (the report's other parts) picks
 * among places with the same name (建设街道 ×17) when it names their district, city or province.
 */
export function findOffice(text: string, gaz: Gazetteer, context = ''): Office | null {
  const mentions = officeMentions(text, gaz);
  if (!mentions.length) return null;
  const own = [...mentions].sort(
    (a, b) => RANK[a.level] - RANK[b.level] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  )[0];
  const before = mentions.filter((m) => m.start < own.start && m !== own);
  const namedDistrict = [...before]
    .reverse()
    .find(
      (m) =>
        m.level === '区' || m.level === '县' || (m.level === '市' && RANK[own.level] < 2 && isCountyCity(m)),
    );
  const namedCity = [...before].reverse().find((m) => m.level === '市' && m !== namedDistrict);
  const all = `${text}\n${context}`.replace(/\s+/g, '');
  let district: string | null =
    own.level === '区' || own.level === '县' ? own.name : (namedDistrict?.name ?? null);
  let city: string | null = namedCity?.name ?? (own.level === '市' ? null : null);
  if (own.level === '市') district = own.name;
  if (own.level === '部门') district = namedOrSelfArea(own, mentions);
  const place = resolvePlace(own, gaz, all, district);
  if (place) {
    if (own.level !== '市' && own.level !== '部门') district ??= place.district;
    // The city only where the report names it (a district's city is not filled in from the gazetteer).
    city ??= place.city && place.city !== own.name && all.includes(place.city) ? place.city : null;
  }
  if (own.level === '市' && city === own.name) city = null;
  return { org: own.name, level: own.level, district, city };
}

/** The department's own district or city: 「东丽区司法局」→ 东丽区. */
function namedOrSelfArea(dept: Mention, mentions: Mention[]): string | null {
  const area = mentions.find((m) => m !== dept && m.start === dept.start && m.level !== '部门');
  return area ? area.name : null;
}

const isCountyCity = (m: Mention) => m.places.some((p) => p.level === '市' && p.district === p.name);

/**
 * The one gazetteer place the office is, when the report says enough to tell: its district/city is named, or
 * context narrows same-named places to one. A unique name alone does not fill in a district the report never gives.
 */
function resolvePlace(own: Mention, gaz: Gazetteer, context: string, district: string | null): Place | null {
  const places = own.places.length ? own.places : gaz.lookup(own.name);
  if (!places.length) return null;
  const inDistrict = district ? places.filter((p) => p.district === district || p.name === district) : [];
  if (inDistrict.length === 1) return inDistrict[0];
  const narrowed = gaz.disambiguate(places, context);
  if (narrowed.length !== 1) return null;
  const p = narrowed[0];
  const named =
    (p.district && p.district !== p.name && context.includes(p.district)) ||
    (p.city && context.includes(p.city)) ||
    (p.province && context.includes(p.province));
  return named || narrowed.length < places.length ? p : null;
}

/** 「我镇」「本街道」「全乡」: the level a report speaks as, when it never writes its name. */
export function selfLevel(body: string): OfficeLevel | null {
  const counts: [OfficeLevel, RegExp][] = [
    ['街道', /[我本全]街道?(?![头巷路])/g],
    ['镇', /[我本全]镇/g],
    ['乡', /[我本全]乡(?![村镇])/g],
    ['区', /[我本]区(?!委)/g],
    ['县', /[我本]县/g],
    ['部门', /[我本]局/g],
  ];
  let best: OfficeLevel | null = null;
  let n = 2; // at least three mentions, so one quoted phrase does not decide it
  for (const [level, re] of counts) {
    const c = (body.match(re) ?? []).length;
    if (c > n) [best, n] = [level, c];
  }
  return best;
}
