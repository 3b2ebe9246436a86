// Each limit of PARSE_LIMITS, checked in-process on small files with the limit turned down (the parse process
// and the full-size attack files are in isolated-parser.test.ts and hostile-files.test.ts).
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { lyingZipBomb, pdfOf, textPdf, zlibBomb } from '../../test/hostile-files.ts';
import { reportToDocx } from '../../test/make-docx.ts';
import { docxToText } from './docx-to-text.ts';
import { PARSE_LIMITS } from './parse-limits.ts';
import { parseBytes } from './parse-bytes.ts';
import { pdfToText } from './pdf-to-text.ts';
import { parseDocument } from './read-in-process.ts';

const docx = () =>
  reportToDocx('光明街道2025年法治政府建设情况报告\n一、主要举措和成效\n全年开展法治培训12场次。');

describe('limits while reading a .docx', () => {
  it('XML elements and runs', async () => {
    await expect(
      docxToText(await docx(), 'a.docx', { ...PARSE_LIMITS, xmlElements: 100 }),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: '文件「a.docx」的 XML 超过 100 个元素的上限，已拒绝',
    });
    await expect(docxToText(await docx(), 'a.docx', { ...PARSE_LIMITS, xmlRuns: 2 })).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('文字片段（run）超过 2 个的上限'),
    });
  });

  it('entries and inflated bytes', async () => {
    await expect(
      docxToText(await docx(), 'a.docx', { ...PARSE_LIMITS, zipEntries: 3 }),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: '文件「a.docx」的压缩包超过 3 个条目的上限，已拒绝',
    });
    await expect(
      docxToText(await docx(), 'a.docx', { ...PARSE_LIMITS, zipInflatedBytes: 20_000 }),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('解压后超过 20 KB 的上限'),
    });
  });

  it('a DOCTYPE (how XML expands entities) is refused', async () => {
    const zip = await JSZip.loadAsync(await docx());
    const xml = await zip.file('word/document.xml')!.async('string');
    zip.file('word/document.xml', xml.replace('?>', '?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>'));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await expect(docxToText(bytes, 'dtd.docx')).rejects.toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('DOCTYPE'),
    });
  });

  it('characters of text', async () => {
    await expect(docxToText(await docx(), 'a.docx', { ...PARSE_LIMITS, chars: 10 })).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('提取的文字超过 10 字的上限'),
    });
  });
});

describe('limits while reading a PDF', () => {
  it('pages and characters', async () => {
    await expect(
      pdfToText(textPdf('hello'), 'a.pdf', { ...PARSE_LIMITS, pdfPages: 0 }),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: 'PDF 文件「a.pdf」有 1 页，超过 0 页的上限，已拒绝',
    });
    await expect(
      pdfToText(textPdf('hello world'), 'a.pdf', { ...PARSE_LIMITS, chars: 5 }),
    ).rejects.toMatchObject({ code: 'too_large', message: expect.stringContaining('超过 5 字的上限') });
    expect(await pdfToText(textPdf('hello world'), 'a.pdf', { ...PARSE_LIMITS, chars: 11 })).toBe(
      'hello world',
    );
  });

  it('each stream, and all streams together, counted while inflating', async () => {
    const MB = 1024 * 1024;
    const stream = (data: Buffer) =>
      Buffer.concat([
        Buffer.from(`<< /Filter /FlateDecode /Length ${data.length} >>\nstream\n`),
        data,
        Buffer.from('\nendstream'),
      ]);
    const twoStreams = pdfOf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
      stream(zlibBomb(Buffer.alloc(MB, 0x20), 3)),
      stream(zlibBomb(Buffer.alloc(MB, 0x20), 3)),
    ]);
    await expect(
      pdfToText(twoStreams, 's.pdf', { ...PARSE_LIMITS, pdfStreamBytes: 2 * MB }),
    ).rejects.toMatchObject({ message: 'PDF 文件「s.pdf」中的数据流解压后超过 2 MB 的上限，已拒绝' });
    await expect(
      pdfToText(twoStreams, 's.pdf', { ...PARSE_LIMITS, pdfStreamBytes: 4 * MB, pdfInflatedBytes: 5 * MB }),
    ).rejects.toMatchObject({ message: expect.stringContaining('合计超过 5 MB 的上限') });
  });
});

describe('limits while decoding text', () => {
  it('characters of text', async () => {
    await expect(
      parseBytes('txt', 'a.txt', Buffer.from('一二三四五六'), { ...PARSE_LIMITS, chars: 5 }),
    ).rejects.toMatchObject({ code: 'too_large', message: expect.stringContaining('超过 5 字的上限') });
  });
});

describe('the in-process reader (Cloudflare Workers, no child process)', () => {
  it('counts inflated bytes the same way: the lying zip bomb is refused at 50 MB', async () => {
    await expect(parseDocument('docx', '炸弹.docx', await lyingZipBomb(200))).rejects.toMatchObject({
      code: 'too_large',
      message: '文件「炸弹.docx」解压后超过 50 MB 的上限，已拒绝',
    });
  });
});
