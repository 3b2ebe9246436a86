// .docx → text with mammoth, after checking the zip does not inflate to an absurd size.
import mammoth from 'mammoth';
import { AppError } from '../errors.ts';

const MAX_INFLATED_BYTES = 200 * 1024 * 1024;

/** Sum of the uncompressed sizes the zip's central directory declares. */
export function declaredInflatedSize(zip: Buffer): number {
  const min = Math.max(0, zip.length - 65_557);
  let eocd = -1;
  for (let i = zip.length - 22; i >= min; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return -1;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries && at + 46 <= zip.length; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) return -1;
    total += zip.readUInt32LE(at + 24);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

export async function docxToText(bytes: Buffer, name: string): Promise<string> {
  const inflated = declaredInflatedSize(bytes);
  if (inflated < 0) throw new AppError('unsupported_type', `文件「${name}」不是完整的 .docx（压缩包已损坏）`, { subject: name });
  if (inflated > MAX_INFLATED_BYTES) {
    throw new AppError('too_large', `文件「${name}」解压后超过 ${MAX_INFLATED_BYTES / 1024 / 1024} MB，已拒绝`, { subject: name });
  }
  try {
    // Node's mammoth reads `buffer`; its browser build — the one bundled for Workers — reads `arrayBuffer`.
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const { value } = await mammoth.convertToHtml({ buffer: bytes, arrayBuffer } as Parameters<typeof mammoth.convertToHtml>[0]);
    return htmlToText(value);
  } catch (cause) {
    throw new AppError('unsupported_type', `无法读取 .docx 文件「${name}」：${(cause as Error).message}`, { subject: name, cause });
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );
const inline = (html: string) => decode(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();

/**
 * A table as one readable line: rows joined by 「；」, a row's cells by 「：」 (two columns) or 「，」, so
 * 「办理行政执法案件：18件」 stays a sentence with its figure next to its name.
 */
function tableLine(table: string): string {
  const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)]
    .map((r) => [...r[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => inline(c[1])).filter(Boolean))
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
