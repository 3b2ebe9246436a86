// The deployment-facing CLIs (cf:push, eval:pull) answer a wrong address, an unreachable one or a site that is
// not this product with a clear Chinese error, and write nothing.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers.ts';
import { pushCorpus } from './cloudflare/push-corpus.ts';
import { deploymentUrl } from './remote-url.ts';
import { pullEvalCases } from './traces/pull-eval-cases.ts';

const html = (async () =>
  new Response('<html>hello</html>', { headers: { 'content-type': 'text/html' } })) as typeof fetch;
const down = (async () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED') });
}) as typeof fetch;

describe('deployment addresses', () => {
  it('checks the address before using it', () => {
    expect(deploymentUrl('https://x.workers.dev///')).toBe('https://x.workers.dev');
    expect(() => deploymentUrl('not-a-url')).toThrow(/地址无效/);
    expect(() => deploymentUrl('ftp://x')).toThrow(/https:\/\//);
  });

  it('cf:push: unreachable, or not this product → a clear error, nothing sent', async () => {
    const files = [{ name: 'a.txt', bytes: Buffer.from('x') }];
    await expect(pushCorpus({ url: 'http://127.0.0.1:1', token: 't', files, fetch: down })).rejects.toThrow(
      /无法连接 http:\/\/127\.0\.0\.1:1（connect ECONNREFUSED）/,
    );
    await expect(pushCorpus({ url: 'https://example.org', token: 't', files, fetch: html })).rejects.toThrow(
      /不是法治报告助手的部署/,
    );
  });

  it('eval:pull: a page that is not a case list writes nothing', async () => {
    const dir = tempDir();
    await expect(pullEvalCases({ url: 'https://example.org', token: 't', dir, fetch: html })).rejects.toThrow(
      /不是评测用例列表/,
    );
    const evil = (async () =>
      Response.json({ items: [{ id: '../../etc/x', type: 'reviewed', question: 'q' }] })) as typeof fetch;
    await expect(pullEvalCases({ url: 'https://example.org', token: 't', dir, fetch: evil })).rejects.toThrow(
      /reviewed-/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
