import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { rateLimit } from './rate-limit.ts';

function app(perMinute: number, clock: { t: number }) {
  return new Hono()
    .use('*', rateLimit({ perMinute, now: () => clock.t }))
    .post('/x', (c) => c.json({ ok: true }))
    .get('/x', (c) => c.json({ ok: true }));
}
const post = (a: Hono, token?: string) =>
  a.request('/x', { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('rateLimit', () => {
  it('allows the burst, then answers 429 with Retry-After in the JSON error shape, and refills over time', async () => {
    const clock = { t: 0 };
    const a = app(3, clock);
    for (let i = 0; i < 3; i++) expect((await post(a, 'tok-a')).status).toBe(200);
    const over = await post(a, 'tok-a');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('20');
    expect(await over.json()).toEqual({
      error: { code: 'rate_limited', message: '请求过于频繁，请 20 秒后再试' },
    });
    clock.t += 20_000;
    expect((await post(a, 'tok-a')).status).toBe(200);
  });

  it('counts each token on its own, leaves reads alone, and can be turned off', async () => {
    const clock = { t: 0 };
    const a = app(1, clock);
    expect((await post(a, 'tok-a')).status).toBe(200);
    expect((await post(a, 'tok-a')).status).toBe(429);
    expect((await post(a, 'tok-b')).status).toBe(200);
    expect((await a.request('/x')).status).toBe(200);
    const off = app(0, clock);
    for (let i = 0; i < 50; i++) expect((await post(off)).status).toBe(200);
  });
});
