import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { deflateBomb, zipOf } from '../../test/hostile-files.ts';
import { reportToDocx } from '../../test/make-docx.ts';
import { storedZip, unzipBounded } from './bounded-unzip.ts';
import { countXml } from './count-xml.ts';

const limits = { inflatedBytes: 1024 * 1024, entries: 10 };
const over = { inflated: () => new Error('inflated'), entries: () => new Error('entries') };

describe('unzipBounded', () => {
  it('reads every entry of a real .docx; the stored zip it writes back holds the same bytes under the same names', async () => {
    const docx = await reportToDocx('标题\n正文。');
    const entries = await unzipBounded(docx, 'a.docx', { inflatedBytes: 1024 * 1024, entries: 100 }, over);
    const original = await JSZip.loadAsync(docx);
    const rewritten = await JSZip.loadAsync(storedZip(entries), { checkCRC32: true });
    expect(Object.keys(rewritten.files).sort()).toEqual(
      Object.keys(original.files)
        .filter((n) => !original.files[n].dir)
        .sort(),
    );
    for (const e of entries)
      expect(await rewritten.file(e.name)!.async('string')).toBe(
        await original.file(e.name)!.async('string'),
      );
  });

  it('counts the bytes as they inflate: an entry saying 100 bytes that inflates to 3 MB is stopped at the limit', async () => {
    const bomb = zipOf([
      {
        name: 'word/document.xml',
        data: Buffer.from('x'),
        deflated: deflateBomb(Buffer.alloc(1024 * 1024, 0x20), 3),
        declaredSize: 100,
      },
    ]);
    await expect(unzipBounded(bomb, 'b.docx', limits, over)).rejects.toThrow('inflated');
  });

  it('believes a declared size over the limit without inflating, and counts the entries', async () => {
    const big = zipOf([{ name: 'a.xml', data: Buffer.from('x'), declaredSize: 2 * 1024 * 1024 }]);
    await expect(unzipBounded(big, 'c.docx', limits, over)).rejects.toThrow('inflated');
    const many = zipOf(
      Array.from({ length: 11 }, (_, i) => ({ name: `${i}.xml`, data: Buffer.from('<a/>') })),
    );
    await expect(unzipBounded(many, 'd.docx', limits, over)).rejects.toThrow('entries');
  });

  it('a truncated or corrupt zip is a broken .docx, named', async () => {
    const docx = await reportToDocx('标题\n正文。');
    await expect(
      unzipBounded(docx.subarray(0, docx.length - 30), '断.docx', limits, over),
    ).rejects.toMatchObject({ code: 'unsupported_type', message: expect.stringContaining('断.docx') });
    const garbled = Buffer.from(docx);
    const local = garbled.indexOf(Buffer.from('word/document.xml')) + 'word/document.xml'.length;
    garbled.fill(0xff, local, local + 40);
    await expect(
      unzipBounded(garbled, '乱.docx', { inflatedBytes: 1e7, entries: 100 }, over),
    ).rejects.toMatchObject({ code: 'unsupported_type' });
  });
});

describe('countXml', () => {
  it('counts elements and runs in any namespace prefix, and sees a DOCTYPE', () => {
    const xml = new TextEncoder().encode(
      '<?xml version="1.0"?><w:p><w:r><w:t>a</w:t></w:r><x:r/><w:rPr/><r>b</r></w:p>',
    );
    expect(countXml(xml)).toEqual({ elements: 6, runs: 3, doctype: false });
    expect(countXml(new TextEncoder().encode('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).doctype).toBe(true);
  });
});
