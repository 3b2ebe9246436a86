// npx tsx evals/retrieval/dev-misses.ts [set…] — for tuning: each dev case that hybrid does not rank first,
// with its rank in every mode, the expansions the query got and the first hits. Never reads a test split.
import { retrieve, type RetrievalMode } from '../../src/search/retrieve.ts';
import { normalizeForMatch } from '../../src/text/normalize.ts';
import { evalCase } from './eval-retrieval.ts';
import { type LibraryKind, openEvalLibrary, retrievalSets } from './sets.ts';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const all = process.argv.includes('--all');
const sets = retrievalSets({ scale: false }).filter((s) => !wanted.length || wanted.includes(s.name));
for (const kind of ['seed', 'fixture'] as LibraryKind[]) {
  const here = sets.filter((s) => s.library === kind);
  if (!here.length) continue;
  const { lib, close } = await openEvalLibrary(kind);
  for (const set of here) {
    for (const c of set.cases.filter((x) => x.split === 'dev')) {
      const ranks = {} as Record<RetrievalMode, number | null>;
      for (const m of ['hybrid', 'bm25', 'vector'] as const) ranks[m] = (await evalCase(lib, c, m)).rank;
      if (!all && ranks.hybrid === 1) continue;
      const r = await retrieve(lib, c.question, { topK: 5 });
      console.log(
        `\n${set.name}/${c.id} h=${ranks.hybrid ?? '—'} b=${ranks.bm25 ?? '—'} v=${ranks.vector ?? '—'}  ${c.question}`,
      );
      console.log(`  want: ${c.expect.map((e) => `${e.report}「${e.text}」`).join(' ')}`);
      console.log(`  expansions: ${r.expansions.join(' ')}`);
      for (const h of r.hits.slice(0, 3)) {
        const ok = c.expect.some(
          (e) =>
            h.report.sourceName === e.report &&
            normalizeForMatch(h.paragraph.text).includes(normalizeForMatch(e.text)),
        );
        console.log(
          `  ${ok ? '✓' : ' '} ${h.score.toFixed(3)} ${h.report.sourceName} ${h.paragraph.text.replace(/\s+/g, '').slice(0, 90)}`,
        );
      }
    }
  }
  await close();
}
