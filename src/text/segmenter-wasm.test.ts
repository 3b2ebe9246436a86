// The Workers segmenter (jieba-rs in WebAssembly) must cut exactly like the native one the Node server
// uses, or BM25 on Workers would miss what Node finds: checked over the whole seed corpus and the eval questions.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmenter as native } from './segmenter-native.ts';
import { createWasmSegmenter } from './segmenter-wasm.ts';
import { normalizeForMatch } from './normalize.ts';

const require = createRequire(import.meta.url);
const wasmPath = join(require.resolve('jieba-wasm/web'), '..', 'jieba_rs_wasm_bg.wasm');
const wasm = createWasmSegmenter(() => readFileSync(wasmPath));
const root = join(import.meta.dirname, '..', '..');

function seedLines(): string[] {
  const dir = join(root, 'corpus');
  return readdirSync(dir)
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .map((l) => l.trim())
    .filter(Boolean);
}

function evalQuestions(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/\.jsonl?$/.test(e.name))
        out.push(
          ...(readFileSync(join(dir, e.name), 'utf8').match(/"question":\s*"[^"]+"/g) ?? []).map((q) =>
            q.replace(/^"question":\s*"|"$/g, ''),
          ),
        );
    }
  };
  walk(join(root, 'evals'));
  return out;
}

describe('WebAssembly segmenter (Workers)', () => {
  it('cuts every seed-corpus line and eval question exactly like the native jieba', () => {
    const texts = [...seedLines(), ...evalQuestions()].map(normalizeForMatch);
    expect(texts.length).toBeGreaterThan(200);
    const differ = texts.filter(
      (t) => wasm.cutForSearch(t, true).join('|') !== native.cutForSearch(t, true).join('|'),
    );
    expect(differ).toEqual([]);
  });

  it('knows the domain words and tags place names like the native one', () => {
    expect(wasm.cutForSearch('行政执法公示制度', true)).toEqual(
      native.cutForSearch('行政执法公示制度', true),
    );
    for (const name of ['西于庄', '大港', '金桥', '城西', '法治宣传'])
      expect(wasm.tag(name, false)).toEqual(native.tag(name, false));
  });
});
