import { describe, expect, it } from 'vitest';
import { useSeedLibrary } from '../../test/helpers.ts';
import { ask, extractiveAnswerer } from './ask.ts';
import { askedKind, respectiveFigure } from './candidates.ts';
import { SqliteTraceStore } from '../traces/sqlite-trace-store.ts';

describe('respectiveFigure', () => {
  it('pairs 「A和B达到X和Y」 figures with their nouns', () => {
    expect(respectiveFigure('调解率和调解成功率达到100%和99.5%', '哪些街道调解成功率达到100%')).toBe('99.5%');
    expect(respectiveFigure('调解率和调解成功率达到100%和99.5%', '哪些街道调解率达到100%')).toBe('100%');
    expect(respectiveFigure('调解成功率100%', '哪些街道调解成功率达到100%')).toBeNull();
  });
});

describe('askedKind', () => {
  it('reads the kind of thing a question asks for, with its synonyms', () => {
    expect(askedKind('大港街的调解团队得过什么荣誉')).toEqual(
      expect.arrayContaining(['荣誉', '评为', '模范']),
    );
    expect(askedKind('城西街道在法治政府建设上有哪些差距？')[0]).toBe('差距');
    expect(askedKind('金桥街全年立案多少起？')).toEqual([]);
  });
});

describe('extractive answers on the seed corpus', () => {
  const seed = useSeedLibrary();
  const answer = (question: string) =>
    ask(
      { lib: seed.lib, traces: new SqliteTraceStore(':memory:'), answerer: extractiveAnswerer },
      { question },
    );

  it('「哪些街道……达到100%」 names only reports whose sentence says so, not each report’s nearest sentence', async () => {
    const a = await answer('哪些街道调解成功率达到100%');
    expect(a.answer).toContain('大港街2023年度报告：调解成功率100%');
    expect(a.answer).not.toMatch(/西于庄|金桥|未署名/); // 「完成率100%」 or no 100% at all
    expect(a.answer).not.toContain('城西'); // 「调解率和调解成功率达到100%和99.5%」: its 调解成功率 is 99.5%
    expect(a.verification.ok).toBe(true);
  });

  it('a selection nothing satisfies is 「未找到」, not a list of near misses', async () => {
    const a = await answer('哪些街道调解成功率达到120%');
    expect(a.answerable).toBe(false);
    expect(a.citations).toEqual([]);
  });

  it('「分别是多少」 quotes each report’s figure in the clauses that carry it', async () => {
    const a = await answer('各街道行政处罚分别是多少起');
    // One line per report, in the order retrieval ranks them: what matters is each figure in its own clause.
    expect(a.answer).toMatch(/^大港街2023年度报告：行政处罚案件共37起\[\d\]。?$/m);
    expect(a.answer).toMatch(/^西于庄街道2024年度报告：全年行政处罚191起\[\d\]。?$/m);
    for (const line of a.answer.split('\n')) expect(line.length).toBeLessThan(60);
  });

  it('「两份报告各有哪些不足」 lists each report’s own points of its 「存在的不足」', async () => {
    const a = await answer('2022年的两份报告各有哪些不足');
    const lines = a.answer.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^金桥街2022年度报告：一是对习近平法治思想认识不深入\[1\]；二是.*\[2\]；三是.*\[3\]。$/,
    );
    expect(lines[1]).toMatch(
      /^城西街道2022年度报告：一是政务公开手段较为单一.*\[4\]；二是综合行政执法队伍建设.*\[5\]；三是.*\[6\]。$/,
    );
    expect(a.citations.every((c) => c.section === 'shortcomings' && c.year === 2022)).toBe(true);
    expect(a.verification.ok).toBe(true);
  });

  it('a question naming its subject gets that point; a general one gets every point, inline ones too', async () => {
    const one = await answer('城西街道综合执法队伍有什么问题，原因是什么');
    expect(one.citations).toHaveLength(1);
    expect(one.answer).toContain('综合行政执法队伍建设还有待提高');
    const all = await answer('城西街道法治政府建设有哪些不足');
    expect(all.answer).toMatch(/一是政务公开手段较为单一.*二是综合行政执法队伍建设.*三是重大项目决策中/);
    expect(all.citations).toHaveLength(3);
  });

  it('a question that only names a section gets that section’s points, the whole section, without its remarks', async () => {
    const jq = await answer('金桥街下步工作措施');
    expect(jq.answer).toMatch(
      /^根据金桥街2022年度报告，下一步工作主要有：一是强化法治学习.*二是强化制度落实.*三是强化队伍建设[^；]*\[3\]。$/,
    );
    const dg = await answer('大港街明年打算');
    expect(dg.citations.length).toBeGreaterThanOrEqual(3);
    expect(dg.answer).toContain('一是坚持政治引领');
    expect(dg.citations.every((c) => c.section === 'next_steps')).toBe(true);
  });

  it('a year’s plans come from the previous year’s 「下一步工作」, and the answer says so', async () => {
    const a = await answer('城西街道2023年的工作思路是什么');
    expect(
      a.answer.startsWith(
        '2023年的工作打算写在2022年度报告的「下一步工作」中。根据城西街道2022年度报告，下一步工作主要有：一是坚持领导干部带头学法[1]',
      ),
    ).toBe(true);
    expect(a.citations.every((c) => c.section === 'next_steps' && c.year === 2022)).toBe(true);
    expect(a.verification.ok).toBe(true);
    const plans = await answer('大港街2024年准备重点做哪些工作');
    expect(plans.citations.every((c) => c.section === 'next_steps' && c.year === 2023)).toBe(true);
    // Only plans move a year back: a figure or a shortcoming of a missing year is still 「未找到」.
    expect((await answer('大港街2024年行政处罚多少起')).answerable).toBe(false);
    expect((await answer('大港街2021年有哪些不足')).answerable).toBe(false);
  });

  it('a comparison is made in the reports’ figures when they give them', async () => {
    const a = await answer('金桥街和西于庄街道的矛盾纠纷化解情况对比');
    expect(a.answer).toContain('351件');
    expect(a.answer).toContain('化解矛盾纠纷60余起');
    expect(a.verification.ok).toBe(true);
  });

  it('a question asking two figures gets a quote holding both', async () => {
    const a = await answer('大港街调委会一年调解了多少起案件，涉及金额多少？');
    expect(a.answer).toContain('770起');
    expect(a.answer).toContain('556.79万元');
    expect(a.verification.ok).toBe(true);
  });

  it('「得过什么荣誉」 quotes the award, not the sentence that shares 「调解团队」', async () => {
    const a = await answer('大港街的调解团队得过什么荣誉');
    expect(a.answer).toContain('全国模范人民调解委员会');
    expect(a.verification.ok).toBe(true);
  });
});

describe('an answer must answer the question asked (responsiveness)', () => {
  const seed = useSeedLibrary();
  const answer = (question: string) =>
    ask(
      { lib: seed.lib, traces: new SqliteTraceStore(':memory:'), answerer: extractiveAnswerer },
      { question },
    );
  it('「多少钱」 with only a count on the topic is 「未写明」, not the count passed as the answer', async () => {
    const a = await answer('城西街道2022年法律顾问费用是多少钱');
    expect(a.answerable).toBe(false);
    expect(a.answer).toMatch(/^城西街道2022年度报告未写明所问的金额。相近内容：/);
    expect(a.verification.notAnswered?.length).toBe(1);
    expect(a.verification.unsupportedNumbers).toEqual([]);
  });

  it('「多少名执法人员」 is not answered by 「培训2次」', async () => {
    const a = await answer('大港街2023年有多少名执法人员');
    // The report gives no head count of its law-enforcement staff: said so, the nearest sentence shown as such.
    expect(a.answerable).toBe(false);
    expect(a.answer).toMatch(/^大港街2023年度报告未写明所问的人数。相近内容：/);
  });
});
