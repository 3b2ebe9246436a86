// jieba-rs compiled to WebAssembly (jieba-wasm), for runtimes that cannot load a Node addon (Workers).
// The module is given by the caller: Workers import the .wasm file as a compiled module, tests read its bytes.
import { add_word, cut_for_search, initSync, tag } from 'jieba-wasm/web';
import { DOMAIN_WORDS } from './domain-words.ts';
import { DOMAIN_WORD_FREQ, type Segmenter } from './segmenter.ts';

let ready = false;

export function createWasmSegmenter(load: () => WebAssembly.Module | BufferSource): Segmenter {
  const init = () => {
    if (ready) return;
    initSync({ module: load() });
    for (const w of DOMAIN_WORDS) add_word(w, DOMAIN_WORD_FREQ, 'n');
    ready = true;
  };
  return {
    cutForSearch: (text, hmm) => (init(), cut_for_search(text, hmm)),
    tag: (text, hmm) => (init(), tag(text, hmm)),
  };
}
