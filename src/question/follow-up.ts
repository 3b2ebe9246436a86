// Follow-ups: 「那西于庄街道呢？」 after 「大港街2023年行政处罚多少起」 asks the same about 西于庄街道. The office
// (or year) is switched and the topic kept; a carried year the new office has no report of becomes the year it has.
import type { QuestionAnalysis } from './analyze.ts';

export interface FollowUp {
  question: string;
  /** Said in the answer when the carried year was changed: 「西于庄街道没有2022年度的报告，以下按其2024年度报告回答」. */
  note: string | null;
}

const YEAR_EXPR = /(?:(?:19|20)\d{2}|(?<![\d.])\d{2})\s*年度?|今年|去年|前年|本年度/g;

/** A short question that only names another office or year (「那西于庄呢？」「2022年的呢」「和平镇怎么样」). */
function isFollowUp(q: string, now: QuestionAnalysis): boolean {
  const t = q.trim();
  if (t.length > 20) return false;
  const names = now.offices.length + now.unknownOffices.length + now.years.length;
  if (!names) return false;
  let rest = t;
  for (const m of now.offices) rest = rest.replace(m.mention, '');
  for (const u of now.unknownOffices) rest = rest.replace(u.mention, '');
  rest = rest
    .replace(YEAR_EXPR, '')
    .replace(/^(那么|那|还有|再问一下|请问|换成|改成)/, '')
    .replace(/(的情况|情况|的呢|呢|怎么样|如何|又是多少|是多少|多少|的|[？?。！!，,\s])+$/g, '');
  return rest.length <= 2;
}

export function resolveFollowUp(
  question: string,
  now: QuestionAnalysis,
  previous: QuestionAnalysis | null,
): FollowUp {
  if (!previous || !isFollowUp(question, now)) return { question, note: null };
  let out = previous.question;
  const newOffice = now.offices[0];
  const newName = newOffice ? newOffice.offices[0].org : now.unknownOffices[0]?.mention;
  if (newName) {
    const old = previous.offices[0];
    out = old ? out.slice(0, old.areaStart ?? old.start) + newName + out.slice(old.end) : `${newName}${out}`;
  }
  let note: string | null = null;
  const carried = previous.years;
  let year: number | undefined = now.years[0];
  if (year === undefined && carried.length === 1 && newOffice) {
    // The carried year must exist for the new office; otherwise its nearest year that does.
    const have = newOffice.offices
      .flatMap((o) => o.reports.map((r) => r.meta.year))
      .filter((y): y is number => y !== null);
    if (have.length && !have.includes(carried[0])) {
      year = [...have].sort((a, b) => Math.abs(a - carried[0]) - Math.abs(b - carried[0]) || b - a)[0];
      note = `${newOffice.offices[0].org}没有${carried[0]}年度的报告，以下按其${year}年度报告回答。`;
    }
  }
  if (year !== undefined) {
    const stripped = out.replace(YEAR_EXPR, '');
    // The year goes after the office, as staff write it: 「大港街2022年……」.
    const office = newName ?? previous.offices[0]?.mention;
    const at = office && stripped.includes(office) ? stripped.indexOf(office) + office.length : 0;
    out = at > 0 ? `${stripped.slice(0, at)}${year}年${stripped.slice(at)}` : `${year}年${stripped}`;
  }
  return { question: out, note };
}
