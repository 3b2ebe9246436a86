// The SessionStore contract: one suite every adapter runs (memory on Node, D1 on Workers), through Sessions.
import { describe, expect, it } from 'vitest';
import type { SessionStore } from '../ports.ts';
import { createSessions, tokenKeys } from './sessions.ts';

const STAFF = 'staff-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const SPEC = `staff:${STAFF},admin:${ADMIN}`;
const HOUR = 3_600_000;

export function sessionStoreContract(name: string, makeStore: () => Promise<SessionStore>) {
  describe(`SessionStore contract: ${name}`, () => {
    it('keeps, returns and deletes a record by key; unknown keys give null', async () => {
      const store = await makeStore();
      await store.put('k1', { role: 'staff', tokenFingerprint: 'f1', expiresAt: 1_000 });
      expect(await store.get('k1')).toEqual({ role: 'staff', tokenFingerprint: 'f1', expiresAt: 1_000 });
      expect(await store.get('k2')).toBeNull();
      await store.delete('k1');
      await store.delete('k1');
      expect(await store.get('k1')).toBeNull();
    });

    it('deleteExpired drops only the sessions expired by then', async () => {
      const store = await makeStore();
      await store.put('old', { role: 'staff', tokenFingerprint: 'f', expiresAt: 100 });
      await store.put('edge', { role: 'staff', tokenFingerprint: 'f', expiresAt: 200 });
      await store.put('new', { role: 'admin', tokenFingerprint: 'f', expiresAt: 300 });
      await store.deleteExpired(200);
      expect(await store.get('old')).toBeNull();
      expect(await store.get('edge')).toBeNull();
      expect(await store.get('new')).toMatchObject({ role: 'admin' });
    });

    it('a session: random id, role while live, gone after logout, after 12 hours, and when AUTH_TOKENS changes', async () => {
      const store = await makeStore();
      let t = Date.UTC(2026, 0, 1);
      const sessions = createSessions({ store, keys: tokenKeys(SPEC), now: () => t });
      expect(await sessions.start('wrong-token-0123456789')).toBeNull();
      const a = (await sessions.start(ADMIN))!;
      const b = (await sessions.start(ADMIN))!;
      expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a.id).not.toBe(b.id);
      expect(a.id).not.toContain(ADMIN);
      expect(a.expiresAt).toBe(t + 12 * HOUR);
      expect(await sessions.roleOf(a.id)).toBe('admin');
      // another process or isolate with the same AUTH_TOKENS sees the same session
      expect(
        await createSessions({
          store,
          keys: tokenKeys(` admin:${ADMIN} , staff:${STAFF}`),
          now: () => t,
        }).roleOf(a.id),
      ).toBe('admin');

      await sessions.end(a.id);
      expect(await sessions.roleOf(a.id)).toBeNull();
      expect(await sessions.roleOf(b.id)).toBe('admin');

      t += 12 * HOUR - 1;
      expect(await sessions.roleOf(b.id)).toBe('admin');
      t += 1;
      expect(await sessions.roleOf(b.id)).toBeNull();

      const c = (await sessions.start(STAFF))!;
      const rotated = createSessions({
        store,
        keys: tokenKeys(`staff:${STAFF}-rotated,admin:${ADMIN}`),
        now: () => t,
      });
      expect(await rotated.roleOf(c.id)).toBeNull();
      // refused once, the record is gone: putting the old setting back does not revive it
      expect(await sessions.roleOf(c.id)).toBeNull();
    });

    it('ignores ids of the wrong shape without looking them up', async () => {
      const store = await makeStore();
      const sessions = createSessions({ store, keys: tokenKeys(SPEC) });
      for (const id of ['', 'x', STAFF, `${'a'.repeat(43)}'`, 'a'.repeat(10_000), null, undefined]) {
        expect(await sessions.roleOf(id)).toBeNull();
        await sessions.end(id);
      }
    });
  });
}
