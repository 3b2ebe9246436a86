// Security headers on every response (CSP without inline script, no-sniff, no framing of the app's pages) and
// CORS only for the widget's configured origins.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

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

export function widgetCors(origins: string[]): MiddlewareHandler {
  return cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'authorization', 'accept'],
    maxAge: 600,
  });
}
