// LLM drafter: the model writes the points from themed, numbered past points; the same checks as the
// extractive drafter then repair its output (bad markers, uncited sentences, foreign names, figures not in the
// target org's own cited paragraphs are dropped and reported) before anyone sees it.
import { bestSentence } from '../text/best-sentence.ts';
import { extractFigures, figureIn } from '../text/figures.ts';
import type { ChatModel, Drafter } from '../ports.ts';
import { cancelledBy } from '../llm/cancelled-by.ts';
import type { Prompt } from '../llm/prompt.ts';
import { judgeSentences } from '../answer/claims.ts';
import { AppError } from '../errors.ts';
import type { Corpus } from '../library/corpus.ts';
import { CitationBook, ordinal } from './compose.ts';
import { type DraftContext, type ThemedPoint, loadDraftContext, rankThemes } from './evidence.ts';
import { evidenceOf, focusKeys, shortcomingsToAnswer } from './plan.ts';
import { type OrgContext, mentionsForeignOrg } from './retarget.ts';
import { sectionResult } from './section-result.ts';
import type { ShortcomingItem } from './shortcoming-items.ts';
import { themeByKey, themeKeyByName } from './themes.ts';
import type { DraftPoint, DraftRequest, DraftResult, DraftSection } from './types.ts';
import { copiedMeasures, repeatedShortcomings } from './warnings.ts';

const PER_THEME = 3;
const MAX_SOURCES = 24;

/** Drafts a section from a loaded context without a model (the extractive drafter's draftFromContext). */
export type SectionDrafter = (ctx: DraftContext, req: DraftRequest) => DraftResult;

export interface LlmDrafterOptions {
  model: ChatModel;
  prompt: Prompt;
  /** Drafts instead, saying why, when the model fails or writes no JSON; without it those are 502 errors. */
  fallback?: SectionDrafter;
}

export function llmDrafter(opts: LlmDrafterOptions): Drafter {
  return {
    /** `signal` (the HTTP request's) aborts the model call when the client goes away. */
    async draft(
      lib: Corpus,
      { signal, ...req }: DraftRequest & { signal?: AbortSignal },
    ): Promise<DraftResult> {
      const ctx = await loadDraftContext(lib, req);
      const warnings: string[] = [];
      const { sources, items } = gatherSources(ctx, req, warnings);
      let raw: string;
      try {
        raw = await opts.model.complete(
          [
            { role: 'system', content: opts.prompt.text },
            { role: 'user', content: userMessage(req, sources, items) },
          ],
          { signal },
        );
      } catch (e) {
        if (!opts.fallback || cancelledBy(signal)) throw e;
        const d = opts.fallback(ctx, req);
        return {
          ...d,
          warnings: [`大模型服务不可用，已改用离线摘录起草：${(e as Error).message}`, ...d.warnings],
        };
      }
      const parsed = parsePoints(raw);
      if (!parsed) {
        if (opts.fallback) {
          const d = opts.fallback(ctx, req);
          return { ...d, warnings: ['大模型的输出不是约定的格式，已改用离线摘录起草', ...d.warnings] };
        }
        throw new AppError('upstream', '大模型的输出不是约定的 JSON 格式，未能生成草稿', { retryable: true });
      }
      const points = repairPoints(parsed, { org: ctx.org, section: req.section, sources, items, warnings });
      if (req.section === 'shortcomings') {
        warnings.push(
          ...repeatedShortcomings(
            ctx,
            points.map((p) => ({
              label: p.theme,
              text: p.text.replace(/\[\d+\]/g, ''),
              theme: themeKeyByName(p.theme),
            })),
            '',
          ),
        );
      } else {
        if (req.shortcomings) warnings.push(...repeatedShortcomings(ctx, items, '粘贴的不足'));
        warnings.push(...copiedMeasures(ctx, points));
      }
      const answered = new Set(points.map((p) => p.respondsTo).filter((x) => x !== undefined));
      const unanswered = items.filter((_, i) => !answered.has(i)).map((s) => s.label);
      for (const u of unanswered) warnings.push(`不足「${u}」没有对应的措施，请作者补充`);
      const coverage =
        req.section === 'next_steps' ? { shortcomings: items.map((s) => s.label), unanswered } : undefined;
      const d = sectionResult(ctx, {
        kind: req.section,
        points,
        warnings,
        evidence: ctx.points[req.section],
        coverage,
        mode: 'llm',
        model: opts.model.id,
      });
      return { ...d, promptHash: opts.prompt.hash };
    },
  };
}

