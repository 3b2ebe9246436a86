// ChatModel port: one method that returns the model's full reply (streamed from the upstream when it can).
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  /** The caller's signal (the HTTP request's): when it aborts, the upstream request is aborted too. */
  signal?: AbortSignal;
}

/**
 * A call is bounded: it settles within the model's deadline (retries included), aborts the upstream when
 * `signal` aborts, and returns at most the model's character cap. Failures are `AppError('upstream')`.
 */
export interface ChatModel {
  readonly id: string;
  complete(messages: ChatMessage[], opts?: CompleteOptions): Promise<string>;
}

/** True when the caller itself gave up (client gone): no fallback answer is worth computing then. */
export const cancelledBy = (signal: AbortSignal | undefined) => signal?.aborted === true;
