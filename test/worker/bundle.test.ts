// The Worker bundle, built offline the way a deploy builds it (`wrangler deploy --dry-run`), must not pull in
// a Node-only module: hnswlib-node and better-sqlite3 are Node addons, fs/worker_threads/child_process do not
// exist on Workers, @node-rs/jieba is an addon (the Worker cuts words with jieba-rs in WebAssembly).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRANGLER, WRANGLER_ENV } from './local-d1.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FORBIDDEN_PACKAGES = ['hnswlib-node', 'better-sqlite3', '@node-rs/jieba', 'esbuild', 'pdfjs-dist', '@hono/node-server', 'tsx'];
const FORBIDDEN_BUILTINS = /^(node:)?(fs|fs\/promises|worker_threads|child_process|os|net|module)$/;

let out: string;
let meta: { inputs: Record<string, unknown>; outputs: Record<string, { bytes: number; imports?: { path: string; external?: boolean }[] }> };

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'fazhi-worker-'));
  execFileSync(WRANGLER, ['deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')], { cwd: ROOT, env: WRANGLER_ENV, stdio: 'pipe' });
  meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Worker bundle (wrangler deploy --dry-run)', () => {
  it('bundles no Node-only package', () => {
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((p) => p.endsWith('src/worker.ts'))).toBe(true);
    for (const pkg of FORBIDDEN_PACKAGES) expect(inputs.filter((p) => p.includes(`node_modules/${pkg}/`)), pkg).toEqual([]);
    for (const nodeOnly of ['src/library/library.ts', 'src/store/sqlite-report-store.ts', 'src/index/hnsw-vector-store.ts', 'src/web/assets.ts', 'src/text/jieba.ts']) {
      expect(inputs.filter((p) => p.endsWith(nodeOnly)), nodeOnly).toEqual([]);
    }
  });

  it('imports no Node built-in that Workers lack', () => {
    const externals = Object.values(meta.outputs).flatMap((o) => (o.imports ?? []).filter((i) => i.external).map((i) => i.path));
    expect(externals.filter((p) => FORBIDDEN_BUILTINS.test(p))).toEqual([]);
  });

  it('carries the WebAssembly segmenter, the prompts and the prebuilt page scripts, within the 10 MB Workers limit', () => {
    const files = readdirSync(out);
    expect(files.some((f) => f.endsWith('jieba_rs_wasm_bg.wasm'))).toBe(true);
    expect(files.some((f) => f.endsWith('answer.md'))).toBe(true);
    const js = readFileSync(join(out, 'worker.js'));
    for (const asset of ['chat.js', 'widget.js', 'audit.js', 'app.css']) expect(js.includes(asset), asset).toBe(true);
    const gzipped = files.filter((f) => !f.endsWith('.map') && !f.endsWith('.json') && f !== 'README.md').reduce((s, f) => s + gzipSync(readFileSync(join(out, f))).length, 0);
    expect(gzipped).toBeLessThan(10 * 1024 * 1024);
  });
});
