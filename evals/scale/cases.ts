// Answer cases derived from what the generator wrote: figure questions naming the office as staff do (district
// when the name collides, 「和平街」, 「23年」), and refusals (offices that collide by name but are absent, years
// an office lacks, money asked of a figure the reports only count).
import { rng } from '../../bench/synthetic-corpus.ts';
import { bareArea } from '../../src/question/offices.ts';
import { bareAmbiguous, bareKey, fullAmbiguous, nameKey, namer, officesOf, type Office } from './naming.ts';
import type { AnswerCase } from '../answers/eval-answers.ts';
import { shuffle, YEARS, type GeneratedReport, type ScaleLibrary } from './generate.ts';
import { ABSENT, SEED_TRAPS } from './probes.ts';
import { TOPICS } from './templates.ts';

/** A case plus what it probes, for grouping failures (the runner never scores these fields). */
export type ScaleCase = AnswerCase & {
  probe: {
    /** The report that holds the answer (answerable cases) or that a refusal must not be answered from. */
    report?: string;
    office: string;
    district: string | null;
    year: number | null;
    topic: string;
    /** How the office was named: full / short (和平街) / bare (西于庄) / district (铁东区和平街道) / bare-district (铁东和平街道) / city-district. */
    naming: string;
    /** How the year was written (YYYY年 / YY年 / YYYY年度 / none) and where (after / before / trailing the office). */
    yearForm: string;
  };
};

export interface CaseOptions {
  seed?: number;
  answerable?: number;
  missingYears?: number;
  wrongKinds?: number;
  ambiguous?: number;
}

