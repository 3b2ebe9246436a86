import { describe, expect, it } from 'vitest';
import { extractFigures, figureIn } from '../text/figures.ts';
import type { Citation } from './types.ts';
import { verifyAnswer } from './verify.ts';
import { judgeSentences } from './claims.ts';

const cite = (text: string, year = 2023, n = 1): Citation => ({
  n,
  paragraphId: `p${n}`,
  documentId: 'd',
  title: 't',
  org: '大港街',
  year,
  section: 'measures',
  heading: null,
  text,
  quote: { start: 0, end: text.length },
  score: 1,
});

describe('figures', () => {
  it('normalises 万/亿, full-width digits, thousands separators and spaces', () => {
    expect(extractFigures('调解涉及金额556.79万元')[0]).toMatchObject({ value: 5567900, unit: '元' });
    expect(figureIn(extractFigures('３万份')[0], '发放宣传资料30000份')).toBe(true);
    expect(figureIn(extractFigures('32,000余份')[0], '发放宣传资料32000余份')).toBe(true);
    expect(figureIn(extractFigures('81 人')[0], '全办共四级网格员81人')).toBe(true);
    expect(figureIn(extractFigures('99.25%')[0], '事件办结率99.25%')).toBe(true);
    expect(figureIn(extractFigures('81起')[0], '全办共四级网格员81人')).toBe(false);
  });

  it('reads composite Chinese numerals, digits with 千, English scales and relative float noise', () => {
    expect(extractFigures('印发手册两万三千册')[0]).toMatchObject({ value: 23000, unit: '册' });
    expect(extractFigures('共一亿二千万元')[0]).toMatchObject({ value: 120_000_000, unit: '元' });
    expect(extractFigures('服务群众5千余人次').map((f) => f.value)).toEqual([5000]);
    expect(figureIn(extractFigures('罚款 3.5 million yuan')[0], '罚款350万元')).toBe(true);
    expect(figureIn(extractFigures('涉案金额48600万元')[0], '涉案金额4.86亿元')).toBe(true);
    // Idioms are not figures.
    expect(extractFigures('服务千家万户、百姓满意')).toEqual([]);
    // A count of years in words is one (「连续五年」); other years in words are not (「一年来」).
    expect(extractFigures('已连续五年实现零发生').map((f) => [f.value, f.unit])).toEqual([[5, '年']]);
    expect(extractFigures('一年来，全街道')).toEqual([]);
  });

  it('an approximate figure is supported by a source figure it rounds, and only by one', () => {
    expect(figureIn(extractFigures('受理约2.4万件')[0], '受理诉求2.36万件')).toBe(true);
    expect(figureIn(extractFigures('受理2.4万件左右')[0], '受理诉求2.36万件')).toBe(true);
    expect(figureIn(extractFigures('受理约2.4万件')[0], '受理诉求2.2万件')).toBe(false);
    // Stated exactly, a rounded figure is not the source's.
    expect(figureIn(extractFigures('受理2.4万件')[0], '受理诉求2.36万件')).toBe(false);
  });

  it('个 is the general classifier: it counts what 名/家/件 count, never money or shares', () => {
    expect(figureIn(extractFigures('帮助38个困难家庭')[0], '帮助38户困难家庭')).toBe(true);
    expect(figureIn(extractFigures('38个')[0], '补助38元')).toBe(false);
  });
});

