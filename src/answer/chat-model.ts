// ChatModel port: one method that returns the model's full reply (streamed from the upstream when it can).
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatModel {
  readonly id: string;
  complete(messages: ChatMessage[], opts?: { signal?: AbortSignal }): Promise<string>;
}
