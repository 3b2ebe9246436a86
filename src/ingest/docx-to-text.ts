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
    const { value } = await mammoth.extractRawText({ buffer: bytes, arrayBuffer } as Parameters<typeof mammoth.extractRawText>[0]);
    return value;
  } catch (cause) {
    throw new AppError('unsupported_type', `无法读取 .docx 文件「${name}」：${(cause as Error).message}`, { subject: name, cause });
  }
}
