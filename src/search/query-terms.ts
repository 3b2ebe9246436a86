// What of a question BM25 and the back-off search for: its words less those that only frame a colloquial
// question (「有没有哪里…」「那阵子」「后来」), which formal reports rarely write and so would weigh most.
/**
 * Question-frame words: they ask or point rather than name the topic. Formal reports rarely use them, so their
 * IDF is high and a paragraph that happens to hold one (「没有养成学法习惯」 for 「有没有…」) outranks the one
 * about the topic; as back-off input they also draw in library words of their own (有没有 → 没有).
 */
export const FRAME_WORDS = new Set(
  '有没有 没有 是不是 有无 哪个 哪些 哪里 哪儿 哪家 那种 那边 那个 那些 这种 这个 有人 有的 地方 自己 还是 但是 虽然 因为 所以 时候 后来 原来 出来 起来 回来 一起 东西 事情 专门 提到 提过 承认'.split(
    ' ',
  ),
);

/** The tokens of a question's topic without its frame words. */
export function withoutFrame(tokens: string[]): string[] {
  return tokens.filter((t) => !FRAME_WORDS.has(t));
}
