// Parses cleaned report text into a Report: title, metadata, sections and paragraph units.
import { createHash } from 'node:crypto';
import type { Paragraph, Report, ReportFormat, SectionKind, SectionSummary } from '../domain.ts';
import { AppError } from '../errors.ts';
import { classifySection } from './classify-section.ts';
import { toLogicalLines } from './clean-text.ts';
import { extractMeta } from './extract-metadata.ts';
import { type HeadingStyle, isEnumeratedLine, isStandaloneHeading, parseEnumerator } from './headings.ts';
import { splitParagraph } from './split-paragraph.ts';

export interface ReportSource {
  /** File name as uploaded; identifies the report (same name ⇒ same ids). */
  sourceName: string;
  format: ReportFormat;
  text: string;
}

type Block = { type: 'heading'; text: string; style: HeadingStyle; rest: string; top: boolean } | { type: 'para'; text: string };

export const documentIdFor = (sourceName: string) =>
  'r' + createHash('sha256').update(sourceName.normalize('NFC')).digest('hex').slice(0, 12);

export const hashContent = (text: string) => createHash('sha256').update(text).digest('hex');

/** Leading short lines that are not sentences form the title (「XX街道办事处」「2024年……报告」). */
function takeTitle(lines: string[]): { title: string; rest: string[] } {
  const parts: string[] = [];
  let i = 0;
  while (i < lines.length && parts.length < 3) {
    const line = lines[i].replace(/^#{1,6}\s*/, '');
    if (isEnumeratedLine(line) || line.length > 60 || (/[。；！？]$/.test(line) && !/报告$/.test(line))) break;
    if (classifySection(line) && !/报告$/.test(line)) break; // a section heading, not a title
    parts.push(line);
    i++;
    if (/报告$/.test(line)) break;
  }
  return { title: parts.join(''), rest: lines.slice(i) };
}

function toBlocks(lines: string[]): Block[] {
  const raw = lines.map((line): Block => {
    const md = /^(#{1,6})\s*(.+)$/.exec(line);
    const text = md ? md[2].trim() : line;
    const e = parseEnumerator(text);
    if (e && isStandaloneHeading(e.rest)) return { type: 'heading', text, style: e.style, rest: e.rest, top: false };
    if (md || (!e && text.length <= 24 && !/[。；！？，]/.test(text) && classifySection(text))) {
      return { type: 'heading', text, style: md ? 'markdown' : 'plain', rest: text, top: false };
    }
    return { type: 'para', text };
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

export async function parseReport(src: ReportSource): Promise<Report> {
  const lines = toLogicalLines(src.text);
  if (lines.join('').replace(/\s/g, '').length === 0) {
    throw new AppError('empty', `文件「${src.sourceName}」没有可用的文字内容`, { subject: src.sourceName });
  }
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

  for (const block of blocks) {
    if (block.type === 'heading') {
      let level = 1;
      if (block.top) {
        kind = classifySection(block.rest) ?? 'other';
        current = { kind, heading: block.text, paragraphCount: 0 };
        sections.push(current);
      } else {
        if (!subLevels.includes(block.style)) subLevels.push(block.style);
        level = 2 + subLevels.indexOf(block.style);
      }
      path = [...path.filter((p) => p.level < level), { level, text: block.text }];
      continue;
    }
    if (!current) {
      current = { kind: 'overview', heading: null, paragraphCount: 0 };
      sections.push(current);
    }
    const sectionPath = path.map((p) => p.text);
    for (const unit of await splitParagraph(block.text)) {
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
  }
  if (paragraphs.length === 0) {
    throw new AppError('empty', `文件「${src.sourceName}」只有标题，没有正文段落`, { subject: src.sourceName });
  }
  const lead = paragraphs[0].text;
  const body = paragraphs.map((p) => p.text).join('\n');
  return {
    id: documentId,
    sourceName: src.sourceName,
    format: src.format,
    contentHash: hashContent(src.text),
    meta: extractMeta(title, lead, body, src.sourceName),
    sections: sections.filter((s) => s.paragraphCount > 0 || s.heading),
    paragraphs,
  };
}
