// Headless Chromium for end-to-end tests: Debian's chromium driven by playwright-core (no browser download),
// against the real app served on a free loopback port.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { createNodeApp, type NodeAppDeps } from '../../src/http/node-app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `没有找到 Chromium（${CHROMIUM}）：请先 apt-get install -y chromium fonts-noto-cjk（.ci/run 会安装）`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function serveApp(deps: NodeAppDeps): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createNodeApp(deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
