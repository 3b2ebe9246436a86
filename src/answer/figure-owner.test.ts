import { describe, expect, it } from 'vitest';
import { extractFigures } from '../text/figures.ts';
import { foreignOwner } from './figure-owner.ts';
import type { Citation } from './types.ts';

const cite = (org: string, title: string, text: string, district: string | null = null): Citation => ({
  n: 1,
  paragraphId: 'p1',
  documentId: 'd1',
  title,
  org,
  district,
  year: 2022,
  section: 'measures',
  heading: null,
  text,
  quote: { start: 0, end: text.length },
  score: 0,
});

/** The owner the paragraph gives each figure of the answer, when it is not the one the answer gives it to. */
const owners = (answer: string, c: Citation) =>
  extractFigures(answer)
    .filter((f) => f.unit && f.unit !== '年')
    .map((f) => foreignOwner(f, answer, [c]));

const town = cite(
  '青禾乡',
  '梧溪县青禾乡人民政府关于2022年度法治政府建设情况的报告',
  '乡、村两级调委会全年调处矛盾纠纷186件，调解成功181件。其中石门村化解山林纠纷23件，柳塘村化解宅基地纠纷12件。同期全县各乡镇共调处矛盾纠纷2450件。与相邻的安平乡建立联合调处机制，共同调处跨界纠纷7件，安平乡移交线索3条。',
  '梧溪县',
);

