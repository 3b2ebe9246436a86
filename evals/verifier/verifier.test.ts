// CI gate for the claim verifier (issue 16, item 4): labelled answer sentences in the styles real chat models
// write (evals/verifier/sentences.jsonl), judged directly by judgeSentences against the paragraphs they cite.
// Targets: correct claims kept ≥ 0.97; wrong claims cut 1.0, each with a reason; claim-free sentences kept.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaseResult,
  citationsFor,
  ERROR_KINDS,
  formatScore,
  judgeCase,
  loadVerifierCases,
  openVerifierLibrary,
  scoreVerifier,
  TARGETS,
  type VerifierLibrary,
  type VerifierScore,
} from './eval-verifier.ts';

const cases = loadVerifierCases();

describe('verifier eval data', () => {
  it('has ≥ 160 sentences: ≥ 90 correct, ≥ 45 wrong (every error kind ≥ 5), ≥ 15 without a claim', () => {
    const n = (label: string) => cases.filter((c) => c.label === label).length;
    expect(cases.length).toBeGreaterThanOrEqual(160);
    expect(n('correct')).toBeGreaterThanOrEqual(90);
    expect(n('wrong')).toBeGreaterThanOrEqual(45);
    expect(n('no_claim')).toBeGreaterThanOrEqual(15);
    for (const k of ERROR_KINDS)
      expect(cases.filter((c) => c.error === k).length, k).toBeGreaterThanOrEqual(5);
  });

  it('covers the styles chat models write in', () => {
    const styles = new Set(cases.map((c) => c.style));
    for (const s of [
      'prompt_form',
      'plain',
      'after_stop',
      'numbered_list',
      'bullet_bold',
      'paraphrase',
      'unit_variant',
      'office_in_meta',
      'year_in_meta',
      'summary',
      'intro_outro',
      'multi_cite',
    ]) {
      expect(styles.has(s), s).toBe(true);
    }
  });
});

describe('claim verifier on labelled sentences', () => {
  let vl: VerifierLibrary;
  let results: CaseResult[];
  let score: VerifierScore;
  beforeAll(async () => {
    vl = await openVerifierLibrary();
    results = [];
    for (const c of cases) results.push(judgeCase(c, await citationsFor(vl.lib, c), vl.offices));
    score = scoreVerifier(results);
    console.log(formatScore(score));
  }, 180_000);
  afterAll(async () => {
    await vl?.close();
  });

  it('resolves every cite text to a stored paragraph of its report', async () => {
    for (const c of cases) expect((await citationsFor(vl.lib, c)).length).toBe(c.cite.length);
  });

  it(`keeps ≥ ${TARGETS.correctKept} of the correct claims`, () => {
    const lost = score.failures.correctCut.map(
      (r) => `${r.case.id} ${r.case.sentence} → ${r.reasons.join('+')}: ${r.details.join('；')}`,
    );
    expect(score.correctKept.rate, lost.join('\n')).toBeGreaterThanOrEqual(TARGETS.correctKept);
  });

  it('cuts every wrong claim, and says why', () => {
    const kept = score.failures.wrongKept.map((r) => `${r.case.id} (${r.case.error}) ${r.case.sentence}`);
    expect(kept, 'wrong sentences kept').toEqual([]);
    const unexplained = results
      .filter((r) => r.case.label === 'wrong' && r.reasons.includes('(none)'))
      .map((r) => r.case.id);
    expect(unexplained, 'cut without a reason').toEqual([]);
  });

  it(`keeps ≥ ${TARGETS.noClaimKept} of the sentences that claim nothing (intros, outros, headings, summaries)`, () => {
    const cut = score.failures.noClaimCut.map(
      (r) => `${r.case.id} ${r.case.sentence} → ${r.reasons.join('+')}`,
    );
    expect(score.noClaimKept.rate, cut.join('\n')).toBeGreaterThanOrEqual(TARGETS.noClaimKept);
  });
});

