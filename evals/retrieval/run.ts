// npm run eval:retrieval — prints hit@1, hit@5 and MRR per question type for each embedder and retrieval mode.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createEmbedder, loadConfig } from '../../src/config.ts';
import { LocalEmbedder } from '../../src/index/local-embedder.ts';
import type { Embedder } from '../../src/ports.ts';
import { ingestFiles } from '../../src/library/ingest.ts';
import { closeLibrary, openLibrary } from '../../src/library/library.ts';
import type { RetrievalMode } from '../../src/search/retrieve.ts';
import { loadCases, runRetrievalEval, type Scores } from './eval-retrieval.ts';

const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
const TARGET = { hit5: 0.95, mrr: 0.85 };

async function evalWith(embedder: Embedder, modes: RetrievalMode[]) {
  const dir = mkdtempSync(join(tmpdir(), 'eval-retrieval-'));
  try {
    const lib = await openLibrary({ dataDir: dir, embedder });
    await ingestFiles(lib, readdirSync(CORPUS).sort().map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) })));
    const cases = loadCases();
    const out: { mode: RetrievalMode; overall: Scores; byType: Record<string, Scores>; misses: string[] }[] = [];
    for (const mode of modes) {
      const r = await runRetrievalEval(lib, cases, mode);
      out.push({ mode, overall: r.overall, byType: r.byType, misses: r.results.filter((x) => x.rank === null || x.rank > 5).map((x) => `${x.id}(${x.rank ?? '—'})`) });
    }
    await closeLibrary(lib);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (x: number) => x.toFixed(3);

async function main() {
  const cases = loadCases();
  console.log(`检索评测：${cases.length} 个问题（${[...new Set(cases.map((c) => c.type))].map((t) => `${t} ${cases.filter((c) => c.type === t).length}`).join('，')}）\n`);
  const embedders: { label: string; make: () => Embedder | null }[] = [
    { label: `local (${new LocalEmbedder().id})`, make: () => new LocalEmbedder() },
    {
      label: 'openai-compatible (EMBED_*)',
      make: () => {
        const cfg = loadConfig();
        return cfg.EMBED_BASE_URL && cfg.EMBED_MODEL ? createEmbedder(cfg) : null;
      },
    },
  ];
  let ok = true;
  console.log('| embedder | mode | type | n | hit@1 | hit@5 | MRR |');
  console.log('|---|---|---|---|---|---|---|');
  const misses: string[] = [];
  for (const e of embedders) {
    const embedder = e.make();
    if (!embedder) {
      console.log(`| ${e.label} | — | 未配置 EMBED_BASE_URL/EMBED_MODEL，未运行 | | | | |`);
      continue;
    }
    const rows = await evalWith(embedder, ['hybrid', 'bm25', 'vector']);
    for (const r of rows) {
      for (const [type, s] of Object.entries(r.byType)) console.log(`| ${e.label} | ${r.mode} | ${type} | ${s.n} | ${f(s.hit1)} | ${f(s.hit5)} | ${f(s.mrr)} |`);
      console.log(`| ${e.label} | ${r.mode} | **all** | ${r.overall.n} | **${f(r.overall.hit1)}** | **${f(r.overall.hit5)}** | **${f(r.overall.mrr)}** |`);
      if (r.misses.length) misses.push(`${e.label} ${r.mode}: ${r.misses.join(' ')}`);
      if (r.mode === 'hybrid' && (r.overall.hit5 < TARGET.hit5 || r.overall.mrr < TARGET.mrr)) ok = false;
    }
  }
  if (misses.length) console.log(`\n未进前5：\n${misses.join('\n')}`);
  console.log(`\n目标（hybrid）：hit@5 ≥ ${TARGET.hit5}，MRR ≥ ${TARGET.mrr} —— ${ok ? '达标' : '未达标'}`);
  process.exitCode = ok ? 0 : 1;
}

main();
