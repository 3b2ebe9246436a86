// Sentence templates of the scale library (written for this eval): the figure topics with their units, how a
// report states each one, how staff ask about it, and the plain sentences around the figures.

export type FigureKind = 'count' | 'people' | 'money' | 'rate';

export interface Topic {
  id: string;
  kind: FigureKind;
  /** Units one report picks from; money and rates are formatted by kind. */
  units: string[];
  /** Inclusive range of the figure (money: in the unit; rates: percent). */
  range: [number, number];
  /** How a report states it; `{v}` is the figure with its unit, `{k}` a small side number, `{lv}` 街道/镇/乡. */
  sentences: string[];
  /** How staff ask for it (after the office and year). */
  questions: string[];
  /** Asking money of a topic the reports only count (「普法活动花了多少钱」): the answer must say 未写明. */
  wrongKind?: string[];
  /** The part of 主要举措 it is reported under. */
  group: keyof typeof GROUPS;
}

export const GROUPS = {
  decision: ['坚持依法决策，规范权力运行', '健全依法决策机制', '提升依法决策水平'],
  enforcement: ['严格规范公正文明执法', '加强综合行政执法', '规范行政执法行为'],
  pufa: ['深化普法宣传教育', '推动全民守法', '营造尊法学法守法用法氛围'],
  mediation: ['推进矛盾纠纷多元化解', '坚持和发展新时代“枫桥经验”', '维护基层和谐稳定'],
  team: ['加强法治工作队伍建设', '提高干部法治素养'],
  openness: ['深化政务公开', '推进政务公开标准化规范化'],
} as const;

export const TOPICS: Topic[] = [
  {
    id: '行政处罚案件',
    kind: 'count',
    units: ['起', '件'],
    range: [18, 960],
    group: 'enforcement',
    sentences: [
      '全年立案查处各类违法行为，办结行政处罚案件{v}',
      '综合执法队严格落实“三项制度”，依法作出行政处罚决定{v}',
      '聚焦占道经营、违规搭建等群众反映集中的问题开展整治，查办行政处罚案件{v}',
    ],
    questions: ['办理了多少起行政处罚案件', '行政处罚案件有多少件', '一共查办了几起行政处罚案件'],
  },
  {
    id: '罚款金额',
    kind: 'money',
    units: ['万元', '元'],
    range: [1.2, 86.9],
    group: 'enforcement',
    sentences: [
      '依法收缴罚没款{v}，全部按规定上缴财政',
      '罚款金额共计{v}，均通过非税收入系统缴纳',
      '全年行政处罚罚款{v}',
    ],
    questions: ['罚了多少钱', '罚没款一共多少', '行政处罚罚款金额是多少'],
  },
  {
    id: '法律顾问审核合同',
    kind: 'count',
    units: ['份', '件'],
    range: [12, 680],
    group: 'decision',
    sentences: [
      '常年法律顾问全程参与重要事务，全年审核各类合同{v}',
      '法律顾问为合同签订把关，审查合同{v}',
      '各类合同一律先经法律顾问审核，全年共审核{v}',
    ],
    questions: ['法律顾问审核了多少份合同', '法律顾问审查合同多少件', '请法律顾问把关的合同有几份'],
    wrongKind: ['法律顾问审核的合同涉及多少钱', '法律顾问审查的合同金额是多少'],
  },
  {
    id: '调解纠纷',
    kind: 'count',
    units: ['件', '起'],
    range: [40, 2400],
    group: 'mediation',
    sentences: [
      '各级人民调解组织共调解矛盾纠纷{v}',
      '坚持“小事不出网格、大事不出{lv}”，排查化解各类矛盾纠纷{v}',
      '依托综治中心受理调处矛盾纠纷{v}',
    ],
    questions: ['调解了多少件矛盾纠纷', '人民调解化解纠纷多少起', '调处矛盾纠纷一共多少件'],
    wrongKind: ['调解的纠纷涉及金额多少', '调解纠纷涉及多少钱'],
  },
  {
    id: '调解成功率',
    kind: 'rate',
    units: ['%'],
    range: [90, 99.95],
    group: 'mediation',
    sentences: ['调解成功率达到{v}', '纠纷调解成功率为{v}'],
    questions: ['调解成功率是多少', '矛盾纠纷调解成功率多少'],
  },
  {
    id: '普法活动场次',
    kind: 'count',
    units: ['场', '次'],
    range: [16, 520],
    group: 'pufa',
    sentences: [
      '结合宪法宣传周、民法典宣传月等节点，开展普法宣传活动{v}',
      '组织法律进社区、进企业、进校园等普法活动{v}',
      '举办法治讲座和以案释法普法活动{v}',
    ],
    questions: ['搞了多少场普法活动', '开展普法宣传活动多少次', '普法活动办了几场'],
    wrongKind: ['普法活动花了多少钱', '搞普法活动用了多少经费'],
  },
  {
    id: '法律明白人',
    kind: 'people',
    units: ['名', '人'],
    range: [20, 860],
    group: 'pufa',
    sentences: [
      '在村（社区）培养“法律明白人”{v}',
      '新培育法律明白人{v}，每个村（社区）都有了懂法的骨干',
      '全{lv}“法律明白人”队伍达到{v}',
    ],
    questions: ['培养了多少个法律明白人', '法律明白人有多少名', '法律明白人培育了多少人'],
    wrongKind: ['法律明白人补贴花了多少钱'],
  },
  {
    id: '政务公开信息',
    kind: 'count',
    units: ['条'],
    range: [60, 3800],
    group: 'openness',
    sentences: ['通过政务网站和公开栏主动公开政务信息{v}', '全年主动发布政府信息{v}，依申请公开全部按期答复'],
    questions: ['主动公开了多少条政务信息', '政务公开信息发布多少条'],
  },
  {
    id: '执法人员持证',
    kind: 'people',
    units: ['名', '人'],
    range: [12, 240],
    group: 'enforcement',
    sentences: ['全{lv}持有行政执法证件的人员达到{v}', '组织执法人员参加资格考试，持证执法人员增至{v}'],
    questions: ['有多少名持证执法人员', '持有执法证的人员多少个', '执法人员持证的有多少人'],
  },
  {
    id: '合法性审查',
    kind: 'count',
    units: ['件', '项'],
    range: [10, 420],
    group: 'decision',
    sentences: [
      '对重大行政决策、规范性文件和重要协议开展合法性审查{v}',
      '提交合法性审查的重大事项{v}，未经审查的一律不上会研究',
    ],
    questions: ['合法性审查了多少项', '经过合法性审查的事项有多少件'],
  },
  {
    id: '法治培训',
    kind: 'people',
    units: ['人次'],
    range: [120, 4800],
    group: 'team',
    sentences: ['举办干部法治培训{k}期，参训{v}', '组织工作人员旁听庭审和集中学法{k}次，累计参训{v}'],
    questions: ['法治培训参训多少人次', '干部参加法治培训多少人次'],
  },
  {
    id: '法治建设经费',
    kind: 'money',
    units: ['万元'],
    range: [3.5, 168],
    group: 'decision',
    sentences: ['将法治建设经费纳入年度预算，落实专项经费{v}', '安排法治建设专项工作经费{v}'],
    questions: ['法治建设投入了多少经费', '法治建设专项经费多少钱'],
  },
];

