// The Word export as LibreOffice lays it out (headless → PDF, read back with pdf.js): 22 lines of 28 characters
// inside the GB/T 9704 margins, 「— n —」 at the bottom outside, endnote marks 1, 2, 3. Runs where `soffice` is
// installed (apt-get install -y libreoffice-writer); CI checks the XML in export.test.ts instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Citation } from '../answer/types.ts';
import { draftToDocx } from './export.ts';
import type { Draft } from './types.ts';

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'docx-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cite = (n: number): Citation =>
  ({
    n,
    documentId: 'd',
    paragraphId: `p${n}`,
    org: '金桥街',
    year: 2023,
    title: '报告',
    heading: '存在的不足',
    section: 'shortcomings',
    text: '普法形式较为单一',
    quote: { start: 0, end: 8 },
    score: 1,
  }) as Citation;
const body =
  '普法宣传多以发放资料、悬挂横幅为主，群众参与度不高，针对不同群体的精准普法不足，新媒体普法运用不够充分。'.repeat(
    10,
  );
const points = [1, 2, 3].map((n) => ({
  theme: '普法宣传',
  text: `${'一二三'[n - 1]}是普法形式单一[${n}]。${body}`,
  citations: [cite(n)],
  placeholders: [],
}));
const draft = {
  title: '三、存在的不足和原因',
  draft: ['三、存在的不足和原因', ...points.map((p) => p.text)].join('\n'),
  points,
  warnings: [],
  verification: { uncitedPoints: [], unsupportedNumbers: [], foreignOrgs: [], wrongSection: [], ok: true },
  mode: 'extractive',
  model: 'extractive-draft-v1',
  draftId: 'render',
  traceId: 'render',
  createdAt: '2026-01-01T00:00:00.000Z',
  request: { section: 'shortcomings', org: '金桥街', year: 2024 },
} satisfies Draft;

type Row = { topMm: number; left: number; right: number; text: string };
const MM = 25.4 / 72;

async function renderedRows(): Promise<Row[][]> {
  writeFileSync(join(dir, 'd.docx'), await draftToDocx(draft));
  execFileSync(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${dir}/profile`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      join(dir, 'd.docx'),
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(join(dir, 'd.pdf'))) }).promise;
  const pages: Row[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const height = page.getViewport({ scale: 1 }).height;
    const rows = new Map<number, Row>();
    for (const it of (await page.getTextContent()).items) {
      if (!('str' in it) || !it.str.trim()) continue;
      const y = Math.round(it.transform[5]);
      const r = rows.get(y) ?? { topMm: (height - y) * MM, left: Infinity, right: 0, text: '' };
      r.left = Math.min(r.left, it.transform[4] * MM);
      r.right = Math.max(r.right, (it.transform[4] + it.width) * MM);
      r.text += it.str.replace(/\s/g, '');
      rows.set(y, r);
    }
    pages.push([...rows.values()].sort((a, b) => a.topMm - b.topMm));
  }
  return pages;
}

describe.skipIf(!hasSoffice)('draftToDocx rendered by LibreOffice', () => {
  it('sets 22 lines of 28 characters inside the margins, page numbers outside, endnotes 1, 2, 3', async () => {
    const pages = await renderedRows();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const [first, second] = pages;
    const lines = (rows: Row[]) => rows.filter((r) => r.text.length > 2 && !/^—\d+—$/.test(r.text));
    // a full page of body text: 22 lines, full lines of exactly 28 characters between 28 mm and 210 − 26 mm
    expect(lines(second)).toHaveLength(22);
    const full = lines(second).filter((r) => r.left < 28.5);
    expect(full.length).toBeGreaterThan(15);
    for (const r of full) {
      expect(r.text).toHaveLength(28);
      expect(r.left).toBeGreaterThanOrEqual(27.9);
      expect(r.right).toBeLessThanOrEqual(184.1);
    }
    // the first line's top sits under the 37 mm top margin; the last body line ends above the 35 mm bottom margin
    expect(lines(first)[0].topMm).toBeGreaterThan(37);
    expect(lines(first).at(-1)!.topMm).toBeLessThan(297 - 35);
    // 「— 1 —」 right on page 1, 「— 2 —」 left on page 2, both below the text block
    const number = (rows: Row[], n: number) => rows.find((r) => r.text === `—${n}—`)!;
    expect(number(first, 1).left).toBeGreaterThan(150);
    expect(number(second, 2).right).toBeLessThan(60);
    expect(number(first, 1).topMm).toBeGreaterThan(297 - 35);
    // endnote marks are arabic numerals, not i, ii, iii
    const text = pages
      .flat()
      .map((r) => r.text)
      .join('\n');
    expect(text).not.toMatch(/^i{1,3}$/m);
    expect(
      pages
        .flat()
        .filter((r) => /^[123]$/.test(r.text))
        .map((r) => r.text),
    ).toEqual(expect.arrayContaining(['1', '2', '3']));
  }, 180_000);
});
