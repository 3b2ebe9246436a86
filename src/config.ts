// Configuration from the environment (read only by entry files), validated with zod.
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { SharedEnvSchema, parseEnv } from './config-schema.ts';
import type { Answerer, Drafter, Embedder } from './ports.ts';
import { AppError } from './errors.ts';
import { LocalEmbedder } from './index/local-embedder.ts';
import { loadWordVectors } from './index/word-vectors-file.ts';
import { OpenAIEmbedder } from './index/openai-embedder.ts';
import { extractiveAnswerer } from './answer/ask.ts';
import { llmAnswerer } from './answer/llm-answerer.ts';
import { OpenAIChatModel } from './llm/openai-chat-model.ts';
import { loadPrompt } from './llm/prompts.ts';
import { draftFromContext, extractiveDrafter } from './draft/extractive-drafter.ts';
import { llmDrafter } from './draft/llm-drafter.ts';

/** The Node server's settings: the shared ones (src/config-schema.ts) and those only a server on a disk has. */
const EnvSchema = SharedEnvSchema.extend({
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  CORPUS_DIR: z.string().min(1).default('./corpus'),
  LOCAL_EMBED_DIMENSIONS: z.coerce.number().int().min(64).max(4096).default(256),
  EVAL_CASES_DIR: z.string().min(1).optional(),
});
export type Config = z.infer<typeof EnvSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseEnv(EnvSchema, env, '配置项');
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
      throw new AppError(
        'bad_input',
        '使用外部向量服务时需要同时设置 EMBED_BASE_URL、EMBED_MODEL 和 EMBED_DIMENSIONS（EMBED_API_KEY 视服务而定）',
      );
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
  return llmAnswerer({
    model: chatModel(config, config.LLM_MODEL),
    prompt: loadPrompt('answer'),
    fallback: config.LLM_FALLBACK,
  });
}

export function createDrafter(config: Config): Drafter {
  if (!config.LLM_MODEL) return extractiveDrafter;
  return llmDrafter({
    model: chatModel(config, config.LLM_MODEL),
    prompt: loadPrompt('draft'),
    fallback: config.LLM_FALLBACK === 'extractive' ? draftFromContext : undefined,
  });
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
