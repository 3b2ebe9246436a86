// Sessions on Workers: the D1 store against a real local D1 (migrations applied by wrangler, 0003 included), and
// the Worker app itself: a session opened in one isolate holds in another and ends in all at logout.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localD1 } from '../../test/worker/local-d1.ts';
import { InProcessVectorize } from '../../test/worker/in-process-vectorize.ts';
import { loadPrompt } from '../llm/prompts.ts';
import { sessionStoreContract } from '../auth/session-store.contract.ts';
import { createApp } from '../http/app.ts';
import { LocalEmbedder } from '../index/local-embedder.ts';
import { loadAssets } from '../web/assets.ts';
import { D1SessionStore } from './d1-session-store.ts';
import { METADATA_INDEXES } from './vectorize.ts';
import { createWorkerDeps } from './worker-deps.ts';

let d1: Awaited<ReturnType<typeof localD1>>;
beforeAll(async () => {
  d1 = await localD1();
}, 60_000);
afterAll(async () => d1?.dispose());

sessionStoreContract('D1SessionStore (local D1)', async () => {
  await d1.db.prepare('DELETE FROM sessions').run();
  return new D1SessionStore(d1.db);
});

describe('sessions in the Worker app', () => {
  const ADMIN = 'admin-token-0123456789';
  const STAFF = 'staff-token-0123456789';
  const BASE = 'https://fazhi.example.workers.dev';
  /** One Worker isolate: its own app (and its own memory) over the shared D1. */
  const isolate = (authTokens: string) =>
    createApp(
      createWorkerDeps(
        {
          DB: d1.db,
          VECTORIZE: new InProcessVectorize({
            dimensions: 256,
            metadataIndexes: Object.keys(METADATA_INDEXES),
          }),
          AUTH_TOKENS: authTokens,
          RATE_LIMIT_PER_MINUTE: '0',
        },
        {
          assets: loadAssets,
          prompts: { answer: loadPrompt('answer'), draft: loadPrompt('draft') },
          embedder: new LocalEmbedder(),
        },
      ),
    );
  const signIn = async (app: ReturnType<typeof isolate>, token: string) => {
    const res = await app.request(`${BASE}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
      body: new URLSearchParams({ token }),
    });
    expect(res.status).toBe(303);
    return res.headers.get('set-cookie')!.split(';')[0];
  };
  const traces = (app: ReturnType<typeof isolate>, cookie: string) =>
    app.request(`${BASE}/api/traces`, { headers: { cookie } });

  it('a session opened in one isolate works in another; logout in one ends it in all', async () => {
    await d1.db.prepare('DELETE FROM sessions').run();
    const spec = `staff:${STAFF},admin:${ADMIN}`;
    const a = isolate(spec);
    const b = isolate(spec);
    const cookie = await signIn(a, ADMIN);
    expect(cookie).toMatch(/^fz_session=[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toContain(ADMIN);
    const stored = await d1.db
      .prepare('SELECT key, role, token_fingerprint FROM sessions')
      .all<{ key: string; role: string; token_fingerprint: string }>();
    // the table holds the SHA-256 of the id, not the id: a copy of it opens no session
    const id = cookie.slice('fz_session='.length);
    expect(stored.results.map((r) => r.key)).toEqual([createHash('sha256').update(id).digest('hex')]);
    expect(JSON.stringify(stored.results)).not.toContain(ADMIN);
    expect((await traces(b, cookie)).status).toBe(200);
    expect((await b.request(`${BASE}/logout`, { headers: { cookie } })).status).toBe(303);
    expect((await traces(a, cookie)).status).toBe(401);
    expect((await traces(b, cookie)).status).toBe(401);
  });

  it('a new AUTH_TOKENS secret ends the sessions kept in D1', async () => {
    const cookie = await signIn(isolate(`staff:${STAFF},admin:${ADMIN}`), STAFF);
    expect((await traces(isolate(`staff:${STAFF},admin:${ADMIN}`), cookie)).status).toBe(403); // staff: alive, not a supervisor
    const rotated = isolate(`staff:${STAFF}-rotated,admin:${ADMIN}`);
    expect((await rotated.request(`${BASE}/api/documents`, { headers: { cookie } })).status).toBe(401);
    expect((await d1.db.prepare('SELECT COUNT(*) AS n FROM sessions').first<{ n: number }>())!.n).toBe(0);
  });
});
