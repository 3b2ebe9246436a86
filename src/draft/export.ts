// Exports of a stored draft: Markdown, and a real Word file (docx package) with Chinese fonts, the section
// heading, one paragraph per point, and every source as an endnote at the sentence it supports.
import { Document, EndnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Citation } from '../answer/types.ts';
import type { Draft } from './types.ts';

const BODY_FONT = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEADING_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };

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
      runs.push(new TextRun({ text: part, font: BODY_FONT, size: 32, ...(part.startsWith('【待补充') ? { highlight: 'yellow' as const } : {}) }));
    }
  }
  return runs;
}

export async function draftToDocx(d: Draft): Promise<Buffer> {
  const endnotes: Record<string, { children: Paragraph[] }> = {};
  for (const c of allCitations(d)) endnotes[String(c.n)] = { children: [new Paragraph({ children: [new TextRun({ text: sourceLine(c), font: BODY_FONT, size: 20 })] })] };
  const body = (children: (TextRun | EndnoteReferenceRun)[]) => new Paragraph({ children, indent: { firstLine: 640 }, spacing: { line: 560 } });
  const i = intro(d);
  const doc = new Document({
    creator: '法治报告助手',
    title: d.title,
    description: `草稿 ${d.draftId}（${d.mode} · ${d.model}）`,
    endnotes,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: d.title, font: HEADING_FONT, size: 32, bold: false, color: '000000' })] }),
          ...(i ? [body([new TextRun({ text: i, font: BODY_FONT, size: 32 })])] : []),
          ...d.points.map((p) => body(pointRuns(p.text))),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
