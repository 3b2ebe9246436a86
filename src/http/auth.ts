// Access control for every route: a bearer token or the sign-in session cookie gives a role; pages redirect to
// /login, APIs answer 401/403 as JSON. With no tokens configured (loopback only) everyone is admin.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { type Role, type TokenBook, atLeast, requiredRole, widgetMay } from '../auth/roles.ts';
import type { Sessions } from '../auth/sessions.ts';
import { AppError } from '../errors.ts';
import { errorResponse } from './errors.ts';

export const SESSION_COOKIE = 'fz_session';

export type AuthEnv = { Variables: { role: Role } };

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerFrom(c: Context): string | null {
  const header = c.req.header('authorization');
  return header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() || null;
}

/** Who is calling, for rate limiting: the bearer token, else the session id of the cookie. */
export function tokenFrom(c: Context): string | null {
  return bearerFrom(c) || getCookie(c, SESSION_COOKIE) || null;
}

const isApi = (path: string) => path.startsWith('/api/') || path.startsWith('/v1/');

/** A bearer token is checked against AUTH_TOKENS; the cookie only names a server-side session. */
async function roleOf(c: Context, tokens: TokenBook, sessions: Sessions): Promise<Role | null> {
  if (tokens.size === 0) return 'admin';
  const bearer = bearerFrom(c);
  if (bearer) return tokens.roleOf(bearer);
  return sessions.roleOf(getCookie(c, SESSION_COOKIE));
}

export function authMiddleware(tokens: TokenBook, sessions: Sessions): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const path = c.req.path;
    const needed = requiredRole(c.req.method, path);
    if (!needed || c.req.method === 'OPTIONS') return next();
    const role = await roleOf(c, tokens, sessions);
    if (!role) {
      if (isApi(path))
        return errorResponse(
          c,
          new AppError('unauthorized', '需要登录：请在请求头带上 Authorization: Bearer <令牌>'),
          { 'www-authenticate': 'Bearer' },
        );
      return c.redirect(`/login?next=${encodeURIComponent(path + (new URL(c.req.url).search || ''))}`, 302);
    }
    c.set('role', role);
    if (role === 'widget' ? !widgetMay(c.req.method, path) : !atLeast(role, needed)) {
      const message =
        role === 'widget'
          ? '权限不足：挂件令牌只能用于挂件提问（POST /api/ask），不能访问其他页面或接口'
          : `权限不足：此功能需要${needed === 'admin' ? '管理员' : needed === 'supervisor' ? '审核人员' : '工作人员'}权限`;
      if (isApi(path)) return errorResponse(c, new AppError('forbidden', message));
      return c.html(
        `<!doctype html><meta charset="utf-8"><title>权限不足</title><p>${message}。<a href="/">返回问答</a></p>`,
        403,
      );
    }
    return next();
  };
}
