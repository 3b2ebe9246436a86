// Reads an uploaded file (txt, md, docx, pdf) into plain text, checking its type by content, not only its name.
// The parsing itself runs where "#parse-document" says: a child process on Node (read-isolated.ts), in-process on
// Cloudflare Workers (read-in-process.ts).
import { extname } from 'node:path';
import { parseDocument } from '#parse-document';
import type { ReportFormat } from '../domain.ts';
import { AppError } from '../errors.ts';
import type { DocumentText } from './parse-bytes.ts';

export type { DocumentText } from './parse-bytes.ts';

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

const EXT: Record<string, ReportFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.docx': 'docx',
  '.pdf': 'pdf',
};

export function formatOf(name: string): ReportFormat {
  const ext = extname(name).toLowerCase();
  const format = EXT[ext];
  if (!format) {
    const hint = ext === '.doc' || ext === '.wps' ? '（请先在 Word/WPS 中另存为 .docx）' : '';
    throw new AppError(
      'unsupported_type',
      `不支持的文件类型「${ext || '无扩展名'}」：${name}。支持 .txt、.md、.docx、.pdf${hint}`,
      {
        subject: name,
      },
    );
  }
  return format;
}

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isPdf = (b: Buffer) => b.subarray(0, 1024).includes('%PDF-');

export async function readDocument(
  name: string,
  bytes: Buffer,
  opts: { maxBytes?: number } = {},
): Promise<DocumentText> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const format = formatOf(name);
  if (bytes.length === 0) throw new AppError('empty', `文件「${name}」是空文件`, { subject: name });
  if (bytes.length > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new AppError('too_large', `文件「${name}」有 ${mb(bytes.length)} MB，超过上限 ${mb(maxBytes)} MB`, {
      subject: name,
    });
  }
  if (format === 'docx' && !isZip(bytes))
    throw new AppError('unsupported_type', `文件「${name}」不是有效的 .docx 文件`, { subject: name });
  if (format === 'pdf' && !isPdf(bytes))
    throw new AppError('unsupported_type', `文件「${name}」不是有效的 PDF 文件`, { subject: name });
  if ((format === 'txt' || format === 'md') && (isZip(bytes) || isPdf(bytes))) {
    throw new AppError(
      'unsupported_type',
      `文件「${name}」的扩展名是 .${format}，内容却是 ${isZip(bytes) ? 'Word/压缩包' : 'PDF'} 文件，请使用正确的扩展名`,
      {
        subject: name,
      },
    );
  }
  return parseDocument(format, name, bytes);
}
