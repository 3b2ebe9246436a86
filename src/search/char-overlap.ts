// Sentence-level character overlap between a question and candidate paragraphs: colloquial wording shares
// characters with the report's words even where jieba cuts them apart (「村里的账…镇上…管」 ↔ 「村账镇管」,
// 「被封在楼里」 ↔ 「封控楼院」). Characters are weighted by their rarity among the candidates themselves.
import { normalizeForMatch } from '../text/normalize.ts';
import { sentenceSpans } from '../text/sentences.ts';

/** Characters that carry the question's frame or grammar, not its topic. */
const FRAME_CHARS = new Set(
  '的了吗呢吧啊么是有没哪几多少怎样什谁个些还都也就又和与及在把被给让对向从到于为以而或这那其之着过们我你他她它要会能可不说请问里上下'.split(
    '',
  ),
);
const HAN = /[\u3400-\u9fff]/;
/** The topic characters of a question (Han, frame characters left out), in order. */
export function topicChars(question: string): string[] {
  return [...normalizeForMatch(question)].filter((c) => HAN.test(c) && !FRAME_CHARS.has(c));
}

/** Adjacent pairs of topic characters that are adjacent in the question itself (frame characters break them). */
function topicBigrams(question: string): string[] {
  const chars = [...normalizeForMatch(question)];
  const out: string[] = [];
  for (let i = 1; i < chars.length; i++) {
    const a = chars[i - 1];
    const b = chars[i];
    if (HAN.test(a) && HAN.test(b) && !FRAME_CHARS.has(a) && !FRAME_CHARS.has(b)) out.push(a + b);
  }
  return out;
}

/**
 * For each text, the largest share (0–1) of the question's topic characters and character pairs that one of
 * its sentences holds, each weighted by log(1 + n / df) over the texts given (rarer among them weighs more).
 */
export function charOverlap(question: string, texts: string[]): number[] {
  const chars = [...new Set(topicChars(question))];
  const pairs = [...new Set(topicBigrams(question))];
  if (!chars.length || !texts.length) return texts.map(() => 0);
  const norm = texts.map((t) => normalizeForMatch(t));
  const idf = (keys: string[]) =>
    new Map(
      keys.map((k) => {
        const df = norm.filter((t) => t.includes(k)).length;
        return [k, Math.log(1 + texts.length / (df + 1))];
      }),
    );
  const wc = idf(chars);
  const wp = idf(pairs);
  const totalC = chars.reduce((s, c) => s + wc.get(c)!, 0) || 1;
  const totalP = pairs.reduce((s, p) => s + wp.get(p)!, 0) || 1;
  return norm.map((t) => {
    let best = 0;
    for (const s of sentenceSpans(t)) {
      let c = 0;
      for (const ch of chars) if (s.text.includes(ch)) c += wc.get(ch)!;
      let p = 0;
      for (const pr of pairs) if (s.text.includes(pr)) p += wp.get(pr)!;
      const score = pairs.length ? (c / totalC + p / totalP) / 2 : c / totalC;
      if (score > best) best = score;
    }
    return best;
  });
}
