// The Worker's configuration: [vars] in wrangler.toml and secrets (wrangler secret put), validated with zod.
import { z } from 'zod';
import { SharedEnvSchema, parseEnv } from '../config-schema.ts';

/** The shared settings (src/config-schema.ts), with what differs on a Worker. */
const WorkerVarsSchema = SharedEnvSchema.extend({
  /** workers-ai (default, the AI binding) or openai (any OpenAI-compatible /v1/embeddings). */
  EMBEDDER: z.enum(['workers-ai', 'openai']).default('workers-ai'),
  /** Vectorize indexes hold at most 1536 dimensions. */
  EMBED_DIMENSIONS: z.coerce.number().int().min(8).max(1536).optional(),
  /** Required: a Worker is on the internet, there is no open mode. */
  AUTH_TOKENS: z.string().min(1, '未设置访问令牌'),
});
export type WorkerVars = z.infer<typeof WorkerVarsSchema>;

export function loadWorkerVars(env: Record<string, unknown>): WorkerVars {
  return parseEnv(WorkerVarsSchema, env, 'Worker 配置项', (key) =>
    key === 'AUTH_TOKENS'
      ? '（运行 npx wrangler secret put AUTH_TOKENS，值如 staff:…,supervisor:…,admin:…）'
      : '',
  );
}
