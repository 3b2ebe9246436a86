// The Worker's configuration: [vars] in wrangler.toml and secrets (wrangler secret put), validated with zod.
import { z } from 'zod';
import { AppError } from '../errors.ts';

const WorkerVarsSchema = z.object({
  /** workers-ai (default, the AI binding) or openai (any OpenAI-compatible /v1/embeddings). */
  EMBEDDER: z.enum(['workers-ai', 'openai']).default('workers-ai'),
  EMBED_MODEL: z.string().min(1).optional(),
  EMBED_DIMENSIONS: z.coerce.number().int().min(8).max(1536).optional(),
  EMBED_BASE_URL: z.string().url().optional(),
  EMBED_API_KEY: z.string().min(1).optional(),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_FALLBACK: z.enum(['extractive', 'none']).default('none'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** staff:令牌,supervisor:令牌,admin:令牌 — required: a Worker is on the internet, there is no open mode. */
  AUTH_TOKENS: z.string().min(1, '未设置访问令牌'),
  WIDGET_ORIGINS: z.string().optional().transform((v) => (v ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean)),
  /** Per isolate: Workers run many isolates, so this bounds each one, not the whole deployment. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
});
export type WorkerVars = z.infer<typeof WorkerVarsSchema>;

export function loadWorkerVars(env: Record<string, unknown>): WorkerVars {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string' && v !== ''));
  const parsed = WorkerVarsSchema.safeParse(strings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const hint = issue.path[0] === 'AUTH_TOKENS' ? '（运行 npx wrangler secret put AUTH_TOKENS，值如 staff:…,supervisor:…,admin:…）' : '';
    throw new AppError('bad_input', `Worker 配置项 ${issue.path.join('.')} 无效：${issue.message}${hint}`);
  }
  return parsed.data;
}