export function deriveCases(
  lib: ScaleLibrary,
  { seed = 11, answerable = 150, missingYears = 20, wrongKinds = 16, ambiguous = 10 }: CaseOptions = {},
): ScaleCase[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const all = officesOf(lib);
  const officeOf = (r: GeneratedReport) =>
    all.find((o) => o.generated && o.name === r.office.name && o.district === r.office.district)!;
  const { naming, phrase } = namer(all, rand);

  const cases: ScaleCase[] = [];
  const add = (c: Omit<ScaleCase, 'id'>) =>
    cases.push({ ...c, id: `scale-${String(cases.length + 1).padStart(3, '0')}` });
  // A near-name: its name without level sits inside another office's or district's name, or holds one (于庄乡 ↔ 西于庄街道).
  const near = (o: Office) => {
    const b = bareKey(o.name);
    return all.some(
      (x) =>
        x !== o &&
        [bareKey(x.name), bareArea(x.district ?? '')].some(
          (n) => n.length >= 2 && (n.includes(b) || b.includes(n)),
        ),
    );
  };
  const typeOf = (o: Office) => (fullAmbiguous(o, all) ? 'collision' : near(o) ? 'near-name' : 'figure');

  // Answerable: (report, figure) pairs, offices whose names collide first.
  const pool = lib.reports.flatMap((r) => r.facts.map((f) => ({ r, f })));
  const colliding = shuffle(
    pool.filter(({ r }) => fullAmbiguous(officeOf(r), all) || bareAmbiguous(officeOf(r), all)),
    rand,
  );
  const plain = shuffle(
    pool.filter((x) => !colliding.includes(x)),
    rand,
  );
  const seen = new Set<string>();
  const sample = [...colliding.slice(0, Math.round(answerable * 0.6)), ...plain].filter(({ r, f }) => {
    const k = `${r.name}|${f.topic}`;
    return !seen.has(k) && (seen.add(k), true);
  });
  for (const { r, f } of sample.slice(0, answerable)) {
    const o = officeOf(r);
    const topic = TOPICS.find((t) => t.id === f.topic)!;
    const single = o.years.length === 1;
    const name = naming(o, r.office.city);
    // 「2023年和西湖街道签约的法律顾问……」: 和西街道 must not be read into it.
    const withHe = r.office.name.startsWith('西') && f.topic === '法律顾问审核合同';
    const { question, yearForm } = withHe
      ? {
          question: `${r.year}年和${name.text}签约的法律顾问审核了多少份合同？`,
          yearForm: 'YYYY年/before-和',
        }
      : phrase(name.text, single && rand() < 0.15 ? null : r.year, pick(topic.questions));
    add({
      type: withHe ? 'near-name' : typeOf(o),
      question,
      answerable: true,
      facts: [f.figure],
      cite: [{ report: r.name, text: f.clause }],
      probe: {
        report: r.name,
        office: r.office.name,
        district: r.office.district,
        year: r.year,
        topic: f.topic,
        naming: name.naming,
        yearForm,
      },
    });
  }

  // A colliding name asked without its district, of a year several of its offices report: every one answers,
  // saying which district each figure is from.
  const groups = new Map<string, GeneratedReport[]>();
  for (const r of lib.reports)
    if (fullAmbiguous(officeOf(r), all))
      groups.set(`${nameKey(r.office.name)}|${r.year}`, [
        ...(groups.get(`${nameKey(r.office.name)}|${r.year}`) ?? []),
        r,
      ]);
  const several = shuffle([...groups.values()], rand).filter((rs) => {
    const k = nameKey(rs[0].office.name);
    return (
      new Set(rs.map((r) => r.office.district)).size > 1 &&
      !lib.known.some((o) => nameKey(o.name) === k && o.years.includes(rs[0].year))
    );
  });
  for (const rs of several.slice(0, ambiguous)) {
    const topics = TOPICS.filter((t) => rs.every((r) => r.facts.some((f) => f.topic === t.id)));
    if (!topics.length) continue;
    const t = pick(topics);
    const facts = rs.map((r) => r.facts.find((f) => f.topic === t.id)!);
    const name =
      rs[0].office.name.endsWith('街道') && rand() < 0.3
        ? rs[0].office.name.replace(/道$/, '')
        : rs[0].office.name;
    const { question, yearForm } = phrase(name, rs[0].year, pick(t.questions));
    add({
      type: 'ambiguous',
      question,
      answerable: true,
      facts: [...facts.map((f) => f.figure), ...rs.map((r) => r.office.district)],
      cite: rs.map((r, i) => ({ report: r.name, text: facts[i].clause })),
      probe: {
        office: rs[0].office.name,
        district: null,
        year: rs[0].year,
        topic: t.id,
        naming: name === rs[0].office.name ? 'full' : 'short',
        yearForm,
      },
    });
  }

  // Years an office lacks — preferably a year a same-named office in another district has.
  const generated = all.filter((o) => o.generated);
  const unstated = (o: Office) =>
    all.filter((x) => x.district === null && nameKey(x.name) === nameKey(o.name)).flatMap((x) => x.years);
  const mixed = shuffle(generated, rand);
  const ambiguousFirst = Math.round(missingYears * 0.7);
  const lacking = [
    ...mixed.filter((o) => fullAmbiguous(o, all)).slice(0, ambiguousFirst),
    ...mixed.filter((o) => !fullAmbiguous(o, all)),
  ].slice(0, missingYears);
  for (const o of lacking) {
    const r = lib.reports.find((x) => x.office.name === o.name && x.office.district === o.district)!;
    const others = all
      .filter((x) => x !== o && nameKey(x.name) === nameKey(o.name) && x.district !== null)
      .flatMap((x) => x.years);
    const free = YEARS.filter((y) => !o.years.includes(y) && !unstated(o).includes(y));
    if (!free.length) continue;
    const year = pick(
      free.filter((y) => others.includes(y)).length ? free.filter((y) => others.includes(y)) : free,
    );
    const f = pick(r.facts);
    const name = naming(o, r.office.city);
    const { question, yearForm } = phrase(
      name.text,
      year,
      pick(TOPICS.find((t) => t.id === f.topic)!.questions),
    );
    add({
      type: 'missing-year',
      question,
      answerable: false,
      facts: ['未找到'],
      cite: [],
      probe: { office: o.name, district: o.district, year, topic: f.topic, naming: name.naming, yearForm },
    });
  }

  // Money asked of a figure the report only counts.
  const counted = shuffle(
    lib.reports.flatMap((r) =>
      r.facts.filter((f) => TOPICS.find((t) => t.id === f.topic)!.wrongKind).map((f) => ({ r, f })),
    ),
    rand,
  ).slice(0, wrongKinds);
  for (const { r, f } of counted) {
    const o = officeOf(r);
    const name = naming(o, r.office.city);
    const { question, yearForm } = phrase(
      name.text,
      r.year,
      pick(TOPICS.find((t) => t.id === f.topic)!.wrongKind!),
    );
    add({
      type: 'wrong-kind',
      question,
      answerable: false,
      facts: ['未写明'],
      cite: [],
      probe: {
        report: r.name,
        office: r.office.name,
        district: r.office.district,
        year: r.year,
        topic: f.topic,
        naming: name.naming,
        yearForm,
      },
    });
  }

  // Offices that collide by name with the library's but are not in it.
  for (const [mention, naming] of ABSENT) {
    if (all.some((o) => `${o.district ?? ''}${o.name}` === mention || o.name === mention))
      throw new Error(`${mention} is in the library`);
    const t = pick(TOPICS);
    const { question, yearForm } = phrase(mention, pick(YEARS), pick(t.questions));
    add({
      type: 'unknown-office',
      question,
      answerable: false,
      facts: ['未找到'],
      cite: [],
      probe: { office: mention, district: null, year: null, topic: t.id, naming, yearForm },
    });
  }

  // The seed's 西于庄街道 beside 和西街道 and 于庄乡: 「2024年和西于庄街道」 names neither of them.
  for (const c of SEED_TRAPS) add(c);
  return cases;
}
