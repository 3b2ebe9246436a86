import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from './memory-session-store.ts';
import { sessionStoreContract } from './session-store.contract.ts';
import { appTokenKeys, createSessions } from './sessions.ts';
import { parseTokens } from './roles.ts';

sessionStoreContract('MemorySessionStore', async () => new MemorySessionStore());

describe('MemorySessionStore', () => {
  it('is bounded: past the limit the oldest sign-ins are dropped, and expired ones at each sign-in', async () => {
    const store = new MemorySessionStore(3);
    let t = 0;
    const sessions = createSessions({
      store,
      keys: appTokenKeys(parseTokens('staff:staff-token-0123456789')),
      ttlMs: 100,
      now: () => t,
    });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await sessions.start('staff-token-0123456789'))!.id);
    expect(store.size).toBe(3);
    expect(await sessions.roleOf(ids[0])).toBeNull();
    expect(await sessions.roleOf(ids[4])).toBe('staff');
    t = 100;
    await sessions.start('staff-token-0123456789');
    expect(store.size).toBe(1);
  });

  it('app-local keys: only what this app handed out at sign-in is valid', async () => {
    const book = parseTokens('admin:admin-token-0123456789');
    const keys = appTokenKeys(book);
    const signed = keys.signIn('admin-token-0123456789')!;
    expect(keys.roleOf(signed.fingerprint)).toBe('admin');
    expect(appTokenKeys(book).roleOf(signed.fingerprint)).toBeNull();
    expect(keys.signIn('not-a-token-0123456789')).toBeNull();
  });
});