describe('claims: what is form, what is a claim', () => {
  const lib = ['大港街', '西于庄街道', '城关镇'];
  const judge = (answer: string, text: string) => judgeSentences(answer, [cite(text)], { offices: lib });
  it('a figure attached to its indicator through a linking word, with the office and year between, is the source’s', () => {
    const v = judge(
      '大港街2023年8个社区全部建立调解室，矛盾纠纷调解率达97.5%[1]。',
      '8个社区全部建立调解室，全年调解纠纷200件，调解率97.5%。群众满意率达到96.1%。',
    );
    expect(v.every((x) => x.keep)).toBe(true);
  });
  it('a discourse marker is not an unsupported clause; an invented action on the source’s nouns is', () => {
    expect(
      judge('整体而言，大港街2023年调解纠纷200件[1]。', '全年调解纠纷200件。').every((x) => x.keep),
    ).toBe(true);
    const v = judge(
      '大港街2023年调解纠纷200件，调解后全部回访归档。[1]',
      '全年调解纠纷200件，纠纷当事人满意。',
    );
    expect(v[0]).toMatchObject({ keep: false, reason: 'unsupported_content' });
  });
  it('an office written in traditional characters or letters is a disguise', () => {
    expect(judge('城關鎮2023年调解纠纷200件[1]。', '全年调解纠纷200件。')[0]).toMatchObject({
      keep: false,
      reason: 'foreign_office',
    });
    expect(judge('Xiyuzhuang街道2023年调解纠纷200件[1]。', '全年调解纠纷200件。')[0]).toMatchObject({
      keep: false,
      reason: 'foreign_office',
    });
  });
  it('shares written in words are percentages; an honour must be in the source', () => {
    expect(figureIn(extractFigures('满意率百分之九十六点五')[0], '群众满意率96.5%')).toBe(true);
    expect(figureIn(extractFigures('占比超过七成')[0], '占比70%')).toBe(true);
    expect(extractFigures('建成调解室，完成任务，调解成功')).toEqual([]);
    const v = judge(
      '大港街2023年建成调解室8个，调解室被评为全国模范调解室[1]。',
      '建成调解室8个，被评为区级示范点。',
    );
    expect(v[0]).toMatchObject({ keep: false, reason: 'unsupported_content' });
  });
  it('a county written before a same-named office must be the cited report’s', () => {
    const c = { ...cite('全年调解纠纷200件。'), org: '城关镇', district: '竹山县' };
    expect(judgeSentences('石泉县城关镇2023年调解纠纷200件[1]。', [c], { offices: lib })[0]).toMatchObject({
      keep: false,
      reason: 'wrong_office',
    });
    expect(judgeSentences('竹山县城关镇2023年调解纠纷200件[1]。', [c], { offices: lib })[0]).toMatchObject({
      keep: true,
    });
  });
  it('the district, county or city containing the cited office is not the office; the area a department serves is', () => {
    const town = { ...cite('全年调解纠纷200件。'), org: '苇塘镇', district: '岚溪县' };
    expect(judgeSentences('岚溪县2023年调解纠纷200件[1]。', [town], { offices: lib })[0]).toMatchObject({
      keep: false,
      reason: 'wrong_office',
    });
    // Named as the place of the town, it qualifies: kept.
    expect(judgeSentences('岚溪县苇塘镇2023年调解纠纷200件[1]。', [town], { offices: lib })[0].keep).toBe(
      true,
    );
    const dept = { ...cite('全年办理法律援助案件96件。'), org: '青萝区司法局', district: '青萝区' };
    expect(judgeSentences('青萝区2023年办理法律援助案件96件[1]。', [dept], { offices: lib })[0].keep).toBe(
      true,
    );
    // 「社区」 ends like a district but is none.
    expect(judge('社区2023年调解纠纷200件[1]。', '全年调解纠纷200件。')[0].keep).toBe(true);
  });
  it('a street the gazetteer lacks, as the subject, is an office of its own; a verb before 镇 is not one', () => {
    expect(judge('云杉街道2023年调解纠纷200件[1]。', '全年调解纠纷200件。')[0]).toMatchObject({
      keep: false,
      reason: 'wrong_office',
    });
    expect(judge('列席镇党政联席会议17次[1]。', '列席镇党政联席会议17次。')[0].keep).toBe(true);
  });
  it('which count a figure is: 「、」 lists, breakdowns (其中), passive order, a qualifying 「已落实的」', () => {
    const src = '清理文件112件，废止9件、修改4件。';
    expect(judge('大港街2023年清理文件112件，其中修改9件[1]。', src)[0]).toMatchObject({
      keep: false,
      reason: 'figure_of_other_indicator',
    });
    const cases = '全年办理行政处罚案件58件，其中简易程序案件39件、一般程序案件19件。';
    expect(judge('大港街2023年办理行政处罚案件39件[1]。', cases)[0].keep).toBe(false);
    expect(judge('大港街2023年办理简易程序案件39件[1]。', cases)[0].keep).toBe(true);
    const contracts = '审查重大决策、重大合同等事项173件，其中合同128份，涉及金额9.6亿元。';
    expect(judge('大港街2023年审查合同128份，涉及金额96000万元[1]。', contracts)[0].keep).toBe(true);
    expect(
      judge(
        '大港街2023年有4件涉嫌犯罪案件被移送公安机关[1]。',
        '立案查处违法案件486件，移送公安机关涉嫌犯罪案件4件。',
      )[0].keep,
    ).toBe(true);
    expect(judge('大港街2023年已落实的议事决定达47项[1]。', '形成议事决定47项，已落实41项。')[0].keep).toBe(
      false,
    );
  });
  it('elliptic clauses share their subject; a table cell names its figure; 「在4个社区」 counts what follows', () => {
    const src = '全年收到行政复议申请134件，受理121件，审结115件。';
    expect(judge('大港街2023年受理行政复议申请134件[1]。', src)[0].keep).toBe(false);
    expect(judge('大港街2023年受理行政复议申请121件[1]。', src)[0].keep).toBe(true);
    expect(judge('大港街2023年收到行政复议申请134件[1]。', src)[0].keep).toBe(true);
    const grid = '网格员上报问题3120件，其中处置2680件。';
    expect(judge('| 网格员上报问题 | 2680件 |[1]', grid)[0].keep).toBe(false);
    expect(judge('| 网格员上报问题 | 3120件 |[1]', grid)[0].keep).toBe(true);
    expect(
      judge(
        '大港街2023年在4个社区试点、召开47场[1]。',
        '首次试行议事会，在4个社区开展试点，召开议事会47场。',
      )[0].keep,
    ).toBe(true);
  });
  it('a figure before its noun counts that noun; 「N件…中有M件」 counts what follows; a statement before a colon names nothing', () => {
    const src = '街道设立便民调解站，全年受理邻里纠纷143件，调解成功131件。';
    expect(judge('大港街的调解站一年接了143件邻里纠纷[1]。', src)[0].keep).toBe(true);
    expect(judge('大港街一年调解成功了143件邻里纠纷[1]。', src)[0].keep).toBe(false);
    expect(
      judge(
        '受理的64件信访事项中有19件转交职能部门办理[1]。',
        '受理信访事项64件，转交职能部门19件，其余当场答复。',
      )[0].keep,
    ).toBe(true);
    const aid = '全年办理法律援助案件820件，其中刑事案件270件、民事案件550件。';
    expect(judge('大港街法律援助以民事案件为主：820件中民事550件[1]。', aid)[0].keep).toBe(true);
    expect(judge('大港街民事案件：820件[1]。', aid)[0].keep).toBe(false);
    // The figure stated just before in the same clause brings its own words (务工人员), which are not a rival's.
    expect(
      judge(
        '48名务工人员被拖欠的35.6万元工资得到追回[1]。',
        '为困难群众追回欠薪35.6万元，涉及务工人员48名。',
      )[0].keep,
    ).toBe(true);
  });

  it('a department named with its level only must be a department of the cited office’s level', () => {
    const dept = { ...cite('全年办理法律援助案件96件。'), org: '青萝区司法局', district: '青萝区' };
    const one = (answer: string, c: Citation) => judgeSentences(answer, [c], { offices: lib })[0];
    expect(one('区司法局2023年办理法律援助案件96件[1]。', dept).keep).toBe(true);
    expect(one('省司法厅2023年办理法律援助案件96件[1]。', dept)).toMatchObject({
      keep: false,
      reason: 'wrong_office',
    });
    expect(one('县司法局2023年办理法律援助案件96件[1]。', dept).keep).toBe(false);
    // A street's report is no bureau's; unless the paragraph itself names the bureau.
    expect(one('区司法局2023年办理法律援助案件96件[1]。', cite('全年办理法律援助案件96件。')).keep).toBe(
      false,
    );
    expect(one('区司法局2023年指导调解纠纷12件[1]。', cite('区司法局指导调解纠纷12件。')).keep).toBe(true);
  });

  it('「A和B分别为X和Y」 is read as its pairs; a neighbour the paragraph names takes no figure of another sentence', () => {
    const src = '全年办理行政处罚案件168件，其中简易程序案件129件、普通程序案件39件。';
    expect(judge('其中简易程序和普通程序案件分别为129件和39件[1]。', src)[0].keep).toBe(true);
    expect(judge('其中简易程序和普通程序案件分别为39件和129件[1]。', src)[0].keep).toBe(false);
    const town = {
      ...cite('全年办理行政处罚案件27件。与相邻的柘岭镇建立边界纠纷联调机制，联合调处纠纷6件。'),
      org: '苇塘镇',
    };
    const one = (answer: string) => judgeSentences(answer, [town], { offices: lib })[0];
    expect(one('柘岭镇2023年办理行政处罚案件27件[1]。')).toMatchObject({
      keep: false,
      reason: 'wrong_office',
    });
    expect(one('苇塘镇与柘岭镇联合调处纠纷6件[1]。').keep).toBe(true);
  });

  it('an office in English cannot be checked; an autonomous county is an area; the answer pointing at a part states nothing', () => {
    const src = '全年调处矛盾纠纷164件，调解成功159件。开展法治宣传进村活动12场。';
    expect(judge('Changxi Township 2023年调处矛盾纠纷164件[1]。', src)[0]).toMatchObject({
      keep: false,
      reason: 'foreign_office',
    });
    const village = { ...cite(src), org: '沙岭乡', district: '峦溪瑶族自治县' };
    expect(
      judgeSentences('峦溪瑶族自治县2023年调处矛盾纠纷164件[1]。', [village], { offices: lib })[0],
    ).toMatchObject({ keep: false, reason: 'wrong_office' });
    expect(judge('报告的这一部分主要介绍了法治宣传进村的情况[1]。', src)[0]).toMatchObject({
      keep: true,
      claim: false,
    });
    expect(judge('这一部分介绍了街道获评全国民主法治示范社区[1]。', src)[0].keep).toBe(false);
  });

  it('an office written as a government or committee in English, in look-alike letters or with a lettered zone is cut; talk to the user states nothing', () => {
    const src = '全年办理人大代表建议92件，办复率100%。';
    for (const a of [
      'Lanxi Municipal Government全年办理人大代表建议92件[1]。',
      'Lanxi ETDZ Administrative Committee全年办理人大代表建议92件[1]。',
      '\u0421h\u0435ngxi Municipal Government全年办理人大代表建议92件[1]。', // Cyrillic С and е
      '岚溪ＥＴＤＺ管委会全年办理人大代表建议92件[1]。',
    ])
      expect(judge(a, src)[0]).toMatchObject({ keep: false, reason: 'foreign_office' });
    for (const a of [
      '这个问题可以从决策、执法两个方面来回答。',
      '您是想看具体数字，还是想看做法？',
      '相关内容见所引报告的建议办理部分。[1]',
      '篇幅所限，个别数字还需要您对照原文再核实一下[1]。',
    ])
      expect(judge(a, src)[0]).toMatchObject({ keep: true, claim: false });
  });

  it('the source’s own pairs, a figure stated twice, a city and its district as the subject, a zone’s committee', () => {
    const rates = '全年调解纠纷200件，调解率和调解成功率达到100%和98.5%。';
    expect(judge('大港街调解成功率为98.5%[1]。', rates)[0].keep).toBe(true);
    expect(judge('大港街调解成功率为100%[1]。', rates)[0].keep).toBe(false);
    const hazards = '排查隐患264处，已整改258处，其余6处限期整改。';
    expect(judge('大港街排查隐患264处，已整改258处[1]。', hazards)[0].keep).toBe(true);
    expect(judge('大港街排查隐患264处，已整改264处[1]。', hazards)[0].keep).toBe(false);
    expect(judge('上海市徐汇区2023年排查隐患264处[1]。', hazards)[0]).toMatchObject({
      keep: false,
      reason: 'wrong_office',
    });
    const zone = { ...cite('全年办理行政处罚案件96件。'), org: '澄川市栎林高新技术产业开发区管理委员会' };
    const one = (answer: string) => judgeSentences(answer, [zone], { offices: lib })[0];
    expect(one('澄川市2023年办理行政处罚案件96件[1]。').keep).toBe(false);
    expect(one('栎林高新区综合执法局2023年办理行政处罚案件96件[1]。').keep).toBe(true);
    expect(judge('Lilin Industrial Park在2023年办理行政处罚案件96件[1]。', zone.text)[0].reason).toBe(
      'foreign_office',
    );
    // A transition that carries a citation states nothing.
    expect(judge('接下来再看看隐患整改这一块[1]。', hazards)[0]).toMatchObject({ keep: true, claim: false });
  });

  it('who a figure is said of: a town the county report names, last year’s figure, three pairs, a unit below the office', () => {
    const county = {
      ...cite(
        '全县调处矛盾纠纷4218件，其中柳岸镇调处612件、桐岭镇调处538件。线下普法活动由上年的306场减少至118场。',
      ),
      org: '岱川县',
    };
    const one = (answer: string) => judgeSentences(answer, [county], { offices: lib })[0];
    expect(one('柳岸镇2023年调处矛盾纠纷612件[1]。').keep).toBe(true);
    expect(one('桐岭镇2023年调处矛盾纠纷4218件[1]。')).toMatchObject({ keep: false, reason: 'wrong_office' });
    expect(one('岱川县柳岸镇2023年调处矛盾纠纷612件[1]。').keep).toBe(true);
    expect(one('岱川县2023年开展线下普法活动306场[1]。').keep).toBe(false);
    expect(one('岱川县线下普法活动由上年的306场减少到118场[1]。').keep).toBe(true);
    const kinds = '调处纠纷382件，其中物业纠纷183件、邻里纠纷142件、婚姻家庭纠纷57件。';
    expect(judge('物业纠纷、邻里纠纷和婚姻家庭纠纷分别为183件、142件和57件[1]。', kinds)[0].keep).toBe(true);
    expect(judge('物业纠纷、邻里纠纷和婚姻家庭纠纷分别为142件、183件和57件[1]。', kinds)[0].keep).toBe(false);
    expect(judge('您好，建兴街道2023年调处纠纷382件[1]。', kinds)[0].reason).toBe('wrong_office');
    expect(judge('观看量达到四十二点七万人次[1]。', '网络直播观看量达42.7万人次。')[0].keep).toBe(true);
    expect(judge('新建法治宣传长廊2.6千米[1]。', '新建法治文化广场4个、法治宣传长廊2.6公里。')[0].keep).toBe(
      true,
    );
  });

  it('a city written before its county is a place, a comparison frame is form, a heading with a year states nothing', () => {
    const county = { ...cite('为企业开展法治体检146家次。'), org: '雾峰县', district: '雾峰县' };
    expect(
      judgeSentences('棠溪市雾峰县2023年开展法治体检146家次[1]。', [county], { offices: lib })[0].keep,
    ).toBe(true);
    expect(
      judge(
        '与上年相比，大港街2023年行政处罚案件增长了18.8%[1]。',
        '办理行政处罚案件19件，同比增长18.8%。',
      )[0].keep,
    ).toBe(true);
    const v = judge(
      '### 大港街2023年主要数据\n**大港街2023年行政执法情况**\n大港街2023年调解纠纷200件[1]。',
      '全年调解纠纷200件。',
    );
    expect(v.map((x) => [x.keep, x.claim])).toEqual([
      [true, false],
      [true, false],
      [true, true],
    ]);
  });
  it('the answer announcing what follows states nothing; a figure written 约合 is approximate', () => {
    const v = judge(
      '您好！根据大港街的年度报告，现将主要情况整理如下。这个问题我来帮您梳理一下。另外，在执法方面也有一些具体数据。您还可以继续追问统计口径。大港街2023年罚没款1893万元，约合0.19亿元[1]。',
      '全年罚没款1893万元。',
    );
    expect(v.map((x) => x.keep)).toEqual([true, true, true, true, true, true]);
    expect(v.slice(0, 5).every((x) => !x.claim)).toBe(true);
  });
  it('a breakdown named by what its siblings share is not the breakdown (「普通程序…31件」 when 31 were 简易程序)', () => {
    const src = '办理行政处罚案件42件，其中简易程序31件、普通程序11件。';
    expect(judge('大港街2023年适用普通程序办理的处罚案件有31件[1]。', src)[0].keep).toBe(false);
    expect(judge('大港街2023年适用简易程序办理的处罚案件有31件[1]。', src)[0].keep).toBe(true);
  });
  it('greetings, and the report as the subject of telling, state nothing', () => {
    const v = judge(
      '您好！报告里也给出了调解方面的统计。大港街2023年调解纠纷200件[1]。感谢您的提问！',
      '全年调解纠纷200件。',
    );
    expect(v.map((x) => x.keep)).toEqual([true, true, true, true]);
  });

  it('the answer speaking of itself, or summing up in small counts, states nothing', () => {
    const answer =
      '好的，我来帮您整理一下。接下来看调解工作方面的情况。大港街2023年调解纠纷200件[1]。可见，两个方面都是该街道的重点工作。';
    const v = judge(answer, '全年调解纠纷200件。');
    expect(v.map((x) => x.keep)).toEqual([true, true, true, true]);
    expect(v.map((x) => x.claim)).toEqual([false, false, true, false]);
    // A figure of its own in such a sentence is still a claim that needs a source.
    expect(judge('接下来看一下，大港街还调解了300件纠纷。', '全年调解纠纷200件。')[0]).toMatchObject({
      keep: false,
    });
  });
});

