// The Worker bundle, built offline the way a deploy builds it (`wrangler deploy --dry-run`), must not pull in
// a Node-only module: hnswlib-node and better-sqlite3 are Node addons, fs/worker_threads/child_process do not
// exist on Workers, @node-rs/jieba is an addon (the Worker cuts words with jieba-rs in WebAssembly).
// Then the bundle itself runs in workerd (Miniflare, as `wrangler dev` runs it): a bundle can build and still
// fail at start-up or on first use, so it is filled with cf:push and asked a question there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushCorpus } from '../../src/cloudflare/push-corpus.ts';
import { FIXTURES_DIR, seedInputs } from '../helpers.ts';
import { reportToDocx } from '../make-docx.ts';
import { launch } from '../e2e/browser.ts';
import { bundleWorker, previewOptions, startPreview } from '../../scripts/worker-preview.ts';
import { WRANGLER, WRANGLER_ENV } from './local-d1.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FORBIDDEN_PACKAGES = [
  'hnswlib-node',
  'better-sqlite3',
  '@node-rs/jieba',
  'esbuild',
  'pdfjs-dist',
  '@hono/node-server',
  'tsx',
];
const FORBIDDEN_BUILTINS = /^(node:)?(fs|fs\/promises|worker_threads|child_process|os|net|module)$/;

