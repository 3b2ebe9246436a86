// Command line: ingest files or folders, search the library (saying why each paragraph matched), rebuild the
// indexes, draft a section. Every mistake is one Chinese line and a non-zero exit; each command has --help.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type FlagSpec, type ParsedArgs, UsageError, intFlag, parseArgs } from './cli-args.ts';
import { explainHit, explanationLine } from './cli-explain.ts';
import { collectFiles } from './cli-files.ts';
import { SECTION_KINDS, SECTION_LABELS, SectionKindSchema } from './domain.ts';
import { createDrafter, createEmbedder, loadConfig } from './config.ts';
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
import { learnLocalEmbedder } from './library/learn-word-vectors.ts';
import { LocalEmbedder } from './index/local-embedder.ts';
import { type SearchFilters, retrieve } from './search/retrieve.ts';
import { progressBar } from './progress.ts';
import { tokenize } from './text/tokenize.ts';

const HELP: Record<string, string> = {
  ingest: [
    '用法：npm run ingest -- <文件或文件夹>… [--org 单位名称] [--level 街道|镇|乡|区|县|市|部门] [--district 区县] [--city 城市] [--year 2023]',
    '导入 txt/md/docx/pdf 报告（文件夹中不支持的文件跳过）；--org 等单位信息用于本次导入的每个文件。',
  ].join('\n'),
  search: [
    '用法：npm run search -- "问题" [--org 大港街] [--year 2023] [--section shortcomings] [--k 8]',
    `混合检索报告段落，并说明每段为什么被找到（命中的词、单位/年度/部分是否为问题所问、关键词与语义排名）。--section 取值：${SECTION_KINDS.map((k) => `${k}（${SECTION_LABELS[k]}）`).join('、')}。`,
  ].join('\n'),
  reindex: '用法：npm run reindex\n用当前配置的向量模型重新分词、重新计算向量、重建两个索引。',
  draft: [
    '用法：npm run draft -- --section shortcomings|next_steps --org 金桥街 --year 2025 [--points 4] [--focus 执法规范化] [--shortcomings-file 不足.txt] [--out 草稿.docx|草稿.md]',
    '按往年报告起草「存在的不足」或「下一步工作」；不给 --out 时把 Markdown 打印出来。',
  ].join('\n'),
};
const GENERAL_HELP = [
  '命令：',
  ...Object.entries(HELP).map(([k, v]) => `  ${k}：${v.split('\n')[1]}`),
  '每个命令的用法：npm run <命令> -- --help',
].join('\n');

const SPECS: Record<string, FlagSpec> = {
  ingest: { org: 'value', level: 'value', district: 'value', city: 'value', year: 'value' },
  search: { org: 'value', year: 'value', section: 'value', k: 'value' },
  reindex: {},
  draft: {
    section: 'value',
    org: 'value',
    year: 'value',
    points: 'value',
    focus: 'value',
    'shortcomings-file': 'value',
    out: 'value',
  },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(GENERAL_HELP);
    return command ? 0 : 2;
  }
  const spec = SPECS[command];
  if (!spec) throw new UsageError(`没有「${command}」这个命令（可用：${Object.keys(SPECS).join('、')}）`);
  const args = parseArgs(rest, spec);
  if (args.help) {
    console.log(HELP[command]);
    return 0;
  }
  if (command === 'ingest') return ingestCommand(args);
  if (command === 'search') return searchCommand(args);
  if (command === 'draft') return draftCommand(args);
  if (args.positionals.length) throw new UsageError(`reindex 不接受参数：${args.positionals.join(' ')}`);
  const config = loadConfig();
  const lib = await openLibrary({
    dataDir: config.DATA_DIR,
    embedder: createEmbedder(config),
    allowEmbedderChange: true,
  });
  // The local embedder learns its word vectors from the library's paragraphs again (a new model, a new id).
  if (lib.embedder instanceof LocalEmbedder)
    lib.embedder = await learnLocalEmbedder(lib.store, config.DATA_DIR, lib.embedder);
  const bar = progressBar(1, '重建索引');
  const res = await reindex(lib, (done, total) => bar.tick(done, `${done}/${total}`, total));
  bar.done();
  console.log(`已用「${lib.embedder.id}」重建索引：${res.paragraphs} 个段落。`);
  await closeLibrary(lib);
  return 0;
}

