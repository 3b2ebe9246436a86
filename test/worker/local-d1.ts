// A real local D1 (workerd's SQLite, through wrangler) with the product's migrations applied the way an
// operator applies them: `wrangler d1 migrations apply DB --local`, then `getPlatformProxy()` for the binding.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import type { D1Database } from '../../src/cloudflare/d1.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = join(import.meta.dirname, 'wrangler.d1.toml');
export const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
export const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CI: '1',
  NO_UPDATE_NOTIFIER: '1',
};

export async function localD1(): Promise<{
  db: D1Database;
  persistDir: string;
  dispose: () => Promise<void>;
}> {
  const persistDir = mkdtempSync(join(tmpdir(), 'fazhi-d1-'));
  execFileSync(
    WRANGLER,
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir, '-c', CONFIG],
    {
      cwd: ROOT,
      env: WRANGLER_ENV,
      stdio: 'pipe',
    },
  );
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: CONFIG,
    persist: { path: join(persistDir, 'v3') },
  });
  return {
    db: proxy.env.DB,
    persistDir,
    async dispose() {
      await proxy.dispose();
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
