// Parses cleaned report text into a Report: title, metadata, sections and paragraph units.
import { createHash } from 'node:crypto';
import type { Paragraph, Report, ReportFormat, SectionKind, SectionSummary } from '../domain.ts';
import { AppError } from '../errors.ts';
import { classifySection } from './classify-section.ts';
import { DATE_LINE, OFFICE_LINE, toLogicalLines } from './clean-text.ts';
import { extractMeta } from './extract-metadata.ts';
import { type HeadingStyle, isEnumeratedLine, isStandaloneHeading, parseEnumerator } from './headings.ts';
import { splitParagraph } from './split-paragraph.ts';
import type { Gazetteer } from '../gazetteer/gazetteer.ts';

export interface ReportSource {
  /** File name as uploaded; identifies the report (same name ⇒ same ids). */
  sourceName: string;
  format: ReportFormat;
  text: string;
}

type Block =
  | { type: 'heading'; text: string; style: HeadingStyle; rest: string; top: boolean; inline?: boolean }
  | { type: 'para'; text: string };

/** The sign-off at the end (office line(s) and/or a date line): metadata, not a paragraph. */
export function takeSignoff(lines: string[]): { signoff: string | null; rest: string[] } {
  let end = lines.length;
  const taken: string[] = [];
  if (end > 1 && DATE_LINE.test(lines[end - 1])) taken.unshift(lines[--end]);
  while (
    end > 1 &&
    taken.length < 3 &&
    OFFICE_LINE.test(lines[end - 1]) &&
    !/[。；！？，：]/.test(lines[end - 1])
  ) {
    // An office line alone (no date) is a sign-off only when it reads like one, not like a heading.
    if (!taken.length && !/(办事处|人民政府|党工委|委员会|局)$/.test(lines[end - 1])) break;
    taken.unshift(lines[--end]);
  }
  return taken.length
    ? { signoff: taken.join(' '), rest: lines.slice(0, end) }
    : { signoff: null, rest: lines };
}

/**
 * 「（一）强化组织领导。一是……」: a numbered heading and its body on one line. The heading is the short
 * phrase before the first full stop; null when the line is a numbered sentence, not a heading with a body.
 */
function inlineHeading(rest: string): { heading: string; body: string } | null {
  const m = /^([^。；！？，：:]{2,30})[。：:]\s*(.+)$/.exec(rest);
  if (!m || m[2].length < 6) return null;
  return { heading: m[1], body: m[2] };
}

export const documentIdFor = (sourceName: string) =>
  'r' + createHash('sha256').update(sourceName.normalize('NFC')).digest('hex').slice(0, 12);

export const hashContent = (text: string) => createHash('sha256').update(text).digest('hex');

/** Words only a report's title has beside its year and office. */
const TITLE_WORDS = /法治政府建设|法治建设|依法行政|法治政府|述法/;

