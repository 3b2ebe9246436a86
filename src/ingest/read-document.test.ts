import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, SEED, seedText } from '../../test/helpers.ts';
import { reportToDocx } from '../../test/make-docx.ts';
import { htmlToText } from './docx-to-text.ts';
import { parseReport } from './parse-report.ts';
import { readDocument } from './read-document.ts';

const read = (name: string, bytes: Buffer, maxBytes?: number) => readDocument(name, bytes, { maxBytes });

describe('readDocument: formats', () => {
  it('reads a .docx made in Word format, headings and all', async () => {
    const docx = await reportToDocx(seedText(SEED.jinqiao), { breakInside: '治理占道经营' });
    const { format, text } = await read('金桥街-2022.docx', docx);
    expect(format).toBe('docx');
    const r = await parseReport({ sourceName: '金桥街-2022.docx', format, text });
    expect(r.meta).toMatchObject({ org: '金桥街', year: 2022, district: '东丽区' });
    expect(r.sections.map((s) => s.kind)).toEqual(['overview', 'measures', 'shortcomings', 'next_steps']);
    expect(r.paragraphs.some((p) => p.text.includes('以柔性执法方式，治理占道经营3000余次'))).toBe(true);
  });

  it('reads a PDF printed from a report, re-joining wrapped lines and mapping PDF radical glyphs', async () => {
    const name = '西于庄街道-2024-节选.pdf';
    const { format, text } = await read(name, readFileSync(join(FIXTURES_DIR, name)));
    expect(format).toBe('pdf');
    const r = await parseReport({ sourceName: name, format, text });
    expect(r.meta).toMatchObject({ org: '西于庄街道', year: 2024 });
    expect(r.sections.map((s) => s.kind)).toEqual(['overview', 'measures', 'duty']);
    const texts = r.paragraphs.map((p) => p.text);
    expect(texts).toContain(
      '二是将司法所所长、法律顾问等专业人员纳入“三重一大”决策之中，为决策的制定执行提供法律依据及政策规范。本年度开展的小区排水修复、道路修整、花园提升改造、围墙修缮等重大决策项目中，严格按照五议两公开程序，做到充分调研、多方求证、依法行政、科学决策，以实际行动满足人民对美好生活的向往。',
    );
    expect(texts.join('')).not.toMatch(/[\u2e80-\u2fdf]/);
  });

  it('detects and converts GBK text', async () => {
    const gbk = iconv.encode(seedText(SEED.chengxi), 'gbk');
    const { text, encoding } = await read('城西.txt', gbk);
    expect(encoding).toBe('gb18030');
    expect(text).toContain('全年主动公开政务信息135条');
  });

  it('reads UTF-16 with and without a byte order mark, and UTF-8 with a BOM', async () => {
    const src = seedText(SEED.chengxi);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(src, 'utf16le')]);
    expect((await read('a.txt', le)).text).toContain('城西街道');
    expect((await read('b.txt', Buffer.from(src, 'utf16le'))).encoding).toBe('utf-16le');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(src)]);
    expect((await read('c.md', bom)).text.startsWith(' 关于2022年度')).toBe(true);
  });
});

