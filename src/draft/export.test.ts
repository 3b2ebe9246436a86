// The Word export read back from its XML: GB/T 9704 page, exact 28 pt lines, decimal endnotes, 「— n —」 footers.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Citation } from '../answer/types.ts';
import { draftToDocx } from './export.ts';
import type { Draft } from './types.ts';

const cite = (n: number, text: string): Citation =>
  ({
    n,
    documentId: 'd1',
    paragraphId: `p${n}`,
    org: '金桥街',
    year: 2023,
    title: '金桥街2023年法治政府建设情况报告',
    heading: '存在的不足',
    section: 'shortcomings',
    text,
    quote: { start: 0, end: text.length },
    score: 1,
  }) as Citation;

const draft: Draft = {
  title: '三、存在的不足和原因',
  draft: '三、存在的不足和原因\n一是普法形式单一。\n二是执法队伍力量不足。',
  points: [
    {
      theme: '普法宣传',
      text: '一是普法形式单一[1]。【待补充：本街情况】',
      citations: [cite(1, '普法形式较为单一')],
      placeholders: ['本街情况'],
    },
    {
      theme: '法治队伍建设',
      text: '二是执法队伍力量不足[2]。主要原因是人员流动大[3]。',
      citations: [cite(2, '执法队伍力量不足'), cite(3, '人员流动大')],
      placeholders: [],
    },
  ],
  warnings: [],
  verification: { uncitedPoints: [], unsupportedNumbers: [], foreignOrgs: [], wrongSection: [], ok: true },
  mode: 'extractive',
  model: 'extractive-draft-v1',
  draftId: '00000000-0000-0000-0000-000000000001',
  traceId: '00000000-0000-0000-0000-000000000001',
  createdAt: '2026-01-01T00:00:00.000Z',
  request: { section: 'shortcomings', org: '金桥街', year: 2024 },
};

async function parts() {
  const zip = await JSZip.loadAsync(await draftToDocx(draft));
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const footers = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => /^word\/footer\d+\.xml$/.test(n))
      .map(read),
  );
  return {
    document: await read('word/document.xml'),
    settings: await read('word/settings.xml'),
    styles: await read('word/styles.xml'),
    footers,
  };
}

describe('draftToDocx', () => {
  it('lays the page out as GB/T 9704: A4, margins 37/35/28/26 mm, a 22 × 28 grid', async () => {
    const { document } = await parts();
    const sect = /<w:sectPr[\s\S]*<\/w:sectPr>/.exec(document)![0];
    expect(sect).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 37 mm = 2098 twips, 35 mm = 1984, 28 mm = 1587, 26 mm = 1474
    const mar = /<w:pgMar ([^>]*)\/>/.exec(sect)![1];
    expect(mar).toContain('w:top="2098"');
    expect(mar).toContain('w:bottom="1984"');
    expect(mar).toContain('w:left="1587"');
    expect(mar).toContain('w:right="1474"');
    expect(sect).toContain('<w:docGrid w:type="lines" w:linePitch="560"/>');
  });

  it('fits 28 characters of 3号 across the 156 mm text block: 16 pt each, condensed by 0.25 pt', async () => {
    const { styles } = await parts();
    const defaults = /<w:rPrDefault>[\s\S]*?<\/w:rPrDefault>/.exec(styles)![0];
    expect(defaults).toContain('<w:sz w:val="32"/>');
    const condense = Number(/<w:spacing w:val="(-?\d+)"\/>/.exec(defaults)![1]);
    const pitch = 16 + condense / 20;
    expect(Math.floor(((156 / 25.4) * 72) / pitch)).toBe(28);
  });

  it('sets every body line to an exact 28 pt and the body in 3号仿宋, the heading in 黑体', async () => {
    const { document } = await parts();
    const body = document.slice(0, document.indexOf('<w:sectPr'));
    const spacings = body.match(/<w:spacing [^>]*\/>/g)!;
    expect(spacings.length).toBeGreaterThanOrEqual(3);
    for (const s of spacings) {
      expect(s).toContain('w:line="560"');
      expect(s).toContain('w:lineRule="exact"');
    }
    expect(body).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body).toContain('w:eastAsia="黑体"');
    expect(body).toContain('<w:sz w:val="32"/>');
    expect(body).toContain('<w:highlight w:val="yellow"/>');
  });

  it('numbers the endnotes 1, 2, 3 (decimal), one per cited sentence', async () => {
    const { document } = await parts();
    expect(document).toMatch(/<w:endnotePr><w:numFmt w:val="decimal"\/><\/w:endnotePr>/);
    expect(document).not.toContain('lowerRoman');
    expect(document.match(/<w:endnoteReference w:id="\d+"\/>/g)).toHaveLength(3);
  });

  it('puts 「— n —」 page numbers in 4号宋体 at the bottom outside: right on odd pages, left on even', async () => {
    const { document, settings, footers } = await parts();
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    expect(document).toMatch(/<w:footerReference w:type="default" r:id="rId\d+"\/>/);
    expect(document).toMatch(/<w:footerReference w:type="even" r:id="rId\d+"\/>/);
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toMatch(
        /<w:t xml:space="preserve">— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/,
      );
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toContain('w:eastAsia="宋体"');
    }
    expect(footers.map((f) => /<w:jc w:val="(\w+)"\/>/.exec(f)![1]).sort()).toEqual(['left', 'right']);
  });
});