function gatherSources(
  ctx: DraftContext,
  req: DraftRequest,
  warnings: string[],
): { sources: ThemedPoint[]; items: ShortcomingItem[] } {
  const kind = req.section;
  const pts = evidenceOf(ctx, kind);
  const focus = focusKeys(req.focus, kind, pts);
  const items = kind === 'next_steps' ? shortcomingsToAnswer(ctx, req.shortcomings, warnings) : [];
  const themes = rankThemes(
    pts,
    [...focus, ...items.map((i) => i.theme).filter((t): t is string => !!t)],
    ctx.themeReports[kind],
  );
  const sources: ThemedPoint[] = [];
  for (const t of themes)
    for (const p of t.points.slice(0, PER_THEME)) if (sources.length < MAX_SOURCES) sources.push(p);
  return { sources, items };
}

function userMessage(req: DraftRequest, sources: ThemedPoint[], items: ShortcomingItem[]): string {
  const kind = req.section === 'shortcomings' ? '存在的不足' : '下一步工作';
  const n = req.points ?? (items.length || 4);
  const list = sources.map((p, i) => {
    const who = p.own ? `本街 ${p.report.meta.year ?? ''}年度` : `其他街道 ${p.report.meta.year ?? ''}年度`;
    const text = p.text.replace(/<\/?(?:sources|target|shortcomings)>/gi, '');
    return `[${i + 1}]（${who} · 主题：${p.theme ? themeByKey(p.theme)?.name : '其他'}）\n${text}`;
  });
  const parts = [
    `<target>街道：${req.org}；报告年度：${req.year}；起草：「${kind}」，${n} 点${req.focus ? `；侧重：${req.focus}` : ''}${req.section === 'next_steps' ? `；措施是 ${req.year + 1} 年的安排` : ''}</target>`,
    `<sources>\n${list.join('\n\n')}\n</sources>`,
  ];
  if (items.length)
    parts.push(
      `<shortcomings>\n${items.map((s, i) => `${i}. ${s.text.replace(/<\/?(?:sources|target|shortcomings)>/gi, '')}`).join('\n')}\n</shortcomings>`,
    );
  return parts.join('\n\n');
}

interface RawPoint {
  theme?: unknown;
  respondsTo?: unknown;
  text?: unknown;
}