describe('verifyAnswer', () => {
  it('passes a cited, supported answer; the report year in the framing is not a claim', () => {
    const v = verifyAnswer('根据大港街2023年度报告，公开行政处罚55条[1]。', [
      cite('截至目前，公开行政处罚55条。'),
    ]);
    expect(v).toMatchObject({ ok: true, uncitedSentences: [], unsupportedNumbers: [], badMarkers: [] });
  });

  it('flags an uncited sentence, a marker with no citation, and a figure not in the cited source', () => {
    const v = verifyAnswer('公开行政处罚55条[1]。另外还有很多成绩。罚款66万元[1]。调解770起[3]。', [
      cite('公开行政处罚55条，罚款6610元。'),
    ]);
    expect(v.ok).toBe(false);
    expect(v.uncitedSentences).toContain('另外还有很多成绩。');
    expect(v.unsupportedNumbers.map((u) => u.number)).toEqual(['66万元']);
    expect(v.badMarkers).toEqual([3]);
    expect(v.cuts?.map((c) => c.reason)).toEqual(['no_citation', 'figure_not_in_source', 'bad_marker']);
  });

  it('flags a sentence whose words are not in what it cites', () => {
    const v = verifyAnswer('大港街建成了智慧城西APP[1]。', [cite('公开行政处罚55条。')]);
    expect(v.uncitedSentences).toHaveLength(1);
  });

  it('checks claims, not words: the office and year may live in the report metadata; units and numerals normalised', () => {
    const v = verifyAnswer(
      '大港街2023年共有执法人员24名[1]，罚款金额合计0.661万元[1]，公开行政处罚五十五条。[1]',
      [cite('全街执法人员24人，罚款6610元，公开行政处罚55条。')],
    );
    expect(v.cuts).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('form is not content: list markers, Markdown bold and citations after the stop are kept and never read as figures', () => {
    const answer =
      '大港街2023年主要做了这些工作：\n1. **公开**行政处罚55条。[1]\n2. 罚款6610元[1]。\n总体来看，执法工作较为规范。';
    const v = verifyAnswer(answer, [cite('截至目前，公开行政处罚55条，罚款6610元，执法规范。')]);
    expect(v.cuts).toEqual([]);
  });

  it('cuts the wrong office, the wrong year, a figure of another indicator, an invented clause and a disguised name — with reasons', () => {
    const c = cite('主动公开政务信息135条，社区、村公开居务村务信息327条，公开行政处罚55条。');
    const reasons = (a: string) =>
      verifyAnswer(a, [c], { offices: ['大港街', '西于庄街道'] }).cuts?.map((x) => x.reason);
    expect(reasons('西于庄街道公开行政处罚55条[1]。')).toEqual(['wrong_office']);
    expect(reasons('大港街2022年公开行政处罚55条[1]。')).toEqual(['wrong_year']);
    expect(reasons('大港街主动公开政务信息327条[1]。')).toEqual(['figure_of_other_indicator']);
    expect(reasons('大港街公开行政处罚55条，并全部在一周内整改完毕[1]。')).toEqual(['unsupported_content']);
    expect(reasons('西\u200d于庄街道公开行政处罚55条[1]。')).toEqual(['foreign_office']);
    expect(reasons('大港街主动公开政务信息135条[1]。')).toEqual([]);
  });

  it('cuts an act made up around a true figure, and keeps the same figure told in other words', () => {
    const c = cite(
      '全年受理涉及行政处罚的投诉21件，办结19件；作出重大行政决策6项，均经合法性审查和集体讨论决定。',
    );
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街受理行政处罚投诉21件，其中19件经调查属实[1]。')).toEqual(['unsupported_content']);
    expect(reasons('大港街作出的6项重大行政决策均召开了听证会听取意见[1]。')).toEqual([
      'unsupported_content',
    ]);
    expect(reasons('大港街受理行政处罚投诉21件，其中19件已办结[1]。')).toEqual([]);
    expect(reasons('大港街作出的6项重大行政决策都通过了合法性审查[1]。')).toEqual([]);
  });

  it('reads a passive count by its act: what was done to the things counted tells it from their total', () => {
    const c = cite('全年调处矛盾纠纷1367件，调解成功1329件，调解成功率97.2%。');
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街全年共有1329件矛盾纠纷被调解成功[1]。')).toEqual([]);
    expect(reasons('大港街全年共有1367件矛盾纠纷被调解成功[1]。')).toEqual(['figure_of_other_indicator']);
  });

  it('keeps a share or a change worked out from the source, with its sum; cuts a sum that does not hold', () => {
    const c = cite('收集意见建议231条，采纳68条。受理信访事项63件，上年为88件；化解纠纷11件，其中2件转交。');
    const judge = (a: string) => verifyAnswer(a, [c]);
    expect(judge('大港街收集意见建议231条、采纳68条，采纳率约29.4%[1]。').cuts).toEqual([]);
    expect(judge('大港街受理信访事项比上年减少了25件[1]。').cuts).toEqual([]);
    expect(judge('大港街受理信访事项63件，比上年的88件减少25件[1]。').cuts).toEqual([]);
    expect(judge('大港街收集意见建议231条、采纳68条，采纳率约31.4%[1]。').cuts?.map((x) => x.reason)).toEqual(
      ['figure_not_in_source'],
    );
    // A rate the source states is not worked out again; a coincidental share of another total is no sum.
    const review = cite('受理复议案件638件；审结601件，直接纠错75件，纠错率12.5%。');
    expect(
      verifyAnswer('大港街审结601件，直接纠错75件，纠错率为11.8%[1]。', [review]).cuts?.map((x) => x.reason),
    ).toEqual(['figure_not_in_source']);
    // 11 − 2 = 9, but those are not this year's and last year's figures of one thing.
    expect(judge('大港街受理信访事项比上年减少了9件[1]。').cuts?.map((x) => x.reason)).toEqual([
      'figure_not_in_source',
    ]);
    const kept = judgeSentences('大港街收集意见建议231条、采纳68条，采纳率约29.4%[1]。', [c]);
    expect(kept[0].detail).toContain('68条 ÷ 231条');
    expect(judge('大港街收集意见建议231条、采纳68条，采纳率约29.4%[1]。').derived?.[0].detail).toContain(
      '68条 ÷ 231条',
    );
  });

  it('cuts a plan of the next-steps section told as the report year’s work done', () => {
    const plan = {
      ...cite('二是推动执法人员轮训全覆盖，计划培训1200人次。'),
      section: 'next_steps' as const,
    };
    const reasons = (a: string) => verifyAnswer(a, [plan]).cuts?.map((x) => x.reason);
    expect(reasons('2023年，大港街组织执法人员轮训1200人次[1]。')).toEqual(['wrong_year']);
    expect(reasons('大港街下一步计划培训执法人员1200人次[1]。')).toEqual([]);
    expect(reasons('大港街将推动执法人员轮训全覆盖，培训1200人次[1]。')).toEqual([]);
  });

  it('knows an ethnic township and a department by the short names staff use, and cuts a near-miss name', () => {
    const town = { ...cite('全乡培育“法律明白人”98名。'), org: '岩溪彝族乡', year: 2021 };
    const reasons = (a: string) =>
      verifyAnswer(a, [town], { offices: ['岩溪彝族乡', '大港街'] }).cuts?.map((x) => x.reason);
    expect(reasons('岩溪乡2021年培育“法律明白人”98名[1]。')).toEqual([]);
    expect(reasons('岩溪苗族乡2021年培育“法律明白人”98名[1]。')).toEqual(['wrong_office']);
    const dept = {
      ...cite('本局主动公开政府信息386条。'),
      org: '棠川市城市管理和综合行政执法局',
      year: 2024,
    };
    expect(
      verifyAnswer('棠川市城管执法局2024年主动公开政府信息386条[1]。', [dept], {
        offices: ['棠川市城市管理和综合行政执法局'],
      }).cuts,
    ).toEqual([]);
  });

  it("speaks of the departments, government and city a department's paragraph names, by their full names", () => {
    const dept = {
      ...cite(
        '我委起草规范性文件3件，均经区司法局审核；区司法局全年审核全区行政规范性文件38件。区人民政府将本委列为示范创建单位之一，全区共确定示范单位5家。在岚州市2023年度营商环境评价中，栖霞区综合排名全市第3位。岚州市发展和改革委员会通报全市数据合规率为99.6%，栖霞区为99.9%。',
      ),
      org: '栖霞区发展和改革委员会',
      district: '栖霞区',
    };
    const reasons = (a: string) =>
      verifyAnswer(a, [dept], { offices: ['栖霞区发展和改革委员会', '大港街'] }).cuts?.map((x) => x.reason);
    expect(reasons('2023年栖霞区司法局共审核全区行政规范性文件38件[1]。')).toEqual([]);
    expect(reasons('栖霞区人民政府确定了5家示范单位[1]。')).toEqual([]);
    // an area in a frame (「在……评价中」) is not what the figure is said of
    expect(reasons('在岚州市2023年度营商环境评价中，栖霞区综合排名全市第3位[1]。')).toEqual([]);
    // offices given their figures respectively each own some of them
    expect(reasons('2023年岚州市全市和栖霞区的数据合规率分别为99.6%和99.9%[1]。')).toEqual([]);
    // …but the office's own act is not the other department's
    expect(reasons('栖霞区发改委2023年审核全区行政规范性文件38件[1]。')).toEqual(['wrong_office']);
    expect(reasons('2023年栖霞区财政局共审核行政规范性文件38件[1]。')).toEqual(['wrong_office']);
  });

  it('keeps commentary on what it cites (a judgement, a purpose) and still cuts a made-up act', () => {
    const c = cite(
      '围绕“大港鲜鱼”品牌开展专项执法，查处以次充好案件47件。容缺受理事项平均审批时限由12天压缩到5天。',
    );
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街为了护住“大港鲜鱼”这块牌子，2023年查处以次充好案件47件[1]。')).toEqual([]);
    expect(reasons('总体来看，大港街审批提速明显，容缺受理事项平均审批时限从12天压缩到5天[1]。')).toEqual([]);
    expect(reasons('大港街2023年查处以次充好案件47件，并对3名责任人进行了问责[1]。')).toEqual([
      'figure_not_in_source',
    ]);
    expect(reasons('大港街查处以次充好案件47件，相关商户都被吊销了营业执照[1]。')).toEqual([
      'unsupported_content',
    ]);
  });

  it('cuts a place written in letters before a scope word (「Langping全市」)', () => {
    const c = cite('全市人民调解组织调解纠纷6280件。');
    expect(
      verifyAnswer('Langping全市人民调解组织调解纠纷6280件[1]。', [c]).cuts?.map((x) => x.reason),
    ).toEqual(['foreign_office']);
  });

  it('cuts an area of the same name and another level (璞江区 for 璞江市)', () => {
    const c = { ...cite('市政府通过调解、和解方式结案53件。'), org: '璞江市', year: 2024 };
    const reasons = (a: string) =>
      verifyAnswer(a, [c], { offices: ['璞江市', '大港街'] }).cuts?.map((x) => x.reason);
    expect(reasons('璞江市2024年通过调解、和解方式结案53件[1]。')).toEqual([]);
    expect(reasons('璞江区2024年通过调解、和解方式结案53件[1]。')).toEqual(['wrong_office']);
  });

  it('states nothing in wishes, advice to the writer, offers and announcements; 「；」-joined items share the citation', () => {
    const c = cite('中心组专题学法7次，163名干部参加学法考试，合格率100%。');
    const v = verifyAnswer(
      [
        '下面是大港街报告中与学法用法相关的内容[1]：',
        '1. 大港街中心组专题学法7次；2. 163名干部参加学法考试，合格率100%[1]。',
        '写这部分时，建议先写总体数量，再列举一两个特色做法。',
        '如果还需要其他方面的数据，我可以继续检索。',
        '祝您工作顺利！',
        'No problem，随时为您效劳。',
        '至于2025年的实际成效，目前还无法判断，需要等下一年度报告出来再看。',
        '这是个很好的问题。',
        '先说结论，再说依据。',
        '需要提醒的是，不同年度报告的统计口径可能不完全一致，直接对比时请多加留意。',
        '具体表述可参考下面这段原文[1]。',
        '这段材料可以作为您撰写今年报告时的参照[1]。',
        '报告没有单列各社区的调解数据，这部分我暂时无法回答。',
        '具体表述建议直接参考报告原文[1]。',
        '两个街道的工作各有侧重，单凭几项数字很难简单评判高下。',
        '需要的话，我还可以把其他年份的数据做个对照。',
      ].join('\n'),
      [c],
    );
    expect(v.cuts).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('reads 「区政府」 as who, not as what is counted', () => {
    const c = cite('区政府主要负责人主持召开常务会议专题研究法治政府建设6次，常务会议会前学法十四次。');
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街政府常务会议会前学法6次[1]。')).toEqual(['figure_of_other_indicator']);
    expect(reasons('大港街政府常务会议专题研究法治政府建设6次[1]。')).toEqual([]);
  });

  it("keeps rate differences, what is left undone, a share of a whole and last year's figure given to last year", () => {
    const c = cite(
      '“一网通办”可办率达到98.6%，上年为95.1%。发现隐患1374处，整改1351处。仲裁院受理案件2931件，其中来自本街道的占38.2%。',
      2023,
    );
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街可办率由上年的95.1%提升到98.6%，提高了3.5个百分点[1]。')).toEqual([]);
    expect(reasons('大港街发现隐患1374处，已整改1351处，还有23处未整改[1]。')).toEqual([]);
    expect(reasons('大港街发现隐患1374处，已整改1351处，其余23处已移交区里处理[1]。')).toEqual([
      'figure_not_in_source',
    ]);
    expect(reasons('仲裁院受理的2931件案件中，来自大港街的占38.2%，约1120件[1]。')).toEqual([]);
    expect(reasons('2022年大港街“一网通办”可办率为95.1%[1]。')).toEqual([]);
    expect(reasons('2023年大港街“一网通办”可办率为95.1%[1]。')).toEqual(['figure_of_other_indicator']);
  });

  it("works last year's figure back from this year's and its change, and reads both years side by side", () => {
    const c = cite('全年提供法律服务1030次，比上年增加210次。罚没款19.7万元，上年为14.2万元。', 2022);
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('由此可知，大港街2021年提供法律服务820次[1]。')).toEqual([]);
    expect(reasons('大港街上年提供法律服务820次[1]。')).toEqual([]);
    expect(reasons('大港街2022年和2021年的罚没款分别为19.7万元和14.2万元[1]。')).toEqual([]);
    // given to the report's own year, or worked back wrongly, it is not the source's
    expect(reasons('大港街2022年提供法律服务820次[1]。')).toEqual(['figure_not_in_source']);
    expect(reasons('大港街2021年提供法律服务840次[1]。')).not.toEqual([]);
    expect(reasons('大港街2021年罚没款19.7万元[1]。')).toEqual(['wrong_year']);
    // a rank rises as its number falls: 第3位, up 2 on last year, was 第5位
    const rank = cite('在全市营商环境评价中，大港街综合排名全市第3位，较上年上升2位。', 2023);
    expect(verifyAnswer('据此推算，大港街上一年度排名第5位[1]。', [rank]).cuts).toEqual([]);
    expect(verifyAnswer('据此推算，大港街上一年度排名第1位[1]。', [rank]).cuts?.length).toBe(1);
  });

  it('keeps figures worked out from the paragraph by one step the sentence names, and cuts the rest', () => {
    const c = cite(
      '全年受理行政处罚案件48件，其中违法占地17件、农村建房违规12件。村级集体经济收入412万元，同比增长14.4%。出庭应诉率98.7%，比全市平均水平高0.9个百分点。排查矛盾纠纷412起，调解成功405起。禾丰街道立案158件，本街道立案163件。',
    );
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街违法占地和农村建房违规两类合计29件[1]。')).toEqual([]);
    expect(reasons('按14.4%的增幅倒推，大港街上年村级集体经济收入约为360万元[1]。')).toEqual([]);
    expect(reasons('由此推算，全市平均出庭应诉率约为97.8%[1]。')).toEqual([]);
    expect(reasons('大港街排查的412起矛盾纠纷中有7起未能调解成功[1]。')).toEqual([]);
    expect(reasons('禾丰街道立案158件，比大港街少5件[1]。')).toEqual([]);
    // both named with 比, neither written: 受理 − 审结
    const review = cite('全年收到行政复议申请612件，受理558件，审结531件。');
    expect(verifyAnswer('大港街全年受理的行政复议案件比审结案件多27件[1]。', [review]).cuts).toEqual([]);
    expect(verifyAnswer('大港街全年受理的行政复议案件比审结案件多29件[1]。', [review]).cuts?.length).toBe(1);
    expect(reasons('大港街、禾丰街道两个街道立案都在150件以上[1]。')).toEqual([]);
    const staff = cite(
      '乡综合行政执法队现有持证执法人员14名，比上年增加3名。网上可办率达到96.3%，比上年提高8.1个百分点。',
    );
    expect(verifyAnswer('大港街持证执法人员由上年的11名增加到14名[1]。', [staff]).cuts).toEqual([]);
    expect(verifyAnswer('大港街网上可办率由上年的88.2%提高到96.3%[1]。', [staff]).cuts).toEqual([]);
    expect(verifyAnswer('大港街持证执法人员由上年的12名增加到14名[1]。', [staff]).cuts?.length).toBe(1);
    const more = cite(
      '党群服务中心全年办理各类事项2.46万件，比上年增加3100件。拆除违法建设4300平方米，是上年的1.4倍。新创建省级民主法治示范社区4个，累计达到19个。生产安全事故起数、死亡人数同比分别下降21.4%和16.7%。',
    );
    const more_ = (a: string) => verifyAnswer(a, [more]).cuts?.map((x) => x.reason);
    expect(more_('大港街党群服务中心办件量同比增长约14.4%[1]。')).toEqual([]);
    expect(more_('大港街2023年拆违4300平方米，据此推算上年约为3070平方米[1]。')).toEqual([]);
    expect(more_('大港街新创建省级民主法治示范社区4个，此前累计为15个[1]。')).toEqual([]);
    expect(more_('大港街生产安全事故起数和死亡人数分别同比下降21.4%、16.7%[1]。')).toEqual([]);
    expect(more_('大港街党群服务中心办件量同比增长约16.4%[1]。')).not.toEqual([]);
    expect(more_('大港街新创建省级民主法治示范社区4个，此前累计为13个[1]。')).not.toEqual([]);
    // 「六成以上」: at least 60 % and under 70 % (29 of 48 is 60.4 %)
    expect(reasons('大港街违法占地和农村建房违规两类合计29件，占全部行政处罚案件的六成以上[1]。')).toEqual(
      [],
    );
    expect(
      reasons('大港街违法占地和农村建房违规两类合计29件，占全部行政处罚案件的七成以上[1]。'),
    ).not.toEqual([]);
    // not the sum, not the step the sentence names
    expect(reasons('大港街违法占地和农村建房违规两类合计31件[1]。')).toEqual(['figure_not_in_source']);
    expect(reasons('大港街2023年立案比上年减少5件[1]。')).toEqual(['figure_not_in_source']);
  });

  it("works last year's figure back from a growth rate or a change said after another figure, and growth between two stated years", () => {
    const c = cite(
      '全年办理信访事项212件，按期办结率98%，比上年减少38件。罚没款合计63.8万元，同比下降7.5%。2022年调解纠纷310件，2023年为288件，2024年为352件。配备执法人员8名，办理案件56件。',
      2024,
    );
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街2024年办理信访事项212件，比上年减少38件，即上年为250件[1]。')).toEqual([]);
    expect(reasons('按同比下降7.5%倒推，大港街2023年罚没款约为69万元[1]。')).toEqual([]);
    expect(reasons('大港街2024年调解纠纷比2022年增长约13.5%[1]。')).toEqual([]);
    expect(reasons('大港街调解纠纷由2022年的310件降至2023年的288件，降幅约7.1%[1]。')).toEqual([]);
    expect(reasons('大港街执法人员8名，办理案件56件，人均7件[1]。')).toEqual([]);
    // worked the wrong way round, or from the wrong pair
    expect(reasons('大港街2024年办理信访事项212件，比上年减少38件，即上年为174件[1]。')).not.toEqual([]);
    expect(reasons('按同比下降7.5%倒推，大港街2023年罚没款约为59万元[1]。')).not.toEqual([]);
    expect(reasons('大港街2023年调解纠纷288件，较2022年下降约7.6%[1]。')).not.toEqual([]);
    expect(reasons('大港街执法人员8名，办理案件56件，人均8件[1]。')).not.toEqual([]);
  });

  it('counts the offices a paragraph lists, adds up a list of their figures, and reads 「覆盖社区」 as no district', () => {
    const c = {
      ...cite(
        '各街道落实合法性审查，枫桥街道审查事项61件、柳岸街道47件、杏花街道52件、槐荫街道38件。槐荫街道试点社区议事厅，覆盖社区9个。',
        2022,
      ),
      org: '苕岚区',
    };
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('四个街道合法性审查事项合计198件，其中枫桥街道最多[1]。')).toEqual([]);
    expect(reasons('槐荫街道试点社区议事厅，覆盖社区9个[1]。')).toEqual([]);
    expect(reasons('四个街道合法性审查事项合计188件[1]。')).toEqual(['figure_not_in_source']);
    expect(reasons('五个街道合法性审查事项合计198件[1]。')).not.toEqual([]);
  });

  it("reads a paragraph that lists years side by side: each figure is its own year's", () => {
    const c = cite(
      '综合执法队2021年至2023年分别办理案件17件、26件、33件；罚款金额分别为1.2万元、2.6万元、4.1万元。便民服务中心办件量2021年为0.64万件、2022年为0.79万件、2023年为0.93万件。',
      2023,
    );
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街综合执法队2023年办理案件33件，罚款金额4.1万元[1]。')).toEqual([]);
    expect(reasons('2021年至2023年，大港街综合执法队分别办理案件17件、26件、33件[1]。')).toEqual([]);
    expect(reasons('大港街便民服务中心办件量2023年为9300件，2021年为6400件[1]。')).toEqual([]);
    expect(reasons('大港街综合执法队2022年办理案件33件[1]。')).toEqual(['wrong_year']);
    expect(reasons('2022年大港街便民服务中心办件量为0.93万件[1]。')).toEqual(['wrong_year']);
  });

  it('reads fractions as shares, a 市 starting 市场 as no city, and a points difference only between the right rates', () => {
    const c = cite(
      '基层所共办理案件230件。全年调解纠纷298件，其中土地纠纷72件。案卷优秀率85%，群众满意率80%。罚没款94.7万元，同比增长11.3%。',
    );
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街土地纠纷72件，约占全年调解纠纷的四分之一[1]。')).toEqual([]);
    expect(reasons('大港街土地纠纷72件，约占全年调解纠纷的三分之一[1]。')).not.toEqual([]);
    expect(reasons('大港街基层市场监管所共办理案件230件[1]。')).toEqual([]);
    // 85% − 80% are two indicators, not this year's and last year's
    expect(reasons('大港街案卷优秀率85%，较上年提高5个百分点[1]。')).not.toEqual([]);
    // 11.3% of last year's, not of this year's 94.7万元
    expect(reasons('大港街罚没款94.7万元，同比增长11.3%，比上年多出约10.7万元[1]。')).not.toEqual([]);
  });

  it('states nothing when it says the report is silent, points at a passage, defers to a document or advises the writer', () => {
    const src = '全年调解纠纷200件，调解成功率98.5%。';
    for (const a of [
      '报告中没有单独提到这一项，我无法给出确切数字。',
      '关于纠纷调解，报告有专门一段论述[1]。',
      '具体目标以街道正式印发的文件为准，这里仅作参考。',
      '在矛盾纠纷化解方面，可以参考如下表述[1]：',
      '这部分内容报告写得较为概括，建议结合实际补充。',
      '部分表述可能需要结合最新统计口径再作核对。',
      '以上就是本局相关情况的梳理[1]。',
      '这些指标的写法各单位差别较大，您可以根据本单位实际取舍。',
      '早上好！我们开始吧。',
      'Hi，您好！请告诉我需要查询的单位和年份。',
    ])
      expect(judgeSentences(a, [cite(src)], {})[0]).toMatchObject({ keep: true, claim: false });
  });

  it('gives an honour to the unit its clause names, and each part of a sentence its own citation', () => {
    const c = cite('团结社区被评为省级民主法治示范社区，新村社区被评为市级示范社区。全年调解纠纷200件。');
    const reasons = (a: string) => verifyAnswer(a, [c]).cuts?.map((x) => x.reason);
    expect(reasons('大港街团结社区被评为省级民主法治示范社区[1]。')).toEqual([]);
    expect(reasons('大港街新村社区被评为省级民主法治示范社区[1]。')).toEqual(['wrong_office']);
    const a = cite('罚没款5.6万元。', 2023, 1);
    const b = cite('罚没款8.4万元，调解成功率97.2%。', 2023, 2);
    const both = (t: string) => verifyAnswer(t, [a, b]).cuts?.map((x) => x.reason);
    expect(both('大港街罚没款5.6万元[1]，另一年罚没款8.4万元[2]。')).toEqual([]);
    expect(both('大港街罚没款8.4万元[1]，另一年罚没款5.6万元[2]。')).toEqual(['figure_not_in_source']);
    expect(both('大港街罚没款5.6万元，调解成功率97.2%[1][2]。')).toEqual([]);
  });

  it('gives a plan of 下一步工作 the year after the report, whatever the answer calls it', () => {
    const plan = {
      ...cite('推动每个司法所配备2名以上在编人员，法律援助案件办理数量达到800件。', 2022),
      section: 'next_steps' as const,
    };
    const reasons = (a: string) => verifyAnswer(a, [plan]).cuts?.map((x) => x.reason);
    expect(reasons('大港街计划在2022年将法律援助案件办理数量提高到800件[1]。')).toEqual(['wrong_year']);
    expect(reasons('根据大港街2022年度报告，2023年计划将法律援助案件办理数量提高到800件[1]。')).toEqual([]);
  });

  it('notes a figure quoted from another year than the one asked', () => {
    const v = verifyAnswer('公开行政处罚55条[1]。', [cite('公开行政处罚55条。', 2023)], {
      askedYears: [2024],
    });
    expect(v.yearNotes[0]).toContain('2023年度报告');
  });
});