async function ingestCommand({ flags, positionals }: ParsedArgs): Promise<number> {
  if (!positionals.length) throw new UsageError('请给出要导入的文件或文件夹');
  const meta = ingestMeta(flags);
  const { files, skipped } = collectFiles(positionals);
  for (const s of skipped) console.error(`跳过（不支持的类型）：${s}`);
  if (!files.length)
    throw new UsageError(`「${positionals.join('」「')}」中没有可导入的报告（支持 .txt、.md、.docx、.pdf）`);
  const config = loadConfig();
  const lib = await openLibrary({ dataDir: config.DATA_DIR, embedder: createEmbedder(config) });
  const bar = progressBar(files.length, '导入');
  const inputs: IngestInput[] = files.map((f) => ({
    name: basename(f),
    bytes: readFileSync(f),
    ...(meta && { meta }),
  }));
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
  console.log(
    `\n报告 ${reports.length} 份，段落 ${lib.lexical.size} 个；本次成功 ${outcomes.length - failed} 个，失败 ${failed} 个。`,
  );
  await closeLibrary(lib);
  return failed ? 1 : 0;
}

/** The metadata flags applied to every file, validated like PATCH /api/documents/:id. */
function ingestMeta(flags: Record<string, string>): MetaPatch | undefined {
  try {
    const meta = metaPatchFromFields(flags);
    return Object.keys(meta).length ? meta : undefined;
  } catch (e) {
    if (isAppError(e)) throw new UsageError(e.subject ? `--${e.subject} 无效：${e.message}` : e.message);
    throw e;
  }
}
/** 「✓ 大港街-2023.txt［新增］大港街 2023年 · 街道 · 滨海新区 · 30 段 · …」, with what a person should fill in. */
function outcomeLine(o: Exclude<IngestOutcome, { status: 'failed' }>): string {
  const secs = Object.entries(o.sections)
    .map(([k, n]) => `${SECTION_LABELS[k as keyof typeof SECTION_LABELS]}${n}`)
    .join('，');
  const status = {
    added: '新增',
    replaced: '已更新',
    unchanged: o.metaUpdated ? '内容未变化，已更新单位信息' : '未变化',
  }[o.status];
  const where = [o.level, o.district].filter(Boolean).join(' · ');
  const name = reportName({ org: o.org, title: o.title, sourceName: o.name });
  const warn = o.warnings.map((w) => `  ⚠ ${w.replace('请填写', '请在报告库中填写')}`).join('');
  return `✓ ${o.name}［${status}］${name} ${o.year ? `${o.year}年` : '年度不明'} · ${where ? `${where} · ` : ''}${o.paragraphs} 段 · ${secs}${warn}`;
}

async function draftCommand({ flags, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length) throw new UsageError(`draft 只接受带名字的参数，多出了：${positionals.join(' ')}`);
  const raw: Record<string, unknown> = { section: flags.section, org: flags.org, focus: flags.focus };
  if (flags.year !== undefined) raw.year = Number(flags.year);
  if (flags.points !== undefined) raw.points = Number(flags.points);
  const file = flags['shortcomings-file'];
  if (file) {
    try {
      raw.shortcomings = decodeText(readFileSync(file), basename(file)).text;
    } catch (e) {
      throw new UsageError(
        `读不了「${file}」：${isAppError(e) ? e.message : (fsReason(e) ?? (e as Error).message)}`,
      );
    }
  }
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = DraftRequestSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.length ? String(issue.path[0]) : '';
    throw new UsageError(
      `${key ? `--${key}` : '参数'}：${key && !(key in given) ? '必须给出' : issue.message}`,
    );
  }
  const out = flags.out;
  if (out) checkOutPath(out);
  const config = loadConfig();
  const lib = await openLibrary({ dataDir: config.DATA_DIR, embedder: createEmbedder(config) });
  const drafts = new SqliteDraftStore(join(config.DATA_DIR, 'drafts.db'));
  try {
    const d = await createDraft({ lib, drafts, drafter: createDrafter(config) }, parsed.data);
    if (out) {
      try {
        writeFileSync(out, /\.docx$/i.test(out) ? await draftToDocx(d) : draftToMarkdown(d));
      } catch (e) {
        throw new UsageError(`无法写入「${out}」：${fsReason(e) ?? (e as Error).message}`);
      }
      console.log(`已写入 ${out}（草稿 ${d.draftId}，${d.points.length} 点）`);
      // The file holds the warnings too; say them once here, where the author reads.
      for (const w of new Set(d.warnings)) console.error(`提请注意：${w}`);
    } else console.log(draftToMarkdown(d)); // its 「提请注意」 list is the one place the warnings are printed
    return 0;
  } finally {
    await drafts.close();
    await closeLibrary(lib);
  }
}

