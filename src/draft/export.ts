// Exports of a stored draft: Markdown, and a real Word file (docx package) laid out as GB/T 9704 公文 —
// A4, margins 37/35/28/26 mm, 22 lines × 28 characters at an exact 28 pt, 3号仿宋 body, 黑体 heading,
// 「— 1 —」 page numbers at the bottom outside — with every source as an endnote (1, 2, 3) at its sentence.
import {
  AlignmentType,
  Document,
  DocumentGridType,
  EndnoteReferenceRun,
  Footer,
  HeadingLevel,
  LineRuleType,
  NumberFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import type { Citation } from '../answer/types.ts';
import type { Draft } from './types.ts';

const BODY_FONT = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEADING_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const PAGE_NUMBER_FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };

/** Millimetres to twentieths of a point (the unit of page sizes and margins in WordprocessingML). */
const mm = (v: number) => Math.round((v / 25.4) * 1440);
/** GB/T 9704-2012 §5.2: A4; 天头 37 mm, 订口 28 mm; the text block 156 × 225 mm. */
export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
} as const;
/** 3号 (16 pt) body on an exact 28 pt line: 22 lines in the 225 mm block. Half-points / twips. */
const BODY_SIZE = 32;
export const LINE_TWIPS = 560;
/** 28 characters across 156 mm (442.2 pt): each 16 pt character condensed by 0.25 pt (in twentieths of a point) —
 * a character grid (docGrid linesAndChars) would do the same in Word, but LibreOffice snaps characters to half cells (18 a line, measured). */
export const CHAR_CONDENSE = -5;

export function sourceLine(c: Citation): string {
  const who = `${c.org ?? '未署名街道'}${c.year ? ` ${c.year}年度` : ''}报告《${c.title}》`;
  return `${who} · ${c.heading ?? ''}：「${c.text.slice(c.quote.start, c.quote.end)}」`;
}

function allCitations(d: Draft): Citation[] {
  const byN = new Map<number, Citation>();
  for (const p of d.points) for (const c of p.citations) byN.set(c.n, c);
  return [...byN.values()].sort((a, b) => a.n - b.n);
}

function intro(d: Draft): string | null {
  const lines = d.draft.split('\n');
  return lines.length > d.points.length + 1 ? lines[1] : null;
}

export function draftToMarkdown(d: Draft): string {
  const out = [`# ${d.title}`, ''];
  const i = intro(d);
  if (i) out.push(i, '');
  for (const p of d.points) out.push(p.text, '');
  const cites = allCitations(d);
  if (cites.length) {
    out.push('---', '', '来源：', '');
    for (const c of cites) out.push(`[${c.n}] ${sourceLine(c)}`);
    out.push('');
  }
  if (d.warnings.length) {
    out.push('', '提请注意：', '');
    for (const w of d.warnings) out.push(`- ${w}`);
    out.push('');
  }
  out.push(`<!-- 草稿 ${d.draftId} · ${d.mode} · ${d.model} · ${d.createdAt} -->`, '');
  return out.join('\n');
}

/** Runs of one point: text, an endnote reference after each cited sentence, placeholders highlighted. */
function pointRuns(text: string): (TextRun | EndnoteReferenceRun)[] {
  const runs: (TextRun | EndnoteReferenceRun)[] = [];
  for (const piece of text.split(/(\[\d+\])/)) {
    const m = /^\[(\d+)\]$/.exec(piece);
    if (m) {
      runs.push(new EndnoteReferenceRun(Number(m[1])));
      continue;
    }
    for (const part of piece.split(/(【待补充：[^】]*】)/)) {
      if (!part) continue;
      runs.push(
        new TextRun({
          text: part,
          font: BODY_FONT,
          size: BODY_SIZE,
          ...(part.startsWith('【待补充') ? { highlight: 'yellow' as const } : {}),
        }),
      );
    }
  }
  return runs;
}

/** 「— 1 —」 in 4号 (14 pt) 宋体, one character in from the outside edge: right on odd pages, left on even. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const odd = side === 'odd';
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: 280 } : { left: 280 },
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
        children: [
          new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: PAGE_NUMBER_FONT, size: 28 }),
        ],
      }),
    ],
  });
}

export async function draftToDocx(d: Draft): Promise<Buffer> {
  const endnotes: Record<string, { children: Paragraph[] }> = {};
  for (const c of allCitations(d))
    endnotes[String(c.n)] = {
      children: [
        new Paragraph({ children: [new TextRun({ text: sourceLine(c), font: BODY_FONT, size: 20 })] }),
      ],
    };
  const line = { line: LINE_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
  const body = (children: (TextRun | EndnoteReferenceRun)[]) =>
    new Paragraph({
      children,
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: 640 },
      spacing: line,
    });
  const i = intro(d);
  const doc = new Document({
    creator: '法治报告助手',
    title: d.title,
    description: `草稿 ${d.draftId}（${d.mode} · ${d.model}）`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_SIZE, characterSpacing: CHAR_CONDENSE },
          paragraph: { spacing: line },
        },
      },
    },
    endnotes,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.top,
              bottom: PAGE.bottom,
              left: PAGE.left,
              right: PAGE.right,
              header: mm(15),
              footer: mm(28) - 280,
              gutter: 0,
            },
          },
          grid: { type: DocumentGridType.LINES, linePitch: LINE_TWIPS },
          endnoteProperties: { numberFormat: { type: NumberFormat.DECIMAL } },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_2,
            spacing: line,
            indent: { firstLine: 640 },
            children: [
              new TextRun({
                text: d.title,
                font: HEADING_FONT,
                size: BODY_SIZE,
                bold: false,
                color: '000000',
              }),
            ],
          }),
          ...(i ? [body([new TextRun({ text: i, font: BODY_FONT, size: BODY_SIZE })])] : []),
          ...d.points.map((p) => body(pointRuns(p.text))),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
