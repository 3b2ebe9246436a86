// Classifies a top-level heading into a SectionKind by what it means, not by its exact wording.
import type { SectionKind } from '../domain.ts';

interface Rule {
  kind: Exclude<SectionKind, 'overview' | 'other'>;
  re: RegExp;
}

// Order matters: 「下一步工作」 wins over 「工作开展情况」, 「不足」 over 「举措」.
const RULES: Rule[] = [
  { kind: 'duty', re: /第一责任人|主要负责人.{0,12}(职责|责任)|履行.{0,10}(职责|责任)情况|述法/ },
  {
    kind: 'next_steps',
    re: /下一?步|下一?(年度|阶段)|今后|明年|来年|工作(计划|思路|打算|安排|重点|设想|方向|展望)|(计划|打算|思路|安排)$|努力方向|展望|\d{4}\s*年.{0,16}(计划|思路|打算|安排|重点|任务)/,
  },
  { kind: 'shortcomings', re: /不足|问题|短板|差距|薄弱|欠缺|困难|弱项|不够|有待/ },
  {
    kind: 'measures',
    re: /举措|成效|措施|做法|成绩|主要工作|工作(开展)?情况|开展情况|进展|完成情况|亮点|经验/,
  },
];

/** The kind a top-level heading names, or null when it names none of them. */
export function classifySection(heading: string): SectionKind | null {
  const text = heading.replace(/\s+/g, '');
  for (const rule of RULES) if (rule.re.test(text)) return rule.kind;
  return null;
}
