// OpenAIChatModel: any OpenAI-compatible /v1/chat/completions (OpenAI, DeepSeek, Qwen, vLLM, Ollama) via the SDK,
// bounded: one deadline over the whole call (retries and stream included), an idle limit between chunks, the
// caller's signal, max_tokens, and a cap on the characters (and bytes) read from the stream.
import OpenAI from 'openai';
import { AppError } from '../errors.ts';
import { CallDeadline, type StopReason } from '../answer/call-deadline.ts';
import type { ChatMessage, ChatModel, CompleteOptions } from '../ports.ts';

export const DEFAULT_MAX_TOKENS = 2000;
export const DEFAULT_MAX_CHARS = 8000;

export interface OpenAIChatModelOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
  /** Total deadline of one call: the request, its retries and the whole stream (LLM_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Longest wait for the stream's next chunk; at most timeoutMs, 30 s unless set. */
  idleTimeoutMs?: number;
  /** Retries of a failed request (429, 5xx, connection errors) by the SDK, all inside the one deadline. */
  maxRetries?: number;
  temperature?: number;
  /** max_tokens asked of the upstream (LLM_MAX_TOKENS). */
  maxTokens?: number;
  /** Characters kept from the stream: past them the upstream is aborted and the reply ends there. */
  maxChars?: number;
  /** Bytes read from a response body at most (a single endless SSE line cannot fill memory). */
  maxBytes?: number;
  fetch?: typeof globalThis.fetch;
}

export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly maxChars: number;

  constructor(private readonly opts: OpenAIChatModelOptions) {
    this.id = opts.model;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.idleMs = Math.min(opts.idleTimeoutMs ?? 30_000, this.timeoutMs);
    this.maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
    const inner = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
    this.client = new OpenAI({
      baseURL: opts.baseURL,
      apiKey: opts.apiKey,
      timeout: this.timeoutMs,
      maxRetries: opts.maxRetries ?? 2,
      fetch: cappedFetch(inner, opts.maxBytes ?? 8 * 1024 * 1024),
    });
  }

  /** Streams from the upstream and returns the reply (cut at maxChars); a stream cut midway is an error, not an answer. */
  async complete(messages: ChatMessage[], opts: CompleteOptions = {}): Promise<string> {
    const call = new CallDeadline(this.timeoutMs, this.idleMs, opts.signal);
    let text = '';
    let finished = false;
    try {
      // The SDK aborts its attempt on call.signal; the race also ends a wait between retries at the deadline.
      const stream = await call.race(
        this.client.chat.completions.create(
          {
            model: this.opts.model,
            messages,
            temperature: this.opts.temperature ?? 0.1,
            max_tokens: this.opts.maxTokens ?? DEFAULT_MAX_TOKENS,
            stream: true,
          },
          { signal: call.signal },
        ),
      );
      let ended = false;
      try {
        const chunks = stream[Symbol.asyncIterator]();
        call.touch();
        for (;;) {
          const next = await call.race(chunks.next());
          if ((ended = next.done === true)) break;
          call.touch();
          const choice = next.value.choices?.[0];
          if (choice?.delta?.content) text += choice.delta.content;
          if (choice?.finish_reason) finished = true;
          if (text.length >= this.maxChars) {
            text = text.slice(0, this.maxChars);
            finished = true;
            break;
          }
        }
      } finally {
        // Reading stopped early (cap, deadline, cancel, error): stop the upstream too.
        if (!ended) stream.controller.abort();
      }
    } catch (cause) {
      if (call.reason) throw this.stopped(call.reason, cause);
      const status = (cause as { status?: number }).status;
      throw new AppError(
        'upstream',
        `大模型服务请求失败${status ? `（HTTP ${status}）` : ''}：${(cause as Error).message}`,
        {
          retryable: status === undefined || status === 429 || status >= 500,
          cause,
        },
      );
    } finally {
      call.dispose();
    }
    // The SDK's iterator ends quietly when its request is aborted.
    if (call.reason) throw this.stopped(call.reason);
    if (!finished)
      throw new AppError('upstream', '大模型服务的回复中途断开，未得到完整答案', { retryable: true });
    return text.trim();
  }

  private stopped(reason: StopReason, cause?: unknown): AppError {
    const s = (ms: number) => Math.round(ms / 100) / 10;
    if (reason === 'cancelled')
      return new AppError('upstream', '请求已取消（客户端已断开），大模型请求已停止', { cause });
    const message =
      reason === 'idle'
        ? `大模型服务超过 ${s(this.idleMs)} 秒没有输出新内容，已停止请求`
        : `大模型服务未在 ${s(this.timeoutMs)} 秒内完成回答（LLM_TIMEOUT_MS，含重试），已停止请求`;
    return new AppError('upstream', message, { retryable: true, cause });
  }
}

/** fetch whose response bodies error past `limit` bytes (and cancel the upstream body). */
function cappedFetch(inner: typeof globalThis.fetch, limit: number): typeof globalThis.fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (!res.body) return res;
    let seen = 0;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctl) {
          seen += chunk.byteLength;
          if (seen > limit)
            ctl.error(
              new Error(`大模型服务的回复超过 ${Math.round((limit / 1024 / 1024) * 10) / 10} MB，已停止读取`),
            );
          else ctl.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