/** Refuses an --out that cannot be written before any drafting is done. */
function checkOutPath(out: string): void {
  if (!/\.(docx|md)$/i.test(out)) throw new UsageError(`--out 只支持 .docx 或 .md（收到「${out}」）`);
  const dir = dirname(resolve(out));
  if (!existsSync(dir)) throw new UsageError(`--out 无效：文件夹「${dirname(out)}」不存在`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`--out 无效：「${dirname(out)}」不是文件夹`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out 无效：「${out}」是文件夹`);
}

async function searchCommand({ flags, positionals }: ParsedArgs): Promise<number> {
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError('请给出要检索的问题，如 npm run search -- "大港街公开了多少条行政处罚"');
  const filters: SearchFilters = {};
  if (flags.org !== undefined) filters.org = flags.org.trim();
  const year = intFlag(flags, 'year', 1949, 2100, '年度');
  if (year !== undefined) filters.year = year;
  if (flags.section !== undefined) {
    const section = SectionKindSchema.safeParse(flags.section);
    if (!section.success)
      throw new UsageError(
        `--section 无效：只能是 ${SECTION_KINDS.map((k) => `${k}（${SECTION_LABELS[k]}）`).join('、')}`,
      );
    filters.section = section.data;
  }
  const topK = intFlag(flags, 'k', 1, 100, '结果数') ?? 8;
  const config = loadConfig();
  const lib = await openLibrary({ dataDir: config.DATA_DIR, embedder: createEmbedder(config) });
  try {
    const res = await retrieve(lib, query, { topK, filters });
    if (!res.hits.length) console.log('未找到相关段落。');
    res.hits.forEach((h, i) => {
      const org = h.report.org ?? '（未署名）';
      console.log(
        `${i + 1}. ${org} ${h.report.year ?? '?'}年 · ${SECTION_LABELS[h.paragraph.section]} · ${h.paragraph.heading ?? ''}`,
      );
      console.log(`   ${explanationLine(explainHit(h, res, filters))}`);
      console.log(`   ${snippet(h.paragraph.text, query)}`);
      console.log(`   (${h.paragraph.id})`);
    });
    return 0;
  } finally {
    await closeLibrary(lib);
  }
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
      const score =
        terms.filter((x) => win.includes(x)).length +
        (/\d/.test(win.slice(at - from, at - from + 60)) ? 2 : 0);
      if (score > best.score) best = { from, score };
    }
  }
  const { from } = best;
  return `${from > 0 ? '……' : ''}${text.slice(from, from + width)}${from + width < text.length ? '……' : ''}`;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: '不存在',
  EACCES: '没有权限',
  EPERM: '没有权限',
  ENOTDIR: '路径中有一段不是文件夹',
  EISDIR: '是文件夹，不是文件',
  ENOSPC: '磁盘已满',
  EROFS: '位于只读的磁盘上',
};
function fsReason(e: unknown): string | undefined {
  return FS_REASONS[(e as NodeJS.ErrnoException)?.code ?? ''];
}

/** Every failure as one Chinese line (the stack only with DEBUG=1); 2 for a usage mistake, 1 otherwise. */
export function failureLine(e: unknown, command: string | undefined): { line: string; code: number } {
  if (e instanceof UsageError)
    return {
      line: `${e.message}${command && SPECS[command] ? `。用法见 npm run ${command} -- --help` : ''}`,
      code: 2,
    };
  if (isAppError(e)) return { line: `错误：${e.message}`, code: 1 };
  const reason = fsReason(e);
  const path = (e as NodeJS.ErrnoException)?.path;
  if (reason && path) return { line: `错误：「${path}」${reason}`, code: 1 };
  return { line: `错误：${(e as Error)?.message ?? String(e)}（设置 DEBUG=1 可查看详细信息）`, code: 1 };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    const { line, code } = failureLine(e, process.argv[2]);
    console.error(line.replace(/\s*\n\s*/g, ' '));
    if (process.env.DEBUG) console.error(e);
    process.exit(code);
  },
);
