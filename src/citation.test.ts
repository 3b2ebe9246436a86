// The one citation builder: every field from the report and paragraph, the quoted span, n and a rounded score.
import { describe, expect, it } from 'vitest';
import { CitationSchema, citationOf, reportLabel } from './citation.ts';

describe('citationOf', () => {
  const paragraph = {
    id: 'p7',
    documentId: 'd1',
    section: 'measures' as const,
    heading: '（一）依法决策',
    text: '全年审查合同52份。',
  };
  it('makes a citation the schema accepts, with the office, its district and the span quoted', () => {
    const c = citationOf(
      { title: '2023年度报告', org: '城关镇', district: '竹山县', year: 2023 },
      paragraph,
      { start: 2, end: 10 },
      { n: 3, score: 0.123456 },
    );
    expect(CitationSchema.parse(c)).toEqual(c);
    expect(c).toMatchObject({
      n: 3,
      paragraphId: 'p7',
      documentId: 'd1',
      org: '城关镇',
      district: '竹山县',
      year: 2023,
      quote: { start: 2, end: 10 },
      score: 0.1235,
    });
    expect(c.text.slice(c.quote.start, c.quote.end)).toBe('审查合同52份。');
  });
  it('an unnamed report keeps a null office and no district; its label names it by title', () => {
    const c = citationOf({ title: '2021年度工作情况', org: null, year: 2021 }, paragraph, {
      start: 0,
      end: 2,
    });
    expect(c).toMatchObject({ n: 0, org: null, district: null, score: 1 });
    expect(reportLabel({ org: c.org, title: c.title, year: c.year })).toBe(
      '未署名（2021年度工作情况）2021年度报告',
    );
  });
});
