// The extractive drafter over the real seed corpus: structure, grounding, re-targeting, coverage, warnings.
import { describe, expect, it } from 'vitest';
import { extractFigures } from '../text/figures.ts';
import { useSeedLibrary } from '../../test/helpers.ts';
import { draftExtractive } from './extractive-drafter.ts';
import type { DraftRequest, DraftResult } from './types.ts';

const seed = useSeedLibrary();

const draft = (req: Omit<DraftRequest, 'stream'>) => draftExtractive(seed.lib, req);
const ORGS = ['大港街', '城西街道', '金桥街', '西于庄街道'];
const plain = (d: DraftResult) => d.draft;

function expectGrounded(d: DraftResult, org: string, section: string) {
  const lines = d.draft.split('\n');
  expect(lines[0]).toBe(d.title);
  d.points.forEach((p, i) => {
    expect(p.text.startsWith(`${'一二三四五六七八'[i]}是`)).toBe(true);
    expect(lines).toContain(p.text.replace(/\[\d+\]/g, ''));
    if (!p.placeholders.length || p.citations.length) {
      expect(p.citations.length).toBeGreaterThan(0);
      for (const c of p.citations) {
        expect(c.section).toBe(section);
        expect(c.quote.end).toBeGreaterThan(c.quote.start);
        expect(p.text).toContain(`[${c.n}]`);
      }
    }
  });
  for (const other of ORGS.filter((o) => o !== org)) expect(plain(d)).not.toContain(other);
  // The only figures a draft may hold are the framing years, or the org's own cited figures.
  const body = d.points.map((p) => p.text.replace(/\[\d+\]/g, '')).join('');
  for (const f of extractFigures(body)) {
    const own = d.points.flatMap((p) => p.citations).filter((c) => c.org === org);
    expect(own.some((c) => c.text.includes(f.raw.replace(/\s/g, '')))).toBe(true);
  }
  expect(d.verification.ok).toBe(true);
}

describe('shortcomings', () => {
  it.each(ORGS)(
    'drafts 「存在的不足」 for %s in the house style, every point cited from past shortcomings',
    async (org) => {
      const d = await draft({ section: 'shortcomings', org, year: 2025 });
      expect(d.points.length).toBeGreaterThanOrEqual(3);
      expect(d.points.length).toBeLessThanOrEqual(5);
      expect(d.title).toMatch(/不足|问题/);
      expectGrounded(d, org, 'shortcomings');
      expect(new Set(d.points.map((p) => p.theme)).size).toBe(d.points.length);
    },
  );

  it("ranks the org's own past themes first and names the repeat (连续两年提出)", async () => {
    const d = await draft({ section: 'shortcomings', org: '西于庄街道', year: 2025, points: 4 });
    expect(d.points).toHaveLength(4);
    expect(
      d.points
        .slice(0, 3)
        .map((p) => p.theme)
        .sort(),
    ).toEqual(['学法用法', '普法宣传', '法治队伍建设'].sort());
    expect(d.warnings.some((w) => w.includes('连续两年提出') && w.includes('2024'))).toBe(true);
    // A year later than the year after is not 「连续」, but still an earlier-year repeat.
    const later = await draft({ section: 'shortcomings', org: '西于庄街道', year: 2027 });
    expect(later.warnings.some((w) => w.includes('连续两年提出'))).toBe(false);
    expect(later.warnings.some((w) => w.includes('往年提过'))).toBe(true);
  });

  it("re-targets other streets' sentences for an org the library has never seen", async () => {
    const d = await draft({ section: 'shortcomings', org: '新港街', year: 2025 });
    expectGrounded(d, '新港街', 'shortcomings');
    expect(d.points.some((p) => p.citations.some((c) => c.org === '西于庄街道'))).toBe(true);
    expect(d.draft).toContain('我街');
    expect(d.warnings.filter((w) => w.includes('连续'))).toEqual([]);
  });

  it('focus puts the focused theme first; a focus the library has nothing on is a 422 no_evidence', async () => {
    const d = await draft({ section: 'shortcomings', org: '金桥街', year: 2025, focus: '执法规范化' });
    expect(d.points[0].theme).toBe('执法规范化');
    expect(d.points[0].text).toContain('执法');
    const plain = await draft({ section: 'shortcomings', org: '金桥街', year: 2025 });
    expect(plain.points[0].theme).not.toBe('执法规范化');
    await expect(
      draft({ section: 'shortcomings', org: '金桥街', year: 2023, focus: '食品安全' }),
    ).rejects.toMatchObject({ code: 'no_evidence' });
  });

  it('refuses with no_evidence when no report before the target year exists', async () => {
    await expect(draft({ section: 'shortcomings', org: '金桥街', year: 2020 })).rejects.toMatchObject({
      code: 'no_evidence',
      message: expect.stringContaining('存在的不足'),
    });
  });
});

