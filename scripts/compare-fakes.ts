// Deterministic stand-ins for a chat model, for scripts/compare-answers.ts and compare-drafts.ts: one writes from
// the numbered sources it is shown (with a sentence the checks must cut), one is down, one writes no JSON.
import { AppError } from '../src/errors.ts';

type Message = { role: string; content: string };
const userOf = (messages: Message[]) => messages.find((m) => m.role === 'user')?.content ?? '';
const firstSentence = (text: string) => (text.split(/(?<=[。！？])/)[0] ?? '').replace(/[。！？]$/, '');

/** Every model call's user message, in order: what the LLM adapters sent is compared too. */
export const seen: string[] = [];

/** Answers: the first sentence of sources [1] and [2], each cited, then a figure no source states. */
export const answerEcho = {
  id: 'fake-echo',
  async complete(messages: Message[]): Promise<string> {
    const user = userOf(messages);
    seen.push(user);
    const sources = [...user.matchAll(/^\[(\d+)\] （[^\n]*）\n([^\n]*)/gm)].slice(0, 2);
    if (!sources.length) return '报告中未找到相关内容。';
    const said = sources.map(([, n, text]) => `${firstSentence(text)}[${n}]。`).join('');
    return `根据报告：\n${said}另外全年办理案件98765件[1]。`;
  },
};

/** Drafts: a point per shortcoming to answer (or three), each from one source, with an uncited sentence. */
export const draftEcho = {
  id: 'fake-draft-echo',
  async complete(messages: Message[]): Promise<string> {
    const user = userOf(messages);
    seen.push(user);
    const sources = [...user.matchAll(/^\[(\d+)\]（[^\n]*）\n([^\n]*)/gm)];
    const items = /<shortcomings>\n([\s\S]*?)\n<\/shortcomings>/.exec(user)?.[1].split('\n') ?? [];
    const n = items.length ? Math.min(items.length, 4) : 3;
    const points = Array.from({ length: Math.min(n, sources.length) }, (_, i) => {
      const [, k, text] = sources[i];
      const body = firstSentence(text.replace(/^[一二三四五六七八九十]+是/, ''));
      return {
        theme: '',
        ...(items.length ? { respondsTo: i } : {}),
        text: `${'一二三四'[i]}是${body}[${k}]。同时相关工作仍需加强。`,
      };
    });
    return `\`\`\`json\n${JSON.stringify({ points })}\n\`\`\``;
  },
};

export const down = {
  id: 'fake-down',
  async complete(messages: Message[]): Promise<string> {
    seen.push(userOf(messages));
    throw new AppError('upstream', '大模型服务返回 500', { retryable: true });
  },
};

export const noJson = {
  id: 'fake-no-json',
  async complete(messages: Message[]): Promise<string> {
    seen.push(userOf(messages));
    return '好的，以下是草稿：一是……';
  },
};
