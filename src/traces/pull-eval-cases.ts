// npm run eval:pull: reviewed answers kept as eval cases on a deployment (a Worker keeps them in D1) are
// written into evals/answers/cases/, where `npm run eval` and the CI gate run them. Runs on a staff machine.
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { deploymentUrl, reach } from '../remote-url.ts';

const Listing = z.object({
  items: z.array(
    z
      .object({
        id: z.string().regex(/^reviewed-[\w-]{1,64}$/, '用例 id 只能是 reviewed-…'),
        type: z.literal('reviewed'),
        question: z.string().min(1),
      })
      .passthrough(),
  ),
});

export async function pullEvalCases(opts: {
  url: string;
  token: string;
  dir: string;
  fetch?: typeof globalThis.fetch;
}) {
  const res = await reach(
    opts.fetch ?? globalThis.fetch,
    `${deploymentUrl(opts.url)}/api/traces/eval-cases`,
    { headers: { authorization: `Bearer ${opts.token}` } },
  );
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(
      `读取评测用例失败（需要审核员或管理员令牌）：${body?.error?.message ?? `HTTP ${res.status}`}`,
    );
  }
  const parsed = Listing.safeParse(await res.json().catch(() => null));
  if (!parsed.success)
    throw new Error(`${opts.url} 返回的不是评测用例列表（${parsed.error.issues[0]?.message ?? '格式不对'}）`);
  const { items } = parsed.data;
  mkdirSync(opts.dir, { recursive: true });
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const c of items) {
    const path = join(opts.dir, `${c.id}.json`);
    const text = `${JSON.stringify(c, null, 2)}\n`;
    if (existsSync(path) && readFileSync(path, 'utf8') === text) unchanged.push(c.id);
    else {
      writeFileSync(path, text);
      written.push(c.id);
    }
  }
  return { written, unchanged };
}
