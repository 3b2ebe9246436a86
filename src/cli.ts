// Command line: ingest files or folders, search the library, rebuild the indexes.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { collectFiles } from './cli-files.ts';
import { SECTION_LABELS, SectionKindSchema } from './domain.ts';
import { type Config, createDrafter, createEmbedder, loadConfig } from './config.ts';
import { createDraft } from './draft/draft.ts';
import { draftToDocx, draftToMarkdown } from './draft/export.ts';
import { SqliteDraftStore } from './draft/sqlite-draft-store.ts';
import { DraftRequestSchema } from './draft/types.ts';
import { decodeText } from './ingest/decode-text.ts';
import { isAppError } from './errors.ts';
import { closeLibrary, openLibrary } from './library/library.ts';
import { type IngestInput, type IngestOutcome, ingestFiles } from './library/ingest.ts';
import { type MetaPatch, metaPatchFromFields } from './library/meta-patch.ts';
import { reportName } from './citation.ts';
import { reindex } from './library/reindex.ts';
import { retrieve } from './search/retrieve.ts';
import { progressBar } from './progress.ts';
import { tokenize } from './text/tokenize.ts';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  if (command === 'ingest') {
    const args = parseIngestArgs(rest);
    if (typeof args === 'string') return usage(`${args}\n${INGEST_USAGE}`);
    if (!args.paths.length) return usage(INGEST_USAGE);
    const { files, skipped } = collectFiles(args.paths);
    for (const s of skipped) console.error(`跳过（不支持的类型）：${s}`);
    const lib = await openLibrary({ dataDir: config.DATA_DIR, embedder: createEmbedder(config) });
    const bar = progressBar(files.length, '导入');
    const inputs: IngestInput[] = files.map((f) => ({ name: basename(f), bytes: readFileSync(f), ...(args.meta && { meta: args.meta }) }));
    const outcomes = await ingestFiles(lib, inputs, { onProgress: (done, _t, name) => bar.tick(done, name) });
    bar.done();
    let failed = 0;
    for (const o of outcomes) {
      if (o.status === 'failed') {
        failed++;
        console.log(`✗ ${o.name}：${o.error.message}`);
        continue;
      }
      console.log(outcomeLine(o));
    }
    const reports = await lib.store.listReports();
    console.log(`\n报告 ${reports.length} 份，段落 ${lib.lexical.size} 个；本次成功 ${outcomes.length - failed} 个，失败 ${failed} 个。`);
    await closeLibrary(lib);
    return failed ? 1 : 0;
  }
  if (command === 'search') {
    const { query, topK, filters } = parseSearchArgs(rest);
    if (!query) return usage('用法：npm run search -- "问题" [--org 大港街] [--year 2023] [--section shortcomings] [--k 8]');
    const lib = await openLibrary({ dataDir: config.DATA_DIR, embedder: createEmbedder(config) });
    const res = await retrieve(lib, query, { topK, filters });
    if (!res.hits.length) console.log('未找到相关段落。');
    res.hits.forEach((h, i) => {
      const org = h.report.org ?? '（未署名）';
      console.log(`${i + 1}. [${h.score.toFixed(4)}] ${org} ${h.report.year ?? '?'}年 · ${SECTION_LABELS[h.paragraph.section]} · ${h.paragraph.heading ?? ''}`);
      console.log(`   ${snippet(h.paragraph.text, query)}`);
      console.log(`   (${h.paragraph.id})`);
    });
    await closeLibrary(lib);
    return 0;
  }
  if (command === 'reindex') {
    const lib = await openLibrary({ dataDir: config.DATA_DIR, embedder: createEmbedder(config), allowEmbedderChange: true });
    const bar = progressBar(1, '重建索引');
    const res = await reindex(lib, (done, total) => bar.tick(done, `${done}/${total}`, total));
    bar.done();
    console.log(`已用「${lib.embedder.id}」重建索引：${res.paragraphs} 个段落。`);
    await closeLibrary(lib);
    return 0;
  }
  if (command === 'draft') return draftCommand(rest, config);
  return usage('命令：ingest <文件或文件夹>… [--org …] | search "问题" | reindex | draft --section … --org … --year …');
}

const INGEST_USAGE = '用法：npm run ingest -- <文件或文件夹>… [--org 单位名称] [--level 街道|镇|乡|区|县|市|部门] [--district 区县] [--city 城市] [--year 2023]（单位等信息用于本次导入的每个文件）';

/** Paths, and the metadata flags applied to every file (validated like PATCH /api/documents/:id); a string is an error. */
function parseIngestArgs(args: string[]): { paths: string[]; meta?: MetaPatch } | string {
  const paths: string[] = [];
  const fields: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--(org|level|district|city|year)$/.exec(args[i]);
    if (!m) {
      if (args[i].startsWith('--')) return `不认识的参数：${args[i]}`;
      paths.push(args[i]);
      continue;
    }
    const value = args[++i];
    if (value === undefined || value.startsWith('--') || !value.trim()) return `${args[i - 1]} 缺少取值`;
    fields[m[1]] = value;
  }
  try {
    const meta = metaPatchFromFields(fields);
    return Object.keys(meta).length ? { paths, meta } : { paths };
  } catch (e) {
    if (isAppError(e)) return e.subject ? `--${e.subject} 无效：${e.message}` : e.message;
    throw e;
  }
}

