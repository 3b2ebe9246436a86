import { describe, expect, it } from 'vitest';
import { isReportSpecific, orgContext, retargetSentence } from './retarget.ts';

const ctx = orgContext(
  '金桥街',
  ['金桥街', '大港街', '西于庄街道', null],
  [
    { org: '大港街', district: '滨海新区' },
    { org: '金桥街', district: null },
  ],
);

describe('re-targeting a past sentence to the drafting org', () => {
  it('names other streets 「我街」 in every form reports use', () => {
    expect(retargetSentence('目前西于庄街道政法工作的专业人员较少且多为兼职。', false, ctx)).toBe(
      '目前我街政法工作的专业人员较少且多为兼职。',
    );
    expect(retargetSentence('大港街道办事处将继续深化法治建设各项工作。', false, ctx)).toBe(
      '我街将继续深化法治建设各项工作。',
    );
  });

  it("drops clauses with another report's figures, dates, districts and project names", () => {
    expect(retargetSentence('全年开展普法活动36场，覆盖群众，营造良好法治氛围。', false, ctx)).toBe(
      '覆盖群众，营造良好法治氛围。',
    );
    expect(
      retargetSentence('今年多项综合行政执法事项下放街道，执法人员对执法程序掌握不够充分。', false, ctx),
    ).toBe('执法人员对执法程序掌握不够充分。');
    expect(retargetSentence('利用“合立方”调解专家团，推动矛盾纠纷排查化解。', false, ctx)).toBe(
      '推动矛盾纠纷排查化解。',
    );
    expect(retargetSentence('护航滨海新区经济社会高质量发展，深化“放管服”改革。', false, ctx)).toBe(
      '深化“放管服”改革。',
    );
    expect(isReportSpecific('以第三批全国法治政府建设综合示范区为引领', ctx)).toBe(true);
    expect(retargetSentence('2023年共办理案件55件。', false, ctx)).toBeNull();
  });

  it("keeps the org's own figures (they are cited, and checked against the citation)", () => {
    expect(retargetSentence('全年开展普法活动36场。', true, ctx)).toBe('全年开展普法活动36场。');
  });
});

describe('verifyDraft and disguised names', () => {
  it('finds another office named with a zero-width joiner inside', async () => {
    const { verifyDraft } = await import('./checks.ts');
    const ctx = orgContext('金桥街', ['金桥街', '大港街'], [], '街道');
    const v = verifyDraft(
      [
        {
          theme: 't',
          text: '一是大\u200d港街的做法[1]。',
          citations: [
            {
              n: 1,
              paragraphId: 'p',
              documentId: 'd',
              title: 't',
              org: '大港街',
              year: 2023,
              section: 'shortcomings',
              heading: null,
              text: 'x',
              quote: { start: 0, end: 1 },
              score: 1,
            },
          ],
          placeholders: [],
        },
      ],
      'shortcomings',
      ctx,
      [2024],
    );
    expect(v.foreignOrgs.map((f) => f.name)).toEqual(['大港街']);
  });
});
