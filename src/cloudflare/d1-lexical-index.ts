// D1LexicalIndex: BM25 over the postings D1ReportStore writes, scored with the same formula and constants as
// the in-memory Bm25Index, so Workers rank paragraphs as the Node server does. Each query term's postings are
// read best-first (by stored impact) up to POSTINGS_PER_TERM rows: exact for every term in fewer paragraphs
// than that (every term of the seed corpus), an approximation for very common terms in a large library that
// keeps the rows read — D1's cost and latency — bounded whatever the library's size.
import type { LexicalIndex, LexicalMatch, VectorFilter, VectorMetadata, WeightedTerm } from '../ports.ts';
import type { SectionKind } from '../domain.ts';
import { BM25_B, BM25_K1, bm25Idf } from '../index/bm25-index.ts';
import { type D1Database, D1_MAX_PARAMS, chunks, placeholders } from './d1.ts';

type Posting = { paragraph_id: string; tf: number; dl: number };

/** Rows read per query term at most (D1 bills and waits per row read). */
export const POSTINGS_PER_TERM = 2000;

export class D1LexicalIndex implements LexicalIndex {
  constructor(
    private readonly db: D1Database,
    private readonly postingsPerTerm = POSTINGS_PER_TERM,
  ) {}

  private async stats(): Promise<{ n: number; avgdl: number }> {
    const row = await this.db
      .prepare('SELECT paragraphs, total_length FROM lexical_stats WHERE id = 1')
      .first<{ paragraphs: number; total_length: number }>();
    const n = row?.paragraphs ?? 0;
    return { n, avgdl: n ? row!.total_length / n || 1 : 1 };
  }

  async count(): Promise<number> {
    return (await this.stats()).n;
  }

  private async dfs(terms: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!terms.length) return out;
    const results = await this.db.batch<{ term: string; df: number }>(
      chunks(terms, D1_MAX_PARAMS).map((part) =>
        this.db
          .prepare(`SELECT term, df FROM terms WHERE term IN (${placeholders(part.length)})`)
          .bind(...part),
      ),
    );
    for (const r of results.flatMap((x) => x.results)) out.set(r.term, r.df);
    return out;
  }

  async idfs(terms: string[]): Promise<Map<string, number>> {
    const unique = [...new Set(terms)];
    const [{ n }, dfs] = await Promise.all([this.stats(), this.dfs(unique)]);
    return new Map(unique.map((t) => [t, bm25Idf(n, dfs.get(t) ?? 0)]));
  }

  async search(terms: WeightedTerm[], topK: number, filter?: VectorFilter): Promise<LexicalMatch[]> {
    const weights = new Map<string, number>();
    for (const { term, weight } of terms) if (!weights.has(term)) weights.set(term, weight);
    if (!weights.size || topK <= 0) return [];
    const where: string[] = [];
    const args: unknown[] = [];
    const column = {
      orgKey: 'po.org_key',
      year: 'po.year',
      section: 'po.section',
      documentId: 'p.document_id',
    } as const;
    for (const [key, col] of Object.entries(column) as [keyof VectorMetadata, string][]) {
      if (filter?.[key] === undefined) continue;
      if (filter[key] === null) where.push(`${col} IS NULL`);
      else {
        where.push(`${col} = ?`);
        args.push(filter[key]);
      }
    }
    const list = [...weights.keys()];
    const sql = `SELECT p.id AS paragraph_id, po.tf, po.dl FROM postings po JOIN paragraphs p ON p.pid = po.pid
      WHERE po.term = ?${where.map((w) => ` AND ${w}`).join('')} ORDER BY po.impact DESC LIMIT ${this.postingsPerTerm}`;
    const [{ n, avgdl }, dfs, postings] = await Promise.all([
      this.stats(),
      this.dfs(list),
      this.db.batch<Posting>(list.map((term) => this.db.prepare(sql).bind(term, ...args))),
    ]);
    if (!n) return [];
    const norm = BM25_K1 * (1 - BM25_B);
    const bl = (BM25_K1 * BM25_B) / avgdl;
    // Sum term by term in the query's order, as Bm25Index does: floating-point sums in another order can
    // flip two paragraphs whose scores differ in the last bits.
    const scores = new Map<string, number>();
    list.forEach((term, i) => {
      const w = weights.get(term)! * bm25Idf(n, dfs.get(term) ?? 0) * (BM25_K1 + 1);
      for (const p of postings[i].results)
        scores.set(
          p.paragraph_id,
          (scores.get(p.paragraph_id) ?? 0) + (w * p.tf) / (p.tf + norm + bl * p.dl),
        );
    });
    return [...scores]
      .filter(([, s]) => s > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, topK)
      .map(([id, score]) => ({ id, score }));
  }

  async metas(ids: string[]): Promise<Map<string, VectorMetadata>> {
    const out = new Map<string, VectorMetadata>();
    if (!ids.length) return out;
    const results = await this.db.batch<{
      id: string;
      document_id: string;
      org_key: string | null;
      year: number | null;
      section: string;
    }>(
      chunks([...new Set(ids)], D1_MAX_PARAMS).map((part) =>
        this.db
          .prepare(
            `SELECT id, document_id, org_key, year, section FROM paragraphs WHERE id IN (${placeholders(part.length)})`,
          )
          .bind(...part),
      ),
    );
    for (const r of results.flatMap((x) => x.results)) {
      out.set(r.id, {
        documentId: r.document_id,
        orgKey: r.org_key,
        year: r.year,
        section: r.section as SectionKind,
      });
    }
    return out;
  }

  /** Nothing to do: D1ReportStore writes the postings in the same transaction as the paragraphs. */
  update(): void {}

  /** Nothing to do: D1ReportStore.updateMeta rewrites the postings' org_key and year in the same transaction. */
  setMetadata(): void {}
}