/** 「✓ 大港街-2023.txt［新增］大港街 2023年 · 街道 · 滨海新区 · 30 段 · …」, with what a person should fill in. */
function outcomeLine(o: Exclude<IngestOutcome, { status: 'failed' }>): string {
  const secs = Object.entries(o.sections).map(([k, n]) => `${SECTION_LABELS[k as keyof typeof SECTION_LABELS]}${n}`).join('，');
  const status = { added: '新增', replaced: '已更新', unchanged: o.metaUpdated ? '内容未变化，已更新单位信息' : '未变化' }[o.status];
  const where = [o.level, o.district].filter(Boolean).join(' · ');
  const name = reportName({ org: o.org, title: o.title, sourceName: o.name });
  const warn = o.warnings.map((w) => `  ⚠ ${w.replace('请填写', '请在报告库中填写')}`).join('');
  return `✓ ${o.name}［${status}］${name} ${o.year ? `${o.year}年` : '年度不明'} · ${where ? `${where} · ` : ''}${o.paragraphs} 段 · ${secs}${warn}`;
}

const DRAFT_USAGE = '用法：npm run draft -- --section shortcomings|next_steps --org 金桥街 --year 2025 [--points 4] [--focus 执法规范化] [--shortcomings-file 不足.txt] [--out 草稿.docx|草稿.md]';

async function draftCommand(args: string[], config: Config): Promise<number> {
  const raw: Record<string, unknown> = {};
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) return usage(`${flag} 缺少取值\n${DRAFT_USAGE}`);
    i++;
    if (flag === '--section') raw.section = value;
    else if (flag === '--org') raw.org = value;
    else if (flag === '--year') raw.year = Number(value);
    else if (flag === '--points') raw.points = Number(value);
    else if (flag === '--focus') raw.focus = value;
    else if (flag === '--shortcomings-file') {
      try {
        raw.shortcomings = decodeText(readFileSync(value), basename(value)).text;
      } catch (e) {
        return usage(`读不了「${value}」：${isAppError(e) ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (e as Error).message}`);
      }
    }
    else if (flag === '--out') out = value;
    else return usage(`不认识的参数：${flag}\n${DRAFT_USAGE}`);
  }
  const parsed = DraftRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return usage(`${issue.path.join('.') || '参数'}：${issue.message}\n${DRAFT_USAGE}`);
  }
  if (out && !/\.(docx|md)$/i.test(out)) return usage(`--out 只支持 .docx 或 .md\n${DRAFT_USAGE}`);
  const lib = await openLibrary({ dataDir: config.DATA_DIR, embedder: createEmbedder(config) });
  const drafts = new SqliteDraftStore(join(config.DATA_DIR, 'drafts.db'));
  try {
    const d = await createDraft({ lib, drafts, drafter: createDrafter(config) }, parsed.data);
    if (out) {
      writeFileSync(out, /\.docx$/i.test(out) ? await draftToDocx(d) : draftToMarkdown(d));
      console.log(`已写入 ${out}（草稿 ${d.draftId}，${d.points.length} 点）`);
    } else console.log(draftToMarkdown(d));
    for (const w of d.warnings) console.error(`提请注意：${w}`);
    return 0;
  } finally {
    await drafts.close();
    await closeLibrary(lib);
  }
}

function parseSearchArgs(args: string[]) {
  const filters: { org?: string; year?: number; section?: ReturnType<typeof SectionKindSchema.parse> } = {};
  let topK = 8;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--org') filters.org = args[++i];
    else if (a === '--year') filters.year = Number(args[++i]);
    else if (a === '--section') filters.section = SectionKindSchema.parse(args[++i]);
    else if (a === '--k') topK = Number(args[++i]);
    else words.push(a);
  }
  return { query: words.join(' ').trim(), topK, filters };
}

/** About 160 characters of the paragraph: the window holding the most query words (figures count double). */
export function snippet(text: string, query: string, width = 160): string {
  if (text.length <= width) return text;
  const terms = [...new Set(tokenize(query).filter((t) => t.length >= 2))];
  let best = { from: 0, score: -1 };
  for (const t of terms) {
    for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) {
      const from = Math.max(0, Math.min(at - 40, text.length - width));
      const win = text.slice(from, from + width);
      const score = terms.filter((x) => win.includes(x)).length + (/\d/.test(win.slice(at - from, at - from + 60)) ? 2 : 0);
      if (score > best.score) best = { from, score };
    }
  }
  const { from } = best;
  return `${from > 0 ? '……' : ''}${text.slice(from, from + width)}${from + width < text.length ? '……' : ''}`;
}

function usage(msg: string): number {
  console.error(msg);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(isAppError(e) ? `错误：${e.message}` : e);
    process.exit(1);
  },
);
