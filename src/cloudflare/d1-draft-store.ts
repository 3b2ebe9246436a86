// D1DraftStore: drafts and their traces in D1 (Workers) — the same rows as SqliteDraftStore.
import type { StoredDraft } from '../draft/types.ts';
import type { DraftStore } from '../ports.ts';
import type { D1Database } from './d1.ts';

export class D1DraftStore implements DraftStore {
  constructor(private readonly db: D1Database) {}

  async save(d: StoredDraft): Promise<void> {
    await this.db
      .prepare(
        'INSERT INTO drafts (id, created_at, section, org, year, mode, verification_ok, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .bind(
        d.draftId,
        d.createdAt,
        d.request.section,
        d.request.org,
        d.request.year,
        d.mode,
        d.verification.ok ? 1 : 0,
        JSON.stringify(d),
      )
      .run();
  }

  async update(d: StoredDraft): Promise<void> {
    await this.db
      .prepare('UPDATE drafts SET body = ?, verification_ok = ? WHERE id = ?')
      .bind(JSON.stringify(d), d.verification.ok ? 1 : 0, d.draftId)
      .run();
  }

  async get(id: string): Promise<StoredDraft | null> {
    const r = await this.db
      .prepare('SELECT body FROM drafts WHERE id = ?')
      .bind(id)
      .first<{ body: string }>();
    return r ? (JSON.parse(r.body) as StoredDraft) : null;
  }

  async list({ limit, offset }: { limit: number; offset: number }) {
    const [count, rows] = await this.db.batch<{ n: number } | { body: string }>([
      this.db.prepare('SELECT COUNT(*) AS n FROM drafts'),
      this.db
        .prepare('SELECT body FROM drafts ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?')
        .bind(limit, offset),
    ]);
    return {
      total: (count.results[0] as { n: number }).n,
      items: (rows.results as { body: string }[]).map((r) => JSON.parse(r.body) as StoredDraft),
    };
  }

  async close(): Promise<void> {}
}
