// The attack files of issue 12, generated here, each refused with its 4xx and a message naming the limit —
// read the way the server reads them (readDocument → the parse process).
import { describe, expect, it } from 'vitest';
import {
  deflateBombPdf,
  lyingZipBomb,
  manyPagesPdf,
  selfReferencingPdf,
  textPdf,
  tinyRunsDocx,
} from '../../test/hostile-files.ts';
import { reportToDocx } from '../../test/make-docx.ts';
import { readDocument } from './read-document.ts';

const refusal = async (name: string, bytes: Buffer) => {
  const t0 = performance.now();
  const error = await readDocument(name, bytes).then(
    () => null,
    (e) => e,
  );
  return { error, ms: performance.now() - t0 };
};

describe('hostile documents (issue 12) are refused, not parsed to the end', () => {
  it('a .docx whose document.xml is 50 MB of one-character runs (a 173 KB file): inflated bytes counted', async () => {
    const docx = await tinyRunsDocx(50);
    expect(docx.length).toBeLessThan(200 * 1024);
    const { error } = await refusal('碎片.docx', docx);
    expect(error).toMatchObject({
      code: 'too_large',
      message: '文件「碎片.docx」解压后超过 50 MB 的上限，已拒绝',
    });
  });

  it('the same with 5 MB of runs, under the size limit: refused by the run count before mammoth sees it', async () => {
    const { error, ms } = await refusal('碎片.docx', await tinyRunsDocx(5));
    expect(error).toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('文字片段（run）超过 5 万个的上限'),
    });
    expect(ms).toBeLessThan(20_000); // mammoth took ~20 s on this; the count takes well under one
  });

  it('a .docx whose zip directory says 4 KB while it inflates to 1.2 GB (a 1.2 MB file)', async () => {
    const bomb = await lyingZipBomb(1200);
    expect(bomb.length).toBeLessThan(1.5 * 1024 * 1024);
    const { error } = await refusal('炸弹.docx', bomb);
    expect(error).toMatchObject({
      code: 'too_large',
      message: '文件「炸弹.docx」解压后超过 50 MB 的上限，已拒绝',
    });
  });

  it('a 1.2 MB PDF with 200,000 pages', async () => {
    const pdf = manyPagesPdf(200_000);
    const { error } = await refusal('二十万页.pdf', pdf);
    expect(error).toMatchObject({
      code: 'too_large',
      message: 'PDF 文件「二十万页.pdf」有 200000 页，超过 2000 页的上限，已拒绝',
    });
  });

  it('a PDF whose 64 KB content stream inflates to 64 MB', async () => {
    const pdf = deflateBombPdf(64);
    expect(pdf.length).toBeLessThan(100 * 1024);
    const { error } = await refusal('数据流.pdf', pdf);
    expect(error).toMatchObject({
      code: 'too_large',
      message: 'PDF 文件「数据流.pdf」中的数据流解压后超过 50 MB 的上限，已拒绝',
    });
  });

  it('a PDF whose page tree contains itself: 422, not 500', async () => {
    const { error } = await refusal('自引用.pdf', selfReferencingPdf());
    expect(error).toMatchObject({
      code: 'unprocessable',
      message: expect.stringContaining('PDF 文件「自引用.pdf」结构有误，无法读取'),
    });
  });

  it('text past 500,000 characters, decoded in place (≤ 1 MB) or in the parse process', async () => {
    const limit = '提取的文字超过 50 万字的上限';
    await expect(readDocument('长.txt', Buffer.alloc(500_001, 0x61))).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining(limit),
    });
    await expect(readDocument('长.md', Buffer.from('法'.repeat(500_001)))).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining(limit),
    });
  });

  it('after all that, ordinary files still read', async () => {
    expect((await readDocument('好.pdf', textPdf('Annual report 2030: 17 legal lectures held.'))).text).toBe(
      'Annual report 2030: 17 legal lectures held.',
    );
    const docx = await reportToDocx(
      '光明街道2025年法治政府建设情况报告\n一、主要举措和成效\n全年开展法治培训12场次。',
    );
    expect((await readDocument('好.docx', docx)).text).toContain('全年开展法治培训12场次。');
  });
});
