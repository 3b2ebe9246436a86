// One shared jieba instance (building it takes ~200 ms) with the domain dictionary loaded.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { DOMAIN_WORDS } from './domain-words.ts';
import { DOMAIN_WORD_FREQ } from './segmenter.ts';

let instance: Jieba | null = null;

export function getJieba(): Jieba {
  if (!instance) {
    instance = Jieba.withDict(dict);
    instance.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} ${DOMAIN_WORD_FREQ} n`).join('\n')));
  }
  return instance;
}