describe('readDocument: bad input gets a clear error naming the file', () => {
  it('empty file', async () => {
    await expect(read('空.txt', Buffer.alloc(0))).rejects.toMatchObject({
      code: 'empty',
      message: expect.stringContaining('空.txt'),
    });
  });

  it('unsupported type, with a hint for .doc', async () => {
    await expect(read('旧报告.doc', Buffer.from('x'))).rejects.toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('另存为 .docx'),
    });
    await expect(read('表格.xlsx', Buffer.from('x'))).rejects.toMatchObject({ code: 'unsupported_type' });
  });

  it('binary posing as .txt', async () => {
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) % 256;
    await expect(read('伪装.txt', bin)).rejects.toMatchObject({
      code: expect.stringMatching(/unsupported_type|bad_encoding/),
      message: expect.stringContaining('伪装.txt'),
    });
    const nulls = Buffer.from('abc\u0000\u0001\u0002\u0003def\u0000\u0000\u0005'.repeat(50));
    await expect(read('nul.txt', nulls)).rejects.toMatchObject({
      code: expect.stringMatching(/unsupported_type|bad_encoding/),
    });
  });

  it('a docx or pdf with the wrong extension, and a .docx that is not one', async () => {
    const docx = await reportToDocx('标题\n正文。');
    await expect(read('改名.txt', docx)).rejects.toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('改名.txt'),
    });
    await expect(read('假.docx', Buffer.from('not a zip'))).rejects.toMatchObject({
      code: 'unsupported_type',
    });
    await expect(read('假.pdf', Buffer.from('not a pdf'))).rejects.toMatchObject({
      code: 'unsupported_type',
    });
    await expect(read('坏.pdf', Buffer.from('%PDF-1.7\n garbage'))).rejects.toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('坏.pdf'),
    });
  });

  it('a 50 MB file is refused before it is parsed', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
    await expect(read('巨大.txt', big)).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('巨大.txt'),
    });
  });

  it('a .docx whose zip declares an absurd inflated size is refused before anything is inflated', async () => {
    const bomb = Buffer.from(await reportToDocx('标题\n正文。'));
    // set the uncompressed size of the first central-directory entry to 4 GB - 1
    const cd = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0xffffffff, cd + 24);
    await expect(read('炸弹.docx', bomb)).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('解压后超过 50 MB 的上限'),
    });
  });

  it('a PDF carrying JavaScript (OpenAction and a Names tree) is read as text; its script is never run', async () => {
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names [(x) 5 0 R] >> >> >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>',
      null, // content stream, below
      "<< /S /JavaScript /JS (globalThis.__pdfScriptRan = true; app.alert('x')) >>",
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    const content = 'BT /F1 12 Tf 72 760 Td (Annual report 2030: 17 legal lectures held.) Tj ET';
    objects[3] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
    let pdf = '%PDF-1.7\n';
    const offsets: number[] = [];
    objects.forEach((o, i) => {
      offsets.push(Buffer.byteLength(pdf));
      pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = Buffer.byteLength(pdf);
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const doc = await read('带脚本.pdf', Buffer.from(pdf, 'latin1'));
    expect(doc.text).toContain('Annual report 2030: 17 legal lectures held.');
    expect(doc.text).not.toContain('app.alert');
    expect((globalThis as { __pdfScriptRan?: boolean }).__pdfScriptRan).toBeUndefined();
  });
});

describe('readDocument: the same text as before parsing moved to its own process', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const recorded = JSON.parse(
    readFileSync(join(import.meta.dirname, 'read-document.fixtures.json'), 'utf8'),
  ) as Record<string, { format: string; encoding?: string; chars: number; sha256: string }>;

  it.each(Object.keys(recorded))('%s reads to the text recorded before the change', async (file) => {
    const doc = await read(file.split('/').pop()!, readFileSync(join(ROOT, file)));
    const { sha256, chars, ...rest } = recorded[file];
    expect({ format: doc.format, ...(doc.encoding && { encoding: doc.encoding }) }).toEqual(rest);
    expect(doc.text.length).toBe(chars);
    expect(createHash('sha256').update(doc.text).digest('hex')).toBe(sha256);
  });

  it('a .docx with a table and an image reads exactly as mammoth reads the original file', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const cell = (s: string) => new TableCell({ children: [new Paragraph(s)] });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('八角街道2025年法治政府建设情况报告')] }),
            new Paragraph({
              children: [
                new TextRun('全年情况如下图'),
                new ImageRun({
                  type: 'png',
                  data: png,
                  transformation: { width: 20, height: 20 },
                  altText: { name: '图', description: '图一', title: '图' },
                }),
                new TextRun('所示。'),
              ],
            }),
            new Table({
              rows: [
                new TableRow({ children: [cell('办理行政执法案件'), cell('18件')] }),
                new TableRow({ children: [cell('开展普法活动'), cell('9场')] }),
              ],
            }),
            new Paragraph('表后正文&<符号>。'),
          ],
        },
      ],
    });
    const bytes = await Packer.toBuffer(doc);
    const { value } = await mammoth.convertToHtml({ buffer: bytes });
    const text = (await read('八角街道-2025.docx', bytes)).text;
    expect(text).toBe(htmlToText(value));
    expect(text).toContain('办理行政执法案件：18件；开展普法活动：9场。');
    expect(value).toContain('<img');
  });
});
