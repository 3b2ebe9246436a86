// npm run eval:retrieval — hit@1, hit@5 and MRR of hybrid / bm25 / vector on every set (seeds, fixtures,
// paraphrases, library scale), dev and test apart, and whether hybrid is at least its better part (✓/✗).
// Flags: --no-scale (skip the 280-report library), --dev (score the dev halves only, for tuning), --verbose
// (list the dev cases not in the top 5; the test split's only with --verbose-test, so tuning never looks at
// them).
import { createEmbedder, loadConfig } from '../../src/config.ts';
import { LocalEmbedder } from '../../src/index/local-embedder.ts';
import type { Embedder } from '../../src/ports.ts';
import { defaultFusion, type RetrievalMode } from '../../src/search/retrieve.ts';
import { runRetrievalEval, type CaseResult, type Scores } from './eval-retrieval.ts';
import { type LibraryKind, openEvalLibrary, retrievalSets, type Split } from './sets.ts';

const MODES: RetrievalMode[] = ['hybrid', 'bm25', 'vector'];
const verbose = process.argv.includes('--verbose') || process.argv.includes('--verbose-test');
const verboseTest = process.argv.includes('--verbose-test');
const devOnly = process.argv.includes('--dev');
const f = (x: number) => x.toFixed(3);

export interface SetRow {
  set: string;
  library: LibraryKind;
  split: Split;
  scores: Record<RetrievalMode, Scores>;
  /** Hybrid on the cases whose question names a library office (and perhaps a year). */
  named: Scores;
  misses: Record<RetrievalMode, CaseResult[]>;
}

/** Hybrid hit@1 and MRR at least those of the better of BM25 alone and vector alone. */
export function neverHurts(s: Record<RetrievalMode, Scores>): boolean {
  const eps = 1e-9;
  return (
    s.hybrid.hit1 + eps >= Math.max(s.bm25.hit1, s.vector.hit1) &&
    s.hybrid.mrr + eps >= Math.max(s.bm25.mrr, s.vector.mrr)
  );
}

export async function evalSets(
  embedder: () => Embedder,
  opts: { scale?: boolean; splits?: Split[] } = {},
): Promise<SetRow[]> {
  const sets = retrievalSets(opts);
  const rows: SetRow[] = [];
  for (const kind of ['seed', 'fixture', 'scale'] as LibraryKind[]) {
    const here = sets.filter((s) => s.library === kind);
    if (!here.length) continue;
    const { lib, close } = await openEvalLibrary(kind, embedder());
    console.log(
      `${kind} 库：向量 ${lib.embedder.id}，融合 ${JSON.stringify(defaultFusion(lib.embedder.id))}`,
    );
    try {
      for (const set of here) {
        for (const split of opts.splits ?? (['dev', 'test'] as const)) {
          const cases = set.cases.filter((c) => c.split === split);
          if (!cases.length) continue; // a set may be all dev or all test
          const row = { set: set.name, split, scores: {}, misses: {} } as SetRow;
          row.library = kind;
          for (const mode of MODES) {
            const r = await runRetrievalEval(lib, cases, mode);
            row.scores[mode] = r.overall;
            if (mode === 'hybrid') row.named = r.namedOffice;
            row.misses[mode] = r.results.filter((x) => x.rank === null || x.rank > 5);
          }
          rows.push(row);
        }
      }
    } finally {
      await close();
    }
  }
  return rows;
}

async function main() {
  const embedders: { label: string; make: () => Embedder | null }[] = [
    { label: `local（${new LocalEmbedder().id}）`, make: () => new LocalEmbedder() },
    {
      label: 'openai-compatible（EMBED_*）',
      make: () => {
        const cfg = loadConfig();
        return cfg.EMBED_BASE_URL && cfg.EMBED_MODEL ? createEmbedder(cfg) : null;
      },
    },
  ];
  let ok = true;
  for (const e of embedders) {
    const probe = e.make();
    if (!probe) {
      console.log(`\n${e.label}：未配置 EMBED_BASE_URL/EMBED_MODEL，未运行`);
      continue;
    }
    console.log(`\n向量模型 ${e.label}（本地模型在每个库上先学习词向量，同 npm run reindex）`);
    console.log('dev = 调参用（融合权重与向量特征只在 dev 上选）；test = 未据此调参\n');
    const rows = await evalSets(() => e.make()!, {
      scale: !process.argv.includes('--no-scale'),
      splits: devOnly ? ['dev'] : ['dev', 'test'],
    });
    console.log(
      '| set | split | n | hybrid hit@1 / hit@5 / MRR | bm25 hit@1 / hit@5 / MRR | vector hit@1 / hit@5 / MRR | hybrid ≥ max(bm25, vector) | hybrid hit@1, k-paragraph cases in the first k |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      const cell = (m: RetrievalMode) =>
        `${f(r.scores[m].hit1)} / ${f(r.scores[m].hit5)} / ${f(r.scores[m].mrr)}`;
      const good = neverHurts(r.scores);
      if (!good) ok = false;
      console.log(
        `| ${r.set} | ${r.split} | ${r.scores.hybrid.n} | ${cell('hybrid')} | ${cell('bm25')} | ${cell('vector')} | ${good ? '✓' : '✗'} | ${f(r.scores.hybrid.hit1Packed)} |`,
      );
    }
    // Every paraphrase set (colloquial questions, also one added later) must find its paragraph in the top 5.
    const para = rows.filter((r) => r.set.startsWith('paraphrase'));
    console.log('');
    for (const r of para) {
      const target = r.scores.hybrid.hit5 >= 0.95;
      if (!target) ok = false;
      console.log(
        `改写问题 ${r.set}（${r.split}）hybrid hit@5 ${f(r.scores.hybrid.hit5)}（目标 ≥ 0.95）${target ? '✓' : '✗'}`,
      );
    }
    // Issue #13's targets for questions naming their office (and year): seeds hit@1 ≥ 0.90 / MRR ≥ 0.92, a library
    // with ≥ 200 colliding reports (scale) ≥ 0.85 / 0.88; the fixture library is shown without a target.
    const namedTarget: Partial<Record<LibraryKind, [number, number]>> = {
      seed: [0.9, 0.92],
      scale: [0.85, 0.88],
    };
    console.log('\n问题点名单位（及年度）的用例（hybrid）：');
    console.log('| set | split | n | hit@1 | MRR | 目标 hit@1 / MRR | |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      if (!r.named.n) continue;
      const t = namedTarget[r.library];
      const met = !t || (r.named.hit1 + 1e-9 >= t[0] && r.named.mrr + 1e-9 >= t[1]);
      if (!met) ok = false;
      console.log(
        `| ${r.set} | ${r.split} | ${r.named.n} | ${f(r.named.hit1)} | ${f(r.named.mrr)} | ${t ? `≥ ${t[0].toFixed(2)} / ${t[1].toFixed(2)}` : '—'} | ${t ? (met ? '✓' : '✗') : ''} |`,
      );
    }
    if (verbose) {
      console.log('\n未进前 5：');
      for (const r of rows.filter((x) => x.split === 'dev' || verboseTest))
        for (const m of MODES)
          if (r.misses[m].length)
            console.log(
              `  ${r.set}/${r.split} ${m}: ${r.misses[m].map((x) => `${x.id}(${x.rank ?? '—'})`).join(' ')}`,
            );
    }
  }
  console.log(`\n${ok ? '全部达标' : '有未达标项（✗）'}`);
  process.exitCode = ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
