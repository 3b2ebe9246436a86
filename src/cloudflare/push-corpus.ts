// npm run cf:push: reads reports on this machine (every format, PDFs included, with the server's own
// reader and parser) and sends them to a deployed Worker's POST /api/documents/import. Idempotent: a report
// whose content hash the Worker already has is not sent again. Runs on the operator's machine, not on Workers.
import { indexedText, type FileInput } from '../library/ingest.ts';
import { parseReport } from '../ingest/parse-report.ts';
import { readDocument } from '../ingest/read-document.ts';
import type { Embedder } from '../ports.ts';
import type { Report } from '../domain.ts';
import { deploymentUrl, reach } from '../remote-url.ts';

export interface PushOptions {
  /** The Worker's address, e.g. https://fazhi-report-assistant.example.workers.dev */
  url: string;
  /** An admin token (AUTH_TOKENS). */
  token: string;
  files: FileInput[];
  /** Computes vectors here when it is the Worker's embedder (same id); otherwise the Worker embeds. */
  embedder?: Embedder;
  fetch?: typeof globalThis.fetch;
  onProgress?: (done: number, total: number, name: string) => void;
  /** Waits between retries of a 429/5xx answer (tests pass 0). */
  retryDelayMs?: number;
}

export interface PushSummary {
  added: string[];
  replaced: string[];
  unchanged: string[];
  failed: { name: string; message: string }[];
  vectorsFrom: 'local' | 'worker';
}

/** A token the Worker refuses: stop at once instead of failing every file. */
class AuthError extends Error {}

export async function pushCorpus(opts: PushOptions): Promise<PushSummary> {
  const f = opts.fetch ?? globalThis.fetch;
  const base = deploymentUrl(opts.url);
  const headers = { authorization: `Bearer ${opts.token}` };
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      const res = await reach(f, `${base}${path}`, {
        ...init,
        headers: { ...headers, ...(init.headers ?? {}) },
      });
      if ((res.status === 429 || res.status >= 500) && attempt < 4) {
        const wait =
          Number(res.headers.get('retry-after') ?? 0) * 1000 || (opts.retryDelayMs ?? 2000) * (attempt + 1);
        await new Promise((r) => setTimeout(r, opts.retryDelayMs === 0 ? 0 : wait));
        continue;
      }
      return res;
    }
  };
  const failure = async (res: Response) => {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? `HTTP ${res.status}`;
  };

  const health = await call('/healthz');
  if (!health.ok) throw new Error(`无法访问 Worker ${base}/healthz：${await failure(health)}`);
  const workerEmbedder = ((await health.json().catch(() => null)) as { embedder?: unknown } | null)?.embedder;
  if (typeof workerEmbedder !== 'string')
    throw new Error(`${base} 不是法治报告助手的部署（/healthz 的回答不对）`);
  const listed = await call('/api/documents');
  if (listed.status === 401) throw new Error(`Worker 不认这个令牌：${await failure(listed)}`);
  if (!listed.ok) throw new Error(`无法读取 Worker 上的报告列表（令牌需为 admin）：${await failure(listed)}`);
  const have = new Map(
    ((await listed.json()) as { documents: { sourceName: string; contentHash: string }[] }).documents.map(
      (d) => [d.sourceName, d.contentHash],
    ),
  );
  const localVectors = opts.embedder?.id === workerEmbedder ? opts.embedder : undefined;

  const summary: PushSummary = {
    added: [],
    replaced: [],
    unchanged: [],
    failed: [],
    vectorsFrom: localVectors ? 'local' : 'worker',
  };
  for (const [i, file] of opts.files.entries()) {
    try {
      const doc = await readDocument(file.name, file.bytes);
      const report = await parseReport({ sourceName: file.name, format: doc.format, text: doc.text });
      if (have.get(file.name) === report.contentHash) {
        summary.unchanged.push(file.name);
      } else {
        let vectors: { embedder: string; byParagraph: Record<string, number[]> } | undefined;
        if (localVectors) {
          const vs = await localVectors.embed(report.paragraphs.map(indexedText));
          vectors = {
            embedder: localVectors.id,
            byParagraph: Object.fromEntries(report.paragraphs.map((p, j) => [p.id, vs[j]])),
          };
        }
        const res = await call('/api/documents/import', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: file.name,
            format: doc.format,
            text: doc.text,
            vectors,
            meta: detectedMeta(report.meta),
          }),
        });
        if (res.status === 401 || res.status === 403)
          throw new AuthError(`令牌无权导入（需要 admin 令牌）：${await failure(res)}`);
        if (!res.ok) summary.failed.push({ name: file.name, message: await failure(res) });
        else {
          const { results } = (await res.json()) as { results: { status: string }[] };
          const status = results[0]?.status;
          (status === 'replaced'
            ? summary.replaced
            : status === 'unchanged'
              ? summary.unchanged
              : summary.added
          ).push(file.name);
        }
      }
    } catch (e) {
      if (e instanceof AuthError) throw e;
      summary.failed.push({ name: file.name, message: (e as Error).message });
    }
    opts.onProgress?.(i + 1, opts.files.length, file.name);
  }
  return summary;
}

/**
 * The office, level, district, city and year read here with the gazetteer (a Worker carries none: its bundle
 * stays small), sent so the Worker files the report as this machine read it.
 */
function detectedMeta(m: Report['meta']): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const k of ['org', 'level', 'district', 'city', 'year'] as const)
    if (m[k] !== null && m[k] !== undefined) out[k] = m[k] as string | number;
  return Object.keys(out).length ? out : undefined;
}
