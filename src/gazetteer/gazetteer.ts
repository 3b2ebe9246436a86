// Gazetteer: recognises Chinese place names (省/市/区县/街道/镇/乡) in names and text. Pure — built from
// PlacesData; Node loads it from places.json (load.ts), Workers get the empty one (load-workers.ts).
import { aliasesOf, stemOf, stripOfficeWords } from './names.ts';
import { emptyPlacesData, type PlacesData } from './places-data.ts';

export type { PlacesData } from './places-data.ts';
export type OfficeLevel = '街道' | '镇' | '乡' | '区' | '县' | '市' | '部门';

export interface Place {
  name: string;
  level: OfficeLevel;
  /** The 区/县/县级市 the place is in, or is (null for a 地级 city and for towns of cities without districts, 东莞). */
  district: string | null;
  /** The 地级 city (a 直辖市 is its own city; null under 省直辖县级行政区划, e.g. 仙桃市). */
  city: string | null;
  province: string | null;
  /** 统计用区划代码: 9 digits for 街道/镇/乡, 6 for 区县, 4 for a city, 2 for a 直辖市. */
  code: string;
}

export interface Mention {
  start: number;
  end: number;
  text: string;
  places: Place[];
}

export interface Gazetteer {
  /** Places whose official name is `name`, or whose name without its suffix (街道/镇/乡/地区办事处…) is, or an alias (「大港街」 → 大港街道). */
  lookup(name: string): Place[];
  /** Every place-name mention in `text`: longest match at each position, no match that starts inside a longer one; each with its candidate places. */
  scan(text: string): Mention[];
  /** Narrow candidates by context: keep the places whose district, city or province is named in `context`; unchanged when none is. */
  disambiguate(places: Place[], context: string): Place[];
  readonly size: number;
}

/** Names shorter than this are found by lookup only: 2-character names (城区, 南县, 和县) are ordinary words in text. */
const MIN_SCAN = 3;
/** What scan reports: names of MIN_SCAN characters or more; 「新华街道办事处」 is reported as 新华街道 (its alias). */
const scannable = (name: string) => name.length >= MIN_SCAN && !name.endsWith('办事处');
/**
 * Names that read as prose (「更新街镇动态」 holds 新街镇, 「推进老城区改造」 老城区, 「城东区域」 城东区): scan reports
 * them only at the start of the text, after a non-Han character, or right after a 省/市/区/县/旗 (「东莞市厚街镇」).
 */
const PROSE_LIKE = /^(?:.(?:街镇|街乡|镇乡)|(?:中心|新城|老城|城中)[镇乡区]|城[东西南北中关]区)$/;
const GUARD_OK = /[^\p{Script=Han}]|[省市区县旗]/u;

/** Adds `place` under `key`; a place's own keys are added one after another, so checking the last one dedupes. */
function indexAdd(index: Map<string, Place[]>, key: string, place: Place) {
  const list = index.get(key);
  if (!list) index.set(key, [place]);
  else if (list[list.length - 1] !== place) list.push(place);
}