/**
 * The held-out sets, each written blind by someone who never read the verifier, and scored blind once (their
 * first-run figures are in the commit messages and the issue note); their failure lists were read afterwards
 * and the general causes fixed, so they are regression guards now, not unseen data. Floors are what each
 * reaches today: a change that loses ground on any of them fails.
 */
const HELD_OUT: { file: string; correctKept: number; wrongCut: number; noClaimKept: number }[] = [
  { file: 'heldout.jsonl', correctKept: 0.97, wrongCut: 1, noClaimKept: 0.95 },
  { file: 'heldout2.jsonl', correctKept: 0.97, wrongCut: 1, noClaimKept: 0.95 },
  { file: 'heldout3.jsonl', correctKept: 0.97, wrongCut: 1, noClaimKept: 0.95 },
  { file: 'heldout4.jsonl', correctKept: 1, wrongCut: 1, noClaimKept: 0.95 },
  // Written with four reports of its own (evals/verifier/reports/: a 镇 in a 县, a 区 department, a street
  // whose name is an ordinary word, a 县级市). First, blind run: 118/131, 54/72, 17/19.
  { file: 'heldout5.jsonl', correctKept: 1, wrongCut: 1, noClaimKept: 1 },
  // Four more reports of its own (a 乡 with its county in the title, a 县, a city department, a street named only
  // in its sign-off with its district). First, blind run: 107/115, 67/74, 16/19.
  { file: 'heldout6.jsonl', correctKept: 1, wrongCut: 1, noClaimKept: 1 },
  // Three more reports (a 区 in a city neither in the gazetteer, a 县 department, a 镇 whose county is only in
  // its body). First, blind run: 91/102, 77/82, 26/32.
  { file: 'heldout7.jsonl', correctKept: 0.98, wrongCut: 1, noClaimKept: 1 },
  // Four more reports (a street whose name is an ordinary word with a neighbour in its text, a 镇 whose county is
  // only its addressee line, a 乡 in a 自治县 named only in its sign-off, a 区 department in an unknown city).
  // First, blind run: 105/119, 64/76, 27/31.
  { file: 'heldout8.jsonl', correctKept: 1, wrongCut: 0.98, noClaimKept: 1 },
  // Four more (a street named ××路, a 旗 under a 盟, a county-level city's commission speaking as 「我委」 with its
  // superior's and neighbour's figures, a 高新区 committee). First, blind run: 111/115, 57/75, 23/30.
  { file: 'heldout9.jsonl', correctKept: 0.99, wrongCut: 0.96, noClaimKept: 1 },
  // Three more (a 县 whose body gives its towns' figures beside its own and last year's beside this year's, a 区
  // 司法局 speaking as 「我局」 with its 司法所, a street with a similar-named neighbour). First, blind run:
  // 96/106, 61/70, 18/25.
  { file: 'heldout10.jsonl', correctKept: 1, wrongCut: 1, noClaimKept: 1 },
  // Four more (a 区 government whose body gives its streets', towns' and city's figures, a street named by an
  // ordinary word under a 县级市, a 彝族乡 with its villages, a city 城管执法局 with its district bureaus).
  // First, blind run: 89/110, 54/78, 20/25.
  // (0.96 since an office named as a government, bureau or committee in English is cut: its place cannot be checked,
  // and writers name neighbours that way — h11-128 names the cited bureau itself, and is lost.)
  { file: 'heldout11.jsonl', correctKept: 0.96, wrongCut: 0.93, noClaimKept: 1 },
  // Four more (a 地级市 government with its districts' and counties' figures, a 镇 working with a same-named 乡
  // of another county, a street in an 经济技术开发区 named only in its sign-off, a 县公安局 with its 派出所).
  // First, blind run (after held-out 11's fixes): 91/113, 66/81, 21/25.
  // (0.94 since courts are bodies of their area: h12-136's 「漕岚经开区人民法院」 is the paragraph's 「开发区人民法院」,
  // which the office check cannot match.)
  { file: 'heldout12.jsonl', correctKept: 0.94, wrongCut: 0.96, noClaimKept: 1 },
  // Four more (a 县级市 under a 地级市 sharing a character with it, giving its towns' and streets' figures and the
  // city's; a 区发改委 speaking as 「我委」 with other 区 departments' figures; a street with ordinary-word 社区; a 镇
  // signed jointly by 党委 and 政府, this year beside last year's, with an 工业园区). First, blind run (on
  // 2ce4b7b): 89/114, 74/80, 20/25.
  { file: 'heldout13.jsonl', correctKept: 0.98, wrongCut: 1, noClaimKept: 1 },
  // Four more (a 乡 named like its county with its villages and the county's totals, a 地级市 司法局 speaking as
  // 市局 with its district and county bureaus by full and short names, a street in a 区 named like a city with two
  // close neighbours, a 县 government with its departments by short names and its city's averages), with many
  // figures worked out from the paragraph. First, blind run (on 28d9ba6, after held-out 13's fixes): 81/112,
  // 68/76, 19/25.
  { file: 'heldout14.jsonl', correctKept: 0.91, wrongCut: 0.93, noClaimKept: 1 },
  // Four more (a 县市场监督管理局 with its 市场监管所 by short names and other county bodies, a 区 government with
  // ordinary-word streets and the city's averages, a 镇 comparing three years in every paragraph with a neighbour
  // town, a street inside an 经济技术开发区 with the zone committee's own figures and numbered communities).
  // First, blind run (on dfd9a01): 81/113, 62/78, 21/25.
  { file: 'heldout15.jsonl', correctKept: 0.88, wrongCut: 0.93, noClaimKept: 1 },
  // Four more (a 地级市 government with its counties', districts' and province's figures, a street with
  // ordinary-word 社区 in a 县级市, a 县司法局 with its 司法所 and the county court's and procuratorate's figures, a 乡
  // in a 自治县 with ordinary-word villages and a close neighbour). First, blind run (on afebf04, after held-out
  // 15's fixes): 94/118, 72/81, 20/25.
  { file: 'heldout16.jsonl', correctKept: 0.86, wrongCut: 0.93, noClaimKept: 1 },
  // Four more (a 区司法局 with the 区人民调解委员会, two law firms and the 区 government; a 镇 with villages named by
  // surnames, the county's totals and a neighbour town sharing a character; a 地级市 城市管理局 with its districts'
  // bureaus by short names and two streets; a street comparing 2025 with 2024 in every paragraph). First, blind run
  // (on afc8413, after held-out 16's fixes): 140/155, 76/96, 22/28. Only its no-claim misses and plan years were fixed since.
  { file: 'heldout17.jsonl', correctKept: 0.9, wrongCut: 0.81, noClaimKept: 0.96 },
];

