// A drafted section as both drafters return it: the title and intro around the points, the checks every draft
// passes, a warning per point with gaps to fill, and which past points were looked at and used.
import { verifyDraft } from './checks.ts';
import type { DraftContext, ThemedPoint } from './evidence.ts';
import { titleFor } from './plan.ts';
import type { DraftPoint, DraftResult, DraftSection } from './types.ts';

export function sectionResult(
  ctx: DraftContext,
  s: {
    kind: DraftSection;
    points: DraftPoint[];
    /** Said so far; the placeholders' warnings are added. */
    warnings: string[];
    /** The past points the drafter looked at. */
    evidence: ThemedPoint[];
    coverage?: DraftResult['coverage'];
    mode: DraftResult['mode'];
    model: string;
  },
): DraftResult {
  const { kind, points, warnings, coverage } = s;
  const title = titleFor(ctx, kind);
  const intro =
    kind === 'shortcomings'
      ? `${ctx.year}年，${ctx.org.voice}法治政府建设对照上级要求和群众期待，仍存在一些不足，主要表现在：`
      : `${ctx.year + 1}年，${ctx.org.voice}将${coverage?.shortcomings.length ? '针对上述不足，' : ''}重点做好以下工作：`;
  const plain = points.map((p) => p.text.replace(/\[\d+\]/g, ''));
  const usedIds = new Set(points.flatMap((p) => p.citations.map((c) => c.paragraphId)));
  const verification = verifyDraft(points, kind, ctx.org, [ctx.year, ctx.year + 1]);
  for (const p of points)
    if (p.placeholders.length)
      warnings.push(`「${p.theme}」一点有待补充的内容：${p.placeholders.join('；')}`);
  return {
    title,
    draft: [title, intro, ...plain].join('\n'),
    points,
    ...(coverage ? { coverage } : {}),
    warnings,
    verification,
    mode: s.mode,
    model: s.model,
    evidence: s.evidence.map((p) => ({
      paragraphId: p.paragraph.id,
      theme: p.theme,
      used: usedIds.has(p.paragraph.id),
    })),
  };
}
