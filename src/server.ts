// Node entry: builds the real dependencies, indexes corpus/ on first start, serves the app, shuts down gracefully.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { serve } from '@hono/node-server';
import { collectFiles } from './cli-files.ts';
import { createAnswerer, createDrafter, createEmbedder, isLoopbackHost, loadConfig } from './config.ts';
import { AppError, isAppError } from './errors.ts';
import { storageError } from './library/storage-errors.ts';
import { parseTokens } from './auth/roles.ts';
import { createNodeApp } from './http/node-app.ts';
import { ingestFiles } from './library/ingest.ts';
import { LocalEmbedder } from './index/local-embedder.ts';
import { learnLocalEmbedder } from './library/learn-word-vectors.ts';
import { reindex } from './library/reindex.ts';
import { closeLibrary, openLibrary } from './library/library.ts';
import { SqliteDraftStore } from './draft/sqlite-draft-store.ts';
import { SqliteTraceStore } from './traces/sqlite-trace-store.ts';

/** How the indexes were obtained at start, in words (an empty library may have been filled from corpus/ since). */
const INDEX_STATE = {
  loaded: '从磁盘载入',
  rebuilt: '已从数据库重建',
  empty: '新建',
  loading: '向量索引在后台载入，载入前只用 BM25 检索',
} as const;

async function main() {
  const config = loadConfig();
  const tokens = parseTokens(config.AUTH_TOKENS);
  if (tokens.size === 0 && !isLoopbackHost(config.HOST)) {
    throw new AppError(
      'bad_input',
      `没有配置访问令牌（AUTH_TOKENS）时只能监听本机地址；当前 HOST=${config.HOST}。请设置 AUTH_TOKENS=staff:…,supervisor:…,admin:… 后再对外提供服务`,
    );
  }
  // The vector index loads in the background (BM25 answers alone until then; /healthz says so), and what the first
  // searches would read cold from the BM25 file is read ahead meanwhile (bm25-warm.ts).
  const lib = await openLibrary({
    dataDir: config.DATA_DIR,
    embedder: createEmbedder(config),
    vectorsInBackground: true,
    warmLexical: true,
  });
  if (lib.openedBy === 'loading') {
    void lib.vectorsReady.then(() =>
      console.log(
        `向量索引已就绪（${INDEX_STATE[lib.openedBy]}，启动后 ${((lib.openTimings.vectorsReady ?? 0) / 1000).toFixed(1)} 秒）`,
      ),
    );
  }
  if ((await lib.store.listReports()).length === 0 && existsSync(config.CORPUS_DIR)) {
    const { files } = collectFiles([config.CORPUS_DIR]);
    const out = await ingestFiles(
      lib,
      files.map((f) => ({ name: basename(f), bytes: readFileSync(f) })),
    );
    const ok = out.filter((o) => o.status !== 'failed').length;
    console.log(`首次启动：已从 ${config.CORPUS_DIR} 导入 ${ok} 份报告（${lib.lexical.size} 个段落）`);
    // The local embedder learns its word vectors from these reports (as npm run reindex does later).
    if (ok && lib.embedder instanceof LocalEmbedder && !lib.embedder.wordVectors) {
      lib.embedder = await learnLocalEmbedder(lib.store, config.DATA_DIR, lib.embedder);
      await reindex(lib);
    }
  }
  const traces = new SqliteTraceStore(join(config.DATA_DIR, 'traces.db'));
  const drafts = new SqliteDraftStore(join(config.DATA_DIR, 'drafts.db'));
  const answerer = createAnswerer(config);
  const app = createNodeApp({
    lib,
    traces,
    drafts,
    answerer,
    drafter: createDrafter(config),
    tokens,
    widgetOrigins: config.WIDGET_ORIGINS,
    evalCasesDir: config.EVAL_CASES_DIR,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    console.log(
      `法治报告助手已启动：http://${config.HOST}:${info.port}（向量：${lib.embedder.id}；回答：${config.LLM_MODEL ? `大模型 ${config.LLM_MODEL}` : '离线摘录'}；索引：${INDEX_STATE[lib.openedBy]}，${lib.lexical.size} 个段落）`,
    );
    console.log(
      tokens.size
        ? `访问控制：已配置 ${tokens.size} 个令牌`
        : '访问控制：未配置访问令牌，所有人都有管理员权限，因此只监听本机地址。对外提供服务前请设置 AUTH_TOKENS。',
    );
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`收到 ${signal}，停止接收新请求，等待进行中的请求完成……`);
    server.close(async () => {
      await traces.close();
      await drafts.close();
      await closeLibrary(lib); // waits for any ingest in progress; the index on disk is already flushed
      console.log('已关闭。');
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e) => {
  const known = isAppError(e) ? e : storageError(e);
  const message =
    known?.code === 'storage_readonly'
      ? '数据目录只读：服务需要写入数据目录（数据库、索引和审计记录），请检查磁盘挂载和权限；目录中的数据未被改动'
      : known?.message;
  console.error(known ? `启动失败：${message}` : e);
  process.exit(1);
});
