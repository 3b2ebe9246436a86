// .docx → text with mammoth, after unzipping it within limits (bytes counted while inflating, entries, XML
// elements and runs); tables become readable lines.
import { AppError } from '../errors.ts';
import { storedZip, unzipBounded } from './bounded-unzip.ts';
import { countXml } from './count-xml.ts';
import { PARSE_LIMITS, type ParseLimits, checkChars, overLimit } from './parse-limits.ts';

type DocxLimits = Pick<ParseLimits, 'zipInflatedBytes' | 'zipEntries' | 'xmlElements' | 'xmlRuns' | 'chars'>;

export async function docxToText(
  bytes: Uint8Array,
  name: string,
  limits: DocxLimits = PARSE_LIMITS,
): Promise<string> {
  const entries = await unzipBounded(
    bytes,
    name,
    { inflatedBytes: limits.zipInflatedBytes, entries: limits.zipEntries },
    {
      inflated: () => overLimit.inflated(name, limits.zipInflatedBytes),
      entries: () => overLimit.entries(name, limits.zipEntries),
    },
  );
  const xml = { elements: 0, runs: 0, doctype: false };
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name)) continue;
    countXml(e.data, xml);
    if (xml.elements > limits.xmlElements) throw overLimit.xmlElements(name, limits.xmlElements);
    if (xml.runs > limits.xmlRuns) throw overLimit.xmlRuns(name, limits.xmlRuns);
  }
  if (xml.doctype)
    throw new AppError(
      'unsupported_type',
      `文件「${name}」的 XML 含有 DOCTYPE 声明（Word 不会写入），已拒绝`,
      { subject: name },
    );
  const zip = storedZip(entries);
  // Loaded on the first .docx only: a parse process that reads PDFs starts ~1 s sooner without it.
  const { default: mammoth } = await import('mammoth');
  // Images never reach the text (htmlToText drops every tag), so mammoth is not asked to read and base64 them.
  const noImages = mammoth.images.imgElement(async () => ({ src: '' }));
  let html: string;
  try {
    // Node's mammoth reads `buffer`; its browser build — the one bundled for Workers — reads `arrayBuffer`.
    const input = { buffer: zip, arrayBuffer: zip.buffer } as unknown as Parameters<
      typeof mammoth.convertToHtml
    >[0];
    html = (await mammoth.convertToHtml(input, { convertImage: noImages })).value;
  } catch (cause) {
    throw new AppError('unsupported_type', `无法读取 .docx 文件「${name}」：${(cause as Error).message}`, {
      subject: name,
      cause,
    });
  }
  return checkChars(htmlToText(html), name, limits.chars);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? m),
  );
const inline = (html: string) =>
  decode(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A table as one readable line: rows joined by 「；」, a row's cells by 「：」 (two columns) or 「，」, so
 * 「办理行政执法案件：18件」 stays a sentence with its figure next to its name.
 */
function tableLine(table: string): string {
  const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)]
    .map((r) =>
      [...r[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => inline(c[1])).filter(Boolean),
    )
    .filter((cells) => cells.length);
  const line = rows.map((cells) => cells.join(cells.length === 2 ? '：' : '，')).join('；');
  return line ? `${line}。` : '';
}

/** mammoth's HTML → one line per paragraph, heading, list item or table. */
export function htmlToText(html: string): string {
  return html
    .replace(/<table[^>]*>[\s\S]*?<\/table>/gi, (t) => `\n${tableLine(t)}\n`)
    .split(/<\/(?:p|h[1-6]|li)>|\n/i)
    .map(inline)
    .filter(Boolean)
    .join('\n');
}
