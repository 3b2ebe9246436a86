// Segmenter: the jieba operations the text code needs. Node loads the native @node-rs/jieba; Workers load
// jieba-rs compiled to WebAssembly (jieba-wasm) — the same Rust library and dictionary, so both cut alike.
// Which one is chosen is the `#segmenter` import in package.json ("workerd" condition vs default).
export interface Segmenter {
  /** Search-mode words (long words also cut into their sub-words); figures like 「22.1%」 stay whole. */
  cutForSearch(text: string, hmm: boolean): string[];
  tag(text: string, hmm: boolean): { word: string; tag: string }[];
}

/** Domain words added to the dictionary, as one `word freq tag` line each. */
export const DOMAIN_WORD_FREQ = 2000;