export function createGazetteer(data: PlacesData): Gazetteer {
  const provinces = new Map(data.provinces);
  const cities = new Map(data.cities);
  const areas = new Map<string, string>();
  const names = new Map<string, Place[]>(); // official names and aliases
  const all: Place[] = [];

  const add = (place: Place) => {
    all.push(place);
    indexAdd(names, place.name, place);
    for (const alias of aliasesOf(place.name)) indexAdd(names, alias, place);
  };
  // Stems serve lookup only: indexed on its first call, so a process that only scans never pays for them.
  let stems: Map<string, Place[]> | undefined;
  const stemIndex = () => {
    if (stems) return stems;
    stems = new Map();
    for (const place of all) {
      for (const name of [place.name, ...aliasesOf(place.name)]) {
        const stem = stemOf(name);
        if (stem) indexAdd(stems, stem, place);
      }
    }
    for (const list of stems.values()) Object.freeze(list);
    return stems;
  };
  const cityOf = (code: string) => cities.get(code.slice(0, 4)) ?? cities.get(code.slice(0, 2)) ?? null;

  for (const [code, name] of data.cities) {
    add({
      name,
      level: '市',
      district: null,
      city: name,
      province: provinces.get(code.slice(0, 2)) ?? null,
      code,
    });
  }
  for (const level of ['区', '县', '市'] as const) {
    for (const [code, name] of data.areas[level]) {
      areas.set(code, name);
      add({
        name,
        level,
        district: name,
        city: cityOf(code),
        province: provinces.get(code.slice(0, 2)) ?? null,
        code,
      });
    }
  }
  for (const level of ['街道', '镇', '乡'] as const) {
    for (const [area, ...list] of data.streets[level]) {
      const district = areas.get(area) ?? null;
      const city = cityOf(area);
      const province = provinces.get(area.slice(0, 2)) ?? null;
      for (const s of list)
        add({ name: s.slice(3), level, district, city, province, code: area + s.slice(0, 3) });
    }
  }

  // scan: the longest scannable name for each first MIN_SCAN characters.
  const longestByPrefix = new Map<string, number>();
  for (const key of names.keys()) {
    if (!scannable(key)) continue;
    const prefix = key.slice(0, MIN_SCAN);
    if ((longestByPrefix.get(prefix) ?? 0) < key.length) longestByPrefix.set(prefix, key.length);
  }
  for (const list of names.values()) Object.freeze(list);

  return {
    size: all.length,
    lookup(name) {
      const keys = new Set([name.trim(), stripOfficeWords(name)]);
      const out = new Set<Place>();
      for (const key of keys) for (const p of names.get(key) ?? []) out.add(p);
      for (const key of keys) for (const p of stemIndex().get(key) ?? []) out.add(p);
      return [...out];
    },
    scan(text) {
      const found: Mention[] = [];
      for (let i = 0; i + MIN_SCAN <= text.length; i++) {
        const longest = longestByPrefix.get(text.slice(i, i + MIN_SCAN));
        if (!longest) continue;
        for (let length = Math.min(longest, text.length - i); length >= MIN_SCAN; length--) {
          const candidate = text.slice(i, i + length);
          const places = names.get(candidate);
          if (
            places &&
            scannable(candidate) &&
            (i === 0 || !PROSE_LIKE.test(candidate) || GUARD_OK.test(text[i - 1]))
          )
            found.push({ start: i, end: i + length, text: candidate, places });
        }
      }
      // Overlaps: the longer mention wins (then the earlier).
      found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
      const taken = new Uint8Array(text.length);
      const kept = found.filter((m) => {
        for (let i = m.start; i < m.end; i++) if (taken[i]) return false;
        taken.fill(1, m.start, m.end);
        return true;
      });
      return kept.sort((a, b) => a.start - b.start);
    },
    disambiguate(places, context) {
      let best = 0;
      const scored = places.map((place) => {
        const score = contextNames(place).filter((forms) => forms.some((f) => context.includes(f))).length;
        best = Math.max(best, score);
        return { place, score };
      });
      return best === 0 ? places : scored.filter((s) => s.score === best).map((s) => s.place);
    },
  };
}

/**
 * How a place's district, city and province may be named in a context, one list per level: the district by its
 * full name, the city and province also by their stems (「天津」, 「内蒙古」). A place's own name doesn't count.
 */
function contextNames(place: Place): string[][] {
  const levels: string[][] = [];
  const seen = new Set([place.name]);
  for (const name of [place.district, place.city, place.province]) {
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const stem = name === place.district ? null : stemOf(name);
    levels.push(stem ? [name, stem] : [name]);
  }
  return levels;
}

export const emptyGazetteer: Gazetteer = createGazetteer(emptyPlacesData);
