// PDF → text with pdf.js: text items grouped into lines by position; page numbers dropped later by cleaning.
// Streams are counted before pdf.js reads them; pages and characters are limited while reading.
import { AppError, isAppError } from '../errors.ts';
import { PARSE_LIMITS, type ParseLimits, overLimit } from './parse-limits.ts';
import { checkPdfStreams } from './pdf-streams.ts';

type TextItem = { str: string; hasEOL?: boolean; transform: number[]; height?: number };
type PdfLimits = Pick<ParseLimits, 'pdfPages' | 'pdfStreamBytes' | 'pdfInflatedBytes' | 'chars'>;

export async function pdfToText(
  bytes: Uint8Array,
  name: string,
  limits: PdfLimits = PARSE_LIMITS,
): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  await checkPdfStreams(bytes, name, limits);
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (cause) {
    throw new AppError('unsupported_type', `无法读取 PDF 文件「${name}」：${(cause as Error).message}`, {
      subject: name,
      cause,
    });
  }
  const pages: string[] = [];
  let chars = 0;
  try {
    if (doc.numPages > limits.pdfPages) throw overLimit.pdfPages(name, doc.numPages, limits.pdfPages);
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let line = '';
      let lastY: number | null = null;
      const lines: string[] = [];
      for (const raw of content.items as TextItem[]) {
        if (typeof raw.str !== 'string') continue;
        const y = raw.transform[5];
        if (lastY !== null && Math.abs(y - lastY) > Math.max(2, (raw.height ?? 10) * 0.5) && line) {
          lines.push(line);
          line = '';
        }
        line += raw.str;
        lastY = y;
        if (raw.hasEOL) {
          lines.push(line);
          line = '';
        }
      }
      if (line) lines.push(line);
      pages.push(lines.join('\n'));
      page.cleanup();
      chars += pages[pages.length - 1].length + 1;
      if (chars > limits.chars + 1) throw overLimit.chars(name, limits.chars);
    }
  } catch (cause) {
    if (isAppError(cause)) throw cause;
    // A broken page tree (one that contains itself, a missing page) is the file's fault, not the server's.
    throw new AppError(
      'unprocessable',
      `PDF 文件「${name}」结构有误，无法读取：${(cause as Error).message}`,
      { subject: name, cause },
    );
  } finally {
    await doc.destroy();
  }
  const text = pages.join('\n');
  if (!text.replace(/\s/g, '')) {
    throw new AppError('empty', `PDF 文件「${name}」里没有可提取的文字（可能是扫描件，请先做文字识别）`, {
      subject: name,
    });
  }
  return text;
}
