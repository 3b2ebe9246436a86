// Counts what a PDF's deflate streams inflate to, before pdf.js reads any: a few KB can inflate to gigabytes,
// and pdf.js keeps a stream's inflated bytes in memory while it reads it.
import { inflatedSize } from './inflate-counted.ts';
import { type ParseLimits, overLimit } from './parse-limits.ts';

/** A zlib header: deflate method, and the check bits over the first two bytes. */
const isZlib = (b: Uint8Array, at: number) =>
  at + 2 <= b.length && (b[at] & 0x0f) === 8 && (b[at] * 256 + b[at + 1]) % 31 === 0;

/**
 * Throws `too_large` when one stream or all of them together inflate past the limits. Streams that are not
 * zlib data (images, encrypted streams) are not counted here; the parse process's memory limits still hold.
 */
export async function checkPdfStreams(
  bytes: Uint8Array,
  name: string,
  limits: Pick<ParseLimits, 'pdfStreamBytes' | 'pdfInflatedBytes'>,
): Promise<void> {
  // latin1 maps each byte to one character, so string positions are byte positions.
  const text = new TextDecoder('latin1').decode(bytes);
  let total = 0;
  for (let at = text.indexOf('stream'); at >= 0; at = text.indexOf('stream', at + 6)) {
    if (text.startsWith('end', at - 3)) continue;
    let start = at + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    if (!isZlib(bytes, start)) continue;
    const end = text.indexOf('endstream', start);
    const data = bytes.subarray(start, end < 0 ? bytes.length : end);
    const room = Math.min(limits.pdfStreamBytes, limits.pdfInflatedBytes - total);
    const size = await inflatedSize(data, 'deflate', room);
    if (size === null)
      throw room < limits.pdfStreamBytes
        ? overLimit.pdfInflated(name, limits.pdfInflatedBytes)
        : overLimit.pdfStream(name, limits.pdfStreamBytes);
    total += size;
    at = Math.max(at, (end < 0 ? bytes.length : end) - 6);
  }
}
