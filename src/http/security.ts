// Security headers on every response (CSP without inline script, no-sniff, no framing of the app's pages) and
// CORS only for the widget's configured origins.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { hostOf } from './csrf.ts';

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The demo host page stands in for a third-party intranet page: it may use inline styles of its own. */
const DEMO_CSP = PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('content-security-policy', c.req.path === '/widget-demo' ? DEMO_CSP : PAGE_CSP);
    if (c.req.path !== '/widget.js') c.header('x-frame-options', 'DENY');
    c.header('cross-origin-opener-policy', 'same-origin');
  };
}

/** The server's line when a page that is not in WIDGET_ORIGINS tries the widget's API (once a minute per origin). */
export const corsRefusedLine = (origin: string, method: string, path: string) =>
  `[挂件] 拒绝了来自 ${origin} 的跨域请求（${method} ${path}）：若这是嵌入问答挂件的内网页面，请把 ${origin} 加入 WIDGET_ORIGINS（多个来源用逗号分隔）后重启服务`;

export function widgetCors(origins: string[], log: (line: string) => void = console.warn): MiddlewareHandler {
  const inner = cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'authorization', 'accept'],
    maxAge: 600,
  });
  const lastLogged = new Map<string, number>();
  return async (c, next) => {
    const origin = c.req.header('origin')?.trim();
    const host = origin ? hostOf(origin) : null;
    if (origin && host && !origins.includes(origin) && host !== new URL(c.req.url).host) {
      const now = Date.now();
      if ((lastLogged.get(origin) ?? 0) < now - 60_000) {
        if (lastLogged.size >= 1000) lastLogged.clear();
        lastLogged.set(origin, now);
        log(corsRefusedLine(origin.slice(0, 200), c.req.method, c.req.path));
      }
    }
    return inner(c, next);
  };
}
