import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { answerBlocks, answerLines, answerMarkdown, splitPoints } from './blocks.ts';

const CROSS =
  '西于庄街道2024年度报告：一是学用转化还有不足[1]；二是法治专业人员欠缺[2]；三是普法形式较为单一[3]。\n金桥街2022年度报告：一是对习近平法治思想认识不深入[4]；二是抓法治建设制度落实还有欠缺[5]。\n城西街道2022年度报告：一是政务公开手段较为单一[6]；二是重大项目决策中，法律风险审查运用不够[7]。';

describe('answer blocks', () => {
  it('a cross-report answer: one block per report, each point an item, markers inside the items', () => {
    const blocks = answerBlocks(CROSS);
    expect(blocks.map((b) => (b.kind === 'list' ? [b.lead, b.items.length] : b.kind))).toEqual([
      ['西于庄街道2024年度报告：', 3],
      ['金桥街2022年度报告：', 2],
      ['城西街道2022年度报告：', 2],
    ]);
    expect(blocks[0]).toMatchObject({
      items: ['一是学用转化还有不足[1]；', '二是法治专业人员欠缺[2]；', '三是普法形式较为单一[3]。'],
    });
    // the comma inside a point does not start another point
    expect(blocks[2]).toMatchObject({
      items: ['一是政务公开手段较为单一[6]；', '二是重大项目决策中，法律风险审查运用不够[7]。'],
    });
  });

  it('a one-sentence answer is one paragraph; a lead-in with points keeps its words', () => {
    expect(answerBlocks('根据大港街2023年度报告，公开行政处罚55条[1]。')).toEqual([
      { kind: 'para', text: '根据大港街2023年度报告，公开行政处罚55条[1]。' },
    ]);
    expect(
      splitPoints('根据金桥街2022年度报告，下一步工作主要有：一是强化法治学习[1]；二是强化制度落实[2]。'),
    ).toEqual({
      lead: '根据金桥街2022年度报告，下一步工作主要有：',
      items: ['一是强化法治学习[1]；', '二是强化制度落实[2]。'],
    });
    expect(splitPoints('一是只有一点[1]。')).toBeNull();
  });

  it('no line starts with a marker or closing punctuation: such a line joins the one before', () => {
    expect(answerLines('公开行政处罚55条\n[1]\n。\n另一句[2]。')).toEqual([
      '公开行政处罚55条[1]。',
      '另一句[2]。',
    ]);
    for (const b of answerBlocks('甲[1]\n。乙\n\n\n[2]丙')) {
      const texts = b.kind === 'para' ? [b.text] : b.kind === 'list' ? b.items : b.lines;
      for (const t of texts) expect(t).not.toMatch(/^(\[\d+\]|[。，；：])/);
    }
  });

  it('Markdown lists and tables from a model stay together', () => {
    const md =
      '主要做法如下：\n- 开展培训3次[1]\n- 发放资料500份[2]\n\n| 项目 | 数量 |\n|---|---|\n| 培训 | 3次 |';
    expect(answerBlocks(md)).toEqual([
      { kind: 'para', text: '主要做法如下：' },
      { kind: 'list', lead: null, items: ['开展培训3次[1]', '发放资料500份[2]'], ordered: false },
      { kind: 'raw', lines: ['| 项目 | 数量 |', '|---|---|', '| 培训 | 3次 |'] },
    ]);
  });

  it('as Markdown, each report is its own paragraph and its points a list (checked by rendering with marked)', () => {
    const html = marked.parse(answerMarkdown(CROSS), { async: false });
    expect(html.match(/<ul>/g)).toHaveLength(3);
    expect(html.match(/<li>/g)).toHaveLength(7);
    expect(html).toContain('<p>金桥街2022年度报告：</p>');
    expect(html).toContain('<li>二是法治专业人员欠缺[2]；</li>');
    const table = marked.parse(answerMarkdown('| 项目 | 数量 |\n|---|---|\n| 培训 | 3次 |'), {
      async: false,
    });
    expect(table).toContain('<table>');
  });
});
