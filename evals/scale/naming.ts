// How staff name an office and a year in a question: the district when the name is shared (铁东区和平街道,
// 铁东和平街道), 「和平街」 or the bare name when it is not, 「2023年」「23年」「2023年度」 before or after it.
import { bareArea } from '../../src/question/offices.ts';
import type { ScaleLibrary } from './generate.ts';

export interface Office {
  name: string;
  district: string | null;
  years: number[];
  generated: boolean;
  /** Every report of it writes its district: only then may a question name it by district. */
  districtStated: boolean;
}

/** 和平街道/和平街 → 和平; 和平镇 stays (as the library's office keys). */
export const nameKey = (n: string) => n.replace(/(街道办事处|街道|街)$/, '');
/** 和平镇 → 和平, 和平街道 → 和平: the name without its level. */
export const bareKey = (n: string) => nameKey(n).replace(/[镇乡]$/, '');

/** Every office of the library: generated ones (with the years generated) and the seed/fixture ones. */
export function officesOf(lib: ScaleLibrary): Office[] {
  const byId = new Map<string, Office>();
  for (const r of lib.reports) {
    const id = `${r.office.district}|${r.office.name}`;
    const o = byId.get(id) ?? {
      name: r.office.name,
      district: r.office.district,
      years: [],
      generated: true,
      districtStated: true,
    };
    o.years.push(r.year);
    o.districtStated &&= r.districtStated;
    byId.set(id, o);
  }
  return [
    ...byId.values(),
    ...lib.known.map((k) => ({ ...k, generated: false, districtStated: k.district !== null })),
  ];
}

/** Naming an office by its name alone is ambiguous when another office (or a report that states no district) shares it. */
export const fullAmbiguous = (o: Office, all: Office[]) =>
  all.some((x) => x !== o && nameKey(x.name) === nameKey(o.name));
export const bareAmbiguous = (o: Office, all: Office[]) =>
  bareKey(o.name).length < 2 ||
  all.some(
    (x) => x !== o && (bareKey(x.name) === bareKey(o.name) || bareArea(x.district ?? '') === bareKey(o.name)),
  );

/** Naming and phrasing drawn with `rand` over the library's offices `all`. */
export function namer(all: Office[], rand: () => number) {
  // Districts whose bare name is itself an office's name (和平区, 解放区, 前进区, 西湖区): never shortened.
  const bareDistrictOk = (d: string) =>
    d.length <= 4 &&
    !/自治/.test(d) &&
    bareArea(d) !== d &&
    bareArea(d).length >= 2 &&
    !all.some((o) => bareKey(o.name) === bareArea(d));

  function naming(o: Office, city: string): { text: string; naming: string } {
    const d = o.district!;
    const byDistrict = o.districtStated ? 1 : 0;
    const short = o.name.endsWith('街道') ? o.name.replace(/道$/, '') : null;
    const options: [string, string, number][] = fullAmbiguous(o, all)
      ? [
          ['district', d + o.name, 45],
          ['bare-district', bareArea(d) + o.name, bareDistrictOk(d) ? 30 : 0],
          ['city-district', city + d + o.name, 10],
          ['district-short', d + (short ?? o.name), short ? 15 : 0],
        ]
      : [
          ['full', o.name, 45],
          ['short', short ?? o.name, short ? 20 : 0],
          ['bare', bareKey(o.name), o.name.endsWith('街道') && !bareAmbiguous(o, all) ? 10 : 0],
          ['district', d + o.name, 15 * byDistrict],
          ['bare-district', bareArea(d) + o.name, bareDistrictOk(d) ? 10 * byDistrict : 0],
        ];
    const total = options.reduce((s, [, , w]) => s + w, 0);
    let x = rand() * total;
    for (const [form, text, w] of options) if ((x -= w) < 0) return { text, naming: form };
    return { text: o.name, naming: 'full' };
  }

  /** 「铁东区和平街道23年罚了多少钱？」 in one of the ways staff word it. */
  function phrase(
    name: string,
    year: number | null,
    predicate: string,
  ): { question: string; yearForm: string } {
    if (year === null) return { question: `${name}${predicate}？`, yearForm: 'none' };
    const r = rand();
    const [y, form] =
      r < 0.5
        ? [`${year}年`, 'YYYY年']
        : r < 0.85
          ? [`${year % 100}年`, 'YY年']
          : [`${year}年度`, 'YYYY年度'];
    const p = rand();
    if (p < 0.7) return { question: `${name}${y}${predicate}？`, yearForm: `${form}/after` };
    if (p < 0.9) return { question: `${y}${name}${predicate}？`, yearForm: `${form}/before` };
    return { question: `${name}${predicate}，${y}的`, yearForm: `${form}/trailing` };
  }

  return { naming, phrase };
}
