// Decodes uploaded text bytes: UTF-8 (with or without BOM), UTF-16 (BOM or evident), GBK/GB18030.
import iconv from 'iconv-lite';
import { AppError } from '../errors.ts';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  text: string;
  encoding: TextEncodingName;
}

function looksUtf16(buf: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (buf.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(buf.length, 4096) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZeros++;
    if (buf[i + 1] === 0) oddZeros++;
  }
  // ASCII-heavy UTF-16 has zeros in one byte of each pair; pure CJK UTF-16 has none, so also
  // accept text whose code units are mostly in the CJK range.
  if (oddZeros > n / 8 && evenZeros < n / 64) return 'utf-16le';
  if (evenZeros > n / 8 && oddZeros < n / 64) return 'utf-16be';
  const le = buf.subarray(0, n).toString('utf16le');
  if (cjkShare(le) > 0.5 && !le.includes('\uFFFD')) return 'utf-16le';
  return null;
}

// Counted in loops rather than with regex matches: a match array of millions of strings took ~1 s per MB.
const isCjk = (c: number) =>
  (c >= 0x3000 && c <= 0x303f) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef);
/** What /\s/ matches. */
const isSpace = (c: number) =>
  (c >= 0x09 && c <= 0x0d) ||
  c === 0x20 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

function cjkShare(s: string): number {
  if (!s.length) return 0;
  let cjk = 0;
  let visible = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isCjk(c)) cjk++;
    if (!isSpace(c)) visible++;
  }
  return cjk / visible;
}

function hasBinaryControls(s: string): boolean {
  const limit = Math.max(2, s.length / 1000);
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c <= 0x08 || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f)) && ++bad > limit) return true;
  }
  return false;
}

/** Decodes text bytes or throws `bad_encoding` / `unsupported_type` naming the file. */
export function decodeText(buf: Buffer, name: string): Decoded {
  let decoded: Decoded | null = null;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    decoded = { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  else if (buf[0] === 0xff && buf[1] === 0xfe)
    decoded = { text: buf.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  else if (buf[0] === 0xfe && buf[1] === 0xff)
    decoded = { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (!decoded) {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
    } catch {
      const utf16 = looksUtf16(buf);
      if (utf16) decoded = { text: iconv.decode(buf, utf16), encoding: utf16 };
      else {
        const gb = iconv.decode(buf, 'gb18030');
        // GB18030 maps every byte sequence to something; accept it only when it reads as Chinese.
        if (cjkShare(gb) >= 0.3 && !gb.includes('\uFFFD')) decoded = { text: gb, encoding: 'gb18030' };
      }
    }
  }
  if (!decoded) {
    throw new AppError(
      'bad_encoding',
      `无法识别文件「${name}」的文字编码（支持 UTF-8、UTF-16、GBK/GB18030），请另存为 UTF-8 后重试`,
      {
        subject: name,
      },
    );
  }
  if (hasBinaryControls(decoded.text)) {
    throw new AppError('unsupported_type', `文件「${name}」看起来是二进制文件而不是文本，无法作为报告导入`, {
      subject: name,
    });
  }
  return decoded;
}
