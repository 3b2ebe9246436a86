// npm start's entry: first start indexes corpus/, answers on loopback, and SIGTERM shuts it down cleanly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from './helpers.ts';

afterAll(cleanupTempDirs);

it('starts, indexes the corpus on first start, answers, and exits 0 on SIGTERM after in-flight work', async () => {
  const dataDir = tempDir();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LLM_MODEL: '',
      EMBED_MODEL: '',
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes('已启动') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(out).toContain('首次启动：已从');
  const res = await fetch(`http://127.0.0.1:${port}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: '城西街道培养了几个法律明白人' }),
  });
  expect((await res.json()).answer).toContain('24人');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(out).toContain('已关闭');
  expect(existsSync(join(dataDir, 'vectors', 'vectors.json'))).toBe(true);
}, 60_000);

it('says it is in open mode on loopback, and refuses to listen elsewhere without tokens', async () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: join(import.meta.dirname, '..'),
        env: {
          ...process.env,
          DATA_DIR: tempDir(),
          CORPUS_DIR: join(tempDir(), 'none'),
          LLM_MODEL: '',
          EMBED_MODEL: '',
          AUTH_TOKENS: '',
          ...env,
        },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const timer = setInterval(() => out.includes('已启动') && child.kill('SIGTERM'), 100);
      child.on('exit', (code) => {
        clearInterval(timer);
        resolve({ code, out });
      });
    });
  const refused = await run({ HOST: '0.0.0.0', PORT: '0' });
  expect(refused.code).toBe(1);
  expect(refused.out).toContain('没有配置访问令牌（AUTH_TOKENS）时只能监听本机地址');
  const open = await run({ HOST: '127.0.0.1', PORT: '0' });
  expect(open.out).toContain('未配置访问令牌，所有人都有管理员权限，因此只监听本机地址');
  const guarded = await run({ HOST: '0.0.0.0', PORT: '0', AUTH_TOKENS: 'staff:staff-token-0123456789' });
  expect(guarded.out).toContain('访问控制：已配置 1 个令牌');
}, 60_000);

it('SIGTERM under load: requests in flight finish, new ones are refused, the index is flushed, exit 0', async () => {
  const dataDir = tempDir();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LLM_MODEL: '',
      EMBED_MODEL: '',
      AUTH_TOKENS: '',
      RATE_LIMIT_PER_MINUTE: '0',
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes('已启动') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const ask = () =>
    fetch(`http://127.0.0.1:${port}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ question: '大港街2023年公开了多少条行政处罚？' }),
    }).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      (e: Error) => ({ status: 0, body: e.message }),
    );
  const inFlight = Array.from({ length: 40 }, ask);
  await new Promise((r) => setTimeout(r, 20));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const results = await Promise.all(inFlight);
  // every request either completed with a full answer or was never accepted (connection refused) — none cut off
  for (const r of results) if (r.status !== 0) expect(r.status, r.body).toBe(200);
  expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);
  expect(await exited).toBe(0);
  const after = await ask();
  expect(after.status).toBe(0);
  expect(out).toContain('已关闭');
  expect(existsSync(join(dataDir, 'vectors', 'vectors.json'))).toBe(true);
}, 60_000);