describe('claim verifier on the (formerly blind) held-out sets', () => {
  let vl: VerifierLibrary;
  beforeAll(async () => {
    vl = await openVerifierLibrary();
  }, 180_000);
  afterAll(async () => {
    await vl?.close();
  });
  for (const h of HELD_OUT) {
    it(`${h.file}: correct kept ≥ ${h.correctKept}, wrong cut ≥ ${h.wrongCut}, no-claim kept ≥ ${h.noClaimKept}`, async () => {
      const set = loadVerifierCases(join(import.meta.dirname, h.file));
      const results: CaseResult[] = [];
      for (const c of set) results.push(judgeCase(c, await citationsFor(vl.lib, c), vl.offices));
      const s = scoreVerifier(results);
      const show = (rs: CaseResult[]) =>
        rs.map((r) => `${r.case.id} ${r.case.sentence} → ${r.reasons.join('+')}`).join('\n');
      expect(s.correctKept.rate, show(s.failures.correctCut)).toBeGreaterThanOrEqual(h.correctKept);
      expect(s.wrongCut.rate, show(s.failures.wrongKept)).toBeGreaterThanOrEqual(h.wrongCut);
      expect(s.noClaimKept.rate, show(s.failures.noClaimCut)).toBeGreaterThanOrEqual(h.noClaimKept);
    }, 120_000);
  }
});
