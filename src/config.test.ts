import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadConfig } from './config.ts';

describe('the open-mode loopback check parses HOST as an address', () => {
  it('accepts localhost and loopback addresses only', () => {
    for (const host of [
      '127.0.0.1',
      '127.8.9.10',
      'localhost',
      'LocalHost',
      '::1',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('refuses names that only look like loopback, and every-interface or outside addresses', () => {
    for (const host of [
      '127.evil.example',
      '127.0.0.1.nip.io',
      'localhost.evil.example',
      'localhost.',
      '0.0.0.0',
      '::',
      '10.0.0.5',
      '192.168.1.2',
      '::ffff:10.0.0.1',
      '127.1',
      '2130706433',
      '0x7f.0.0.1',
      ' 127.0.0.1',
      '',
    ]) {
      expect(isLoopbackHost(host), JSON.stringify(host)).toBe(false);
    }
  });

  it('HOST defaults to 127.0.0.1, which passes', () => {
    expect(isLoopbackHost(loadConfig({}).HOST)).toBe(true);
  });
});

it('the server refuses to start in open mode on HOST=127.evil.example', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fazhi-host-'));
  try {
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', 'src/server.ts'],
        {
          cwd: join(import.meta.dirname, '..'),
          env: {
            ...process.env,
            DATA_DIR: dataDir,
            HOST: '127.evil.example',
            PORT: '0',
            AUTH_TOKENS: '',
            LLM_MODEL: '',
            EMBED_MODEL: '',
          },
          timeout: 30_000,
        },
        (_e, stdout, stderr) => resolve({ code: child.exitCode, out: stdout + stderr }),
      );
    });
    expect(code).toBe(1);
    expect(out).toContain('没有配置访问令牌（AUTH_TOKENS）时只能监听本机地址；当前 HOST=127.evil.example');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('one config schema for Node and Workers', () => {
  it('a shared setting is bounded the same way on both, and the Worker reads LLM_MAX_TOKENS', async () => {
    const { loadWorkerVars } = await import('./cloudflare/worker-config.ts');
    const worker = loadWorkerVars({ AUTH_TOKENS: 'staff:x', LLM_MAX_TOKENS: '900' });
    expect(worker.LLM_MAX_TOKENS).toBe(900);
    expect(loadConfig({ LLM_MAX_TOKENS: '900' }).LLM_MAX_TOKENS).toBe(900);
    expect(() => loadConfig({ LLM_MAX_TOKENS: '5' })).toThrow(/LLM_MAX_TOKENS/);
    expect(() => loadWorkerVars({ AUTH_TOKENS: 'staff:x', LLM_MAX_TOKENS: '5' })).toThrow(/LLM_MAX_TOKENS/);
    expect(() => loadWorkerVars({})).toThrow(/AUTH_TOKENS.*wrangler secret put/);
    expect(
      loadWorkerVars({
        AUTH_TOKENS: 'staff:x',
        WIDGET_ORIGINS: 'https://oa.example.gov.cn/, https://b.example',
      }).WIDGET_ORIGINS,
    ).toEqual(['https://oa.example.gov.cn', 'https://b.example']);
  });
});
