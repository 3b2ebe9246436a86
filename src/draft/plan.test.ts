// The plan both drafters follow, over the seed corpus: evidence, focus, the shortcomings to answer, the title.
import { describe, expect, it } from 'vitest';
import { useSeedLibrary } from '../../test/helpers.ts';
import { loadDraftContext } from './evidence.ts';
import { evidenceOf, focusKeys, shortcomingThemes, shortcomingsToAnswer, titleFor } from './plan.ts';

const seed = useSeedLibrary();
const context = (org: string, year: number) => loadDraftContext(seed.lib, { org, year });

describe('draft plan', () => {
  it('evidence of a kind, or no_evidence naming the year', async () => {
    expect(evidenceOf(await context('金桥街', 2025), 'shortcomings').length).toBeGreaterThan(0);
    const none = await context('金桥街', 2001);
    expect(() => evidenceOf(none, 'next_steps')).toThrow(
      expect.objectContaining({ code: 'no_evidence', message: expect.stringContaining('2001 年以前') }),
    );
  });

  it('focus: a theme name, words the past points use, or no_evidence listing what there is', async () => {
    const pts = evidenceOf(await context('金桥街', 2025), 'shortcomings');
    expect(focusKeys(undefined, 'shortcomings', pts)).toEqual([]);
    expect(focusKeys('执法规范化', 'shortcomings', pts)).toContain('enforcement');
    expect(() => focusKeys('航天发射', 'shortcomings', pts)).toThrow(
      expect.objectContaining({ code: 'no_evidence', message: expect.stringContaining('资料库中有：') }),
    );
  });

  it('themes of a shortcomings section: the focused first, as many as asked', async () => {
    const ctx = await context('金桥街', 2025);
    const pts = evidenceOf(ctx, 'shortcomings');
    const focus = focusKeys('执法规范化', 'shortcomings', pts);
    const { chosen, want } = shortcomingThemes(ctx, pts, focus, 2);
    expect(want).toBe(2);
    expect(chosen.map((t) => t.focused)).toEqual([true, false].slice(0, chosen.length));
    expect(shortcomingThemes(ctx, pts, []).want).toBeGreaterThanOrEqual(3);
  });

  it('shortcomings to answer: pasted, else the latest own report, else drafted from other offices', async () => {
    const warnings: string[] = [];
    const ctx = await context('金桥街', 2025);
    expect(
      shortcomingsToAnswer(ctx, '一是普法形式单一。\n二是执法人员业务能力不足。', warnings),
    ).toHaveLength(2);
    expect(warnings).toEqual([]);
    expect(() => shortcomingsToAnswer(ctx, '一是。', warnings)).toThrow(
      expect.objectContaining({ code: 'bad_input' }),
    );
    const own = shortcomingsToAnswer(ctx, undefined, warnings);
    expect(own.length).toBeGreaterThan(0);
    expect(warnings).toEqual([expect.stringMatching(/^按本单位2022年度报告「存在的不足」逐条起草措施$/)]);
    const fresh: string[] = [];
    const drafted = shortcomingsToAnswer(await context('新港街', 2025), undefined, fresh);
    expect(drafted.length).toBeGreaterThanOrEqual(3);
    for (const item of drafted) expect(item.label.length).toBeGreaterThan(0);
    expect(fresh).toEqual([expect.stringContaining('先按其他单位往年报告起草了不足')]);
  });

  it("the title: the office's own past heading with the next year, else the usual one", async () => {
    expect(titleFor(await context('城西街道', 2023), 'next_steps')).toContain('2024年');
    expect(titleFor(await context('新港街', 2025), 'next_steps')).toBe('四、下一步工作举措');
  });
});
