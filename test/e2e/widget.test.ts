// The widget on another origin, as an intranet page embeds it, with a widget token (issue #14): it asks and shows
// the source paragraph inside itself; when WIDGET_ORIGINS lacks the page, it says which origin to add and the
// server logs it; Esc closes; axe-core finds nothing serious inside the widget.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../src/auth/roles.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';
import { axeViolations } from './axe.ts';
import { launch, serveApp } from './browser.ts';

const WIDGET_TOKEN = 'widget-token-0123456789';
const tokens = parseTokens(`staff:staff-token-0123456789,widget:${WIDGET_TOKEN}`);
let host: Server;
let hostOrigin: string;
let allowed: { url: string; close: () => Promise<void> };
let refused: { url: string; close: () => Promise<void> };
let browser: Browser;
let close: () => Promise<void>;
const logged: string[] = [];
const errors: string[] = [];

/** An intranet page of its own origin: `/?api=<assistant>` embeds the widget from that assistant (`src`, `token` may differ). */
function hostPage(q: URLSearchParams) {
  const api = q.get('api') ?? '';
  const src = q.get('src') ?? api;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>内网首页</title></head><body>
<main><h1>某区政务内网</h1><p>通知公告</p></main>
<script src="${src}/widget.js" data-api="${api}" data-token="${q.get('token') ?? WIDGET_TOKEN}"></script></body></html>`;
}

beforeAll(async () => {
  host = createServer((req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(hostPage(new URL(req.url ?? '/', 'http://x').searchParams));
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', () => r()));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  const deps = await seedAppDeps();
  close = deps.close;
  const common = {
    ...deps,
    evalCasesDir: `${deps.dir}/cases`,
    tokens,
    rateLimitPerMinute: 0,
    log: (l: string) => logged.push(l),
  };
  allowed = await serveApp({ ...common, widgetOrigins: [hostOrigin] });
  refused = await serveApp({ ...common, widgetOrigins: [] });
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await allowed?.close();
  await refused?.close();
  await new Promise((r) => host?.close(r));
  await close?.();
  cleanupTempDirs();
});

async function open(api: string, extra: Record<string, string> = {}): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${hostOrigin}/?${new URLSearchParams({ api, ...extra })}`);
  await page.click('#fazhi-widget >> .fab');
  return page;
}

async function ask(page: Page, question: string) {
  const before = await page.locator('#fazhi-widget >> .msg.assistant').count();
  await page.fill('#fazhi-widget >> textarea', question);
  await page.press('#fazhi-widget >> textarea', 'Enter');
  await page.locator('#fazhi-widget >> .msg.assistant:not(.pending)').nth(before).waitFor();
  return page.locator('#fazhi-widget >> .msg.assistant').nth(before);
}

describe('widget on another origin, with a widget token', () => {
  it('answers; the source paragraph opens inside the widget; Esc closes the paragraph, then the panel; axe clean', async () => {
    const page = await open(allowed.url);
    const answer = await ask(page, '大港街2023年公开了多少条行政处罚？');
    expect(await answer.innerText()).toContain('公开行政处罚55条');
    expect(await answer.locator('[data-action=up]').count()).toBe(0); // a widget token may only ask
    await answer.locator('button.cite').first().click();
    const card = page.locator('#fazhi-widget >> .cite-card');
    await card.waitFor();
    expect(await card.locator('a').count()).toBe(0);
    await card.locator('button.cite-open').click();
    const reader = page.locator('#fazhi-widget >> .reader');
    await reader.waitFor();
    expect(await reader.innerText()).toContain('大港街 · 2023年度 · 主要举措和成效');
    expect(await reader.locator('mark').innerText()).toContain('公开行政处罚55条');
    expect(new URL(page.url()).origin).toBe(hostOrigin);
    expect(await axeViolations(page, '#fazhi-widget')).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await reader.isHidden()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('#fazhi-widget >> .panel').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fazhi-widget');
    await page.context().close();
  });

  it('when WIDGET_ORIGINS lacks the page: a Chinese message naming the origin to add, and a server log line', async () => {
    logged.length = 0;
    const page = await open(refused.url);
    const answer = await ask(page, '大港街2023年公开了多少条行政处罚？');
    const text = await answer.innerText();
    expect(text).toContain(`把本页面的来源 ${hostOrigin} 加入助手的 WIDGET_ORIGINS`);
    expect(text).not.toContain('Failed to fetch');
    expect(logged.some((l) => l.includes(hostOrigin) && l.includes('WIDGET_ORIGINS'))).toBe(true);
    await page.context().close();
  });

  it('with a wrong token it says so; an unreachable assistant is named', async () => {
    const bad = await open(allowed.url, { token: 'not-a-real-token-000000' });
    expect(await (await ask(bad, '大港街2023年公开了多少条行政处罚？')).innerText()).toContain(
      '挂件没有获得授权',
    );
    await bad.context().close();
    const down = await open('http://127.0.0.1:9', { src: allowed.url });
    expect(await (await ask(down, '大港街2023年公开了多少条行政处罚？')).innerText()).toContain(
      '无法连接助手服务器（http://127.0.0.1:9）',
    );
    await down.context().close();
  });

  it('saw no page error', () => {
    expect(errors).toEqual([]);
  });
});
