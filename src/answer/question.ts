// What a question asks beyond retrieval intent: a figure, a list, a comparison; and follow-ups rewritten with context.
import { readIntent } from '../search/query-intent.ts';

export const asksFigure = (q: string) => /多少|几(?:个|起|件|次|条|人|家|项|期|场|名|批|份)|数量|比例|比率|金额|多大|多高|合格率|成功率|办结率|完成率/.test(q);
export const asksList = (q: string) => /哪些|哪几|有什么|有何|什么样|列举|主要有|都有/.test(q);
export const asksAcross = (q: string) => /哪些街道|哪几个街道|各街道|几个街道|各个街道|分别|各有|对比|比较|哪些报告|各报告|两份报告|几份报告/.test(q);

/**
 * 「那西于庄呢？」after 「大港街2023年行政处罚多少起」 asks the same about 西于庄. Returns the question
 * to answer: the previous one with the org (and year) swapped, or the question itself.
 */
export function resolveFollowUp(question: string, previous: string | undefined, knownOrgs: string[]): string {
  if (!previous) return question;
  const q = question.trim();
  if (q.length > 16 || !/呢|怎么样|如何|那/.test(q)) return question;
  const now = readIntent(q, knownOrgs);
  const before = readIntent(previous, knownOrgs);
  const years = [...q.matchAll(/(?:19|20)\d{2}/g)].map((m) => m[0]);
  const newOrg = q
    .replace(/^(那么|那|还有|再问一下|请问)/, '')
    .replace(/(的情况|情况|的呢|呢|怎么样|如何|[？?。！!，,\s])+$/g, '')
    .replace(/(?:19|20)\d{2}\s*年?度?/g, '')
    .trim();
  const hasOrg = now.orgKeys.length > 0 || now.unknownOrgs.length > 0 || /街道?$/.test(newOrg);
  if (!hasOrg && !years.length) return question;
  let out = previous;
  if (hasOrg && newOrg) {
    const mentioned = knownOrgs.filter((o) => previous.includes(o)).concat(before.orgKeys.filter((k) => previous.includes(k)));
    const target = mentioned.sort((a, b) => b.length - a.length)[0];
    if (target) {
      // 「大港街」→「西于庄」 keeps the rest of the previous question (「…街道」 suffixes included) readable.
      const re = new RegExp(`${target}(街道办事处|街道|街)?`);
      out = out.replace(re, newOrg);
    } else out = `${newOrg}${out}`;
  }
  if (years.length) out = /(?:19|20)\d{2}/.test(out) ? out.replace(/(?:19|20)\d{2}/, years[0]) : `${years[0]}年${out}`;
  return out;
}
