// Tokens for BM25 and the local embedder: jieba words (search mode), figures with their units.
import { segmenter } from '#segmenter';
import { normalizeForMatch } from './normalize.ts';

const STOP_WORDS = new Set(
  '的 了 和 与 及 等 在 是 对 为 将 把 被 从 由 到 于 并 也 又 而 或 以 之 其 这 那 有 个 中 上 下 了 着 过 吗 呢 吧 啊 呀 么 什么 哪些 多少 怎么 怎样 如何 是否 哪个 哪里 我们 我 你 他 她 它 请问 一下 一共 方面 情况 相关 进行 开展 工作'.split(
    ' ',
  ),
);
const UNIT =
  /^(人次|人|起|件|次|条|家|个|余|万|亿|元|万元|亿元|场|场次|期|份|项|名|批次|批|处|辆|年|月|日|天|户|所|篇|期|课时|%|‰)$/;
const PUNCT = /^[\s\p{P}\p{S}]+$/u;

// Ingestion tokenises a paragraph for BM25 and the local embedder tokenises it again: remember the last few.
const recent = new Map<string, string[]>();
const RECENT_MAX = 2048;

/** Search tokens of a text. Figures are kept whole (「99.25%」) and also joined to their unit (「81人」). */
export function tokenize(text: string): string[] {
  const hit = recent.get(text);
  if (hit) return hit;
  const tokens = tokenizeUncached(text);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(text, tokens);
  return tokens;
}

function tokenizeUncached(text: string): string[] {
  const words = segmenter.cutForSearch(normalizeForMatch(text), true);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].trim();
    if (!w || PUNCT.test(w) || STOP_WORDS.has(w)) continue;
    out.push(w);
    if (/^\d+(\.\d+)?$/.test(w) && i + 1 < words.length) {
      const unit = words[i + 1].trim();
      if (UNIT.test(unit)) out.push(w + unit);
    }
  }
  return out;
}
