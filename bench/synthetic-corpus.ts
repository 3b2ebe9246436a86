// A generated corpus shaped like the seed reports (same skeleton, sentences resampled, figures and names changed).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { splitSentences } from '../src/ingest/split-paragraph.ts';

const CORPUS = join(import.meta.dirname, '..', 'corpus');
const NAME_CHARS = '东西南北中新华光明和平长春阳安康宁泰兴隆丰海河湖桥港湾山林园城乡村庄坊里塘湾';
const SECTIONS = [
  ['一、主要举措和成效', 0.55],
  ['二、党政主要负责人推进法治建设第一责任人职责', 0.1],
  ['三、存在的不足和原因', 0.15],
  ['四、下一步工作举措', 0.2],
] as const;

/** Deterministic PRNG (mulberry32), so the generated corpus is the same on every run. */
export function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Clauses (between Chinese commas) of every seed sentence: recombining them gives varied, report-like text. */
export function seedClauses(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(CORPUS)) {
    for (const line of readFileSync(join(CORPUS, f), 'utf8').split('\n')) {
      if (line.trim().length < 40) continue;
      for (const s of splitSentences(line.trim())) {
        // Clauses that name a seed street would make generated reports about that street: leave them out.
        out.push(
          ...s
            .replace(/[。；！？]$/, '')
            .split(/[，、]/)
            .filter((c) => c.length >= 4 && c.length <= 40 && !/(金桥|西于庄|大港|城西)/.test(c)),
        );
      }
    }
  }
  return out;
}

/** Reports of `paragraphsPerReport` paragraphs each, until `totalParagraphs` is reached. */
export function* syntheticReports(totalParagraphs: number, paragraphsPerReport = 100, seed = 7) {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const clauses = seedClauses();
  const sentence = () => {
    const k = 2 + Math.floor(rand() * 4);
    const parts: string[] = [];
    for (let j = 0; j < k; j++) parts.push(pick(clauses));
    return parts.join('，') + '。';
  };
  let made = 0;
  for (let r = 0; made < totalParagraphs; r++) {
    const org = pick([...NAME_CHARS]) + pick([...NAME_CHARS]) + pick(['街道', '街']);
    const year = 2018 + (r % 8);
    const lines = [
      `${org}${year}年法治政府建设情况报告`,
      `${year}年，${org}认真贯彻落实法治政府建设各项要求，现将有关情况报告如下。`,
    ];
    const n = Math.min(paragraphsPerReport, totalParagraphs - made);
    for (const [heading, share] of SECTIONS) {
      lines.push(heading);
      const count = Math.max(1, Math.round(n * share));
      for (let i = 0; i < count; i++) {
        const k = 2 + Math.floor(rand() * 3);
        let p = '';
        for (let j = 0; j < k; j++) p += sentence();
        lines.push(p.replace(/\d+(\.\d+)?/g, () => String(Math.floor(rand() * 5000))));
      }
    }
    made += n;
    yield { name: `synthetic-${String(r).padStart(5, '0')}-${org}-${year}.txt`, text: lines.join('\n') };
  }
}
