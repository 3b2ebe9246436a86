// The Node segmenter: native @node-rs/jieba with the domain dictionary (see segmenter.ts).
import { getJieba } from './jieba.ts';
import type { Segmenter } from './segmenter.ts';

export const segmenter: Segmenter = {
  cutForSearch: (text, hmm) => getJieba().cutForSearch(text, hmm),
  tag: (text, hmm) => getJieba().tag(text, hmm),
};
