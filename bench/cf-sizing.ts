// npm run bench:cf — sizing of the Workers deployment from measurements on wrangler's local D1 (workerd's
// SQLite): D1 bytes and rows per paragraph, BM25 query latency and rows read per question at two library
// sizes, then extrapolated to 1M paragraphs with Cloudflare's documented limits and prices. Vectorize and
// Workers AI cannot run here; their share comes from the documented limits and prices only.
// Writes the section 「Cloudflare Workers 部署的容量估算」 into BENCHMARKS.md.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCases } from '../evals/retrieval/eval-retrieval.ts';
import type { D1Database, D1PreparedStatement } from '../src/cloudflare/d1.ts';
import { D1LexicalIndex } from '../src/cloudflare/d1-lexical-index.ts';
import { D1ReportStore } from '../src/cloudflare/d1-report-store.ts';
import { ingestFiles } from '../src/library/ingest.ts';
import type { Corpus } from '../src/library/corpus.ts';
import { Mutex } from '../src/library/mutex.ts';
import { POSTINGS_PER_TERM } from '../src/cloudflare/d1-lexical-index.ts';
import { defaultLexicon, expandQuery } from '../src/search/lexicon.ts';
import { analyzeQuestion } from '../src/question/analyze.ts';
import { retrieve } from '../src/search/retrieve.ts';
import { tokenize } from '../src/text/tokenize.ts';
import { localD1 } from '../test/worker/local-d1.ts';
import { syntheticReports } from './synthetic-corpus.ts';

const OUT = join(import.meta.dirname, '..', 'BENCHMARKS.md');
const SIZES = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '5000,20000')
  .split(',')
  .map(Number);
const TARGET = 1_000_000;
const DIMS = 1024; // @cf/baai/bge-m3

// Documented figures (developers.cloudflare.com, read 2026-11): limits and Workers Paid prices in USD.
const DOC = {
  vectorizeMaxVectors: 10_000_000,
  d1MaxBytes: 10 * 1024 ** 3,
  workerRequestPerM: 0.3,
  workerCpuMsPerM: 0.02,
  d1RowsReadPerM: 0.001,
  d1RowsWrittenPerM: 1.0,
  d1StoragePerGbMonth: 0.75,
  vectorizeQueriedDimsPerM: 0.04,
  vectorizeStoredDimsPerM: 0.04,
  bgeM3PerMTokens: 0.012,
};

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Counts the rows D1 reports as read (result meta.rows_read) through the adapters' queries. */
function counting(db: D1Database) {
  const counter = { rowsRead: 0 };
  const inner = new WeakMap<D1PreparedStatement, D1PreparedStatement>();
  const wrap = (s: D1PreparedStatement): D1PreparedStatement => {
    const w: D1PreparedStatement = {
      bind: (...v) => wrap(s.bind(...v)),
      first: <T>() => s.first<T>(),
      run: async () => {
        const r = await s.run();
        counter.rowsRead += r.meta?.rows_read ?? 0;
        return r;
      },
      all: async <T>() => {
        const r = await s.all<T>();
        counter.rowsRead += r.meta?.rows_read ?? 0;
        return r;
      },
    };
    inner.set(w, s);
    return w;
  };
  const wrapped: D1Database = {
    prepare: (sql) => wrap(db.prepare(sql)),
    batch: async <T>(stmts: D1PreparedStatement[]) => {
      const rs = await db.batch<T>(stmts.map((s) => inner.get(s) ?? s));
      for (const r of rs) counter.rowsRead += r.meta?.rows_read ?? 0;
      return rs;
    },
  };
  return { db: wrapped, counter };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

async function measure(size: number, questions: string[]) {
  const d1 = await localD1();
  const embedder = { id: 'none', dimensions: 1, embed: async (t: string[]) => t.map(() => [0]) };
  const lib: Corpus = {
    store: new D1ReportStore(d1.db),
    lexical: new D1LexicalIndex(d1.db),
    vectors: {
      upsert: async () => {},
      delete: async () => {},
      setMetadata: async () => {},
      query: async () => [],
    },
    embedder,
    writeLock: new Mutex(),
    indexChanged: async () => {},
  };
  const t0 = performance.now();
  const inputs = [...syntheticReports(size, 100)].map((r) => ({ name: r.name, bytes: Buffer.from(r.text) }));
  const out = await ingestFiles(lib, inputs);
  const ingestSeconds = (performance.now() - t0) / 1000;
  const paragraphs = out.reduce((s, o) => s + (o.status === 'failed' ? 0 : o.paragraphs), 0);
  const count = async (t: string) =>
    (await d1.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).first<{ n: number }>())!.n;
  const postings = await count('postings');
  const terms = await count('terms');
  const bytes = dirBytes(join(d1.persistDir, 'v3', 'd1'));

  const { db, counter } = counting(d1.db);
  const measured: Corpus = { ...lib, store: new D1ReportStore(db), lexical: new D1LexicalIndex(db) };
  for (const q of questions.slice(0, 5)) await retrieve(measured, q, { mode: 'bm25' });
  const times: number[] = [];
  const reads: number[] = [];
  for (const q of questions) {
    counter.rowsRead = 0;
    const t = performance.now();
    await retrieve(measured, q, { mode: 'bm25', topK: 8 });
    times.push(performance.now() - t);
    reads.push(counter.rowsRead);
  }
  // Lexical searches per question (one per named street) × distinct query terms: each reads at most
  // POSTINGS_PER_TERM postings, whatever the library's size.
  const reports = await lib.store.listReports();
  const termSearches = questions.map((q) => {
    const terms = new Set([...tokenize(q), ...expandQuery(q, defaultLexicon).flatMap((w) => tokenize(w))]);
    return terms.size * Math.max(1, analyzeQuestion(q, reports, { lexicon: defaultLexicon }).orgKeys.length);
  });
  await d1.dispose();
  return {
    termSearchesMean: termSearches.reduce((a, b) => a + b, 0) / termSearches.length,
    size,
    paragraphs,
    ingestSeconds,
    postings,
    terms,
    bytes,
    p50: pct(times, 50),
    p99: pct(times, 99),
    readsP50: pct(reads, 50),
    readsP99: pct(reads, 99),
    readsMean: reads.reduce((a, b) => a + b, 0) / reads.length,
  };
}

