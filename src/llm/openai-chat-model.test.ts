// OpenAIChatModel against a live-streaming msw upstream: one deadline over the whole call (retries and stream
// included), an idle limit between chunks, the caller's signal reaching the upstream, and capped output.
import { HttpResponse, delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  chatHandler,
  chatStatus,
  liveChatHandler,
  type UpstreamCall,
} from '../../test/msw/openai-handlers.ts';
import { type OpenAIChatModelOptions, OpenAIChatModel } from './openai-chat-model.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const model = (o: Partial<OpenAIChatModelOptions> = {}) =>
  new OpenAIChatModel({ baseURL: 'http://llm.test/v1', apiKey: 'sk-test', model: 'm', maxRetries: 0, ...o });
const ask = [{ role: 'user' as const, content: '问题' }];
/** Resolves to [error, elapsed ms]. */
async function timed(p: Promise<unknown>): Promise<[unknown, number]> {
  const t0 = Date.now();
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return [err, Date.now() - t0];
}
const until = async (check: () => boolean, ms = 2000) => {
  for (const t0 = Date.now(); !check() && Date.now() - t0 < ms;) await new Promise((r) => setTimeout(r, 5));
};
const SLACK = 400;

describe('OpenAIChatModel: bounded calls', () => {
  it('asks for max_tokens and returns the whole streamed reply; a finished call is not aborted', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: () => '全年共立案81起[1]。', calls }));
    expect(await model().complete(ask)).toBe('全年共立案81起[1]。');
    expect(calls[0].body).toMatchObject({ stream: true, max_tokens: 2000 });
    server.use(liveChatHandler({ reply: () => '好', calls }));
    await model({ maxTokens: 300 }).complete(ask);
    expect(calls[1].body.max_tokens).toBe(300);
    expect(calls.some((c) => c.aborted)).toBe(false);
  });

  it('a stream that sends one chunk and stalls ends at the total deadline, and the upstream is aborted', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: () => '全年共立案81起[1]。', stallAfter: 1, calls }));
    const [err, ms] = await timed(model({ timeoutMs: 800, idleTimeoutMs: 60_000 }).complete(ask));
    expect(err).toMatchObject({ code: 'upstream', message: expect.stringContaining('0.8 秒内完成回答') });
    expect(ms).toBeGreaterThanOrEqual(750);
    expect(ms).toBeLessThan(800 + SLACK);
    expect(calls).toHaveLength(1);
    await until(() => calls[0].aborted);
    expect(calls[0]).toMatchObject({ sent: 1, aborted: true });
  });

  it('a stream that keeps trickling is still bounded by the total deadline (each chunk resets only the idle timer)', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: () => '很长的回答。'.repeat(200), piece: 2, gapMs: 50, calls }));
    const [err, ms] = await timed(model({ timeoutMs: 700, idleTimeoutMs: 200 }).complete(ask));
    expect(err).toMatchObject({ code: 'upstream', message: expect.stringContaining('0.7 秒内') });
    expect(ms).toBeLessThan(700 + SLACK);
    expect(calls[0].sent).toBeGreaterThan(5);
  });

  it('an idle gap between chunks longer than the idle limit ends the call early', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: () => '全年共立案81起[1]。', piece: 2, stallAfter: 2, calls }));
    const [err, ms] = await timed(model({ timeoutMs: 10_000, idleTimeoutMs: 300 }).complete(ask));
    expect(err).toMatchObject({ code: 'upstream', message: expect.stringContaining('0.3 秒没有输出新内容') });
    expect(ms).toBeLessThan(300 + SLACK);
    await until(() => calls[0].aborted);
    expect(calls[0].aborted).toBe(true);
  });

  it('retries happen inside the one deadline: 500, 500, then a stalled stream end at the deadline, not three deadlines', async () => {
    const calls: UpstreamCall[] = [];
    const failures: number[] = [];
    server.use(
      chatStatus(500, { once: true, calls: failures }),
      chatStatus(500, { once: true, calls: failures }),
      liveChatHandler({ reply: () => '全年共立案81起[1]。', stallAfter: 1, calls }),
    );
    const [err, ms] = await timed(
      model({ timeoutMs: 2500, idleTimeoutMs: 60_000, maxRetries: 2 }).complete(ask),
    );
    expect(failures).toHaveLength(2);
    expect(calls).toHaveLength(1);
    expect(err).toMatchObject({ code: 'upstream', message: expect.stringContaining('含重试') });
    expect(ms).toBeLessThan(2500 + SLACK);
  });

  it('an upstream that never answers is given the deadline once, however many retries are allowed', async () => {
    const started: number[] = [];
    server.use(
      http.post('*/chat/completions', async () => {
        started.push(Date.now());
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const [err, ms] = await timed(model({ timeoutMs: 600, maxRetries: 2 }).complete(ask));
    expect(err).toMatchObject({ code: 'upstream' });
    expect(ms).toBeLessThan(600 + SLACK);
    expect(started).toHaveLength(1);
  });

  it('a Retry-After longer than the deadline does not hold the call past it', async () => {
    const failures: number[] = [];
    server.use(chatStatus(429, { headers: { 'retry-after': '60' }, calls: failures }));
    const [err, ms] = await timed(model({ timeoutMs: 600, maxRetries: 2 }).complete(ask));
    expect(err).toMatchObject({ code: 'upstream' });
    expect(ms).toBeLessThan(600 + SLACK);
    expect(failures).toHaveLength(1);
  });

  it('the caller aborting (client gone) aborts the upstream request at once', async () => {
    const calls: UpstreamCall[] = [];
    server.use(liveChatHandler({ reply: () => '全年共立案81起[1]。', stallAfter: 1, calls }));
    const caller = new AbortController();
    const pending = timed(model({ timeoutMs: 10_000 }).complete(ask, { signal: caller.signal }));
    await until(() => calls[0]?.sent === 1);
    caller.abort();
    const [err, ms] = await pending;
    expect(err).toMatchObject({ code: 'upstream', message: expect.stringContaining('已取消') });
    expect(ms).toBeLessThan(SLACK + 200);
    await until(() => calls[0].aborted);
    expect(calls[0].aborted).toBe(true);
    expect(calls[0].abortedAt! - calls[0].startedAt).toBeLessThan(1000);
    // already aborted: the upstream is never called
    const before = calls.length;
    await expect(model().complete(ask, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'upstream',
    });
    expect(calls).toHaveLength(before);
  });

  it('a 1 MB reply is cut at maxChars and the upstream is aborted instead of being read to the end', async () => {
    const calls: UpstreamCall[] = [];
    const huge = '全年共立案81起[1]。'.repeat(Math.ceil(1_000_000 / 12));
    server.use(liveChatHandler({ reply: () => huge, piece: 64, calls }));
    const text = await model({ maxChars: 8000 }).complete(ask);
    expect(text.length).toBeLessThanOrEqual(8000);
    expect(text.length).toBeGreaterThan(7900);
    await until(() => calls[0].aborted);
    expect(calls[0].aborted).toBe(true);
    expect(calls[0].sent * 64).toBeLessThan(20_000);
  });

  it('a response body past maxBytes (one endless line) is an upstream error, not a heap of memory', async () => {
    const piece = new TextEncoder().encode('a'.repeat(65_536));
    let pulled = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        start: (c) => c.enqueue(new TextEncoder().encode('data: {"x":"')),
        pull: (c) => void (pulled++, c.enqueue(piece)),
      });
    server.use(
      http.post(
        '*/chat/completions',
        () => new HttpResponse(endless(), { headers: { 'content-type': 'text/event-stream' } }),
      ),
    );
    await expect(model({ maxBytes: 1024 * 1024 }).complete(ask)).rejects.toMatchObject({
      code: 'upstream',
      message: expect.stringContaining('超过 1 MB'),
    });
    expect(pulled * 65_536).toBeLessThan(4 * 1024 * 1024);
  });

  it('a stream cut midway is still an error', async () => {
    server.use(chatHandler(() => '全年共立案81起[1]。', [], { cut: true }));
    await expect(model().complete(ask)).rejects.toMatchObject({
      code: 'upstream',
      message: expect.stringContaining('中途断开'),
    });
  });
});
