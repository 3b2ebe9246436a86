// Sign-in sessions on Workers, in D1 (migrations/0003_sessions.sql). Not an isolate-local map: a deployment runs
// many isolates, and a session opened in one must be seen, and ended at logout, in all. Not a signed cookie
// either: a signed cookie stays valid until it expires, so logout could not revoke it without a table anyway.
import type { Role } from '../auth/roles.ts';
import type { SessionRecord, SessionStore } from '../ports.ts';
import type { D1Database } from './d1.ts';

type Row = { role: string; token_fingerprint: string; expires_at: number };

export class D1SessionStore implements SessionStore {
  constructor(private readonly db: D1Database) {}

  async put(key: string, s: SessionRecord): Promise<void> {
    await this.db
      .prepare(
        'INSERT INTO sessions (key, role, token_fingerprint, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET role = excluded.role, token_fingerprint = excluded.token_fingerprint, expires_at = excluded.expires_at',
      )
      .bind(key, s.role, s.tokenFingerprint, s.expiresAt)
      .run();
  }

  async get(key: string): Promise<SessionRecord | null> {
    const row = await this.db
      .prepare('SELECT role, token_fingerprint, expires_at FROM sessions WHERE key = ?')
      .bind(key)
      .first<Row>();
    return row
      ? { role: row.role as Role, tokenFingerprint: row.token_fingerprint, expiresAt: Number(row.expires_at) }
      : null;
  }

  async delete(key: string): Promise<void> {
    await this.db.prepare('DELETE FROM sessions WHERE key = ?').bind(key).run();
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').bind(now).run();
  }
}
