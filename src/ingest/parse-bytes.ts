// A file's bytes → text by its format, within PARSE_LIMITS: what the parse process runs (Node) and what a
// Cloudflare Worker runs in-process.
import type { ReportFormat } from '../domain.ts';
import { decodeText } from './decode-text.ts';
import { docxToText } from './docx-to-text.ts';
import { PARSE_LIMITS, type ParseLimits, checkChars } from './parse-limits.ts';
import { pdfToText } from './pdf-to-text.ts';

export interface DocumentText {
  format: ReportFormat;
  text: string;
  encoding?: string;
}

export async function parseBytes(
  format: ReportFormat,
  name: string,
  bytes: Uint8Array,
  limits: ParseLimits = PARSE_LIMITS,
): Promise<DocumentText> {
  if (format === 'docx') return { format, text: await docxToText(bytes, name, limits) };
  if (format === 'pdf') return { format, text: await pdfToText(bytes, name, limits) };
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { text, encoding } = decodeText(buf, name);
  return { format, text: checkChars(text, name, limits.chars), encoding };
}