/** Sentences without figures that open or close a part of 主要举措. */
export const FILLER: Record<keyof typeof GROUPS, string[]> = {
  decision: [
    '严格执行重大行政决策程序，公众参与、风险评估、合法性审查和集体讨论决定一个都不少。',
    '把法律顾问意见作为决策的必经环节，决策过程全程留痕。',
    '对涉及群众切身利益的事项先听取居民代表意见，再提交会议研究。',
  ],
  enforcement: [
    '全面推行行政执法公示、执法全过程记录和重大执法决定法制审核制度。',
    '对首次轻微违法行为依法不予处罚，推行说理式执法。',
    '执法文书统一格式，案卷定期交叉评查。',
  ],
  pufa: [
    '落实“谁执法谁普法”责任制，普法与业务工作同部署、同落实。',
    '用好公众号、电子屏和网格微信群，把法律知识送到居民身边。',
    '针对青少年、老年人和新就业群体开展分众化普法。',
  ],
  mediation: [
    '构建人民调解、行政调解、司法调解衔接联动的工作格局。',
    '建立矛盾纠纷定期排查和分级化解机制，重大纠纷由领导包案。',
    '调解员队伍定期接受业务培训，调解协议书全部规范制作。',
  ],
  team: [
    '把习近平法治思想纳入理论学习中心组学习内容。',
    '新任职干部任前法律知识考试全部参加。',
    '组织执法人员参加专门法律知识轮训。',
  ],
  openness: ['规范政务公开目录，及时更新权责清单。', '依申请公开办理流程向社会公布，答复文书统一审核。'],
};

export const MEASURES_HEADINGS = [
  '一、主要举措和成效',
  '一、法治政府建设主要举措及成效',
  '一、工作开展情况及成效',
  '一、推进法治政府建设的主要举措和成效',
];
export const DUTY_HEADINGS = [
  '党政主要负责人履行推进法治建设第一责任人职责情况',
  '主要负责人履行第一责任人职责情况',
];
export const SHORTCOMING_HEADINGS = ['存在的不足和原因', '存在的问题和不足', '不足及原因'];
export const NEXT_HEADINGS = ['下一步工作安排', '下一年度工作打算', '下步工作措施'];

/** 第一责任人 paragraph (「{k}」 is a small number of meetings, never a fact). */
export const DUTY_SENTENCES = [
  '主要负责人认真履行推进法治建设第一责任人职责，把法治建设与业务工作同谋划、同部署。',
  '全年主持召开专题会议研究法治工作{k}次，对重点任务逐项明确责任人和完成时限。',
  '带头讲法治课，带头参加年度述法，对下属部门负责人履职情况进行督促检查。',
  '对重大事项坚持集体决策，主要负责人末位表态。',
];

export const SHORTCOMINGS = [
  '部分干部运用法治思维解决问题的能力还不够强，遇事找法的习惯尚未完全养成',
  '执法力量与辖区管理任务不相适应，专业执法人员偏少',
  '普法宣传的针对性不强，形式还比较单一，群众参与度不高',
  '矛盾纠纷源头预防做得不够，一些纠纷发现时已经激化',
  '合法性审查力量薄弱，审查质量有待提高',
  '政务公开的及时性、完整性还有差距',
  '执法案卷制作不够规范，文书说理不充分',
  '基层法治阵地利用率不高，部分设施闲置',
];

export const NEXT_STEPS = [
  '持续深入学习贯彻习近平法治思想，把学法用法纳入干部年度考核',
  '充实执法队伍，组织执法人员专项轮训，提高执法规范化水平',
  '创新普法形式，推动普法从“大水漫灌”向“精准滴灌”转变',
  '完善矛盾纠纷排查预警机制，把问题解决在萌芽状态',
  '强化法律顾问作用，确保重大决策和合同审查全覆盖',
  '严格落实政务公开各项制度，回应群众关切',
  '加强执法案卷评查，以评促改',
  '用好法治文化阵地，打造一批群众身边的普法品牌',
];
