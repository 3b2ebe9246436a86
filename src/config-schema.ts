// The settings Node and Workers share, as one zod schema: the Node server's schema (src/config.ts) and the
// Worker's (src/cloudflare/worker-config.ts) both extend it, so a setting is declared, bounded and described once.
// No Node module here: the Worker bundles this file.
import { z } from 'zod';
import { AppError } from './errors.ts';

const origins = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  );

export const SharedEnvSchema = z.object({
  EMBED_BASE_URL: z.string().url().optional(),
  EMBED_API_KEY: z.string().min(1).optional(),
  EMBED_MODEL: z.string().min(1).optional(),
  EMBED_DIMENSIONS: z.coerce.number().int().min(8).max(8192).optional(),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_FALLBACK: z.enum(['extractive', 'none']).default('none'),
  /** Total deadline of one model call: request, retries and the whole stream. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** max_tokens asked of the model (the reply is also cut at 8000 characters). */
  LLM_MAX_TOKENS: z.coerce.number().int().min(16).max(32_000).default(2000),
  /** staff:令牌,supervisor:令牌,admin:令牌,widget:令牌 — on Node, none means open mode on loopback only. */
  AUTH_TOKENS: z.string().optional(),
  /** Origins (https://oa.example.gov.cn) whose pages may embed the widget. */
  WIDGET_ORIGINS: origins,
  /** Per process on Node; per isolate on Workers (many isolates: it bounds each one, not the deployment). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
});

/** Parses an environment with a schema; the first problem becomes one Chinese sentence naming the setting. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, unknown>,
  where: string,
  hint?: (key: string) => string,
): z.infer<S> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => typeof v === 'string' && v !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.path.join('.');
  throw new AppError('bad_input', `${where} ${key} 无效：${issue.message}${hint?.(key) ?? ''}`);
}
