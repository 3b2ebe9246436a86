// npm run cf:push -- <folder or files…> [--url https://….workers.dev] [--token <admin token>]
// Reads the reports here (txt/md/docx/pdf) and sends them to the deployed Worker; re-running sends only what
// changed. CF_WORKER_URL and CF_ADMIN_TOKEN may stand in for the flags. With EMBED_MODEL/EMBED_BASE_URL set
// to the Worker's own embedding model, vectors are computed here; otherwise the Worker computes them.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { collectFiles } from '../src/cli-files.ts';
import { createEmbedder, loadConfig } from '../src/config.ts';
import { pushCorpus } from '../src/cloudflare/push-corpus.ts';
import { progressBar } from '../src/progress.ts';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, token: { type: 'string' } },
  });
  const url = values.url ?? process.env.CF_WORKER_URL;
  const token = values.token ?? process.env.CF_ADMIN_TOKEN;
  if (!url || !token || !positionals.length) {
    console.error(
      '用法：npm run cf:push -- <目录或文件…> --url https://<worker>.workers.dev --token <admin 令牌>（或设置 CF_WORKER_URL、CF_ADMIN_TOKEN）',
    );
    process.exit(2);
  }
  const missing = positionals.filter((p) => !existsSync(p));
  if (missing.length) {
    console.error(`找不到：${missing.join('、')}`);
    process.exit(2);
  }
  const { files, skipped } = collectFiles(positionals);
  if (!files.length) {
    console.error(`${positionals.join('、')} 中没有 txt/md/docx/pdf 报告`);
    process.exit(2);
  }
  for (const s of skipped) console.error(`跳过（不支持的类型）：${s}`);
  const config = loadConfig();
  const embedder = config.EMBED_MODEL ? createEmbedder(config) : undefined;
  const bar = progressBar(files.length, '推送');
  const summary = await pushCorpus({
    url,
    token,
    embedder,
    files: files.map((f) => ({ name: basename(f), bytes: readFileSync(f) })),
    onProgress: (done, total, name) => bar.tick(done, name, total),
  });
  bar.done();
  console.log(
    `新增 ${summary.added.length}，更新 ${summary.replaced.length}，未变 ${summary.unchanged.length}，失败 ${summary.failed.length}（向量由${summary.vectorsFrom === 'local' ? '本机' : ' Worker '}计算）`,
  );
  for (const f of summary.failed) console.error(`失败：${f.name}：${f.message}`);
  process.exit(summary.failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`推送失败：${(e as Error).message}`);
  process.exit(1);
});