let out: string;
let meta: {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number; imports?: { path: string; external?: boolean }[] }>;
};

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'fazhi-worker-'));
  execFileSync(WRANGLER, ['deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')], {
    cwd: ROOT,
    env: WRANGLER_ENV,
    stdio: 'pipe',
  });
  meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Worker bundle (wrangler deploy --dry-run)', () => {
  it('bundles no Node-only package', () => {
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((p) => p.endsWith('src/worker.ts'))).toBe(true);
    for (const pkg of FORBIDDEN_PACKAGES)
      expect(
        inputs.filter((p) => p.includes(`node_modules/${pkg}/`)),
        pkg,
      ).toEqual([]);
    for (const nodeOnly of [
      'src/library/library.ts',
      'src/store/sqlite-report-store.ts',
      'src/index/hnsw-vector-store.ts',
      'src/web/assets.ts',
      'src/text/jieba.ts',
    ]) {
      expect(
        inputs.filter((p) => p.endsWith(nodeOnly)),
        nodeOnly,
      ).toEqual([]);
    }
  });

  it('imports no Node built-in that Workers lack', () => {
    const externals = Object.values(meta.outputs).flatMap((o) =>
      (o.imports ?? []).filter((i) => i.external).map((i) => i.path),
    );
    expect(externals.filter((p) => FORBIDDEN_BUILTINS.test(p))).toEqual([]);
  });

  it('carries the WebAssembly segmenter, the prompts and the prebuilt page scripts, within the 10 MB Workers limit', () => {
    const files = readdirSync(out);
    expect(files.some((f) => f.endsWith('jieba_rs_wasm_bg.wasm'))).toBe(true);
    expect(files.some((f) => f.endsWith('answer.md'))).toBe(true);
    const js = readFileSync(join(out, 'worker.js'));
    for (const asset of ['chat.js', 'widget.js', 'audit.js', 'app.css'])
      expect(js.includes(asset), asset).toBe(true);
    const gzipped = files
      .filter((f) => !f.endsWith('.map') && !f.endsWith('.json') && f !== 'README.md')
      .reduce((s, f) => s + gzipSync(readFileSync(join(out, f))).length, 0);
    expect(gzipped).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('the bundle running in workerd', () => {
  const ADMIN = 'admin-token-0123456789';
  const STAFF = 'staff-token-0123456789';
  const authTokens = `staff:${STAFF},admin:${ADMIN}`;
  let mf: Miniflare;
  let embedCalls = 0;

  beforeAll(async () => {
    mf = await startPreview({ outDir: out, authTokens, onEmbed: () => embedCalls++ });
  }, 120_000);
  afterAll(async () => mf?.dispose());

  const call = (input: string | URL | Request, init?: RequestInit) =>
    mf.dispatchFetch(String(input), init as never) as unknown as Promise<Response>;

  it('starts, takes the seed corpus from cf:push, and answers with a citation', async () => {
    expect((await call('http://worker.test/healthz')).status).toBe(200);
    const pushed = await pushCorpus({
      url: 'http://worker.test',
      token: ADMIN,
      files: seedInputs(),
      fetch: call as typeof fetch,
      retryDelayMs: 0,
    });
    expect(pushed.failed).toEqual([]);
    expect(pushed.added).toHaveLength(5);
    expect(embedCalls).toBeGreaterThan(0);
    const res = await call('http://worker.test/api/ask', {
      method: 'POST',
      headers: { authorization: `Bearer ${STAFF}`, 'content-type': 'application/json' },
      body: JSON.stringify({ question: '西于庄街道2024年一共罚了多少钱？' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      answer: string;
      citations: { text: string }[];
      verification: { ok: boolean };
    };
    expect(body.answer).toContain('5460元');
    expect(body.citations[0].text).toContain('5460元');
    expect(body.verification.ok).toBe(true);
  }, 120_000);

  it('serves the prebuilt page scripts and the chat page, and refuses anonymous API calls', async () => {
    const js = await call('http://worker.test/assets/chat.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(
      (await call('http://worker.test/', { headers: { authorization: `Bearer ${STAFF}` } })).status,
    ).toBe(200);
    expect((await call('http://worker.test/api/documents')).status).toBe(401);
  });

  it('the chat page works in Chromium against the Worker: sign in, ask, see the answer and its citation card', async () => {
    const url = (await mf.ready).toString().replace(/\/$/, '');
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}/`);
      expect(page.url()).toContain('/login');
      await page.fill('input[name=token]', STAFF);
      await page.click('button[type=submit]');
      await page.waitForURL(`${url}/`);
      const before = await page.locator('.msg.assistant').count();
      await page.fill('textarea', '西于庄街道2024年一共罚了多少钱？');
      await page.press('textarea', 'Enter');
      const answer = page.locator('.msg.assistant:not(.pending)').nth(before);
      await answer.waitFor();
      expect(await answer.locator('.answer').innerText()).toContain('5460元');
      await answer.locator('button.cite').first().hover();
      await page.locator('.cite-card mark').waitFor();
      expect(await page.locator('.cite-card mark').innerText()).toContain('5460元');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('reads a .docx upload online (mammoth in workerd) and sends PDFs to cf:push with a clear 415', async () => {
    const upload = async (name: string, bytes: Uint8Array) => {
      const form = new FormData();
      form.append('file', new File([new Uint8Array(bytes)], name));
      // Encoded here: Miniflare's fetch does not take this Node's FormData object as a body.
      const encoded = new Request('http://local/', { method: 'POST', body: form });
      const headers = {
        authorization: `Bearer ${ADMIN}`,
        'content-type': encoded.headers.get('content-type')!,
      };
      return call('http://worker.test/api/documents', {
        method: 'POST',
        headers,
        body: new Uint8Array(await encoded.arrayBuffer()),
      });
    };
    const docx = await reportToDocx(
      '光明街道2025年法治政府建设情况报告\n一、主要举措和成效\n全年组织网格员法治培训共计37场次。',
    );
    const ok = await upload('光明街道-2025.docx', docx);
    expect(ok.status).toBe(201);
    expect(
      ((await ok.json()) as { results: { paragraphs: number }[] }).results[0].paragraphs,
    ).toBeGreaterThan(0);
    const pdf = await upload(
      '西于庄街道-2024-节选.pdf',
      readFileSync(join(FIXTURES_DIR, '西于庄街道-2024-节选.pdf')),
    );
    expect(pdf.status).toBe(415);
    expect(((await pdf.json()) as { error: { message: string } }).error.message).toContain('cf:push');
  });

  it('refuses to serve with another embedder than the one its vectors came from (503 index_mismatch)', async () => {
    await mf.setOptions(previewOptions({ outDir: out, authTokens, dimensions: 384 }));
    const res = await call('http://worker.test/healthz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('index_mismatch');
    expect(body.error.message).toContain('openai:local:256');
  });

  it('reports a missing AUTH_TOKENS secret as a 503 with what to set', async () => {
    const bare = new Miniflare({ ...bundleWorker(out), d1Databases: { DB: 'x' } });
    try {
      const res = (await bare.dispatchFetch('http://worker.test/healthz')) as unknown as Response;
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('AUTH_TOKENS');
    } finally {
      await bare.dispose();
    }
  });
});
