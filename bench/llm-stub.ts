// A stand-in OpenAI-compatible chat endpoint on 127.0.0.1 for `npm run load -- --llm-stub=<ms>`: it answers
// after a set delay (streamed in pieces, or not) with text built from the sources it was given — the first
// sentence of source [1] for questions, JSON points from the first sources for drafts — so the server's LLM
// path (prompting, streaming, citation and figure checks, traces) runs under load without a real model.
// It measures our side only; a real model's latency and wording are not simulated.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Message = { role: string; content: string };

function sourcesOf(user: string): { n: number; label: string; text: string }[] {
  const out: { n: number; label: string; text: string }[] = [];
  for (const m of user.matchAll(/\[(\d+)\]\s*[（(]([^）)]*)[）)]\n([^\n]+)/g))
    out.push({ n: Number(m[1]), label: m[2], text: m[3] });
  return out;
}

const firstSentence = (t: string) =>
  (t.match(/[^。！？；]+[。！？；]?/)?.[0] ?? t).replace(/[。！？；]$/, '');

export function reply(messages: Message[]): string {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const sources = sourcesOf(user);
  if (system.includes('起草')) {
    const order = '一二三四五';
    const points = sources.slice(0, 3).map((s, i) => ({
      theme: s.label.split('主题：')[1] ?? '其他',
      respondsTo: i,
      text: `${order[i]}是${firstSentence(s.text).slice(0, 60)}[${s.n}]。`,
    }));
    return JSON.stringify({ points });
  }
  if (!sources.length) return '报告中未找到相关内容。';
  // As the prompt asks: 「根据大港街2023年度报告，……[1]。」 (the label is 「大港街 2023年度 · heading」).
  const [org, year] = sources[0].label.split(/\s+|·/).filter(Boolean);
  return `根据${org}${year}报告，${firstSentence(sources[0].text)}[${sources[0].n}]。`;
}

export async function startLlmStub(
  delayMs: number,
): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      calls++;
      const { messages, stream, model } = JSON.parse(body) as {
        messages: Message[];
        stream?: boolean;
        model: string;
      };
      const content = reply(messages);
      const base = { id: `stub-${calls}`, created: Math.floor(Date.now() / 1000), model };
      if (!stream) {
        await new Promise((r) => setTimeout(r, delayMs));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pieces = content.match(/[\s\S]{1,12}/g) ?? [''];
      for (const [i, piece] of pieces.entries()) {
        await new Promise((r) => setTimeout(r, delayMs / pieces.length));
        const delta = i === 0 ? { role: 'assistant', content: piece } : { content: piece };
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
        );
      }
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls: () => calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
