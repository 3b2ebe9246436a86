// Sign-in and sign-out: POST /login turns a token into a server-side session (the cookie holds only its random
// id, HttpOnly, SameSite=Strict, 12 hours); /logout ends the session on the server and clears the cookie.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Sessions } from '../../auth/sessions.ts';
import { type AuthEnv, SESSION_COOKIE } from '../auth.ts';

/** Only same-site paths after sign-in («/audit»), never another origin. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

export function sessionRoutes(sessions: Sessions) {
  const logout = async (c: Context) => {
    await sessions.end(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  };
  return new Hono<AuthEnv>()
    .post('/login', async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const token = typeof form.token === 'string' ? form.token.trim() : '';
      const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
      const session = await sessions.start(token);
      if (!session) return c.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`, 303);
      // A widget token only asks from the widget: it opens no page session.
      if (session.role === 'widget') {
        await sessions.end(session.id);
        return c.redirect(`/login?failed=widget&next=${encodeURIComponent(next)}`, 303);
      }
      // Signing in again replaces the session this browser had.
      await sessions.end(getCookie(c, SESSION_COOKIE));
      setCookie(c, SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: Math.floor(sessions.ttlMs / 1000),
      });
      return c.redirect(next, 303);
    })
    .get('/logout', logout)
    .post('/logout', logout);
}
