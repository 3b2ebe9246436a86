// The limits document reading stops at, checked while parsing, and the errors that name them.
import { AppError } from '../errors.ts';

const MB = 1024 * 1024;

export const PARSE_LIMITS = {
  /** All entries of a .docx together, counted while inflating (never the sizes the zip declares). */
  zipInflatedBytes: 50 * MB,
  zipEntries: 1000,
  /** Elements in all XML parts of a .docx; a real report has a few thousand. */
  xmlElements: 500_000,
  /** Text runs (w:r) — what makes mammoth slow: ~10,000 a second here, a real report has a few hundred. */
  xmlRuns: 50_000,
  pdfPages: 2000,
  /** Each PDF stream, counted while inflating. */
  pdfStreamBytes: 50 * MB,
  /** All PDF streams together. */
  pdfInflatedBytes: 200 * MB,
  /**
   * Characters of text read from any file; a real report has fewer than 100,000. What is read is then
   * structured on the server's thread (~1 ms per 1,000 characters), so this also bounds that stall.
   */
  chars: 500_000,
  /** Wall clock for one file in the parse process; the process is killed when it runs out. */
  timeoutMs: 30_000,
  /** The parse process's V8 heap (--max-old-space-size), and its whole resident memory (checked every 100 ms). */
  heapMb: 512,
  rssMb: 1024,
} as const;

export type ParseLimits = { -readonly [K in keyof typeof PARSE_LIMITS]: number };

const mb = (n: number) => (n >= MB ? `${Math.round(n / MB)} MB` : `${Math.round(n / 1024)} KB`);
/** 「50 万」, or the number and a space: 「超过 50 万字」「超过 100 个元素」. */
const wan = (n: number) => (n >= 10_000 && n % 10_000 === 0 ? `${n / 10_000} 万` : `${n} `);
const tooLarge = (name: string, message: string) => new AppError('too_large', message, { subject: name });

/** Errors naming the limit that was passed; `too_large` (413), or `unprocessable` (422) for the time limit. */
export const overLimit = {
  inflated: (name: string, limit: number) =>
    tooLarge(name, `文件「${name}」解压后超过 ${mb(limit)} 的上限，已拒绝`),
  entries: (name: string, limit: number) =>
    tooLarge(name, `文件「${name}」的压缩包超过 ${limit} 个条目的上限，已拒绝`),
  xmlElements: (name: string, limit: number) =>
    tooLarge(name, `文件「${name}」的 XML 超过 ${wan(limit)}个元素的上限，已拒绝`),
  xmlRuns: (name: string, limit: number) =>
    tooLarge(name, `文件「${name}」的文字片段（run）超过 ${wan(limit)}个的上限，已拒绝`),
  pdfPages: (name: string, pages: number, limit: number) =>
    tooLarge(name, `PDF 文件「${name}」有 ${pages} 页，超过 ${limit} 页的上限，已拒绝`),
  pdfStream: (name: string, limit: number) =>
    tooLarge(name, `PDF 文件「${name}」中的数据流解压后超过 ${mb(limit)} 的上限，已拒绝`),
  pdfInflated: (name: string, limit: number) =>
    tooLarge(name, `PDF 文件「${name}」中的数据流解压后合计超过 ${mb(limit)} 的上限，已拒绝`),
  chars: (name: string, limit: number) =>
    tooLarge(name, `文件「${name}」提取的文字超过 ${wan(limit)}字的上限（一份报告通常不到 10 万字），已拒绝`),
  memory: (name: string, limitMb: number) =>
    tooLarge(name, `文件「${name}」解析所需内存超过 ${limitMb} MB 的上限，已停止解析`),
  timeout: (name: string, ms: number) =>
    new AppError(
      'unprocessable',
      `文件「${name}」解析超时（${Math.round(ms / 1000)} 秒），已停止；文件可能过于复杂或已损坏`,
      { subject: name },
    ),
};

/** Throws when text read from a file is longer than the limit. */
export function checkChars(text: string, name: string, limit: number): string {
  if (text.length > limit) throw overLimit.chars(name, limit);
  return text;
}