export function parsePoints(raw: string): { theme: string; respondsTo?: number; text: string }[] | null {
  const body = raw
    .replace(/^[\s\S]*?```(?:json)?\s*/i, (m) => (m.includes('```') ? '' : m))
    .replace(/```[\s\S]*$/, '');
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  try {
    const obj = JSON.parse(body.slice(start, end + 1)) as { points?: RawPoint[] };
    if (!Array.isArray(obj.points)) return null;
    const out = obj.points
      .filter((p) => typeof p?.text === 'string' && p.text.trim())
      .slice(0, 8)
      .map((p) => ({
        theme: typeof p.theme === 'string' ? p.theme.slice(0, 30) : '',
        respondsTo:
          typeof p.respondsTo === 'number' && Number.isInteger(p.respondsTo) ? p.respondsTo : undefined,
        text: String(p.text).trim(),
      }));
    return out.length ? out : null;
  } catch {
    return null;
  }
}

function repairPoints(
  parsed: { theme: string; respondsTo?: number; text: string }[],
  {
    org,
    section,
    sources,
    items,
    warnings,
  }: {
    org: OrgContext;
    section: DraftSection;
    /** The past points shown to the model, numbered from 1. */
    sources: ThemedPoint[];
    items: ShortcomingItem[];
    /** Each sentence cut is said here. */
    warnings: string[];
  },
): DraftPoint[] {
  const book = new CitationBook();
  const out: DraftPoint[] = [];
  for (const p of parsed) {
    const body = p.text.replace(/^[一二三四五六七八九十]+是/, '');
    const sentences = body.match(/[^。！？]+[。！？]?(?:\[\d+\])*/g) ?? [];
    const kept: string[] = [];
    const citations = new Map<number, ReturnType<CitationBook['cite']>>();
    const placeholders: string[] = [];
    for (const [si, s] of sentences.entries()) {
      const markers = [...s.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      const plain = s.replace(/\[\d+\]/g, '').trim();
      if (!plain) continue;
      for (const m of plain.matchAll(/【待补充：([^】]*)】/g)) placeholders.push(m[1]);
      const problems: string[] = [];
      if (markers.some((m) => !sources[m - 1])) problems.push('出处编号不存在');
      const cited = markers.map((m) => sources[m - 1]).filter((x): x is ThemedPoint => !!x);
      const isPlaceholder = /^【待补充：[^】]*】[。]?$/.test(plain);
      if (!cited.length && !isPlaceholder && si > 0) problems.push('没有出处');
      const foreign = mentionsForeignOrg(plain, org);
      if (foreign) problems.push(`出现其他街道「${foreign}」`);
      const ownTexts = cited.filter((c) => c.own).map((c) => c.paragraph.text);
      const bad = extractFigures(plain).filter((f) => !ownTexts.some((t) => figureIn(f, t)));
      if (bad.length) problems.push(`数字「${bad.map((f) => f.raw).join('、')}」不在本街自己的出处中`);
      // The same claim check as answers (src/answer/claims.ts): an invented clause or a disguised name is cut, with its reason.
      if (cited.length && !problems.length) {
        const asCitations = cited.map((src, i) => ({
          ...book.peek(src, bestSentence(src.paragraph.text, plain)),
          n: i + 1,
        }));
        const verdict = judgeSentences(
          `${plain.replace(/[。！？]?$/, '')}${cited.map((_, i) => `[${i + 1}]`).join('')}。`,
          asCitations,
          {},
        )[0];
        if (
          verdict &&
          !verdict.keep &&
          (verdict.reason === 'unsupported_content' || verdict.reason === 'foreign_office')
        )
          problems.push(verdict.detail ?? verdict.reason ?? '');
      }
      if (problems.length) {
        warnings.push(`第${out.length + 1}点删去了一句（${problems.join('；')}）：${plain}`);
        continue;
      }
      let marks = '';
      for (const src of cited) {
        const c = book.cite(src, bestSentence(src.paragraph.text, plain));
        citations.set(c.n, c);
        marks += `[${c.n}]`;
      }
      // House style: the marker goes before the sentence's closing mark, 「……兼职[1]。」
      kept.push(plain.replace(/([。！？]?)$/, `${marks}$1`));
    }
    if (!kept.length) continue;
    const respondsTo =
      p.respondsTo !== undefined && p.respondsTo >= 0 && p.respondsTo < items.length
        ? p.respondsTo
        : undefined;
    out.push({
      theme:
        p.theme ||
        (respondsTo !== undefined ? (items[respondsTo].themeName ?? items[respondsTo].label) : '其他'),
      text: ordinal(out.length) + kept.join(''),
      citations: [...citations.values()],
      ...(section === 'next_steps' && respondsTo !== undefined ? { respondsTo } : {}),
      placeholders,
    });
  }
  if (!out.length)
    throw new AppError('upstream', '大模型起草的内容全部未通过出处与数字核验，未能生成草稿；可改用离线起草', {
      retryable: true,
    });
  return out;
}
