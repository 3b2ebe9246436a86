// The sentence of a paragraph a model's statement is taken to quote (LLM answerer and drafter): most shared words.
import { type Span, sentenceSpans } from './sentences.ts';
import { tokenize } from './tokenize.ts';

/** The sentence sharing most words (two characters or more) with `statement`; the first of equals, else the whole text. */
export function bestSentence(text: string, statement: string): Span {
  const words = new Set(tokenize(statement).filter((t) => t.length >= 2));
  const spans = sentenceSpans(text);
  let best: Span = spans[0] ?? { start: 0, end: text.length, text };
  let top = -1;
  for (const s of spans) {
    const score = tokenize(s.text).filter((t) => words.has(t)).length;
    if (score > top) [best, top] = [s, score];
  }
  return best;
}
