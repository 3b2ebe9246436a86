// Sign-in sessions: the cookie holds a random id, the server keeps id → { role, token fingerprint, expiry } in a
// SessionStore (in memory on Node, D1 on Workers). A session ends at /logout, after 12 hours, or as soon as the
// token it was opened with is no longer configured.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SessionStore } from '../ports.ts';
import { type Role, type TokenBook, parseTokens } from './roles.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** The configured tokens seen through fingerprints: what a session remembers about the token that opened it. */
export interface TokenKeys {
  /** The role a token grants and its fingerprint, or null for a token that is not configured. */
  signIn(token: string): { role: Role; fingerprint: string } | null;
  /** The role of the configured token with this fingerprint, or null when no configured token has it. */
  roleOf(fingerprint: string): Role | null;
}

const hmac = (key: Buffer, s: string) => createHmac('sha256', key).update(s, 'utf8').digest('hex');

/**
 * Fingerprints from the AUTH_TOKENS setting itself: HMAC-SHA256 of role and token under a key derived from the
 * whole setting. The same setting gives the same fingerprints in every process and isolate (sessions kept in D1
 * work across them); any change to AUTH_TOKENS changes the key, so every existing session stops working. A copy
 * of the session table alone does not allow guessing a token offline: the key needs all the tokens.
 */
export function tokenKeys(spec: string | undefined): TokenKeys {
  const book = parseTokens(spec); // validates the setting, with its Chinese messages
  const entries = (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .sort();
  const key = createHash('sha256')
    .update(`fz-session-key\0${entries.join('\n')}`, 'utf8')
    .digest();
  const roles = new Map<string, Role>();
  for (const e of entries) {
    const i = e.indexOf(':');
    roles.set(hmac(key, e), e.slice(0, i) as Role);
  }
  return {
    signIn(token) {
      const role = book.roleOf(token);
      return role ? { role, fingerprint: hmac(key, `${role}:${token}`) } : null;
    },
    roleOf: (fingerprint) => roles.get(fingerprint) ?? null,
  };
}

/**
 * Fingerprints for a store that lives and dies with one app (the in-memory store the app makes itself): the
 * token book cannot change during the app's life, so every fingerprint handed out at sign-in stays valid.
 */
export function appTokenKeys(book: TokenBook): TokenKeys {
  const key = randomBytes(32);
  const issued = new Map<string, Role>();
  return {
    signIn(token) {
      const role = book.roleOf(token);
      if (!role) return null;
      const fingerprint = hmac(key, `${role}:${token}`);
      issued.set(fingerprint, role);
      return { role, fingerprint };
    },
    roleOf: (fingerprint) => issued.get(fingerprint) ?? null,
  };
}

export interface Sessions {
  /** Opens a session for a configured token: the id for the cookie; null for a wrong token. */
  start(token: string): Promise<{ id: string; role: Role; expiresAt: number } | null>;
  /** The role of a live session; null when unknown, expired, ended, or its token is no longer configured. */
  roleOf(id: string | null | undefined): Promise<Role | null>;
  /** Ends a session (logout); unknown ids are ignored. */
  end(id: string | null | undefined): Promise<void>;
  readonly ttlMs: number;
}

/** 32 random bytes, base64url: 43 characters. Anything else in the cookie is not looked up. */
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const keyOf = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

export function createSessions(opts: {
  store: SessionStore;
  keys: TokenKeys;
  ttlMs?: number;
  now?: () => number;
}): Sessions {
  const { store, keys } = opts;
  const ttlMs = opts.ttlMs ?? SESSION_TTL_MS;
  const now = opts.now ?? Date.now;
  return {
    ttlMs,
    async start(token) {
      const signed = keys.signIn(token);
      if (!signed) return null;
      const t = now();
      await store.deleteExpired(t);
      const id = randomBytes(32).toString('base64url');
      const expiresAt = t + ttlMs;
      await store.put(keyOf(id), { role: signed.role, tokenFingerprint: signed.fingerprint, expiresAt });
      return { id, role: signed.role, expiresAt };
    },
    async roleOf(id) {
      if (!id || !ID_SHAPE.test(id)) return null;
      const key = keyOf(id);
      const s = await store.get(key);
      if (!s) return null;
      if (s.expiresAt <= now() || keys.roleOf(s.tokenFingerprint) !== s.role) {
        await store.delete(key);
        return null;
      }
      return s.role;
    },
    async end(id) {
      if (id && ID_SHAPE.test(id)) await store.delete(keyOf(id));
    },
  };
}