async function main() {
  const questions = loadCases().map((c) => c.question);
  const runs = [];
  for (const size of SIZES) {
    console.log(`测量 ${size} 个段落…`);
    runs.push(await measure(size, questions));
  }
  const big = runs[runs.length - 1];
  const scale = TARGET / big.paragraphs;
  const bytesPerParagraph = big.bytes / big.paragraphs;
  const d1Bytes = bytesPerParagraph * TARGET;
  const rowsWrittenPerParagraph = 1 + big.postings / big.paragraphs + big.terms / big.paragraphs;
  // Reads grow with the postings of the query terms until each term hits the per-term cap: bounded by
  // term searches × cap × 2 (the posting and its paragraph row), plus the few rows of stats, metadata and text.
  const readsBound = big.termSearchesMean * POSTINGS_PER_TERM * 2 + 200;
  const readsPerQuestion = Math.min(big.readsMean * scale, readsBound);
  const perK = {
    workers: (1000 / 1e6) * DOC.workerRequestPerM + ((1000 * 50) / 1e6) * DOC.workerCpuMsPerM,
    d1: ((1000 * readsPerQuestion) / 1e6) * DOC.d1RowsReadPerM + ((1000 * 3) / 1e6) * DOC.d1RowsWrittenPerM,
    vectorize: ((1000 * DIMS) / 1e6) * DOC.vectorizeQueriedDimsPerM,
    ai: ((1000 * 40) / 1e6) * DOC.bgeM3PerMTokens,
  };
  const totalK = perK.workers + perK.d1 + perK.vectorize + perK.ai;
  const f = (x: number, d = 2) => x.toFixed(d);
  const lines = [
    '## Cloudflare Workers 部署的容量估算（1M 段落）',
    '',
    `命令：\`npm run bench:cf\`（${new Date().toISOString().slice(0, 10)}，本机 2 核；本地 D1 = wrangler ${'4.86'} 的 workerd SQLite；合成语料同 \`npm run bench\`）。Vectorize 与 Workers AI 无法在本机运行，其份额只按官方文档的限额和价格计算。`,
    '',
    '实测（本地 D1，BM25 检索 = retrieve() 的 bm25 模式：D1 倒排 + 元数据 + 段落读取，66 个员工问题）：',
    '',
    '| 段落数 | 导入耗时 | D1 文件 | 每段字节 | 倒排行/段 | 检索 p50 | 检索 p99 | 每问读行数（均值 / p99） |',
    '|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.paragraphs} | ${f(r.ingestSeconds, 1)} s | ${f(r.bytes / 1024 / 1024, 1)} MB | ${f(r.bytes / r.paragraphs, 0)} | ${f(r.postings / r.paragraphs, 1)} | ${f(r.p50)} ms | ${f(r.p99)} ms | ${f(r.readsMean, 0)} / ${f(r.readsP99, 0)} |`,
    ),
    '',
    `外推到 ${TARGET.toLocaleString('en')} 段落：D1 大小与倒排行数随段落数线性增长；每问读行数不是——每个词最多读 ${POSTINGS_PER_TERM} 条倒排（按权重从高到低），两档实测的读行数之比 ${f(runs.length > 1 ? runs[runs.length - 1].readsMean / runs[0].readsMean : 1)}，段落数之比 ${f(runs.length > 1 ? runs[runs.length - 1].paragraphs / runs[0].paragraphs : 1)}。66 个问题平均 ${f(big.termSearchesMean, 1)} 次「词 × 范围」查询，故每问平均读行数的上限约 ${f(readsBound / 1000, 0)}k 行（倒排行 + 其段落行），与库大小无关（单个问题可以更多，p99 见上表）：`,
    '',
    `- **Vectorize**：1M 个 ${DIMS} 维向量（bge-m3），单个索引上限 1000 万个 —— 一个索引即可，余量 10 倍；元数据索引 4 个（上限 10）。`,
    `- **D1**：约 ${f(d1Bytes / 1024 ** 3)} GB（每段 ${f(bytesPerParagraph, 0)} 字节，含倒排），单库上限 10 GB${d1Bytes > DOC.d1MaxBytes * 0.8 ? ' —— **接近上限，应按区县分库**' : ''}；本地 D1 导入 ${f(big.paragraphs / big.ingestSeconds, 0)} 段/秒（不含向量计算）；导入写入约 ${f(rowsWrittenPerParagraph, 0)} 行/段，1M 段落一次性约 ${f((rowsWrittenPerParagraph * TARGET) / 1e6, 0)}M 行写入（$${f(((rowsWrittenPerParagraph * TARGET) / 1e6) * DOC.d1RowsWrittenPerM, 0)}，重复推送未变的报告不写入）。`,
    `- **每问 D1 读行数**：1M 段时约 ${f(readsPerQuestion / 1000, 0)}k 行（取线性外推与上限中较小者）。本地 D1 上 ${big.paragraphs} 段时 BM25 检索 p50 ${f(big.p50)} ms、p99 ${f(big.p99)} ms；1M 段时按读行数同比估计 p50 约 ${f((big.p50 * readsPerQuestion) / big.readsMean)} ms（未计 Worker 到 D1 的网络往返，一问约 6 次往返；Vectorize 查询另计，官方未给出延迟数字）。代价是近似：出现在 ${POSTINGS_PER_TERM} 段以上的常用词只计其权重最高的 ${POSTINGS_PER_TERM} 段，种子语料规模下排序与 Node 完全一致（测试保证）。`,
    `- **每 1000 个问题的费用**（Workers Paid 超出免费额度后，文档价格）：Workers 请求 + 50 ms CPU $${f(perK.workers, 4)}；D1 读 $${f(perK.d1, 4)}；Vectorize 查询 ${DIMS} 维 $${f(perK.vectorize, 4)}；bge-m3 问题向量（约 40 token）$${f(perK.ai, 5)}；**合计约 $${f(totalK, 3)}**（不含 LLM；离线摘录模式即此价）。存储：Vectorize ${f((TARGET * DIMS) / 1e6, 0)}M 维 ≈ $${f(((TARGET * DIMS) / 1e6) * DOC.vectorizeStoredDimsPerM, 0)}/月，D1 ≈ $${f((d1Bytes / 1024 ** 3) * DOC.d1StoragePerGbMonth, 2)}/月。`,
    '- **起草**：Worker 只从本街自己的往年报告和其他街道的 300 份报告（同区优先、再按年份）中取材，这些报告的「不足」「下一步」段落按 100 份一条语句分批读出（约 3 次 D1 往返、约 300 × 12 行），每个 isolate 首次起草后缓存；库再大，起草的读取量也不变。',
    '- 价格与限额来源：developers.cloudflare.com 的 Workers、D1、Vectorize、Workers AI（bge-m3 $0.012/百万输入 token）定价与限额页面；价格会变，公式见 bench/cf-sizing.ts。',
    '',
  ];
  const md = readFileSync(OUT, 'utf8');
  const start = md.indexOf('## Cloudflare Workers 部署的容量估算');
  const section = lines.join('\n');
  const next = start >= 0 ? md.indexOf('\n## ', start + 5) : -1;
  const updated =
    start >= 0
      ? md.slice(0, start) + section + (next >= 0 ? md.slice(next + 1) : '')
      : `${md.trimEnd()}\n\n${section}`;
  writeFileSync(OUT, updated.endsWith('\n') ? updated : `${updated}\n`);
  console.log(section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
