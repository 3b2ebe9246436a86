// Sign-in sessions over HTTP: the cookie is a random session id (not the token), valid 12 hours on the server's
// clock, revoked by /logout, and dead once AUTH_TOKENS changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../src/auth/memory-session-store.ts';
import { parseTokens } from '../../src/auth/roles.ts';
import { type Sessions, createSessions, tokenKeys } from '../../src/auth/sessions.ts';
import { createNodeApp } from '../../src/http/node-app.ts';
import { cleanupTempDirs, seedAppDeps } from '../helpers.ts';

const T = {
  staff: 'staff-token-0123456789',
  supervisor: 'supervisor-token-0123456789',
  admin: 'admin-token-0123456789',
};
const SPEC = `staff:${T.staff},supervisor:${T.supervisor},admin:${T.admin}`;
const HOUR = 3_600_000;

let deps: Awaited<ReturnType<typeof seedAppDeps>>;
beforeAll(async () => {
  deps = await seedAppDeps();
});
afterAll(async () => {
  await deps.close();
  cleanupTempDirs();
});

const appWith = (spec: string, sessions?: Sessions) =>
  createNodeApp({
    ...deps,
    evalCasesDir: `${deps.dir}/cases`,
    rateLimitPerMinute: 0,
    tokens: parseTokens(spec),
    sessions,
  });

async function signIn(app: ReturnType<typeof appWith>, token: string) {
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/audit' }),
  });
  return { res, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
}
const audit = (app: ReturnType<typeof appWith>, cookie: string) =>
  app.request('/audit', { headers: { cookie } });
const traces = (app: ReturnType<typeof appWith>, cookie: string) =>
  app.request('/api/traces', { headers: { cookie } });

describe('sign-in sessions', () => {
  it('the cookie holds a random session id, never the token; the raw token as a cookie is not accepted', async () => {
    const app = appWith(SPEC);
    const a = await signIn(app, T.supervisor);
    const b = await signIn(app, T.supervisor);
    expect(a.res.status).toBe(303);
    expect(a.res.headers.get('set-cookie')).toMatch(
      /^fz_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(a.cookie).not.toContain(T.supervisor);
    expect(a.cookie).not.toBe(b.cookie);
    expect((await audit(app, a.cookie)).status).toBe(200);
    expect((await audit(app, b.cookie)).status).toBe(200);
    // what the old cookie was: the token itself
    const raw = await audit(app, `fz_session=${T.supervisor}`);
    expect(raw.status).toBe(302);
    expect(raw.headers.get('location')).toBe('/login?next=%2Faudit');
    expect((await traces(app, `fz_session=${T.admin}`)).status).toBe(401);
  });

  it('/logout ends the session on the server: the same cookie, replayed, no longer works', async () => {
    const app = appWith(SPEC);
    const { cookie } = await signIn(app, T.admin);
    const other = await signIn(app, T.admin);
    expect((await traces(app, cookie)).status).toBe(200);
    const out = await app.request('/logout', { headers: { cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^fz_session=; Max-Age=0; Path=\//);
    expect((await traces(app, cookie)).status).toBe(401);
    expect((await audit(app, cookie)).status).toBe(302);
    // another browser's session is its own
    expect((await traces(app, other.cookie)).status).toBe(200);
    // POST /logout from our page works too (and is refused from another origin)
    expect(
      (
        await app.request('/logout', {
          method: 'POST',
          headers: { cookie: other.cookie, origin: 'http://127.0.0.1:8899' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await app.request('/logout', {
          method: 'POST',
          headers: { cookie: other.cookie, 'sec-fetch-site': 'same-origin' },
        })
      ).status,
    ).toBe(303);
    expect((await traces(app, other.cookie)).status).toBe(401);
  });

  it('signing in again replaces the session this browser had', async () => {
    const app = appWith(SPEC);
    const first = await signIn(app, T.staff);
    const res = await app.request('/login', {
      method: 'POST',
      headers: {
        cookie: first.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({ token: T.admin }),
    });
    const second = res.headers.get('set-cookie')!.split(';')[0];
    expect((await traces(app, first.cookie)).status).toBe(401);
    expect((await traces(app, second)).status).toBe(200);
  });

  it('expires after 12 hours on the server, whatever the browser keeps', async () => {
    let t = Date.UTC(2026, 0, 1, 8);
    const app = appWith(
      SPEC,
      createSessions({ store: new MemorySessionStore(), keys: tokenKeys(SPEC), now: () => t }),
    );
    const { cookie } = await signIn(app, T.supervisor);
    t += 12 * HOUR - 1000;
    expect((await audit(app, cookie)).status).toBe(200);
    t += 1000;
    expect((await audit(app, cookie)).status).toBe(302);
    expect((await traces(app, cookie)).status).toBe(401);
  });

  it('a changed AUTH_TOKENS ends every session; the same setting elsewhere (another process or isolate) keeps them', async () => {
    const store = new MemorySessionStore();
    const before = appWith(SPEC, createSessions({ store, keys: tokenKeys(SPEC) }));
    const admin = await signIn(before, T.admin);
    const staff = await signIn(before, T.staff);
    const same = appWith(SPEC, createSessions({ store, keys: tokenKeys(SPEC) }));
    expect((await traces(same, admin.cookie)).status).toBe(200);
    // the admin token rotated; the staff token stays as it was
    const rotatedSpec = `staff:${T.staff},supervisor:${T.supervisor},admin:${T.admin}-new`;
    const after = appWith(rotatedSpec, createSessions({ store, keys: tokenKeys(rotatedSpec) }));
    expect((await traces(after, admin.cookie)).status).toBe(401);
    expect((await after.request('/', { headers: { cookie: staff.cookie } })).status).toBe(302);
    expect(store.size).toBe(0);
    // and the old admin token no longer signs in
    expect((await signIn(after, T.admin)).res.headers.get('location')).toMatch(/^\/login\?failed=1/);
  });

  it('the Node server default: sessions in memory, private to the app (a new process starts with none)', async () => {
    const first = appWith(SPEC);
    const { cookie } = await signIn(first, T.admin);
    expect((await traces(first, cookie)).status).toBe(200);
    expect((await traces(appWith(SPEC), cookie)).status).toBe(401);
  });
});
