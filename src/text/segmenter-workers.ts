// The Workers segmenter: wrangler bundles the .wasm file as a compiled WebAssembly.Module.
// @ts-expect-error -- a .wasm import is resolved by wrangler's bundler (CompiledWasm rule), not by tsc
import wasm from 'jieba-wasm/pkg/web/jieba_rs_wasm_bg.wasm';
import { createWasmSegmenter } from './segmenter-wasm.ts';

export const segmenter = createWasmSegmenter(() => wasm as WebAssembly.Module);
