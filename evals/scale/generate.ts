// Deterministic generator of the scale library: ≥ 200 report texts (in memory) of offices whose names collide,
// each with its own randomly drawn figures, and a record of every figure it wrote (what the cases are made from).
import { rng } from '../../bench/synthetic-corpus.ts';
import {
  collidingOffices,
  fillerOffices,
  libraryOffices,
  type KnownOffice,
  type ScaleOffice,
} from './offices.ts';
import {
  DUTY_HEADINGS,
  DUTY_SENTENCES,
  FILLER,
  GROUPS,
  MEASURES_HEADINGS,
  NEXT_HEADINGS,
  NEXT_STEPS,
  SHORTCOMING_HEADINGS,
  SHORTCOMINGS,
  TOPICS,
  type FigureKind,
  type Topic,
} from './templates.ts';

export const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
const CN = ['一', '二', '三', '四', '五', '六', '七', '八'];

/** One figure a generated report states: the fact a case expects and the clause a case cites. */
export interface FactRecord {
  topic: string;
  kind: FigureKind;
  /** Figure with its unit, as written (「64起」「12.6万元」「97.46%」); occurs exactly once in the report. */
  figure: string;
  /** The clause around it (between commas), a substring of one paragraph. */
  clause: string;
}

export interface GeneratedReport {
  /** File name given to ingest (no office in it: metadata must come from the text). */
  name: string;
  text: string;
  office: ScaleOffice;
  year: number;
  /** Whether the title names the district (most) or only the office. */
  titleNamesDistrict: boolean;
  /** Whether the district is written anywhere (title, opening or sign-off). */
  districtStated: boolean;
  facts: FactRecord[];
}

export interface ScaleLibrary {
  reports: GeneratedReport[];
  /** The seed and fixture offices ingested beside the generated ones. */
  known: KnownOffice[];
}

export interface GenerateOptions {
  seed?: number;
  /** At least this many reports (fillers are added until reached). */
  minReports?: number;
}

/** Reports and their figure records. Same options ⇒ the same texts, byte for byte. */
export function generateLibrary({ seed = 20250707, minReports = 240 }: GenerateOptions = {}): ScaleLibrary {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const known = libraryOffices();
  const special = collidingOffices();
  const figures = new FigurePool(rand);
  const reports: GeneratedReport[] = [];
  const collides = (o: ScaleOffice) =>
    [...special, ...known].some(
      (x) => x !== o && x.name.replace(/(街道|街)$/, '') === o.name.replace(/(街道|街)$/, ''),
    );

  const addOffice = (o: ScaleOffice, force?: string) => {
    const n = rand() < 0.4 ? 1 : rand() < 0.6 ? 2 : 3;
    const taken = new Set(
      known.filter((k) => k.name === o.name && k.district === o.district).flatMap((k) => k.years),
    );
    const years = shuffle(
      YEARS.filter((y) => !taken.has(y)),
      rand,
    )
      .slice(0, n)
      .sort();
    for (const year of years) {
      const name = `Z${String(reports.length + 1).padStart(3, '0')}-${year}年度报告.txt`;
      reports.push(
        writeReport({ office: o, year, name, rand, pick, figures, mustStateDistrict: collides(o), force }),
      );
    }
  };
  // 西湖街道 always reports its contracts: 「2023年和西湖街道签约的法律顾问……」 is asked of it.
  for (const o of special) addOffice(o, o.name === '西湖街道' ? '法律顾问审核合同' : undefined);
  const avoid = [...special, ...known].map((o) => o.name);
  while (reports.length < minReports)
    for (const o of fillerOffices(1, rand, avoid)) (avoid.push(o.name), addOffice(o));
  return { reports, known };
}

/** Figures drawn without repeats per unit: no figure string equals, or ends with, another one of its unit. */
class FigurePool {
  private used = new Map<string, string[]>();
  constructor(private rand: () => number) {}

  draw(t: Topic, unit: string): string {
    for (let tries = 0; ; tries++) {
      const f = format(t.kind, unit, t.range, this.rand);
      const value = Number(f.replace(/[^\d.]/g, ''));
      if (value >= 1990 && value <= 2030) continue; // never a figure that reads as a year
      const used = this.used.get(unit) ?? [];
      if (tries < 500 && used.some((u) => u.endsWith(f) || f.endsWith(u))) continue;
      this.used.set(unit, [...used, f]);
      return f;
    }
  }
}

function format(kind: FigureKind, unit: string, [lo, hi]: [number, number], rand: () => number): string {
  if (kind === 'rate') return `${(lo + rand() * (hi - lo)).toFixed(2)}%`;
  if (kind === 'money' && unit === '元') return `${1200 + Math.floor(rand() * 96800)}元`;
  if (kind === 'money')
    return `${(lo + rand() * (hi - lo)).toFixed(rand() < 0.7 ? 1 : 2).replace(/\.?0+$/, '')}${unit}`;
  return `${lo + Math.floor(rand() * (hi - lo + 1))}${unit}`;
}

export function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const occurrences = (text: string, s: string) => text.split(s).length - 1;

interface WriteInput {
  office: ScaleOffice;
  year: number;
  name: string;
  rand: () => number;
  pick: <T>(xs: readonly T[]) => T;
  figures: FigurePool;
  /** Names shared with another office: the district is written somewhere, or no question could tell them apart. */
  mustStateDistrict: boolean;
  force?: string;
}

