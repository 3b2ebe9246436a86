// npm run cf:dev — the Workers deployment on this machine, offline: builds the bundle as a deploy would, runs
// it in workerd with local D1 and stand-ins for Vectorize and the embedding model, fills it from corpus/ with
// cf:push's code, and serves it on http://127.0.0.1:8788 until Ctrl-C. Nothing persists between runs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { collectFiles } from '../src/cli-files.ts';
import { pushCorpus } from '../src/cloudflare/push-corpus.ts';
import { progressBar } from '../src/progress.ts';
import { startPreview } from './worker-preview.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, '.wrangler', 'preview-build');
const PORT = Number(process.env.PORT ?? 8788);

async function main() {
  console.log('打包 Worker（wrangler deploy --dry-run）…');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', OUT], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const token = (role: string) => `${role}-${randomBytes(9).toString('base64url')}`;
  const tokens =
    process.env.AUTH_TOKENS ??
    `staff:${token('staff')},supervisor:${token('supervisor')},admin:${token('admin')}`;
  const admin = tokens
    .split(',')
    .find((t) => t.startsWith('admin:'))
    ?.slice(6);
  if (!admin) throw new Error('AUTH_TOKENS 中需要一个 admin 令牌');
  const mf = await startPreview({ outDir: OUT, authTokens: tokens, port: PORT });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  const { files } = collectFiles([process.env.CORPUS_DIR ?? join(ROOT, 'corpus')]);
  const bar = progressBar(files.length, '导入');
  const pushed = await pushCorpus({
    url,
    token: admin,
    files: files.map((f) => ({ name: basename(f), bytes: readFileSync(f) })),
    onProgress: (d, t, n) => bar.tick(d, n, t),
  });
  bar.done();
  console.log(
    `Workers 本地预览：${url}（导入 ${pushed.added.length} 份，失败 ${pushed.failed.length} 份；D1 为本地库，Vectorize 与向量模型为本机替身）`,
  );
  // Tokens made up for this run are shown so someone can sign in; tokens given in AUTH_TOKENS are never printed.
  if (!process.env.AUTH_TOKENS) console.log(`本次生成的登录令牌：${tokens.split(',').join('  ')}`);
  else console.log('登录令牌：使用 AUTH_TOKENS 中的令牌');
  const stop = async () => {
    await mf.dispose();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`本地预览启动失败：${(e as Error).message}`);
  process.exit(1);
});