/** Leading short lines that are not sentences form the title (「XX街道办事处」「2024年……报告」). */
function takeTitle(lines: string[]): { title: string; rest: string[] } {
  const parts: string[] = [];
  let i = 0;
  while (i < lines.length && parts.length < 3) {
    const line = lines[i].replace(/^#{1,6}\s*/, '');
    if (isEnumeratedLine(line) || line.length > 60 || (/[。；！？]$/.test(line) && !/报告$/.test(line)))
      break;
    // 「2022年法治政府建设工作情况」「……工作总结」 name the report, though 「工作情况」 also names a section.
    const names = TITLE_WORDS.test(line) && !/[。；！？，：]/.test(line);
    if (classifySection(line) && !/报告$/.test(line) && !names) break; // a section heading, not a title
    parts.push(line);
    i++;
    if (/(报告|总结|情况|（[^）]{1,8}版）)$/.test(line) && (names || /报告$/.test(line))) break;
  }
  return { title: parts.join(''), rest: lines.slice(i) };
}

function toBlocks(lines: string[]): Block[] {
  const raw = lines.flatMap((line): Block[] => {
    const md = /^(#{1,6})\s*(.+)$/.exec(line);
    const text = md ? md[2].trim() : line;
    const e = parseEnumerator(text);
    if (e && isStandaloneHeading(e.rest))
      return [{ type: 'heading', text, style: e.style, rest: e.rest, top: false }];
    if (md || (!e && text.length <= 24 && !/[。；！？，：:]/.test(text) && classifySection(text))) {
      return [{ type: 'heading', text, style: md ? 'markdown' : 'plain', rest: text, top: false }];
    }
    // 「一、存在的不足。一是……」「（一）强化组织领导。一是……」: heading and body share the line.
    const inline =
      e && e.style !== 'arabic-dot' && e.style !== 'arabic-dun' && e.style !== 'paren-arabic'
        ? inlineHeading(e.rest)
        : null;
    if (e && inline && (e.style === 'cn-dun' || e.style === 'paren-cn')) {
      // The heading names the point (its path), and the paragraph keeps the whole line, heading words included.
      const heading = `${e.marker}${inline.heading}`;
      return [
        { type: 'heading', text: heading, style: e.style, rest: inline.heading, top: false, inline: true },
        { type: 'para', text },
      ];
    }
    return [{ type: 'para', text }];
  });
  // The top level is 「一、」 plus the style of the first heading that names a section (e.g. 「1、 主要举措及成效」).
  const firstNamed = raw.find((b) => b.type === 'heading' && classifySection(b.rest));
  const topStyles = new Set<HeadingStyle>(['cn-dun', 'plain']);
  if (firstNamed?.type === 'heading') topStyles.add(firstNamed.style);
  for (const b of raw) {
    if (b.type !== 'heading') continue;
    b.top = topStyles.has(b.style) || (b.style === 'markdown' && classifySection(b.rest) !== null);
  }
  return raw;
}

export async function parseReport(src: ReportSource, opts: { gazetteer?: Gazetteer } = {}): Promise<Report> {
  const all = toLogicalLines(src.text, { mayBeWrapped: src.format === 'pdf' || src.format === 'txt' });
  if (all.join('').replace(/\s/g, '').length === 0) {
    throw new AppError('empty', `文件「${src.sourceName}」没有可用的文字内容`, { subject: src.sourceName });
  }
  const { signoff, rest: lines } = takeSignoff(all);
  const { title: foundTitle, rest } = takeTitle(lines);
  const title = foundTitle || src.sourceName.replace(/\.[^.]+$/, '');
  const blocks = toBlocks(rest);
  const documentId = documentIdFor(src.sourceName);

  const paragraphs: Paragraph[] = [];
  const sections: SectionSummary[] = [];
  const subLevels: HeadingStyle[] = [];
  let path: { level: number; text: string }[] = [];
  let kind: SectionKind = 'overview';
  let current: SectionSummary | null = null;

  const push = async (text: string, sectionPath: string[]) => {
    if (!current) {
      current = { kind: 'overview', heading: null, paragraphCount: 0 };
      sections.push(current);
    }
    for (const unit of await splitParagraph(text)) {
      paragraphs.push({
        id: `${documentId}-${String(paragraphs.length).padStart(4, '0')}`,
        documentId,
        ordinal: paragraphs.length,
        section: kind,
        sectionPath,
        heading: sectionPath.length ? sectionPath[sectionPath.length - 1] : null,
        text: unit,
      });
      current.paragraphCount++;
    }
  };
  // A sub-heading with no body of its own before the next heading of its level or above (「（四）加强队伍建设。」
  // as a report's last point) is a point, not a heading: its words are kept as a paragraph, never dropped.
  let pending: { level: number; text: string; path: string[] } | null = null;
  let inlineBody = false;
  const settle = async (nextLevel: number) => {
    if (pending && nextLevel <= pending.level) await push(pending.text, pending.path);
    pending = null;
  };
  for (const block of blocks) {
    if (block.type === 'heading') {
      let level = 1;
      if (!block.top) {
        if (!subLevels.includes(block.style)) subLevels.push(block.style);
        level = 2 + subLevels.indexOf(block.style);
      }
      if (block.top) await settle(1);
      else await settle(level);
      if (block.top) {
        kind = classifySection(block.rest) ?? 'other';
        current = { kind, heading: block.text, paragraphCount: 0 };
        sections.push(current);
      }
      const parent = path.filter((p) => p.level < level).map((p) => p.text);
      path = [...path.filter((p) => p.level < level), { level, text: block.text }];
      // An inline heading's body is on its own line (the next block): it is never a heading without a body.
      if (!block.top && !block.inline) pending = { level, text: block.text, path: parent };
      inlineBody = !!block.inline;
      continue;
    }
    const ownLine = inlineBody;
    inlineBody = false;
    // 「（四）加强培训，每季度……。」 after the heading 「（三）……」: a numbered paragraph of a heading's own
    // style is that heading's sibling, not its body — the heading before it had no body and is kept as a point.
    const e = parseEnumerator(block.text);
    const level =
      e && e.style !== 'markdown' && subLevels.includes(e.style) ? 2 + subLevels.indexOf(e.style) : 0;
    if (level && !ownLine && path.some((p) => p.level >= level)) {
      await settle(level);
      path = path.filter((p) => p.level < level);
    }
    pending = null;
    await push(
      block.text,
      path.map((p) => p.text),
    );
  }
  await settle(1);
  if (paragraphs.length === 0) {
    throw new AppError('empty', `文件「${src.sourceName}」只有标题，没有正文段落`, {
      subject: src.sourceName,
    });
  }
  const lead = paragraphs[0].text;
  const body = paragraphs.map((p) => p.text).join('\n');
  const metaSources = { title, lead, body, signoff, sourceName: src.sourceName, untitled: !foundTitle };
  return {
    id: documentId,
    sourceName: src.sourceName,
    format: src.format,
    contentHash: hashContent(src.text),
    meta: extractMeta(metaSources, opts.gazetteer),
    sections: sections.filter((s) => s.paragraphCount > 0 || s.heading),
    paragraphs,
  };
}
