// Configuration from the environment (read only by entry files), validated with zod.
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import type { Embedder } from './ports.ts';
import { AppError } from './errors.ts';
import { LocalEmbedder } from './index/local-embedder.ts';
import { loadWordVectors } from './index/word-vectors-file.ts';
import { OpenAIEmbedder } from './index/openai-embedder.ts';
import { type Answerer, extractiveAnswerer } from './answer/ask.ts';
import { llmAnswerer } from './answer/llm-answerer.ts';
import { OpenAIChatModel } from './answer/openai-chat-model.ts';
import { loadPrompt } from './answer/prompts.ts';
import { type Drafter, extractiveDrafter } from './draft/extractive-drafter.ts';
import { llmDrafter } from './draft/llm-drafter.ts';

const EnvSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  CORPUS_DIR: z.string().min(1).default('./corpus'),
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
  LOCAL_EMBED_DIMENSIONS: z.coerce.number().int().min(64).max(4096).default(256),
  /** staff:令牌,supervisor:令牌,admin:令牌 — none: open mode, loopback only. */
  AUTH_TOKENS: z.string().optional(),
  /** Origins (https://oa.example.gov.cn) whose pages may embed the widget. */
  WIDGET_ORIGINS: z.string().optional().transform((v) => (v ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean)),
  EVAL_CASES_DIR: z.string().min(1).optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
});
export type Config = z.infer<typeof EnvSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('bad_input', `配置项 ${issue.path.join('.')} 无效：${issue.message}`);
  }
  return parsed.data;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/**
 * Whether HOST is this machine only: exactly 「localhost」, or an address (parsed, not matched as text) in
 * 127.0.0.0/8 or ::1. 「127.evil.example」 is a name that resolves anywhere; 「0.0.0.0」 and 「::」 are every interface.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  const family = isIP(h);
  return family === 4 ? LOOPBACK.check(h, 'ipv4') : family === 6 ? LOOPBACK.check(h, 'ipv6') : false;
}

/** The local embedder unless an OpenAI-compatible endpoint is fully configured. */
export function createEmbedder(config: Config): Embedder {
  if (config.EMBED_BASE_URL || config.EMBED_MODEL) {
    if (!config.EMBED_MODEL || !config.EMBED_DIMENSIONS) {
      throw new AppError('bad_input', '使用外部向量服务时需要同时设置 EMBED_BASE_URL、EMBED_MODEL 和 EMBED_DIMENSIONS（EMBED_API_KEY 视服务而定）');
    }
    return new OpenAIEmbedder({
      baseURL: config.EMBED_BASE_URL,
      apiKey: config.EMBED_API_KEY ?? 'not-needed',
      model: config.EMBED_MODEL,
      dimensions: config.EMBED_DIMENSIONS,
    });
  }
  // Word vectors learned from this library by `npm run reindex`, when there are any.
  const wordVectors = loadWordVectors(config.DATA_DIR) ?? undefined;
  return new LocalEmbedder({ dimensions: config.LOCAL_EMBED_DIMENSIONS, wordVectors });
}

/** The LLM answerer when LLM_MODEL is set; otherwise the offline extractive answerer. */
export function createAnswerer(config: Config): Answerer {
  if (!config.LLM_MODEL) return extractiveAnswerer;
  return llmAnswerer({ model: chatModel(config, config.LLM_MODEL), prompt: loadPrompt('answer'), fallback: config.LLM_FALLBACK });
}

export function createDrafter(config: Config): Drafter {
  if (!config.LLM_MODEL) return extractiveDrafter;
  return llmDrafter({ model: chatModel(config, config.LLM_MODEL), prompt: loadPrompt('draft'), fallback: config.LLM_FALLBACK });
}

function chatModel(config: Config, model: string) {
  return new OpenAIChatModel({
    baseURL: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY ?? 'not-needed',
    model,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxTokens: config.LLM_MAX_TOKENS,
  });
}
