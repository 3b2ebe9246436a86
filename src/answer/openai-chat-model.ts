// OpenAIChatModel: any OpenAI-compatible /v1/chat/completions (OpenAI, DeepSeek, Qwen, vLLM, Ollama) via the SDK.
import OpenAI from 'openai';
import { AppError } from '../errors.ts';
import type { ChatMessage, ChatModel } from './chat-model.ts';

export interface OpenAIChatModelOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
  timeoutMs?: number;
  maxRetries?: number;
  temperature?: number;
  fetch?: typeof globalThis.fetch;
}

export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;

  constructor(private readonly opts: OpenAIChatModelOptions) {
    this.id = opts.model;
    this.client = new OpenAI({
      baseURL: opts.baseURL,
      apiKey: opts.apiKey,
      timeout: opts.timeoutMs ?? 60_000,
      maxRetries: opts.maxRetries ?? 2,
      fetch: opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a)),
    });
  }

  /** Streams from the upstream and returns the whole reply; a stream cut midway is an error, not an answer. */
  async complete(messages: ChatMessage[], opts: { signal?: AbortSignal } = {}): Promise<string> {
    let text = '';
    let finished = false;
    try {
      const stream = await this.client.chat.completions.create(
        { model: this.opts.model, messages, temperature: this.opts.temperature ?? 0.1, stream: true },
        { signal: opts.signal },
      );
      for await (const chunk of stream) {
        const choice = chunk.choices?.[0];
        if (choice?.delta?.content) text += choice.delta.content;
        if (choice?.finish_reason) finished = true;
      }
    } catch (cause) {
      const status = (cause as { status?: number }).status;
      throw new AppError('upstream', `大模型服务请求失败${status ? `（HTTP ${status}）` : ''}：${(cause as Error).message}`, {
        retryable: status === undefined || status === 429 || status >= 500,
        cause,
      });
    }
    if (!finished) throw new AppError('upstream', '大模型服务的回复中途断开，未得到完整答案', { retryable: true });
    return text.trim();
  }
}