/** One report; redrawn until every figure it states occurs in it exactly once. */
function writeReport(w: WriteInput): GeneratedReport {
  for (;;) {
    const r = draft(w);
    if (r.facts.every((f) => occurrences(r.text, f.figure) === 1)) return r;
  }
}

function draft({
  office: o,
  year,
  name,
  rand,
  pick,
  figures,
  mustStateDistrict,
  force,
}: WriteInput): GeneratedReport {
  const lv = o.level;
  const self = lv === '街道' ? '街道' : lv; // 「全街道」「全镇」
  const areaWord =
    o.district.slice(-1) === '区'
      ? '区'
      : o.district.slice(-1) === '县'
        ? '县'
        : o.district.slice(-1) === '旗'
          ? '旗'
          : '市';
  const titleNamesDistrict = rand() < 0.75;
  const leadNamesDistrict = !titleNamesDistrict && (mustStateDistrict ? rand() < 0.5 : rand() < 0.3);
  const signoffNamesDistrict = titleNamesDistrict
    ? rand() < 0.7
    : mustStateDistrict
      ? !leadNamesDistrict || rand() < 0.5
      : rand() < 0.3;
  const title = titleNamesDistrict
    ? pick([
        `${o.city}${o.district}${o.name}${year}年法治政府建设情况报告`,
        `${o.district}${o.name}关于${year}年度法治政府建设工作情况的报告`,
      ])
    : pick([`${o.name}${year}年度法治政府建设工作报告`, `${o.name}关于${year}年法治政府建设情况的报告`]);
  const leader = leadNamesDistrict ? `${o.district}委、${areaWord}政府` : `${areaWord}委、${areaWord}政府`;
  const lead = `${year}年，${o.name}在${leader}的领导下，坚持以习近平法治思想为指导，${pick(['把法治政府建设作为基层治理的基础性工作', '围绕依法履职、规范执法、化解矛盾、服务群众的目标', '统筹推进依法行政和基层治理'])}，各项任务有序推进。现将${o.name}${year}年法治政府建设情况报告如下。`;

  // Topics of this report, one unit each, one figure each.
  const chosen = shuffle(TOPICS, rand).slice(0, 6 + Math.floor(rand() * 5));
  if (force && !chosen.some((t) => t.id === force)) chosen.push(TOPICS.find((t) => t.id === force)!);
  const facts: FactRecord[] = [];
  const sentenceOf = new Map<Topic, string>();
  for (const t of chosen) {
    const figure = figures.draw(t, pick(t.units));
    const s = pick(t.sentences)
      .replaceAll('{lv}', self)
      .replaceAll('{k}', String(2 + Math.floor(rand() * 8)));
    const full = s.replace('{v}', figure);
    const clause = full.split('，').find((c) => c.includes(figure))!;
    facts.push({ topic: t.id, kind: t.kind, figure, clause });
    sentenceOf.set(t, full + '。');
  }

  const lines = [title, '', lead, '', pick(MEASURES_HEADINGS)];
  const groups = shuffle(Object.keys(GROUPS) as (keyof typeof GROUPS)[], rand).filter(
    (g) => chosen.some((t) => t.group === g) || rand() < 0.3,
  );
  groups.forEach((g, i) => {
    lines.push(`（${CN[i]}）${pick(GROUPS[g])}`);
    const body = [
      pick(FILLER[g]),
      ...shuffle(
        chosen.filter((t) => t.group === g),
        rand,
      ).map((t) => sentenceOf.get(t)!),
    ];
    if (rand() < 0.5) body.push(pick(FILLER[g].filter((f) => f !== body[0])));
    lines.push(body.join(''));
  });
  let n = 1;
  if (rand() < 0.5) {
    lines.push(`${CN[n++]}、${pick(DUTY_HEADINGS)}`);
    lines.push(
      shuffle(DUTY_SENTENCES, rand)
        .slice(0, 3)
        .join('')
        .replace('{k}', String(2 + Math.floor(rand() * 8))),
    );
  }
  lines.push(`${CN[n++]}、${pick(SHORTCOMING_HEADINGS)}`);
  const shortcomings = shuffle(SHORTCOMINGS, rand).slice(0, 2 + Math.floor(rand() * 2));
  if (rand() < 0.5) lines.push(shortcomings.map((s, i) => `${CN[i]}是${s}`).join('；') + '。');
  else lines.push(...shortcomings.map((s, i) => `（${CN[i]}）${s}。`));
  lines.push(`${CN[n++]}、${pick(NEXT_HEADINGS)}`);
  lines.push(
    ...shuffle(NEXT_STEPS, rand)
      .slice(0, 3 + Math.floor(rand() * 2))
      .map((s, i) => `${CN[i]}是${s}。`),
  );
  const signer = lv === '街道' ? `人民政府${o.name}办事处` : `${o.name}人民政府`;
  const area = rand() < 0.5 ? `${o.city}${o.district}` : o.district;
  lines.push(
    '',
    signoffNamesDistrict
      ? lv === '街道'
        ? `${area}${signer}`
        : `${area}${o.name}人民政府`
      : lv === '街道'
        ? `${o.name}办事处`
        : signer,
  );
  lines.push(`${year + 1}年${1 + Math.floor(rand() * 3)}月${1 + Math.floor(rand() * 28)}日`);
  return {
    name,
    text: lines.join('\n') + '\n',
    office: o,
    year,
    titleNamesDistrict,
    districtStated: titleNamesDistrict || leadNamesDistrict || signoffNamesDistrict,
    facts,
  };
}