describe('whose figure', () => {
  it("keeps the report's own figures, however the answer names its office", () => {
    expect(owners('青禾乡2022年调处矛盾纠纷186件，调解成功181件[1]。', town)).toEqual([null, null]);
    expect(owners('全乡共调处矛盾纠纷186件[1]。', town)).toEqual([null]);
    // Joint work with a neighbour (「与相邻的安平乡……共同调处7件」) is the report's own.
    expect(owners('青禾乡与安平乡共同调处跨界纠纷7件[1]。', town)).toEqual([null]);
  });

  it("cuts the county's total, a village's figure or a neighbour's given to the report's office", () => {
    expect(owners('青禾乡2022年共调处矛盾纠纷2450件[1]。', town)).toEqual(['全县']);
    expect(owners('青禾乡全乡化解山林纠纷23件[1]。', town)).toEqual(['石门村']);
    expect(owners('青禾乡移交线索3条[1]。', town)).toEqual(['安平乡']);
  });

  it("keeps a village's or the county's figure given to them, and cuts one given to the wrong village", () => {
    expect(owners('青禾乡石门村化解山林纠纷23件[1]。', town)).toEqual([null]);
    expect(owners('同期梧溪县各乡镇共调处矛盾纠纷2450件[1]。', town)).toEqual([null]);
    expect(owners('柳塘村化解山林纠纷23件[1]。', town)).toEqual(['石门村']);
    expect(owners('石门村调处矛盾纠纷186件[1]。', town)).toEqual(['青禾乡']);
  });

  it('reads offices listed with 分别 together, and 「该镇」 as the office the answer named last', () => {
    const county = cite(
      '梧溪县',
      '梧溪县人民政府关于2022年度法治政府建设情况的报告',
      '全县办理行政处罚案件1320件。青禾乡、白沙镇作为综合执法试点，分别办理案件86件和64件。一是执法力量不均衡，白沙镇、青禾乡持证执法人员分别只有6名和8名。',
      '梧溪县',
    );
    expect(owners('青禾乡和白沙镇分别办理案件86件、64件[1]。', county)).toEqual([null, null]);
    expect(owners('梧溪县白沙镇持证执法人员只有6名[1]。', county)).toEqual([null]);
    expect(owners('梧溪县办理案件86件[1]。', county)).toEqual(['青禾乡、白沙镇']);
    expect(owners('梧溪县白沙镇办理案件64件，但该镇持证执法人员只有6名[1]。', county)).toEqual([null, null]);
  });

  it('does not take a site, a title in 《》 or a phrase of running text for an office', () => {
    const street = cite(
      '新桥街道',
      '岚溪市新桥街道办事处关于2022年法治政府建设情况的报告',
      '安澜新村安置点安置搬迁群众420户，追回务工欠薪38.5万元。街道制定《老工业区改造项目审查规程》，开展前置审查15项。组织农业农村、水利等部门开展联合巡查96次。',
    );
    expect(owners('新桥街道帮助安置群众追回欠薪38.5万元[1]。', street)).toEqual([null]);
    expect(owners('新桥街道对老工业区改造项目开展前置审查15项[1]。', street)).toEqual([null]);
    expect(owners('新桥街道开展联合巡查96次[1]。', street)).toEqual([null]);
  });

  it("tells a town from a township of the same name, a unit's figure from its bureau's, and joint work from a neighbour's", () => {
    const town = cite(
      '丰禾镇',
      '岭川市丰禾镇人民政府关于2021年法治政府建设工作情况的报告',
      '镇村两级调委会全年调处纠纷426件。丰禾乡与我镇共同巡查界河7.5公里。丰禾乡另自行开展普法活动29场。',
    );
    expect(owners('丰禾镇全年调处纠纷426件[1]。', town)).toEqual([null]);
    expect(owners('丰禾乡调处纠纷426件[1]。', town)).toEqual(['丰禾镇']);
    expect(owners('丰禾镇与丰禾乡共同巡查界河7.5公里[1]。', town)).toEqual([null]);
    expect(owners('丰禾镇自行开展普法活动29场[1]。', town)).toEqual(['丰禾乡']);
    const bureau = cite(
      '蓼川县公安局',
      '蓼川县公安局关于2022年法治政府建设工作情况的报告',
      '受理行政案件4326件。城关派出所受理行政案件1386件，青石派出所办理业务9200笔。',
      '蓼川县',
    );
    expect(owners('蓼川县公安局受理行政案件1386件[1]。', bureau)).toEqual(['城关派出所']);
    expect(owners('城关派出所受理行政案件1386件[1]。', bureau)).toEqual([null]);
    expect(owners('蓼川县公安局全年办理业务9200笔[1]。', bureau)).toEqual(['青石派出所']);
  });

  it("cuts a zone's, a province's or a superior bureau's figure given to the office, and the office's given to them", () => {
    const street = cite(
      '启航街道',
      '关于2024年度法治政府建设工作情况的报告',
      '检查园区企业2160家次。开发区全年检查企业6890家次，本街道完成的占31.4%。街道主动公开政务信息276条。',
      '漕川经济技术开发区',
    );
    expect(owners('启航街道2024年检查园区企业2160家次[1]。', street)).toEqual([null]);
    expect(owners('启航街道2024年共检查企业6890家次[1]。', street)).toEqual(['开发区']);
    expect(owners('漕川经开区管委会2024年主动公开政务信息276条[1]。', street)).toEqual(['启航街道']);
    const city = cite(
      '澄川市',
      '澄川市人民政府关于2023年法治政府建设情况的报告',
      '全市各级行政复议机构共受理复议案件638件。',
    );
    expect(owners('岚海省2023年受理复议案件638件[1]。', city)).toEqual(['澄川市']);
    expect(owners('岚海省澄川市2023年受理复议案件638件[1]。', city)).toEqual([null]);
    const bureau = cite(
      '蓼川县公安局',
      '蓼川县公安局关于2022年法治政府建设工作情况的报告',
      '全年受理刑事案件1843起。',
    );
    expect(owners('市局2022年受理刑事案件1843起[1]。', bureau)).toEqual(['蓼川县公安局']);
    expect(owners('县局2022年受理刑事案件1843起[1]。', bureau)).toEqual([null]);
  });

  it("reads the other departments of a department's own area as offices of their own (「区住建局」 in a 区发改委's report)", () => {
    const commission = cite(
      '栖霞区发展和改革委员会',
      '栖霞区发展和改革委员会2023年度法治政府建设情况报告',
      '全年办理企业投资项目备案210个。区住房和城乡建设局同步压缩审批时限，全年核发施工许可证96件。会同区财政局兑现奖补资金8600万元。市医疗保障纠纷调解委员会受理纠纷41件，涉及金额230万元。',
    );
    // the department named with its area, or by its level only, or by a short name the data file or its characters give
    expect(owners('栖霞区住房和城乡建设局2023年核发施工许可证96件[1]。', commission)).toEqual([null]);
    expect(owners('区住建局全年核发施工许可证96件[1]。', commission)).toEqual([null]);
    expect(owners('栖霞区发改委2023年核发施工许可证96件[1]。', commission)).toEqual(['区住房和城乡建设局']);
    expect(owners('栖霞区发改委2023年办理备案210个[1]。', commission)).toEqual([null]);
    // 「会同区财政局」 is the commission's act with the bureau, not an area called 会同区
    expect(owners('栖霞区发改委会同区财政局兑现奖补资金8600万元[1]。', commission)).toEqual([null]);
    expect(owners('市医保调委受理纠纷41件[1]。', commission)).toEqual([null]);
    // an answer that names no office gives the figure to no one wrongly
    expect(owners('这些纠纷涉及金额230万元[1]。', commission)).toEqual([null]);
  });

  it('reads lists of offices with programme names between them, and offices after a modifier', () => {
    const city = cite(
      '澄川市',
      '澄川市人民政府关于2023年法治政府建设情况的报告',
      '枫溪县推行“证照联办”，办件4120件；苍岭县“跨省通办”办件2860件。苍岭县、枫溪县行政执法人员持证率分别为88.3%、90.6%。',
    );
    expect(owners('枫溪县“证照联办”和苍岭县“跨省通办”的办件量分别为4120件、2860件[1]。', city)).toEqual([
      null,
      null,
    ]);
    expect(owners('澄川市2023年“跨省通办”办件2860件[1]。', city)).toEqual(['苍岭县']);
    expect(owners('枫溪县行政执法人员持证率为90.6%[1]。', city)).toEqual([null]);
    expect(owners('澄川市下辖的枫溪县2023年推行“证照联办”，办件4120件[1]。', city)).toEqual([null]);
  });

  it("reads joint work in the figure's clause, an office after the areas that qualify it, and 「园区」 for the zone named before", () => {
    const street = cite(
      '胜泉街道',
      '桤林区胜泉街道办事处关于2021年度法治政府建设情况的报告',
      '与东湖街道联合举办普法擂台赛2场，东湖街道另组织普法活动97场。与相邻的柘林县丰水乡建立联调机制，丰水乡向我街道移交线索7条。锦垣工业园区全年代办事项1286件；园区规上工业产值达到86.3亿元。',
    );
    expect(
      owners('东湖街道2021年另组织普法活动97场，还与胜泉街道联合举办普法擂台赛2场[1]。', street),
    ).toEqual([null, null]);
    expect(owners('柘林县丰水乡2021年向胜泉街道移交线索7条[1]。', street)).toEqual([null]);
    expect(owners('胜泉街道2021年移交线索7条[1]。', street)).toEqual(['丰水乡']);
    expect(owners('锦垣工业园区2021年规上工业产值为86.3亿元[1]。', street)).toEqual([null]);
    expect(owners('胜泉街道2021年规上工业产值为86.3亿元[1]。', street)).toEqual(['锦垣工业园区']);
  });

  it("reads an office's organ as the office, a superior city's 「全市」 as the city's, and another city's department", () => {
    const city = cite(
      '璞江市',
      '璞江市人民政府关于2024年度法治政府建设情况的报告',
      '棣华街道便民服务中心试点“无差别综合窗口”，全年办件4.7万件。依托市便民服务中心办理事项2.1万件。璞州市全市行政处罚案件总数为2.18万件，我市约占19.3%。峄州市卫生健康委员会全年在所辖各县市区共开展督查12场。',
    );
    expect(owners('璞江市便民服务中心全年办件4.7万件[1]。', city)).toEqual(['棣华街道']);
    expect(owners('棣华街道便民服务中心全年办件4.7万件[1]。', city)).toEqual([null]);
    expect(owners('璞江市便民服务中心办理事项2.1万件[1]。', city)).toEqual([null]);
    expect(owners('璞江市全年行政处罚案件总数为2.18万件[1]。', city)).toEqual(['璞州市全市']);
    expect(owners('璞州市2024年全市行政处罚案件总数为2.18万件[1]。', city)).toEqual([null]);
    expect(owners('璞江市2024年开展督查12场[1]。', city)).toEqual(['峄州市卫生健康委员会']);
  });

  it("reads 「在××园区」 as a place, and an answer's 「全市」 as the city it named before in the sentence", () => {
    const town = cite(
      '榧溪镇',
      '中共榧溪镇委员会 榧溪镇人民政府关于2022年度法治政府建设情况的报告',
      '在锦垣工业园区开展“送法进企业”活动31场。苎溪镇、岚桥镇被确定为璞州市观测点，璞州市全市共确定观测点12个。',
    );
    expect(owners('榧溪镇2022年在锦垣工业园区开展“送法进企业”活动31场[1]。', town)).toEqual([null]);
    expect(owners('您问的璞州市观测点，2022年全市共确定12个[1]。', town)).toEqual([null]);
    expect(owners('榧溪镇2022年全镇共确定观测点12个[1]。', town)).toEqual(['璞州市全市']);
  });

  it("in a government's paragraph, a department's figure is the government's or that department's, not another's", () => {
    const county = cite(
      '云岚县',
      '云岚县人民政府关于2021年度法治政府建设情况的报告',
      '县应急管理局全年查处安全生产违法行为173起；县生态环境分局办理环境违法案件58件。县政府常务会议研究重大事项86项，提出审查意见157条。',
    );
    expect(owners('县生态环境分局2021年办理环境违法案件58件[1]。', county)).toEqual([null]);
    expect(owners('云岚县2021年办理环境违法案件58件[1]。', county)).toEqual([null]);
    expect(owners('县应急管理局2021年办理环境违法案件58件[1]。', county)).toEqual(['县生态环境分局']);
    expect(owners('县司法局提出审查意见157条[1]。', county)).toEqual([null]);
  });

  it("reads 「下辖××区司法局」 as that bureau, and an answer's 「××县局」 as the one bureau of that county the paragraph names", () => {
    const city = cite(
      '沣川市司法局',
      '沣川市司法局2022年度法治政府建设情况报告',
      '下辖岷川区司法局协助办理涉区复议案件224件，椿岭区司法局协助办理189件。岷川区局开展执法监督检查28次，渌川县司法局开展19次。',
    );
    expect(owners('岷川区司法局、椿岭区司法局分别协助办理复议案件224件、189件[1]。', city)).toEqual([
      null,
      null,
    ]);
    expect(owners('沣川市司法局协助办理复议案件224件[1]。', city)).toEqual(['岷川区司法局']);
    expect(owners('渌川县局开展执法监督检查19次[1]。', city)).toEqual([null]);
    expect(owners('岷川区局开展执法监督检查19次[1]。', city)).not.toEqual([null]);
  });

  it('reads an office followed by a time word as acting (「青柳街道同期开展检查1390家次」)', () => {
    const street = cite(
      '青苗街道',
      '澜川区青苗街道2024年法治政府建设工作报告',
      '全年开展安全生产检查1460家次。青柳街道同期开展检查1390家次，禾川街道1512家次。',
    );
    expect(owners('青柳街道、禾川街道同期分别开展检查1390家次、1512家次[1]。', street)).toEqual([null, null]);
    expect(owners('青苗街道2024年开展检查1390家次[1]。', street)).toEqual(['青柳街道']);
  });

  it('reads a unit named by its short name after 其中 (「其中城关所76件」) as the unit, not the bureau', () => {
    const bureau = cite(
      '苕溪县市场监督管理局',
      '苕溪县市场监督管理局关于2022年度法治政府建设情况的报告',
      '全年立案查处违法案件410件。各基层市场监管所共办理案件233件，其中城关所81件、渡口所64件、桂溪所88件。',
    );
    expect(owners('城关所、渡口所分别办理案件81件、64件[1]。', bureau)).toEqual([null, null]);
    expect(owners('城关所全年立案查处违法案件410件[1]。', bureau)).toEqual(['苕溪县市场监督管理局']);
    expect(owners('苕溪县市场监督管理局办理案件88件[1]。', bureau)).toEqual(['桂溪所']);
  });

  it('reads numbered communities, a neighbour acting after a time word, and an organ in a list of offices', () => {
    const street = cite(
      '枫语街道',
      '苕岚经济技术开发区枫语街道2025年法治政府建设情况报告',
      '全年调解纠纷905件；其中第一社区调解纠纷187件、北区社区162件。与相邻的榴川街道建立联调机制，榴川街道当年办理行政处罚案件44件。枫林街道“和事佬”调解室全年调解纠纷533件，柳岸街道调解纠纷497件。',
    );
    expect(owners('第一社区、北区社区分别调解纠纷187件、162件[1]。', street)).toEqual([null, null]);
    expect(owners('枫语街道全年调解纠纷187件[1]。', street)).toEqual(['第一社区']);
    expect(owners('枫语街道2025年办理行政处罚案件44件[1]。', street)).toEqual(['榴川街道']);
    expect(owners('枫林街道“和事佬”调解室和柳岸街道分别调解纠纷533件和497件[1]。', street)).toEqual([
      null,
      null,
    ]);
  });

  it('reads villages named by ordinary words as villages, but not a verb with 社区 or 农村 as its object', () => {
    const town = cite(
      '禾川乡',
      '禾川乡人民政府关于2022年度法治政府建设情况的报告',
      '全乡调解纠纷141起。团结村调解纠纷42起，红星村31起。培育农村“法律明白人”96名。',
    );
    expect(owners('禾川乡调解纠纷42起[1]。', town)).toEqual(['团结村']);
    expect(owners('团结村、红星村分别调解纠纷42起、31起[1]。', town)).toEqual([null, null]);
    expect(owners('禾川乡培育“法律明白人”96名[1]。', town)).toEqual([null]);
  });

  it('reads 和 inside a village name as part of the name, and 「四个社区中」 as leading to the one named', () => {
    const street = cite(
      '青禾街道',
      '青禾街道2024年法治政府建设情况报告',
      '全年调解纠纷402起，其中光明社区调解138起，和平里社区调解五十六起。',
    );
    expect(owners('和平里社区全年调解纠纷56起[1]。', street)).toEqual([null]);
    expect(owners('青禾街道调解纠纷56起[1]。', street)).toEqual(['和平里社区']);
    expect(owners('四个社区中光明社区调解量最大，为138起[1]。', street)).toEqual([null, null]);
  });

  it('reads the county court and procuratorate as bodies of the county, by full and level names', () => {
    const bureau = cite(
      '苕溪县司法局',
      '苕溪县司法局关于2022年度法治政府建设情况的报告',
      '全年办理法律援助案件612件。县人民法院审结一审行政案件139件，县人民检察院办理公益诉讼案件27件。',
      '苕溪县',
    );
    expect(owners('苕溪县人民法院审结一审行政案件139件[1]。', bureau)).toEqual([null]);
    expect(owners('苕溪县司法局审结一审行政案件139件[1]。', bureau)).toEqual(['县人民法院']);
  });
});
