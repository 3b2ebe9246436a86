// Hostile documents generated on the spot (small to build, small in the repo): a .docx of tiny runs, a zip
// whose directory lies about sizes, a PDF with 200,000 pages, a deflate bomb in a PDF stream, a page tree
// that contains itself. Deflate bombs are one sync-flushed block repeated: each copy inflates to the same bytes.
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { reportToDocx } from './make-docx.ts';

const MB = 1024 * 1024;

/** Raw deflate data inflating to `head` + `fill` × `times` + `tail`, built from one compressed copy of `fill`. */
export function deflateBomb(
  fill: Buffer,
  times: number,
  head = Buffer.alloc(0),
  tail = Buffer.alloc(0),
): Buffer {
  const flushed = (b: Buffer) => deflateRawSync(b, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const block = flushed(fill);
  return Buffer.concat([flushed(head), ...Array<Buffer>(times).fill(block), deflateRawSync(tail)]);
}

/** The same with the zlib wrapper PDF streams use (FlateDecode); adler32 left at 0, as pdf.js does not check it. */
export function zlibBomb(fill: Buffer, times: number): Buffer {
  return Buffer.concat([
    deflateSync(Buffer.alloc(0)).subarray(0, 2),
    deflateBomb(fill, times),
    Buffer.alloc(4),
  ]);
}

type ZipInput = { name: string; data: Buffer; deflated?: Buffer; declaredSize?: number; crc?: number };

/** A zip of the entries, deflated; `deflated`, `declaredSize` and `crc` stand for data too big to hold, or lie about it. */
export function zipOf(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.deflated ?? deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const crc = e.crc ?? crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The entries of a real .docx (made by the `docx` package), to put hostile parts among. */
async function docxEntries(): Promise<{ name: string; data: Buffer }[]> {
  const zip = await JSZip.loadAsync(
    await reportToDocx('光明街道2025年法治政府建设情况报告\n一、主要举措和成效\n全年开展法治培训12场次。'),
  );
  const files = Object.values(zip.files).filter((f) => !f.dir);
  return Promise.all(files.map(async (f) => ({ name: f.name, data: await f.async('nodebuffer') })));
}

const DOC_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>';
const DOC_TAIL = '</w:p></w:body></w:document>';

/** An honest .docx whose document.xml is `xmlMb` MB of one-character runs (the issue's: 50 MB in a 128 KB file). */
export async function tinyRunsDocx(xmlMb = 50): Promise<Buffer> {
  const run = '<w:r><w:t>字</w:t></w:r>';
  const fill = Buffer.from(run.repeat(Math.floor((64 * 1024) / Buffer.byteLength(run))));
  const times = Math.ceil((xmlMb * MB) / fill.length);
  const [head, tail] = [Buffer.from(DOC_HEAD), Buffer.from(DOC_TAIL)];
  let crc = crc32(head);
  for (let i = 0; i < times; i++) crc = crc32(fill, crc);
  const document = {
    deflated: deflateBomb(fill, times, head, tail),
    declaredSize: head.length + fill.length * times + tail.length,
    crc: crc32(tail, crc),
  };
  const entries = (await docxEntries()).map((e) =>
    e.name === 'word/document.xml' ? { ...e, ...document } : e,
  );
  return zipOf(entries);
}

/** A .docx whose directory says document.xml holds 4 KB while it inflates to `inflatedMb` MB (the issue's: 1.2 GB). */
export async function lyingZipBomb(inflatedMb = 1200): Promise<Buffer> {
  const fill = Buffer.alloc(MB, 0x20);
  const entries = (await docxEntries()).map((e) =>
    e.name === 'word/document.xml'
      ? {
          ...e,
          deflated: deflateBomb(fill, inflatedMb, Buffer.from(DOC_HEAD), Buffer.from(DOC_TAIL)),
          declaredSize: 4096,
        }
      : e,
  );
  return zipOf(entries);
}

/** A PDF of the objects (1-based, in order), with its cross-reference table. */
export function pdfOf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      Buffer.isBuffer(o) ? o : Buffer.from(o, 'latin1'),
      Buffer.from('\nendobj\n'),
    ]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer) =>
  Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`),
    data,
    Buffer.from('\nendstream'),
  ]);
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const text = (s: string) => Buffer.from(`BT /F1 12 Tf 72 760 Td (${s}) Tj ET`);
const page = (content: number) =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${content} 0 R /Resources << /Font << /F1 5 0 R >> >> >>`;

/** A one-page PDF saying `line`. */
export const textPdf = (line: string) =>
  pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(4),
    stream('', text(line)),
    FONT,
  ]);

/** A PDF whose page tree lists one page `pages` times: 1.2 MB for 200,000 pages. */
export const manyPagesPdf = (pages = 200_000) =>
  pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${'3 0 R '.repeat(pages)}] /Count ${pages} >>`,
    page(4),
    stream('', text('page')),
    FONT,
  ]);

/** A PDF whose only page's content stream is a few KB inflating to `inflatedMb` MB (the issue's: 1 GB). */
export const deflateBombPdf = (inflatedMb = 1024) =>
  pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    page(4),
    stream('/Filter /FlateDecode', zlibBomb(Buffer.alloc(MB, 0x20), inflatedMb)),
    FONT,
  ]);

/** A PDF whose page tree contains itself. */
export const selfReferencingPdf = () =>
  pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
    page(4),
    stream('', text('page')),
    FONT,
  ]);
