// GET /api/examples — example questions for the empty chat page, made from the library's own offices and years
// (never fixed names): what a newcomer can click to see an answer with its sources.
import { Hono } from 'hono';
import type { ReportSummary, SectionKind } from '../../domain.ts';
import type { Corpus } from '../../library/corpus.ts';

const TEMPLATES: [SectionKind, (place: string) => string][] = [
  ['shortcomings', (p) => `${p}存在哪些不足？`],
  ['next_steps', (p) => `${p}下一步工作有哪些？`],
  ['measures', (p) => `${p}取得了哪些成效？`],
];

/** Up to `max` questions: one per office (newest report first, templates taking turns), then one across offices. */
export function exampleQuestions(reports: ReportSummary[], max = 6): string[] {
  const named = reports
    .filter((r) => r.meta.org && r.meta.year)
    .sort((a, b) => b.meta.year! - a.meta.year! || a.meta.org!.localeCompare(b.meta.org!, 'zh'));
  const has = (r: ReportSummary, kind: SectionKind) =>
    r.sections.some((s) => s.kind === kind && s.paragraphCount > 0);
  const withShortcomings = named.filter((r) => has(r, 'shortcomings'));
  const cross = new Set(withShortcomings.map((r) => r.meta.org)).size >= 2;
  const out: string[] = [];
  const seen = new Set<string>();
  let turn = 0;
  for (const r of named) {
    if (out.length >= max - (cross ? 1 : 0)) break;
    if (seen.has(r.meta.org!)) continue;
    for (let k = 0; k < TEMPLATES.length; k++) {
      const [kind, ask] = TEMPLATES[(turn + k) % TEMPLATES.length];
      if (!has(r, kind)) continue;
      out.push(ask(`${r.meta.org}${r.meta.year}年`));
      seen.add(r.meta.org!);
      turn = (turn + k + 1) % TEMPLATES.length;
      break;
    }
  }
  if (cross) {
    const levels = new Set(withShortcomings.map((r) => r.meta.level));
    const level = levels.size === 1 ? [...levels][0] : null;
    out.push(`各${level === '街道' || level === '镇' || level === '乡' ? level : '单位'}存在哪些不足？`);
  }
  return out;
}

export function exampleRoutes(lib: Corpus) {
  return new Hono().get('/', async (c) =>
    c.json({ questions: exampleQuestions(await lib.store.listReports()) }),
  );
}