describe('next_steps', () => {
  it.each(ORGS)("answers %s's latest shortcomings point by point, citing past next steps", async (org) => {
    const d = await draft({ section: 'next_steps', org, year: 2025 });
    expectGrounded(d, org, 'next_steps');
    expect(d.coverage!.shortcomings.length).toBeGreaterThan(0);
    for (const [i] of d.coverage!.shortcomings.entries())
      expect(d.points.some((p) => p.respondsTo === i)).toBe(true);
    for (const u of d.coverage!.unanswered) expect(d.warnings.some((w) => w.includes(u))).toBe(true);
    // The voice follows the office: 「我街」 for 大港街/金桥街, 「我街道」 for 城西街道/西于庄街道.
    expect(d.draft.split('\n')[1]).toMatch(
      new RegExp(`^2026年，${/街$/.test(org) ? '我街' : '我街道'}将针对上述不足`),
    );
  });

  it('answers pasted shortcomings, and leaves a visible placeholder where the library has no measure', async () => {
    const d = await draft({
      section: 'next_steps',
      org: '金桥街',
      year: 2023,
      shortcomings:
        '一是普法形式较为单一，群众参与度低。二是法治专业人员不足。三是辖区共享单车停放管理混乱。',
    });
    expect(d.coverage!.shortcomings).toHaveLength(3);
    expect(d.points.find((p) => p.respondsTo === 0)!.theme).toBe('普法宣传');
    expect(d.points.find((p) => p.respondsTo === 1)!.theme).toBe('法治队伍建设');
    const gap = d.points.find((p) => p.respondsTo === 2)!;
    expect(gap.text).toMatch(/【待补充：针对“辖区共享单车停放管理混乱”的具体措施】/);
    expect(gap.citations).toEqual([]);
    expect(d.coverage!.unanswered).toEqual(['辖区共享单车停放管理混乱']);
    expect(d.warnings.some((w) => w.includes('共享单车') && w.includes('待补充'))).toBe(true);
  });

  it("never emits the org's own previous plan as this year's measures, and says so", async () => {
    const d = await draft({ section: 'next_steps', org: '城西街道', year: 2023 });
    expect(d.warnings.some((w) => /2022年度报告的「下一步工作」只用于对照/.test(w))).toBe(true);
    expect(d.warnings.some((w) => /几乎相同/.test(w))).toBe(false);
    expect(d.points.flatMap((p) => p.citations).every((c) => c.org !== '城西街道')).toBe(true);
    expect(d.title).toBe('三、2024年推进法治政府建设的工作思路');
  });

  it('drafts the shortcomings first when the org has none in the library', async () => {
    const d = await draft({ section: 'next_steps', org: '新港街', year: 2025, points: 5 });
    expect(d.warnings[0]).toContain('资料库中没有新港街往年报告的「下一步工作」');
    expect(d.warnings.some((w) => w.includes('先按其他单位往年报告起草了不足'))).toBe(true);
    expect(d.points.length).toBeGreaterThanOrEqual(d.coverage!.shortcomings.length);
    expectGrounded(d, '新港街', 'next_steps');
  });
});
