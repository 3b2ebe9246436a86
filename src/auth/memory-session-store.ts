// Sessions in this process's memory (the Node server: one process, sessions end when it restarts), bounded.
import type { SessionRecord, SessionStore } from '../ports.ts';

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  /** Beyond this many live sessions the oldest sign-ins are dropped (they sign in again). */
  constructor(private readonly maxSessions = 10_000) {}

  get size(): number {
    return this.sessions.size;
  }

  async put(key: string, session: SessionRecord): Promise<void> {
    this.sessions.delete(key);
    this.sessions.set(key, { ...session });
    // A Map iterates in insertion order: the first keys are the oldest sign-ins.
    for (const k of this.sessions.keys()) {
      if (this.sessions.size <= this.maxSessions) break;
      this.sessions.delete(k);
    }
  }

  async get(key: string): Promise<SessionRecord | null> {
    const s = this.sessions.get(key);
    return s ? { ...s } : null;
  }

  async delete(key: string): Promise<void> {
    this.sessions.delete(key);
  }

  async deleteExpired(now: number): Promise<void> {
    for (const [k, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(k);
  }
}
