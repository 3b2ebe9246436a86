// Cross-site request forgery: a request that changes something and is not authenticated by its own
// Authorization header (the sign-in cookie, or open mode on loopback) must come from one of our own pages.
// SameSite=Strict is not enough: a page on another port of the same host is "same-site" and gets the cookie.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE, bearerFrom } from './auth.ts';
import { AppError } from '../errors.ts';
import { errorResponse } from './errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const refuse = (c: Context, message: string) => errorResponse(c, new AppError('forbidden', message));

/** host[:port] of an origin, or null for "null" and anything unparseable. */
export function hostOf(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null;
  } catch {
    return null;
  }
}

export interface SameOriginOptions {
  /** Origins of the widget's host pages: they may POST /api/ask without a cookie (CORS lets them read the answer). */
  widgetOrigins: string[];
  /** Paths the widget origins may POST to. */
  widgetPaths?: string[];
}

/**
 * The browser says where a request comes from: `Sec-Fetch-Site` (every current browser), or else `Origin`,
 * compared by host and port with the address the request was sent to (the scheme is not compared, so a TLS
 * proxy in front keeps working as long as it passes the Host header on). Bearer-token calls are not affected:
 * a page on another origin cannot add an Authorization header without CORS approval. A cookie request that
 * names no origin at all is refused too — browsers always name it on these methods.
 */
export function sameOrigin(opts: SameOriginOptions): MiddlewareHandler {
  const widgetPaths = new Set(opts.widgetPaths ?? ['/api/ask']);
  return async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method) || bearerFrom(c)) return next();
    const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
    const origin = c.req.header('origin')?.trim();
    const withCookie = getCookie(c, SESSION_COOKIE) !== undefined;
    if (site === 'same-origin') return next();
    let cross: boolean;
    if (site && site !== 'none') cross = true;
    else if (origin) cross = hostOf(origin) !== new URL(c.req.url).host;
    else {
      // Neither header: not a browser (curl, scripts), or a browser request we cannot place.
      if (!withCookie) return next();
      return refuse(
        c,
        '请求来源不明：带登录 Cookie 的修改操作必须来自本站页面（缺少 Origin / Sec-Fetch-Site 请求头）；脚本调用请改用 Authorization: Bearer <令牌>',
      );
    }
    if (!cross) return next();
    if (!withCookie && origin && opts.widgetOrigins.includes(origin) && widgetPaths.has(c.req.path))
      return next();
    return refuse(
      c,
      `拒绝跨站请求：修改操作只能从本站页面发起（请求来自 ${origin && origin !== 'null' ? origin.slice(0, 100) : '其他站点'}）`,
    );
  };
}
