// Builds a real .docx from report text with the `docx` package (headings as Word headings, a page break inside a paragraph).
import { Document, HeadingLevel, Packer, PageBreak, Paragraph, TextRun } from 'docx';

export async function reportToDocx(text: string, opts: { breakInside?: string } = {}): Promise<Buffer> {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const children = lines.map((line, i) => {
    if (i === 0) return new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(line)] });
    if (/^[一二三四五六七八九十]、/.test(line))
      return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(line)] });
    const at = opts.breakInside ? line.indexOf(opts.breakInside) : -1;
    if (at > 0) {
      // A page break in the middle of a sentence, as Word exports often have.
      return new Paragraph({
        children: [new TextRun(line.slice(0, at)), new PageBreak(), new TextRun(line.slice(at))],
      });
    }
    return new Paragraph({ children: [new TextRun(line)] });
  });
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}
