// An answer's structure for display: one block per line the answer wrote (one per report in a cross-report
// answer), a line of 「一是……；二是……」 points split into a list, Markdown lists and tables kept together, and
// no line that starts with a citation marker or closing punctuation. Shared by the chat page, the widget and /v1.

export type AnswerBlock =
  /** Plain text: a sentence or a paragraph. */
  | { kind: 'para'; text: string }
  /** Points: an optional lead-in (「西于庄街道2024年度报告：」) and the items (「一是……[1]；」), or a Markdown list. */
  | { kind: 'list'; lead: string | null; items: string[]; ordered: boolean }
  /** Lines kept exactly as written, together (a Markdown table). */
  | { kind: 'raw'; lines: string[] };

/** Text a line must never start with: a citation marker, or punctuation that closes what came before. */
const CLOSING = /^(?:\[\d+\]|[。，、；：！？）」』》〉】’”,.;:!?)\]])/;
const POINT = /(?<=[；;。：:，,]\s*)(?=(?:[一二三四五六七八九十]{1,3}是|（[一二三四五六七八九十]{1,3}）))/g;
const MD_ITEM = /^\s*(?:[-*+•]\s+|(\d{1,3})[.)]\s+)/;

/** The answer's lines, with a line that begins with a marker or closing punctuation joined to the line before. */
export function answerLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    if (lines.length && CLOSING.test(line.trimStart())) lines[lines.length - 1] += line.trimStart();
    else lines.push(line);
  }
  return lines;
}

/** 「……：一是……[1]；二是……[2]。」 as a lead and its points; null when the line holds fewer than two points. */
export function splitPoints(line: string): { lead: string | null; items: string[] } | null {
  const parts = line.split(POINT);
  const startsWithPoint = /^(?:[一二三四五六七八九十]{1,3}是|（[一二三四五六七八九十]{1,3}）)/.test(line);
  const items = startsWithPoint ? parts : parts.slice(1);
  if (items.length < 2) return null;
  return { lead: startsWithPoint ? null : parts[0].trim() || null, items: items.map((s) => s.trim()) };
}

export function answerBlocks(text: string): AnswerBlock[] {
  const blocks: AnswerBlock[] = [];
  // A points line and a Markdown list after it stay two blocks.
  const fromPoints = new WeakSet<AnswerBlock>();
  for (const line of answerLines(text)) {
    const last = blocks.at(-1);
    const trimmed = line.trim();
    if (trimmed.startsWith('|')) {
      if (last?.kind === 'raw') last.lines.push(trimmed);
      else blocks.push({ kind: 'raw', lines: [trimmed] });
      continue;
    }
    const md = MD_ITEM.exec(line);
    if (md) {
      const item = line.slice(md[0].length).trim();
      const ordered = md[1] !== undefined;
      if (last?.kind === 'list' && last.ordered === ordered && !fromPoints.has(last)) last.items.push(item);
      else blocks.push({ kind: 'list', lead: null, items: [item], ordered });
      continue;
    }
    const points = splitPoints(trimmed);
    if (points) {
      const block: AnswerBlock = { kind: 'list', ordered: false, ...points };
      fromPoints.add(block);
      blocks.push(block);
    } else blocks.push({ kind: 'para', text: trimmed });
  }
  return blocks;
}

/** Characters Markdown would read as syntax in quoted report text. */
export const escapeMarkdown = (s: string) => s.replace(/[\\`*_[\]<>|#]/g, (ch) => `\\${ch}`);

/**
 * The answer as Markdown that renderers keep apart: blocks separated by blank lines, points as a list under
 * their lead-in, tables untouched. The answer's own words are not escaped (a model's Markdown stays Markdown).
 */
export function answerMarkdown(text: string): string {
  return answerBlocks(text)
    .map((b) => {
      if (b.kind === 'para') return b.text;
      if (b.kind === 'raw') return b.lines.join('\n');
      const items = b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${item}`).join('\n');
      return b.lead ? `${b.lead}\n\n${items}` : items;
    })
    .join('\n\n');
}
