// Years a question asks about: 「2023年」, 「23年」, and 今年/去年/前年/明年 against today's date (said in the answer).

export interface AskedYears {
  years: number[];
  /** How a relative or short year was read: 「「去年」按2025年理解」. */
  notes: string[];
}

const RELATIVE: [RegExp, number, string][] = [
  [/前年/, -2, '前年'],
  [/去年|上一?年度?(?![半级])/, -1, '去年'],
  [/今年|本年度|当年/, 0, '今年'],
  [/明年|下一?年度?(?![半级])/, 1, '明年'],
];

export function askedYears(question: string, today: Date): AskedYears {
  const now = today.getFullYear();
  const years = new Set<number>();
  const notes: string[] = [];
  for (const m of question.matchAll(/(?:^|\D)((?:19|20)\d{2})(?!\d)/g)) years.add(Number(m[1]));
  // 「23年」「22年度」: two digits before 年, read in this century when not in the future.
  for (const m of question.matchAll(/(?<![\d.])(\d{2})\s*年(?!\s*(?:以来|来|间|内|多))/g)) {
    const y = 2000 + Number(m[1]);
    if (y >= 2000 && y <= now + 1 && !years.has(y)) {
      years.add(y);
      notes.push(`「${m[1]}年」按${y}年理解`);
    }
  }
  if (!years.size) {
    for (const [re, delta, word] of RELATIVE) {
      // 「下一步」「明年打算」 ask about plans, not a year of their own: only 明年 with a year-like cue counts.
      if (delta === 1) continue;
      if (re.test(question)) {
        years.add(now + delta);
        notes.push(`「${word}」按${now + delta}年理解`);
      }
    }
  }
  return { years: [...years], notes };
}
