// Verification by claims, not word overlap: each answer sentence is read as a claim — its office, year,
// figures with the thing each counts (indicator), and its other content words — and checked against the
// paragraphs it cites together with their reports' metadata (office, year, heading). Form (list markers,
// Markdown, a citation after the full stop, line breaks) is form: kept, never read as content.
import { loadGazetteer } from '#gazetteer';
import { segmenter } from '#segmenter';
import { orgKey } from '../ingest/extract-metadata.ts';
import { officeMentions } from '../ingest/office.ts';
import { synonymsOf } from '../search/lexicon.ts';
import { chineseYearsToDigits, normalizeCjkCompat, normalizeForMatch } from '../text/normalize.ts';
import { toSimplified } from '../text/traditional.ts';
import { bareArea, departmentAliases, deptShortNames, localAliases } from '../question/offices.ts';
import { tokenize } from '../text/tokenize.ts';
import { type Figure, extractFigures, figureIn, spellMeasures } from '../text/figures.ts';
import { derivation, priorValue } from './derived.ts';
import { foreignOwner } from './figure-owner.ts';
import type { Citation } from './types.ts';

export type CutReason =
  | 'no_citation'
  | 'bad_marker'
  | 'wrong_office'
  | 'wrong_year'
  | 'figure_not_in_source'
  | 'figure_of_other_indicator'
  | 'unsupported_content'
  | 'foreign_office';

/** What each reason means, for the audit console and README. */
export const CUT_REASONS: Record<CutReason, string> = {
  no_citation: '陈述了事实却没有出处',
  bad_marker: '引用了不存在的出处编号',
  wrong_office: '单位与所引报告不符',
  wrong_year: '年份与所引报告不符',
  figure_not_in_source: '数字在所引段落中找不到',
  figure_of_other_indicator: '数字属于所引段落中的另一项指标',
  unsupported_content: '内容在所引段落中找不到依据（可能是编造的分句）',
  foreign_office: '含有经过变形的其他单位名称',
};

export interface SentenceVerdict {
  /** The sentence as written, form included (list marker, Markdown, trailing markers, line break). */
  raw: string;
  /** The sentence without its form: what is checked. */
  text: string;
  markers: number[];
  /** False for a sentence that states nothing (intro, outro, a summary of cited claims). */
  claim: boolean;
  keep: boolean;
  reason: CutReason | null;
  detail: string | null;
}

export interface JudgeOptions {
  /** Every office of the library (answers must not name one their source is not about). */
  offices?: string[];
  askedYears?: number[];
  /** Sentences written by the system itself (a refusal's explanation, a note): never claims. */
  exempt?: (sentence: string) => boolean;
}

const ZERO_WIDTH = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e\ufe00-\ufe0f]|\udb40[\udd00-\uddef]/g;
/**
 * A place name written in letters (「ＸＩＮＧＬＯＮＧ街道」「Dongguan街道」), or its level in pinyin between
 * characters (「××qu教育局」): a disguise, never a report's spelling — every report names its office in characters.
 */
const LETTERED_NAME =
  /(?:[\uff21-\uff3a\uff41-\uff5a]+|(?<![A-Za-z])[A-Za-z]{2,})\s*全?(?:街道|街|镇|乡|区|县|市|管委会|管理委员会)|[\u4e00-\u9fff](?:qu|xian|shi|zhen|xiang|jiedao|jie)[\u4e00-\u9fff]|\b[A-Z][a-z]{2,}\s+(?:Qu|Xian|Shi|Zhen|Xiang|Jiedao|Jie)\b/i;
/** A place or office named in English (「Changdong Township」「Pudong New Area」): nothing to check it against. */
const ENGLISH_NAME =
  /\b[A-Z][a-z]+(?:[\s-]+[A-Z][a-z]+)*\s+(?:District|County|Township|Town|Subdistrict|Street|City|Province|Prefecture|Village|New Area|Banner|League|Park|Zone|Yuanqu|Kaifaqu|Municipal(?:ity)?|(?:People's\s+)?Government|Administrative Committee|Management Committee|Committee|Bureau|Commission|ETDZ|EDZ|HTZ)\b/;
/** Letters of other scripts written for Latin ones (Cyrillic С, е; Greek Ο): read as the Latin they imitate. */
const HOMOGLYPHS: Record<string, string> = Object.fromEntries(
  [...'АВЕКМНОРСТХаеорсухіјѕΑΒΕΗΙΚΜΝΟΡΤΧΥΖοκν'].map((ch, i) => [
    ch,
    'ABEKMHOPCTXaeopcyxijsABEHIKMNOPTXYZokv'[i],
  ]),
);
const latinised = (t: string) => t.replace(/[\u0370-\u03ff\u0400-\u04ff]/g, (ch) => HOMOGLYPHS[ch] ?? ch);
const MARKER = /[[［](\d{1,3})[\]］]/g;
/** Numbering and Markdown that only give a sentence its shape. */
const LIST_FORM =
  /^\s*(?:#{1,6}\s+|[-*•·]\s+|\d{1,2}[.、．)）]\s*|[（(][一二三四五六七八九十\d]{1,3}[)）]\s*|[一二三四五六七八九十]{1,3}[、.．]\s*|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]+[，、,])/;
/** Words that frame a statement (where it comes from, that it is a list) but claim nothing. */
const FRAMING = new Set(
  tokenize(
    '根据 依据 按照 摘自 摘录 原文 数据 资料 以下 以上 年度 报告 显示 提到 指出 表明 写明 其中 此外 另外 以及 同时 并且 主要 主要有 包括 如下 方面 情况 工作 开展 相关 有关 进行 全年 一年 当年 今年 该 街道 该街道 该镇 我街 本街 未署名 共计 合计 累计 总计 一共 共 达到 约 超过 余 多 个 项 方面 具体 分别 为 是 有 在 对 了 和 与 及 等 也 还 都 已 其 中 从 内容 部分 存在 不足 下一步 举措 成效 措施 职责 第一责任人',
  ),
);
const SUMMARY =
  /^(?:如有|如果您|如您|您可以|可以继续|欢迎|以上内容|以下内容|以下数据|以上数据|总体来看|总的来看|总的来说|总体而言|综上|总之|以上|以下|如下|具体如下|可以看出|由此可见|可见[，,]|从报告来看|从.{1,12}来看|希望|如需|如果需要|请参考|请查阅|注[:：]|说明[:：])/;

/** A reply word, the assistant or the user as subject, or a transition — with a verb of telling or looking. */
const META_SUBJECT =
  /^(?:好的|好|嗯|是的|有的|当然|明白了?|收到|没问题)[，,！!。]|(?:^|[，,]\s*)(?:接下来|下面|再来|再看|先看|首先|其次|最后)|(?:^|[，,])\s*(?:我|我们|让我|您|你)(?:将|来|会|先|再|就|可以|想|已|按|把|帮|为|给)?|我(?:将|来|会|先|再|就|可以|想|已|按|把|帮|为|给)|^(?:这个|这一|该|此|您的|你的|您这个|你这个)问题/;
const META_VERB =
  /看看|来看|再看|看一下|开始|说说|讲一讲|聊聊|挑重点|重点说|作答|核实|介绍|说明|谈谈|讲讲|列出|列举|整理|回答|梳理|汇总|总结|概括|归纳|分析|查一下|查询|查阅|查找|帮你|帮您|为您|帮忙|分享|补充|展开/;
/** The answer speaking of itself or to the user: says nothing about any report. */
const GREETING =
  /^(?:(?:hi|hello)[，,!！\s]*|早上好|上午好|下午好|晚上好|您好|你好|大家好|感谢|谢谢|祝您|祝你|祝工作|no problem|ok|很高兴|随时为您|不客气|抱歉|对不起|很遗憾|希望以上|以上信息仅供|仅供参考|需要说明的是|需要注意的是|需要提醒的是|提醒一下|温馨提示|特别提醒|请注意|这是(?:一)?个(?:很|非常)?好的?问题|好问题|问得好)/i;
/** The report or the answer as the subject of a verb of telling (「报告里也给出了一些统计」): points at sources, states nothing. */
const SOURCE_SPEAKS =
  /(?:报告|材料|资料|文件|回答|答案)[里中内]?(?:也|还|都|主要|分别)?(?:似乎|好像|可能)?(?:没有|未|并未|并没有)?(?:直接|具体|专门|单独|明确|单列)?(?:给出|提到|列出|单列|分列|写到|写了|提供|介绍|说明|涉及|谈到|有)/;
/**
 * The answer announcing what follows (「现将主要情况整理如下」「以下是××的要点」), pointing at data vaguely (「也有一些
 * 具体数据」) or offering more (「您还可以继续追问……」): with no figure, it states nothing.
 */
const ANNOUNCES =
  /(?:欢迎|可以)(?:您)?(?:继续)?(?:提问|追问|问我)|以(?:正式发布的|正式)?(?:报告)?原文为准|(?:只能|仅能)(?:根据|依据)|^(?:您|你)(?:问|提到|关心)(?:到)?的(?:是|问题)|(?:以下|下面)(?:只|仅)(?:列出|列举|摘录|说)|随时(?:告诉|联系|问|找)我|(?:还有|如有|若有)(?:其他|别的|什么)(?:想|要|需要)?(?:了解|问|知道)|(?:整理|汇总|列举|说明|归纳|概括|梳理|表述|摘录|原文)如下|(?:可|请|可以)?(?:参阅|查阅|参看|参见)(?:原|该)?(?:报告|原文)|(?:如果|如|若)(?:还|您还|你还)?(?:需要|想要|想了解)[^。]{0,30}(?:我|可以)(?:可以|能|再|继续|帮)|(?:以下|如下|下面)(?:是|为|将|就|按|根据)?.{0,40}?(?:要点|情况|内容|作答|回答|整理|说明|介绍|汇总|数据)|(?:需要|有需要)的话[，,]?(?:我|可以)|(?:也|还)?有(?:一些|部分|不少)(?:具体|相关)?(?:数据|情况|内容|举措|做法)|(?:^|[，,]\s*)(?:您|你)(?:还|也)?(?:可以|能)|请(?:您)?(?:告诉|提供|说明|补充)(?:我|一下)|^(?:以上|上面)(?:就)?是[^。，,]{0,16}(?:梳理|汇总|整理|介绍|情况)|^先(?:说|讲|给出?)(?:结论|答案)|(?:可|可以)(?:参考|参照|借鉴)(?:下面|以下|下列|上面|上述|如下)?的?(?:这段|该段|这些|这部分)?(?:原文|材料|表述|内容|段落)|作为(?:您|你)?[^。，,]{0,12}(?:参照|参考|借鉴)/;
/** The answer pointing at a part of the report (「报告的这一部分集中介绍了……」「这部分主要讲……」). */
const SECTION_POINTER =
  /^(?:关于[^，,。]{1,16}[，,])?(?:报告)?(?:中|里)?有(?:专门的?|相关的?)?(?:一段|一节|一部分|段落|部分|章节)(?:介绍|说明|讲|提到|论述)?|^(?:这部分|这一部分|相关)?(?:内容)?(?:可|请)?(?:参见|见)(?:所引)?(?:报告)?(?:中|里)?的?|^以下(?:内容)?(?:摘自|引自|来自)(?:报告)?(?:的)?(?:相关)?(?:段落|部分|原文)?|^(?:(?:据|根据)?(?:该|这份)?报告)?(?:的|在|中)?(?:这|该|此|本)一?(?:部分|段落|段|节)(?:里|中)?(?:也|还|主要|集中|重点|具体)?(?:介绍|说明|讲述|讲|谈|涉及|写|描述|列举|提到|记述)了?/;
/** Advice to the one writing (「写这部分时，建议先写总体数量……」): about their text, not about any report. */
const ADVICE =
  /(?:^|[，,]\s*)(?:(?:写|撰写|起草|整理|准备)[^，,。]{0,12}(?:时|的时候)[，,]?\s*)?(?:建议(?:您|你)?|可以考虑|不妨|最好)(?:先|可以|在|把|将|按|从|结合|参考)/;
/** What the reports cannot tell yet (「至于2025年的实际成效，目前还无法判断」): says no fact. */
const UNKNOWABLE =
  /(?:目前|现在|暂时|尚)?(?:还|仍)?(?:无法|不能|难以)(?:判断|确定|得知|评估|下结论)|需要等.{0,12}(?:报告|数据).{0,6}(?:出来|发布|公布)|口径[^。，,]{0,6}不(?:完全|尽)?(?:一致|相同)|(?:很难|难以|不好|无法)(?:简单)?(?:评判|比较|判断|下结论)|请(?:多加|务必)?(?:留意|注意|核对)|(?:需要|需)(?:结合[^，,。]{0,12})?(?:再)?(?:作|做|进行)?(?:核对|核实|确认)|(?:需要|请|建议)?(?:您|你)(?:再)?(?:对照|对比|比对|结合)(?:报告)?(?:原文|原报告)?(?:再)?(?:核实|核对|确认)/;
/** Advice to check elsewhere (「建议您再向县里相关部门核实」「建议直接参考报告原文」). */
const REFER =
  /建议(?:您|你)?(?:再|另行|直接|最好)?(?:向[^，,。]{1,12})?(?:核实|核对|咨询|确认|参考|参阅|查阅|查看)(?:报告)?(?:原文)?/;
const isMetaSpeech = (text: string) =>
  GREETING.test(text) ||
  // A question back to the user (「您是想了解报告怎么写，还是想要具体数据？」).
  /^(?:请问)?(?:您|你)[^。！!]{0,40}[？?]\s*$/.test(text.replace(MARKER, '')) ||
  (REFER.test(text) && !/\d/.test(text)) ||
  ADVICE.test(text) ||
  UNKNOWABLE.test(text) ||
  SOURCE_SPEAKS.test(text) ||
  /以[^。，,]{0,16}(?:文件|原文|通知|报告)为准|仅作参考|仅供参考/.test(text) ||
  (META_SUBJECT.test(text) && META_VERB.test(text)) ||
  (ANNOUNCES.test(text) && !/\d/.test(text.replace(/(?:19|20)\d{2}\s*年度?/g, '')));
/** 「三个方面」「两个街道」「一项」: a small count written in words, in framing, counts the answer's own parts. */
const isStructural = (f: Figure) => f.value <= 10 && /^[零〇一二两三四五六七八九十]/.test(f.raw);

/** Splits an answer into sentences, each with its raw form and the markers that follow it (「…。[1]」 too). */
export function sentencesOf(answer: string): { raw: string; markers: number[] }[] {
  const out: { raw: string; markers: number[] }[] = [];
  let cur = '';
  const flush = () => {
    if (cur) out.push({ raw: cur, markers: [...cur.matchAll(MARKER)].map((m) => Number(m[1])) });
    cur = '';
  };
  for (let i = 0; i < answer.length; i++) {
    const ch = answer[i];
    cur += ch;
    if (ch === '\n') {
      flush();
      continue;
    }
    if (/[。！？!?；;]/.test(ch)) {
      // Closing quotes, further stops and the citations written after the stop belong to this sentence.
      let j = i + 1;
      while (j < answer.length) {
        const rest = answer.slice(j);
        const m = /^(?:[”’」』）)。！？!?]|\s*[[［]\d{1,3}[\]］]|[ \t]+(?=[[［]))/.exec(rest);
        if (!m) break;
        cur += m[0];
        j += m[0].length;
      }
      if (answer[j] === '\n') {
        cur += '\n';
        j++;
      }
      i = j - 1;
      flush();
    }
  }
  flush();
  // Clauses joined by 「；」 on one line are one sentence of Chinese (「1. ……7次；2. ……100%[1]」): the citation
  // written at its end is theirs too.
  for (let k = out.length - 2; k >= 0; k--)
    if (!out[k].markers.length && /[；;]\s*$/.test(out[k].raw) && !out[k].raw.endsWith('\n'))
      out[k].markers = out[k + 1].markers;
  return out;
}

/** The sentence without its form: list numbering, Markdown emphasis and table pipes, markers, invisible characters. */
export function contentOf(raw: string): string {
  return (
    raw
      .replace(ZERO_WIDTH, '')
      .replace(MARKER, '')
      // An unnamed report's label (「未署名（未署名街道-2021）」) names a file, not a claim.
      .replace(/未署名（[^）]*）/g, '未署名')
      .replace(/\*\*|__|`/g, '')
      .replace(/^\s*\|/, '')
      .replace(/\|\s*$/, '')
      // A table row's cells: the one before a figure names what it counts (「| 网格处置问题 | 2680件 |」).
      .replace(/\s*\|\s*/g, '：')
      .trim()
      .replace(LIST_FORM, '')
      .trim()
  );
}

interface OfficeForm {
  form: string;
  key: string;
}

function officeForms(offices: string[]): OfficeForm[] {
  const out = new Map<string, string>();
  for (const o of offices) {
    const key = orgKey(o);
    out.set(o, key);
    if (/街道?$|办事处$/.test(o) && key.length >= 2)
      for (const s of ['街道办事处', '街道', '街']) out.set(key + s, key);
    for (const alias of [...departmentAliases(o), ...localAliases(o)])
      if (!out.has(alias)) out.set(alias, key);
  }
  return [...out].map(([form, key]) => ({ form, key })).sort((a, b) => b.form.length - a.form.length);
}

type Mentions = ReturnType<typeof officeMentions>;

/** The offices and areas a text names (gazetteer and shape), read once per sentence for the checks below. */
const mentionsIn = (text: string): Mentions => officeMentions(text, loadGazetteer());

/** Offices a sentence names: the library's (any spelling) and other real ones the gazetteer knows. */
function namedOffices(
  text: string,
  forms: OfficeForm[],
  mentions: Mentions = mentionsIn(text),
): { name: string; key: string }[] {
  const found: { start: number; end: number; name: string; key: string }[] = [];
  for (const f of forms) {
    for (let at = text.indexOf(f.form); at >= 0; at = text.indexOf(f.form, at + 1)) {
      if (found.some((x) => at < x.end && x.start < at + f.form.length)) continue;
      found.push({ start: at, end: at + f.form.length, name: f.form, key: f.key });
    }
  }
  const bare = text.replace(/\s+/g, '');
  for (const m of mentions) {
    if (!['街道', '镇', '乡', '部门'].includes(m.level)) continue;
    // A name known only by its shape (「××街道」 the gazetteer lacks) counts where it is what the sentence is
    // about — «列席镇党政联席会议» is not an office called 列席镇.
    // A department of an area the gazetteer lacks (「澜岗区司法局」) likewise, as the subject.
    if (!m.places.length && !(atSubject(bare, m.start) && (SHAPED_LOCAL.test(m.name) || m.level === '部门')))
      continue;
    if (found.some((x) => m.start < x.end && x.start < m.end)) continue;
    found.push({ start: m.start, end: m.end, name: m.name, key: orgKey(m.name) });
  }
  // A unit below the office (「东湖司法所」「××社区」) as the subject is spoken of as an office of its own.
  for (const m of bare.matchAll(/[\u4e00-\u9fff]{2,6}?(?:司法所|社区(?!矫正)|居委会|村委会)/g)) {
    const at = m.index ?? 0;
    if (/^[各全该本我每其此在对为从由到和与及]|法治|建设|工作/.test(m[0]) || !atSubject(bare, at)) continue;
    // 「四个社区中……」「两个村委会」: a count of units, not one.
    if (/^[一二两三四五六七八九十几多数\d]+个/.test(m[0])) continue;
    if (found.some((x) => at < x.end && x.start < at + m[0].length)) continue;
    found.push({ start: at, end: at + m[0].length, name: m[0], key: m[0] });
  }
  return found.map(({ name, key }) => ({ name, key }));
}

const CLAUSE = /[，,；;：:、]/;
/** Words for how one office stands to another. */
const OFFICE_RELATION = /^(?:隶属|下辖|管辖|所辖|辖|属于|位于|地处|所属|下属)$/;

/** 璞川区 is not 璞川市: two areas of one name and different levels are two areas (新区 is a 区). */
const sameAreaLevel = (org: string, area: string) => {
  const level = (name: string) => /(?:新区|区|县|市|旗)$/.exec(name.replace(/人民政府$/, ''))?.[0].slice(-1);
  const [a, b] = [level(org), level(area)];
  return !a || !b || a === b;
};

/** The year before the report's, named by its number (「2022年」 in a 2023 report), is the report's 上年. */
const lastYearNamed = (text: string, c: Citation) =>
  c.year ? text.replace(new RegExp(`${c.year - 1}\\s*年度?`, 'g'), '上年') : text;

/** A figure the source gives as last year's (「上年为5317件」「由上年的95.1%」). */
function priorFigure(f: Figure, source: string): boolean {
  return extractFigures(source).some((g) => {
    if (!figureIn(f, g.raw)) return false;
    const at = source.indexOf(g.raw);
    return /(?:上年|去年|上一年|前一年|上年度|同期)(?:为|是|的|有|共)?\s*$/.test(
      source.slice(Math.max(0, at - 8), at),
    );
  });
}

/** Words that tell a plan (下一步工作) as a plan, not as work done. */
const PLAN_WORDS =
  /将|计划|拟|力争|争取|下一步|明年|来年|今后|打算|预计|目标|准备|下一年|未来|预期|规划|部署|安排|要(?!求|素|点|害)|努力|推动|推进|继续|进一步/;

/** What may stand before a sentence's subject: a year, 「根据」「据」「在」, 「报告显示，」, quotes. */
const SUBJECT_LEAD =
  /^(?:[|｜]|(?:您好|你好|好的)[，,！!]?|(?:您|你)(?:问|提到|关心)(?:到)?的(?:是)?|[\u4e00-\u9fff]{2,7}?(?:省|自治区)|(?:19|20)\d{2}年度?[，,]?|(?:根据|依据|按照)[^，,。]{0,20}[，,]|根据|依据|据|在|从|截至[^，,。]{0,12}[，,]|报告(?:显示|称|提到|指出)[，,:：]?|关于[^，,。]{1,12}[，,]|.{0,10}?(?:而言|来看|来说|看来|总之|综上)[，,]|["“「『(（])*$/;
const atSubject = (text: string, start: number) => SUBJECT_LEAD.test(text.slice(0, start));

/** A street or town the gazetteer lacks, known by its shape: a short name and its level (「云杉街道」). */
const SHAPED_LOCAL = /^[\u4e00-\u9fff]{2,3}(?:[\u4e00-\u9fff]{1,3}?族)*(?<![街镇乡村])(?:街道|镇|乡)$/;

/**
 * An area the gazetteer lacks, known by its shape: two characters and its level (「岑州市」), not a word that
 * ends like one (「社区」「城市」「超市」).
 */
const SHAPED_AREA =
  /^(?:[\u4e00-\u9fff]{2,6}自治[县旗州]$)|^[\u4e00-\u9fff]{2,5}(?<!红)[旗盟]$|^[\u4e00-\u9fff](?!社区|小区|城区|辖区|园区|景区|校区|片区|街区|市区|郊区|城市|超市|都市|门市|集市|上市)[\u4e00-\u9fff][区县市旗]$/;

/**
 * A 区/县/市 the sentence is about (「××市2020年新登记市场主体……」): its subject, not a qualifier of an office
 * named right after it. Positions are in the text without spaces.
 */
function subjectAreas(text: string, mentions: Mentions): string[] {
  const bare = text.replace(/\s+/g, '');
  const isArea = (m: Mentions[number]) => ['区', '县', '市'].includes(m.level);
  // Where the chain of areas it closes begins (「上海市徐汇区」「××盟××旗」): the subject is the last of them.
  const chainStart = (m: Mentions[number]) => {
    let at = m.start;
    for (
      let o = mentions.find((x) => isArea(x) && x.end === at);
      o;
      o = mentions.find((x) => isArea(x) && x.end === at)
    )
      at = o.start;
    return at;
  };
  return mentions
    .filter(
      (m) =>
        isArea(m) &&
        (m.places.length > 0 || SHAPED_AREA.test(m.name)) &&
        // The subject, or the agent of a passive (「由××区完成」) — not a frame (「在漪宁市……评价中，」).
        (atSubject(bare, chainStart(m)) || /[由经]$/.test(bare.slice(0, chainStart(m)))) &&
        !(
          /在$/.test(bare.slice(0, chainStart(m))) &&
          /^[^，,。；;]{0,20}[中里内上](?:[，,]|$)/.test(bare.slice(m.end))
        ) &&
        !mentions.some((o) => o !== m && o.start === m.end) &&
        // 「岷澜区局」「渌岗县委」: the area's bureau or committee, not the area.
        !/^[局委办]/.test(bare.slice(m.end)),
    )
    .map((m) =>
      /政府$/.test(bare.slice(m.start, m.end)) || /^(?:人民政府|政府)/.test(bare.slice(m.end))
        ? `${m.name}人民政府`
        : m.name,
    );
}

/**
 * A department as the subject, written with its level only (「省人力资源和社会保障厅」「县司法局」): it is the cited
 * office only when the cited office is a department of that level — a street's or a city bureau's report is not
 * a province's or a county's department. One the cited paragraph itself names is the source's own words.
 */
const LEVEL_DEPARTMENT = /^(省|自治区|市|州|区|县|旗)[\u4e00-\u9fff]{2,12}?(?:厅|局|委员会|委|办公室)/;

function foreignDepartment(text: string, cited: Citation[]): string | undefined {
  const bare = text.replace(/\s+/g, '');
  const lead = SUBJECT_LEAD.exec(bare)?.[0] ?? '';
  const m = LEVEL_DEPARTMENT.exec(bare.slice(lead.length).replace(/^["“「『(（]+/, ''));
  if (!m) return undefined;
  const level = (org: string) => /^[\u4e00-\u9fff]{1,5}?(省|自治区|市|州|区|县|旗)/.exec(org)?.[1];
  const ok = cited.some(
    (c) =>
      !c.org || c.text.includes(m[0]) || (/(?:厅|局|委员会|委|办公室)$/.test(c.org) && level(c.org) === m[1]),
  );
  return ok ? undefined : m[0];
}

/**
 * A 市 written before a district, county or county-level city may be the city containing it (「丽水市松阳县」):
 * wrong only where the gazetteer knows the district and puts it in another city. A 区/县 never contains one.
 */
function containsArea(area: string, district: string): boolean {
  if (!/市$/.test(area)) return false;
  const places = loadGazetteer()
    .lookup(district)
    .filter((p) => p.level === '区' || p.level === '县' || p.level === '市');
  return !places.length || places.some((p) => p.city === area || p.province === area);
}

/** A 区/县/市 written right before an office name the sentence names (「某某县城关镇」). */
function areaQualifiers(
  text: string,
  offices: { name: string; key: string }[],
  mentions: Mentions,
): { area: string; office: { name: string; key: string } }[] {
  const out: { area: string; office: { name: string; key: string } }[] = [];
  for (const m of mentions) {
    if (!['县', '区', '市'].includes(m.level)) continue;
    const office = offices.find((o) => text.startsWith(o.name, m.end));
    if (office) out.push({ area: m.name, office });
  }
  return out;
}

/**
 * A clause that only says how the sentence sums up (「概括而言」「从上述数据可以看出」「整体来看」): a discourse
 * marker, form rather than content — never read as an unsupported clause, never counted against coverage.
 */
const DISCOURSE =
  /^(?:.{0,10}(?:而言|来看|来说|看来|看出|可见|所述|地说|言之|层面|方面|下来|推算|计算|换算)|总之|综上|可见|显然|简言之|换言之|说白了|简单说|简单来讲|换句话说|也就是说|一句话|(?:经|按|据)?(?:换算|折算|推算|计算|粗略计算)(?:可知|可得|得出)?|(?:由此|据此|因此|从中|从而|可以)?(?:可知|得知|推知|推断|看出|算出)|(?:根据|依据|按照|据)(?:我|您|现有|目前|手头|所)?(?:掌握|提供|看到|查到|检索到)?的?(?:材料|资料|信息|内容|报告|数据))$/;
/** A clause that only sets the comparison (「与上年相比」「较去年同期」): what is compared is in the figure. */
const COMPARISON_FRAME =
  /^(?:与|和|同|跟|较|比)(?:上年|去年|上一年|前一年|上年度)(?:同期)?(?:相比|比较|而言)?$/;
/** 「按14.4%的增幅倒推」「据此推算」: how a figure was worked out — the figure is checked, the clause is form. */
const WORKED_FRAME = /^(?:按|按照|依|以|据|根据)[^，,。]{0,16}?(?:倒推|反推|推算|计算|折算|换算)$/;
export const isDiscourseClause = (clause: string) => {
  const c = clause.trim();
  if (WORKED_FRAME.test(c)) return true;
  return c.length > 0 && c.length <= 14 && (DISCOURSE.test(c) || COMPARISON_FRAME.test(c)) && !/\d/.test(c);
};
const withoutDiscourse = (text: string) =>
  text
    .split(/(?<=[，,；;：:])/)
    .filter((c) => !isDiscourseClause(c.replace(/[，,；;：:]$/, '')))
    .join('');

/** A word that is a Chinese numeral, with or without its classifier (「四十二」「三万四千份」): a figure, not content. */
const CN_NUMERAL_WORD =
  /^[零〇一二两三四五六七八九十百千万亿]+[^\u4e00-\u9fff]?[个名人件起项次份条场家位户]?$/;

/** Content words: not framing, not figures or years, not an office name, at least two characters. */
function contentWords(text: string, drop: string[]): string[] {
  let t = text;
  for (const d of drop) t = t.split(d).join(' ');
  t = t.replace(/(?:19|20)\d{2}\s*年度?/g, ' ');
  return [
    ...new Set(
      tokenize(t).filter(
        (w) =>
          w.length >= 2 &&
          /[\u4e00-\u9fff]/.test(w) &&
          !/\d/.test(w) &&
          !CN_NUMERAL_WORD.test(w) &&
          !/^(?:个?百分点|百分|分点)$/.test(w) &&
          !FRAMING.has(w),
      ),
    ),
  ];
}

/** A word is in a source when written there, as a lexicon synonym, or (a paraphrase) by most of its character pairs. */
export function covered(word: string, source: string): boolean {
  if (source.includes(word)) return true;
  if (synonymsOf(word).some((s) => s.length >= 2 && source.includes(s))) return true;
  if (word.length >= 3) {
    let n = 0;
    for (let i = 0; i + 2 <= word.length; i++) if (source.includes(word.slice(i, i + 2))) n++;
    return n / (word.length - 1) >= 0.5;
  }
  return false;
}

const coverage = (words: string[], source: string) =>
  words.length ? words.filter((w) => covered(w, source)).length / words.length : 1;

/** Verbs every report uses for any work (推进, 加强, 落实): they state no particular act. */
const GENERIC_ACTION = new Set([
  '做到',
  '推进',
  '推动',
  '加强',
  '强化',
  '深化',
  '落实',
  '做好',
  '抓好',
  '持续',
  '坚持',
  '注重',
  '重视',
  '努力',
  '致力',
  '着力',
  '不断',
  '积极',
  '扎实',
  '稳步',
  '全面',
  '提升',
  '提高',
  '改进',
  '完善',
  '健全',
  '保障',
  '促进',
  '加大',
  '加快',
]);

/** Words that only join an indicator to its figure, at the end of the words before it. */
const TRAILING_LINK =
  /(?:达到|达|为|是|共计|合计|累计|总计|共|约|近|超过|超|高达|逾|计|有|(?<=[\u4e00-\u9fff]{2})[由从])$/;

/** Verbs that only link a figure (「达到」「为」「共计」): they name no indicator. */
const LINKING = new Set([
  '涉及',
  '达到',
  '达',
  '共计',
  '合计',
  '累计',
  '总计',
  '实现',
  '完成',
  '开展',
  '进行',
  '组织',
  '全年',
  '共有',
  '约为',
  '超过',
  '高达',
]);

/**
 * 「A和B分别为X和Y」 read as the pairs it states: 「A为X，B为Y」 — each figure with its own indicator.
 */
export function respectivePairs(text: string): string {
  // The years a 「分别」 list was last given (「2022年至2024年分别办理……」), for the lists after it in the sentence
  // (「罚款金额分别为……」).
  let listed: number[] = [];
  return text
    .split(/(?<=[，,；;。])/)
    .map((clause) => {
      // 「办件量2022年为0.86万件、2023年为1.02万件」: each year's figure with what it counts.
      const years =
        /^(.*?)((?:19|20)\d{2}年(?:为|是|有|达到?)[^、，,；;。]+(?:[、和](?:19|20)\d{2}年(?:为|是|有|达到?)[^、，,；;。]+)+)([，,；;。]?)$/.exec(
          clause,
        );
      if (years) listed = [...years[2].matchAll(/((?:19|20)\d{2})年/g)].map((y) => Number(y[1]));
      if (years && !/[\u4e00-\u9fff]{2}$/.test(years[1])) return clause;
      if (years)
        return (
          years[2]
            .split(/[、和](?=(?:19|20)\d{2}年)/)
            // (every pair written alike: the year, then what is counted)
            .map((part) => part.replace(/^((?:19|20)\d{2}年)/, `$1${years[1].replace(/^(?:其中|同时)/, '')}`))
            .join('，') + years[3]
        );
      const m =
        /分别(?:同比|比上年|较上年)?(为|是|有|达到|达|占|增长|下降|减少|增加|提高|降低|上升)?/.exec(clause) ??
        /(为|是|达到|达)(?=[\d.]+[^，,。；;和与及、]{0,3}[和与及、][\d.])/.exec(clause);
      if (!m) {
        // 「2022年至2024年，」「2022年、2023年、2024年，」: the years the lists after them go by.
        const only =
          /^\s*(?:在|从)?((?:19|20)\d{2})年?(?:至|到|—|-|~|～)((?:19|20)\d{2})年(?:间|期间)?[，,]$/.exec(
            clause,
          );
        const each = /^\s*((?:(?:19|20)\d{2}年[、和与及])+(?:19|20)\d{2}年)[，,]$/.exec(clause);
        if (only)
          listed = Array.from(
            { length: Number(only[2]) - Number(only[1]) + 1 },
            (_, i) => Number(only[1]) + i,
          );
        else if (each) listed = [...each[1].matchAll(/((?:19|20)\d{2})年/g)].map((y) => Number(y[1]));
        else if (/[。]$/.test(clause)) listed = [];
        return clause;
      }
      const byYear = yearRespective(clause, m, listed);
      if (byYear) {
        listed = byYear.years;
        return byYear.text;
      }
      // (「起数、死亡人数同比分别下降」 and 「起数和死亡人数分别同比下降」 say the same: the comparison is form)
      const head = clause.slice(0, m.index).replace(/(?:同比|比上年|较上年)$/, '');
      const tail = clause.slice(m.index + m[0].length);
      // 「A、B和C分别为X、Y和Z」: as many names as figures, the first with whatever stands before it.
      const values = tail.split(/[和与及、]/);
      if (values.length < 2 || !values.every((v) => /\d/.test(v))) return clause;
      const seps = [...head.matchAll(/[和与及、]/g)].map((x) => x.index ?? 0);
      if (seps.length < values.length - 1) return clause;
      const cuts = seps.slice(seps.length - (values.length - 1));
      if (cuts[0] < 2) return clause;
      const names = [0, ...cuts.map((c) => c + 1)].map((from, i) =>
        head.slice(from, i < cuts.length ? cuts[i] : head.length),
      );
      // 「鹿鸣镇、桐坪镇持证执法人员分别只有7名和9名」: what follows the last office is every office's.
      const lastName = names[names.length - 1];
      const office = (t: string) => mentionsIn(t).find((x) => x.start === 0);
      const head0 = office(names[0].replace(/^其中/, ''));
      const headN = office(lastName);
      const suffix =
        head0 && headN && head0.end === names[0].replace(/^其中/, '').length ? lastName.slice(headN.end) : '';
      const verb = m[1] ?? '为';
      return names.map((n, i) => `${n}${i < names.length - 1 ? suffix : ''}${verb}${values[i]}`).join('，');
    })
    .join('');
}

/**
 * 「2022年至2024年分别办理案件24件、31件、45件」「2022年、2023年、2024年分别调解纠纷……」 (or a list after one such:
 * 「罚款金额分别为……」): each year with its figure, 「2022年办理案件24件，2023年办理案件31件，2024年办理案件45件」.
 */
function yearRespective(
  clause: string,
  m: RegExpExecArray,
  before: number[],
): { text: string; years: number[] } | null {
  const head = clause.slice(0, m.index);
  const range = /((?:19|20)\d{2})年?(?:至|到|—|-|~|～)((?:19|20)\d{2})年$/.exec(head);
  const list = /(?:(?:19|20)\d{2}年[、和与及])+(?:19|20)\d{2}年$/.exec(head);
  const years = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : list
      ? [...list[0].matchAll(/((?:19|20)\d{2})年/g)].map((y) => Number(y[1]))
      : before;
  if (years.length < 2 || years.length > 6) return null;
  const subject = range ? head.slice(0, range.index) : list ? head.slice(0, list.index) : head;
  const end = /[，,；;。]$/.exec(clause)?.[0] ?? '';
  const tail = clause.slice(m.index + m[0].length, clause.length - end.length);
  const values = tail.split(/[、和与及]/);
  if (values.length !== years.length || !values.every((v) => /\d/.test(v))) return null;
  // The first value carries the predicate every year shares (「办理行政处罚案件24件」).
  const first = /^(.*?)([\d.]+\s*[^\d]*)$/.exec(values[0]);
  if (!first) return null;
  const verb = `${m[1] ?? ''}${first[1]}`;
  // Every pair written alike (the year, then who, then what): one is not nearer its words than the others.
  const who = subject.replace(/^(?:其中|同时|另外)/, '');
  const text = years.map((y, i) => `${y}年${who}${verb}${i === 0 ? first[2] : values[i]}`).join('，');
  return { text: text + end, years };
}

/**
 * The honour the answer gives a unit (「××社区被评为省级民主法治示范社区」) when every clause of the cited paragraphs
 * naming that unit gives it another level: a note saying whose honour it is; else null.
 */
function swappedHonour(answer: string, cited: Citation[]): string | null {
  const honour = HONOUR.exec(answer);
  if (!honour) return null;
  const level = /国家级|全国|省级|全省|市级|全市|县级|全县|区级|全区/.exec(honour[1])?.[0];
  if (!level) return null;
  const before = answer.slice(0, honour.index);
  // (the unit nearest the honour: 东村社区 of 「甲街道东村社区被评为」)
  const suffix = [...before.matchAll(/社区|村|街道|镇|乡|司法所|派出所/g)].pop();
  if (suffix?.index === undefined) return null;
  const end = suffix.index + suffix[0].length;
  if (!/^[^，,。]{0,4}$/.test(before.slice(end))) return null;
  const texts = cited.map((c) => normalizeForMatch(c.text));
  // The unit's name as the paragraph writes it: the shortest that it has (东村社区, not 甲街道东村社区).
  const unit = [2, 3, 4]
    .map((k) => before.slice(Math.max(0, suffix.index - k), end))
    .find((name) => texts.some((t) => t.includes(name)));
  if (!unit) return null;
  const clauses = texts
    .flatMap((t) => t.split(/[，,。；;]/))
    .filter((c) => c.includes(unit) && HONOUR.test(c));
  if (!clauses.length || clauses.some((c) => c.includes(level))) return null;
  const other = texts
    .flatMap((t) => t.split(/[，,。；;]/))
    .find((c) => c.includes(level) && HONOUR.test(c) && !c.includes(unit));
  const owner = other && /([\u4e00-\u9fff]{2,4}?(?:社区|村|街道|镇|乡|司法所|派出所))/.exec(other)?.[1];
  return `「${level}」的荣誉在所引段落中${owner ? `说的是${owner}` : `不是${unit}的`}`;
}

/**
 * The citations of each part of a sentence a figure stands in, when the sentence places its markers at more than
 * one point (「A 5.6万元[1]，B 5.2万元[2]。」): the markers next after each place. Null when there is one point.
 */
function segmentCitations(raw: string, f: Figure, citations: Citation[]): Citation[][] | null {
  const marks = [...raw.matchAll(MARKER)].map((m) => ({
    at: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
    n: Number(m[1]),
  }));
  // (adjacent markers 「[1][2]」 are one point)
  const points: { at: number; end: number; ns: number[] }[] = [];
  for (const m of marks) {
    const last = points[points.length - 1];
    if (last && /^\s*$/.test(raw.slice(last.end, m.at))) ((last.end = m.end), last.ns.push(m.n));
    else points.push({ at: m.at, end: m.end, ns: [m.n] });
  }
  if (points.length < 2) return null;
  // Every place the figure is written (「成功率97.2%[1]，结案率97.2%[2]」 writes it twice), each with its own.
  const out: Citation[][] = [];
  for (let at = raw.indexOf(f.raw); at >= 0; at = raw.indexOf(f.raw, at + 1)) {
    const next = points.find((p) => p.at > at);
    if (!next) return null;
    out.push(next.ns.map((n) => citations[n - 1]).filter((c): c is Citation => !!c));
  }
  return out.length ? out : null;
}

/** The year written last before `at` in its clause chain (up to the sentence's start), if any. */
function yearBefore(text: string, at: number): number | null {
  const sentence =
    text
      .slice(0, at)
      .split(/[。；;！？!?]/)
      .pop() ?? '';
  const years = [...sentence.matchAll(/((?:19|20)\d{2})\s*年(?![至到—~～-])/g)];
  return years.length ? Number(years[years.length - 1][1]) : null;
}

/**
 * When the answer gives a figure to a year and every place the cited paragraphs state it gives it to other years
 * (read with their year lists written out: respectivePairs), those years; else null.
 */
function yearsOfFigure(f: Figure, written: string, cited: Citation[]): string | null {
  const answer = respectivePairs(written);
  const at = answer.indexOf(f.raw);
  const said = at >= 0 ? yearBefore(answer, at) : null;
  if (said === null) return null;
  const stated: number[] = [];
  for (const c of cited) {
    const text = readSource(c.text).source; // (its year lists written out, read once per paragraph)
    for (const g of extractFigures(text)) {
      if (!figureIn(f, g.raw)) continue;
      for (let i = text.indexOf(g.raw); i >= 0; i = text.indexOf(g.raw, i + 1)) {
        // Only a year in the figure's own clause counts (a year earlier in the sentence may be another's).
        const clause =
          text
            .slice(0, i)
            .split(/[，,。；;：:]/)
            .pop() ?? '';
        const y = /((?:19|20)\d{2})\s*年(?![至到—~～-])[^\d]*$/.exec(clause);
        if (!y) return null;
        stated.push(Number(y[1]));
      }
    }
  }
  return stated.length && !stated.includes(said) ? [...new Set(stated)].join('、') : null;
}

/** A clause ending in its predicate (「……以民事案件为主」「数据显示」) — a statement, not a noun label. */
function predicateEnds(text: string): boolean {
  const tags = segmenter.tag(text, false);
  return tags.length >= 2 && /^(?:v|a|ad|t|u[a-z]*|d|l|i)$/.test(tags[tags.length - 1].tag);
}

/** The two-character Chinese pairs of a text (「简易程序」→ 简易 易程 程序). */
const charPairs = (t: string) =>
  [...t]
    .slice(0, -1)
    .map((c, i) => c + t[i + 1])
    .filter((p) => /^[\u4e00-\u9fff]{2}$/.test(p));

/** A clause that breaks down or qualifies the one before it (「其中……」「涉及金额……」「同比……」). */
const BREAKDOWN = /^\s*(?:其中|内含|包括|涉及|涉案|同比|占|较上年|比上年|较去年|比去年|较上一年|与上年相比)/;

const holdsFigure = (c: string) => extractFigures(c).some((g) => !/^[年月日]$/.test(g.unit));

/**
 * The source's clauses that hold a figure, each with what it counts: a list of counts split at 「、」
 * (「废止9件、修改4件」 are two), and a breakdown (「其中合同128份」「其中简易程序39件、一般程序19件」) read
 * with the clause it breaks down — 「审查……事项173件，其中合同128份」: the 128 contracts were 审查.
 */
interface FigureClause {
  /** The clause (or 「、」 part) as written. */
  text: string;
  /** With the clause it breaks down, for a breakdown: what the figure counts, in full. */
  context: string;
  /** The clause a breakdown breaks down, or whose subject an elliptic clause (「受理121件」) shares. */
  parent?: string;
  elliptic?: boolean;
  /** Nothing but a linking word and the figure (「累计达到7个」): it counts what its whole counts. */
  linkOnly?: boolean;
  /** Words before it that name what it counts without a figure of their own: the clauses with no figure before
   * it (「组织司法所参与社区防控值守，累计出动人员4600余人次」), or the act of the 「、」 list it is in. */
  lead?: string;
}

function figureClauses(source: string): FigureClause[] {
  const out: FigureClause[] = [];
  // A list marker opening the paragraph (「4. 排查化解矛盾纠纷」) counts nothing.
  for (const sentence of source.replace(/^\s*\d{1,2}[.．、]\s*/, '').split(/[；;。]/)) {
    // The clauses a later one may break down: the nearest whose figure counts in the same unit (「排查596件，调解成功
    // 583件，成功率97.8%，其中物业纠纷187件」 breaks down cases, not the rate).
    const wholes: string[] = [];
    const unitOf = (t: string) => extractFigures(t).find((g) => !/^[年月日]$/.test(g.unit))?.unit ?? '';
    const share = (u: string) => u === '%' || u === '‰';
    // Clauses with no figure before one (「组织司法所参与社区防控值守，累计出动人员4600余人次」) say what it counts.
    let lead = '';
    for (const written of sentence.split(/[，,：:]/)) {
      if (!holdsFigure(written)) {
        lead = lead ? `${lead}，${written}` : written;
        continue;
      }
      const clause = written;
      const said = lead;
      lead = '';
      const u = unitOf(clause);
      const parent =
        [...wholes].reverse().find((w) => share(unitOf(w)) === share(u)) ?? wholes[wholes.length - 1] ?? '';
      // 「收到申请134件，受理121件」: a clause that is only an act and its figure counts the same things.
      // 「累计达到7个」: a linking word names nothing either.
      // (「2022年调解纠纷310件，2023年为288件」: a year and a linking word name nothing either.)
      const rest = clause
        .replace(/[\d.,%％]+\s*[\u4e00-\u9fff]{0,2}$/, '')
        .replace(/^(?:19|20)\d{2}年度?(?=为|是|有|达|共|的|增至|降至|增加到|减少到|下降到|上升到)(?:的)?/, '')
        .replace(/^(?:已|共|累计|共计|合计|总计)?(?:达到|达|为|有)?/, '');
      const elliptic = /^[\u4e00-\u9fff]{0,3}$/.test(rest);
      const linkOnly = elliptic && !rest && /\d/.test(clause) && clause.length > 0;
      const breakdown = (BREAKDOWN.test(clause) || elliptic) && parent;
      let pending = '';
      // 「新建法治文化广场4个、法治宣传长廊2.6公里」: the act before a 「、」 list is every part's.
      const verb = /^[\u4e00-\u9fff]{2}/.exec(clause)?.[0] ?? '';
      const shared = segmenter.tag(clause.slice(0, 6), false)[0];
      // (「新建」 is tagged a place name: the tagger knows a 新建区.)
      const act = shared && shared.word === verb && /^(?:v|ns)/.test(shared.tag) ? verb : '';
      let first = true;
      for (const part of clause.split('、')) {
        if (!holdsFigure(part)) {
          pending += `${part}、`;
          continue;
        }
        const text = pending + part;
        pending = '';
        const before = first ? (said ? `${said}，` : '') : act && !text.startsWith(act) ? act : '';
        first = false;
        out.push(
          breakdown
            ? {
                text,
                context: `${parent}，${text}`,
                parent,
                ...(elliptic && !BREAKDOWN.test(clause) && { elliptic }),
                ...(linkOnly && !BREAKDOWN.test(clause) && { linkOnly }),
              }
            : { text, context: text, ...(before && { lead: before }) },
        );
      }
      if (pending && out.length && holdsFigure(clause)) out[out.length - 1].context += `、${pending}`;
      if (holdsFigure(clause) && !breakdown) wholes.push(clause);
    }
  }
  return out;
}

/**
 * The figure is the source's figure for the same thing. The words before it in the answer — its indicator
 * (「化解率」) — must point at the source clause that holds the figure at least as well as at any other clause
 * that holds a figure; and the verb right before
 * it (采纳, 审结, 受理…) must not be the verb of another figure while absent from its own clause —
 * 「采纳意见建议326条」 when 326条 was 收集 and 采纳 was 109条. Office names and years around the figure
 * say who and when, not what is counted.
 */
/**
 * A cited paragraph read into its figure clauses, once: every figure of every sentence of an answer is checked
 * against the same few paragraphs. The source's own 「A和B分别为X和Y」 (or 「A和B达到X和Y」) is read as its pairs.
 */
const readSources = new Map<string, { source: string; parts: FigureClause[] }>();
function readSource(written: string): { source: string; parts: FigureClause[] } {
  let read = readSources.get(written);
  if (!read) {
    const source = respectivePairs(written);
    read = { source, parts: figureClauses(source) };
    if (readSources.size >= 64) readSources.delete(readSources.keys().next().value!);
    readSources.set(written, read);
  }
  return read;
}

function sameIndicator(f: Figure, answer: string, written: string, drop: string[]): boolean {
  const { source, parts } = readSource(written);
  // The figure where it stands (「5起」 is not the end of 「75起」) — every place it stands (「排查隐患264处，已整改
  // 264处」 states it twice, and each must be the source's).
  const esc = f.raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const places = [...answer.matchAll(new RegExp(`(?<![\\d.])${esc}`, 'g'))].map((m) => m.index ?? 0);
  return places.every((at) => sameIndicatorAt(f, at, answer, source, parts, drop));
}

function sameIndicatorAt(
  f: Figure,
  at: number,
  answer: string,
  source: string,
  parts: FigureClause[],
  drop: string[],
): boolean {
  // 「持证执法人员由上年的11名增加到14名」: the change frame stands between the thing counted and this year's figure.
  const frame =
    /(?:由|从)[^，,。；;]{0,14}?(?:增加|提高|增长|上升|下降|减少|降低|压缩|提升|扩大|缩短|降|升|增|减)(?:到|至)(?:(?:上年|去年)的?)?$/.exec(
      answer.slice(0, at),
    );
  if (frame)
    return sameIndicatorAt(
      f,
      frame.index,
      answer.slice(0, frame.index) + answer.slice(at),
      source,
      parts,
      drop,
    );
  // Quoted as written (the clause around the figure is in the source): the source's own figure.
  const clause =
    answer
      .slice(0, at + f.raw.length)
      .split(/[。；;，,]/)
      .pop() ?? '';
  if (clause.length >= 4 && source.includes(clause)) return true;
  // A table cell after another figure's cell (「| 行政处罚 | 191起 | 5460元 |」): its column header, not in the
  // answer, named it — nothing here says what it counts.
  if (/\d[\u4e00-\u9fff%]{0,3}[：:]\s*$/.test(answer.slice(0, at))) return true;
  // Office names say who, years when (「××街道党群服务中心2025年办理事项」): not what is counted — an office
  // name ends the indicator, a year is read through.
  const neutral = (t: string) => {
    for (const d of drop) t = t.split(d).join('\u3000');
    return t.replace(/(?:19|20)\d{2}\s*年度?/g, '');
  };
  // Who and when in general words (「那一年街道一共」「全镇」) say nothing of what is counted either.
  const general = (t: string) =>
    t.replace(
      /(?:那一年|这一年|当年|全年|(?<![上前去同])一年|今年|一共|总共|街道|全[街镇乡区县市]|[镇乡区县]里|(?:人民)?政府|办事处|管委会)/g,
      '',
    );
  // The words just before the figure, within its clause (a 「：」 header such as 「审结案件：379件」 included);
  // a linking word right before it (「化解率达」「金额为」) names nothing.
  const before = (
    general(neutral(answer.slice(0, at)).slice(-10))
      .split(/[。；;，,、\u3000]/)
      .pop() ?? ''
  )
    // A header before a colon names the figure only when the figure follows it at once (「审结案件：379件」,
    // not 「办结情况是：受理5340件」).
    .replace(/^.*[：:](?=.*[\u4e00-\u9fff]{2})/, '')
    // A header that is a statement (「法律援助以民事案件为主：」 — it ends in its predicate) names no figure.
    .replace(/^.*[：:]$/, (h) => (predicateEnds(h.slice(0, -1)) ? '' : h))
    .replace(TRAILING_LINK, '');
  // Passive or existential order (「有4件涉嫌犯罪案件被……移送」「其余4项被列入督办」): what is counted and the
  // act come after the figure — read them there when 被 follows, or when nothing but 全年/共有 comes before.
  const after = neutral(answer.slice(at + f.raw.length, at + f.raw.length + 16))
    .split(/[。；;，,、]/)[0]
    .replace(/\u3000/g, '');
  // 「在4个社区试点」: the figure is a preposition's object — what it counts comes after it.
  // 「54件矛盾纠纷中有21件转交……」「其中21件转交……」: the words before name the whole, those after the part.
  const useAfter =
    /被/.test(after) ||
    // 「23件纠纷经调委会调解成功」「186户由××区完成」: the act comes after, with its agent.
    /^[^，,]{0,10}?(?:经(?!营|济|费|验|常|过)|由(?!于))[\u4e00-\u9fff]/.test(after) ||
    (/[在对向于从给]$/.test(before) && /^[\u4e00-\u9fff]{2}/.test(after)) ||
    (/(?:其中|\d[^\d]*中)$/.test(before) && /^[\u4e00-\u9fff“"「]{2}/.test(after));
  // 「1329件矛盾纠纷被调解成功」: the act after 被 tells this count from the others of the same things (调处的
  // 1367件) — it is read first, and weighs most; the things counted follow.
  const passive = /^([^被]*)被(.*)$/.exec(after);
  const window = useAfter ? (passive ? `${passive[2]}${passive[1]}` : after) : before;
  // A breakdown (「其中简易程序案件39件」) is the figure of its whole clause only when the answer names what it
  // breaks down to (简易程序) — or when it names nothing the whole clause does not (「审查……合同等事项173件，其中
  // 合同128份」: 审查合同128份). Otherwise the whole is a rival: 「办理行政处罚案件39件」 is not the 39 simple ones.
  const names = (p: FigureClause) => {
    // What tells it from the whole and from its siblings (简易 of 简易程序, not the 程序 both have).
    const siblings = parts.filter((q) => q !== p && q.parent === p.parent).map((q) => q.text);
    // Pairs within the clause's words (「辖区调委会」 holds 区调, which is no word of 「社区调解」).
    const own = segmenter
      .tag(p.text.replace(/^\s*(?:其中|内含|包括)/, ''), false)
      .flatMap((t) => charPairs(t.word))
      .filter((x) => !p.parent!.includes(x) && !siblings.some((t) => t.includes(x)));
    // A change on the year before (「较上年增加39名」) is named by any word of change (「多了39名」).
    const CHANGE = /增加|增长|新增|上升|提高|减少|下降|降低|压缩|多了|多出|少了|涨|降/;
    if (/^\s*(?:同比|较|比|与)/.test(p.text) && CHANGE.test(p.text) && CHANGE.test(clause + after))
      return true;
    // Right before the figure, one word of it is enough; further back in the clause, two (a 「服务」 of 「便民服务
    // 中心」 is not 「代办服务」).
    const further = own.filter((x) => clause.includes(x) || after.includes(x)).length;
    return (
      !own.length ||
      own.some((x) => window.includes(x) || after.includes(x)) ||
      further >= Math.min(2, own.length)
    );
  };
  const ownParts = parts.filter((p) => figureIn(f, p.text));
  if (!ownParts.length) return true;
  // The year before's figure (「由上年的306场减少至118场」) is this year's only when the answer says it is the
  // year before's.
  const PRIOR = /(?:上年|去年|上一年|前一年|上年度|同期)的?\s*$/;
  const priorOnly = ownParts.every((p) =>
    extractFigures(p.text)
      .filter((g) => figureIn(f, g.raw))
      .every((g) => PRIOR.test(p.text.slice(0, p.text.indexOf(g.raw)))),
  );
  if (priorOnly && !/上年|去年|上一年|前一年|同期|此前|以前|原来|由|从/.test(clause + after)) return false;
  const whole = new Set(ownParts.filter((p) => p.parent && (p.linkOnly || names(p))).map((p) => p.parent!));
  const own = ownParts.map((p) => (p.parent && whole.has(p.parent) ? p.context : p.text));
  // The breakdowns of the figure's own clause are read as written: their context is the figure's clause itself.
  const ownTexts = new Set(ownParts.map((p) => p.text));
  const clauses = parts
    .filter((p) => ownParts.includes(p) || !whole.has(p.text))
    .map((p) =>
      ownParts.includes(p)
        ? own[ownParts.indexOf(p)]
        : p.parent && ownTexts.has(p.parent) && !p.elliptic
          ? p.text
          : p.context,
    );
  // Nearer words weigh more.
  const pairs: { pair: string; weight: number }[] = [];
  for (let i = 0; i + 2 <= window.length; i++) {
    const pair = window.slice(i, i + 2);
    if (/^[\u4e00-\u9fff]{2}$/.test(pair))
      pairs.push({ pair, weight: useAfter ? 2 ** (window.length - i) : 2 ** i });
  }
  // 「一年接了187件物业纠纷」: a figure with its measure word right before a noun counts that noun — it weighs as
  // much as the nearest word before.
  const afterTags = segmenter.tag(after, false);
  const nominal = (t: { tag: string }) => /^(?:n[a-z]*|vn|an|z|j|l|i)$/.test(t.tag);
  // (「拆了47处违建」: a short word ending the clause is what is counted, whatever the tagger calls it.)
  const lead = afterTags.findIndex((t) => !nominal(t));
  const noun =
    afterTags.length === 1 && after.length <= 4
      ? after
      : afterTags
          .slice(0, lead < 0 ? undefined : lead)
          .map((t) => t.word)
          .join('')
          .slice(0, 8);
  if (!useAfter && /[\u4e00-\u9fff]$/.test(f.raw) && noun) {
    for (let i = 0; i + 2 <= noun.length; i++) {
      const pair = noun.slice(i, i + 2);
      if (/^[\u4e00-\u9fff]{2}$/.test(pair)) pairs.push({ pair, weight: 2 ** (window.length - 1 - i) });
    }
  }
  const score = (c: string) => pairs.reduce((sum, p) => sum + (c.includes(p.pair) ? p.weight : 0), 0);
  const ownBest = Math.max(...own.map((c, i) => score(`${ownParts[i].lead ?? ''}${c}`)));
  // The verb that governs the figure is the nearest one before it.
  const tagged = segmenter.tag(window, false);
  // A one-character verb nearer the figure (「一年接了187件」) governs it: the verbs before it (调解 of 调解室) do not.
  let near = -1;
  if (!useAfter)
    tagged.forEach((t, i) => {
      if (t.tag === 'v' && t.word.length === 1 && !/[是有为达计共]/.test(t.word)) near = i;
    });
  // A verb before a place or body word (调解室, 执法队) names that place or body, not an act.
  const verbs = tagged
    .slice(near + 1)
    .filter(
      (t, i, a) =>
        (t.tag.startsWith('v') || t.tag === 'a') &&
        t.word.length >= 2 &&
        !LINKING.has(t.word) &&
        !/^[室站所会队点处组厅局庭]$/.test(a[i + 1]?.word ?? ''),
    )
    .map((t) => t.word);

  // An act the figure's clause names that is another figure's act and not its own (「已落实的议事决定达47项」
  // when 47 were 形成 and 41 落实): the figure counts something else.
  // A label before a colon (「执法巡查：出动……」) names the point, not this figure's act.
  const act = window.split(/[：:]/).pop() ?? '';
  // The governing verb, or a verb that qualifies the thing counted (「已落实的」).
  // A verb with a 的 after it modifies the noun counted (「拖欠中小企业的欠款」): it governs nothing, but one right
  // before 的 (「已落实的议事决定」) says which of them are counted.
  const qualifier = (v: string) => act.includes(`${v}的`);
  const governing = useAfter
    ? verbs[0]
    : [...verbs].reverse().find((v) => !act.slice(act.lastIndexOf(v)).includes('的'));
  const acts = verbs.filter((v) => v === governing || qualifier(v));
  // Verbs compare as written: a lexicon group (调解 ↔ 纠纷) is too wide to tell 排查 from 调解成功.
  // Another clause's words, without the figure's own clause that an elliptic or breakdown one carries with it.
  const others = (c: string) => [...ownTexts].reduce((t, o) => t.split(o).join('\u3000'), c);
  const onlyOwn = (v: string) => !clauses.some((c) => !own.includes(c) && others(c).includes(v));
  // 「督促清偿拖欠中小企业欠款」: the last verb qualifies the object; an earlier one only the figure's clause has
  // (清偿) governs it.
  const ownVerb = verbs.some((v) => own.some((c) => c.includes(v)) && onlyOwn(v));
  // Another figure stated just before this one in the same clause (「62名务工人员被拖欠的41.2万元」) brings its own
  // words: its clause is not this figure's rival.
  const stated = extractFigures(useAfter ? window : clause.slice(0, -f.raw.length)).filter(
    (g) => g.unit && !figureIn(f, g.raw),
  );
  // An office the answer names that the figure's own clause names too (「其中鹿鸣镇调处612件」) rules out the clauses
  // that do not name it: who it is said of tells them apart.
  // (「区政府」「县政府」 without a name is the report's own government: it tells no clause from another.)
  const who = [...drop, ...mentionsIn(clause).map((m) => m.name)].filter(
    (d) => clause.includes(d) && own.some((c) => c.includes(d)) && !/^[区县市镇乡街旗](?:人民)?政府$/.test(d),
  );
  const rivals = clauses.filter(
    (c) =>
      !own.includes(c) &&
      score(c) > ownBest &&
      !stated.some((g) => figureIn(g, c)) &&
      !(who.length && !who.some((d) => c.includes(d))),
  );
  // An act of another figure's clause (when the words point there too, or no verb of its own governs it).
  const foreignAct =
    (rivals.length > 0 || !ownVerb) &&
    acts.some(
      (v) =>
        (qualifier(v) || !GENERIC_ACTION.has(v)) &&
        act.includes(v) &&
        !own.some((c) => c.includes(v)) &&
        clauses.some((c) => !own.includes(c) && c.includes(v)),
    );
  if (foreignAct) return false;
  // Other words may point elsewhere (「列席镇党政联席会议17次」 borrows the name of the meeting from another
  // sentence), but the act itself — a verb of the figure's own clause that no rival has — is the strongest sign
  // of what the figure counts.
  // With no verb the tagger knows (「列席」 is tagged a noun), a word of the answer only the figure's own clause
  // has plays that part.
  const marks = verbs.length ? verbs : pairs.map((p) => p.pair);
  // A rival breakdown does what its whole does (「新增市场主体4870户，其中企业1260户」: 企业 were 新增 too).
  const contextOf = (c: string) => parts.find((p) => p.text === c)?.context ?? c;
  // A rival is read with the subject its elliptic chain starts with (「数字城管平台受理……，结案率98.4%，按期结案率
  // 96.9%」: 数字城管平台 is the 按期结案率's too).
  const leadOf = (c: string) => parts.find((p) => p.text === c)?.lead ?? '';
  if (rivals.length)
    return marks.some(
      (v) =>
        own.some((c) => c.includes(v)) &&
        !rivals.some(
          (c) => c.includes(v) || leadOf(c).includes(v) || (verbs.length > 0 && contextOf(c).includes(v)),
        ),
    );
  if (!governing) return true;
  return own.some((c) => c.includes(governing)) || onlyOwn(governing) || ownVerb;
}

const HONOUR = /(?:评为|获评|评选为|荣获|获得|授予|命名为|列为|入选|确定为)(.{2,})$/;

/**
 * A clause without a figure is made up when most of its words are not in the source — or when it is an
 * appended clause (「并……」「同时……」) or its action (its verb: 复垦, 通报, 罚没) is nowhere in the source
 * and the rest is only half supported: an invented fact usually borrows the source's nouns and adds its own verb.
 */
const CHANGE_WORD = /增加|增长|新增|上升|提升|提高|减少|下降|降低|压缩|多了|多出|少了|涨|降/;
/**
 * Words a paraphrase uses around any figure: light verbs and prepositions (作为, 借助, 收到), quantities and
 * abstract nouns (全部, 数量, 方式, 变化) — they add no act of their own.
 */
const LIGHT_WORDS = new Set(
  '作为 借助 通过 利用 依托 采取 采用 收到 接到 得到 全部 所有 数量 总数 总量 变化 情况 方式 方法 模式 形式 手段 结果 成果 做法 举措 水平 规模 程度'.split(
    ' ',
  ),
);

/**
 * A clause holding a true figure with an act made up around it (「其中19件经调查属实」「6项决策均召开了听证会」):
 * two or more of its own nouns and verbs — beyond the figure, the office and words any paraphrase uses — are in
 * no cited paragraph, and most of them are missing.
 */
function inventedAct(clause: string, drop: string[], source: string): boolean {
  if (/^\s*(?:根据|据|依据|按照).{0,40}报告/.test(clause)) return false;
  let t = clause;
  for (const f of extractFigures(clause)) t = t.split(f.raw).join('，');
  for (const d of drop) t = t.split(d).join('，');
  const particular = [
    ...new Set(
      segmenter
        .tag(t, false)
        .filter(
          (x) =>
            x.word.length >= 2 &&
            /^(?:n|v|l|i)/.test(x.tag) &&
            !/^nr|^ns|^nt/.test(x.tag) &&
            !FRAMING.has(x.word) &&
            !GENERIC_ACTION.has(x.word) &&
            !LINKING.has(x.word) &&
            !LIGHT_WORDS.has(x.word) &&
            !CHANGE_WORD.test(x.word),
        )
        .map((x) => x.word),
    ),
  ];
  const missing = particular.filter((w) => !covered(w, source));
  return missing.length >= 2 && coverage(particular, source) < 0.75;
}

/** How a clause judges what it speaks of (「审批提速明显」「执法力度有所加大」「挺管用」), or what it was for. */
const EVALUATION =
  /明显|显著|有所(?:加大|提升|提高|增强|改善|加快|好转|下降|减少|上升)|(?:挺|很|十分|非常|比较|较为|相当)(?:管用|有效|见效|好|大|快|高|强)|管用|见效|成效突出|效果(?:好|不错|明显)|不错|可观|亮眼/;
const PURPOSE = /^(?:为了|为)|^以“[^”]{1,12}”(?:推动|带动|促进|助推|为抓手|为载体)/;

/**
 * A clause that judges, or says what the work was for, of something the cited paragraph speaks of (「苕北县审批提速
 * 明显」「为了护住“松阳茶”这块牌子」): commentary on the cited facts, with no figure and no act of its own.
 */
function commentary(clause: string, words: string[], source: string, offices: string[]): boolean {
  // (a year or the office it speaks of may stand before it: 「泓川市卫健委2022年执法力度有所加大」)
  if (extractFigures(clause).some((f) => !(f.unit === '年' && f.value >= 1900 && f.value <= 2100)))
    return false;
  let rest = clause.trim().replace(/^(?:(?:19|20)\d{2}年度?)/, '');
  for (const o of [...offices].sort((a, b) => b.length - a.length))
    if (rest.startsWith(o)) rest = rest.slice(o.length);
  rest = rest.replace(/^(?:(?:19|20)\d{2}年度?)/, '');
  if (!EVALUATION.test(rest) && !PURPOSE.test(rest)) return false;
  const quoted = [...clause.matchAll(/“([^”]{2,12})”/g)].map((m) => m[1]);
  return quoted.length ? quoted.every((q) => source.includes(q)) : words.some((w) => covered(w, source));
}

function unsupportedClause(clause: string, words: string[], source: string): boolean {
  // An honour (「被评为省级示范阵地」) is a claim of its own: its whole title must be in the source.
  const honour = HONOUR.exec(clause);
  if (honour && contentWords(honour[1], []).some((w) => !covered(w, source))) return true;
  // Verbs every report uses for any work (推动, 加强) state no particular act: they neither support nor sink it.
  const particular = words.filter((w) => !GENERIC_ACTION.has(w));
  const cov = coverage(particular.length ? particular : words, source);
  if (cov < 0.5) return true;
  if (cov >= 0.75) return false;
  if (/^\s*(?:并且?|同时|还|此外|另外|而且|且)/.test(clause)) return true;
  const verbs = segmenter
    .tag(clause, false)
    .filter(
      (t) =>
        t.tag.startsWith('v') &&
        t.word.length >= 2 &&
        !LINKING.has(t.word) &&
        !FRAMING.has(t.word) &&
        !GENERIC_ACTION.has(t.word),
    )
    .map((t) => t.word);
  return verbs.some((v) => !covered(v, source));
}

/** The sentence as checked: NFKC, simplified characters, no spaces between characters, years in digits, measures spelt out. */
/** 「没有给予处罚」「未予处罚」 say what 「不予处罚」 says. */
const negations = (t: string) => t.replace(/(?:没有|并未|未曾|未)(?:给予|予以|作出)|未予/g, '不予');

function plainOf(text: string): string {
  return negations(
    chineseYearsToDigits(
      toSimplified(normalizeForMatch(normalizeCjkCompat(spellMeasures(text)))).replace(
        /(?<=[\u4e00-\u9fff])[\s\u3000]+(?=[\u4e00-\u9fff])/g,
        '',
      ),
    ),
  );
}

/** The verdict on every sentence of an answer against the citations it may cite (numbered from 1). */
export function judgeSentences(
  answer: string,
  citations: Citation[],
  opts: JudgeOptions = {},
): SentenceVerdict[] {
  const forms = officeForms([
    ...(opts.offices ?? []),
    ...citations.map((c) => c.org).filter((o): o is string => !!o),
  ]);
  const verdicts: SentenceVerdict[] = [];
  let asked: { offices: { name: string; key: string }[]; years: number[] } | null = null;
  for (const s of sentencesOf(answer)) {
    const text = contentOf(s.raw);
    const base = { raw: s.raw, text, markers: s.markers };
    // Blank lines, a bold heading line (「**行政执法方面**」), system notes: form, not claims.
    const headingLine =
      /\n$|^[^。！？!?；;，,\d]{1,14}[：:]?\s*$/.test(s.raw) &&
      !/[。！？!?；;，,\d]/.test(text) &&
      !s.markers.length;
    // A Markdown heading or a line all in bold (「### ××市2025年主要数据」「**××县2023年行政执法情况**」) names
    // what follows; with no figure but a year it states nothing.
    const yearless = text.replace(/(?:19|20)\d{2}\s*年度?/g, '');
    const markdownHeading =
      (/^\s*#{1,6}\s/.test(s.raw) || /^\s*(\*\*|__)[^*_\n]+\1\s*[：:]?\s*$/.test(s.raw)) &&
      !s.markers.length &&
      !/\d/.test(yearless) &&
      !extractFigures(yearless).length;
    // A question (the model echoing what was asked: 「××2023年调解了多少纠纷？」) asks; it states nothing.
    const question = /[？?]\s*$/.test(text) && !s.markers.length;
    // A table's header or rule row (「| 指标 | 数值 |」「|---|---|」) is form.
    const tableForm =
      /^\s*\|.*\|\s*$/.test(s.raw) && !/\d/.test(s.raw.replace(MARKER, '')) && !s.markers.length;
    if (
      !/[\u4e00-\u9fff\d]/.test(text) ||
      headingLine ||
      markdownHeading ||
      tableForm ||
      question ||
      opts.exempt?.(s.raw.trim()) ||
      opts.exempt?.(text)
    ) {
      verdicts.push({ ...base, claim: false, keep: true, reason: null, detail: null });
      // The office and year a question names are what the next sentence answers about.
      if (question) {
        const q = plainOf(text);
        asked = {
          offices: namedOffices(q, forms),
          years: [...q.matchAll(/((?:19|20)\d{2})\s*年/g)].map((m) => Number(m[1])),
        };
      }
      continue;
    }
    // Years in Chinese numerals (「二〇二二年」) are years.
    // Spaces between characters (「沁 源 县」) hide nothing: read the words as written together.
    const plain = plainOf(text);

    const mentions = mentionsIn(plain);
    const offices = namedOffices(plain, forms, mentions);
    // A four-digit 19xx/20xx standing alone (「××街道（2023）」「| 2021 |」「××镇 2020：」) is a year, not a figure.
    const bareYear = (f: Figure) => !f.unit && /^(?:19|20)\d{2}$/.test(f.raw);
    const all0 = extractFigures(plain);
    const figures = all0.filter(
      (f) =>
        !(f.unit === '年' && f.value >= 1900 && f.value <= 2100) && !/^[月日]$/.test(f.unit) && !bareYear(f),
    );
    const years = [
      ...new Set([
        ...[...plain.matchAll(/((?:19|20)\d{2})\s*年/g)].map((m) => Number(m[1])),
        ...all0.filter(bareYear).map((f) => f.value),
      ]),
    ];
    const drop = offices.map((o) => o.name);
    // A label before a colon (「1. 网格员配置：全办共有……」) names the point, like a heading: form.
    const body = plain.replace(/^[^，,。；;：:\d]{1,10}[：:](?=.{6,})/, '');
    // A comparison the figures carry (「由95.1%提升到98.6%」): its word of change is checked by the figures.
    const compares = figures.some((f, i) => figures.some((g, j) => j !== i && f.unit && g.unit === f.unit));
    const words = contentWords(withoutDiscourse(body), drop).filter(
      (w) => !(compares && CHANGE_WORD.test(w)),
    );
    const cut = (reason: CutReason, detail: string) =>
      verdicts.push({ ...base, claim: true, keep: false, reason, detail });
    // An answer to an echoed question (「××2023年调解了多少纠纷？全年受理……[1]」) is about what it asked.
    const about = {
      offices: offices.length ? offices : (asked?.offices ?? []),
      years: years.length ? years : (asked?.years ?? []),
    };
    asked = null;

    if (LETTERED_NAME.test(latinised(s.raw))) {
      cut('foreign_office', '单位名称用字母书写，不是任何报告里的写法');
      continue;
    }
    // In English beside no Chinese name of an office, it may be any office: it cannot be checked.
    // (An English name of the cited office's own kind may still be a neighbour's: 「Tiaoling Town」 for 苕川镇.)
    const english = ENGLISH_NAME.exec(latinised(s.raw));
    if (english && !offices.length) {
      const written = ENGLISH_NAME.exec(latinised(s.raw))![0];
      const mixed =
        written !== s.raw.slice(ENGLISH_NAME.exec(latinised(s.raw))!.index).slice(0, written.length);
      cut(
        'foreign_office',
        mixed
          ? `「${written}」混用了其他文字的形近字母，且用英文书写，无法与所引报告的单位核对`
          : `「${written}」用英文书写，无法与所引报告的单位核对`,
      );
      continue;
    }
    const bad = s.markers.filter((n) => !citations[n - 1]);
    const cited = s.markers.map((n) => citations[n - 1]).filter((c): c is Citation => !!c);
    if (!s.markers.length) {
      // No citation: fine for a sentence that claims nothing — an intro, an outro, a summary of the cited claims.
      const restates = verdicts
        .filter((v) => v.keep && v.claim)
        .map((v) => v.text)
        .join('\n');
      // The answer speaking of itself (「我将分三个方面说明」「接下来看……方面的情况」「好的，我来帮你查一下」) or
      // summing up (「可见，两个街道都……」): small counts in words there count the answer's own parts.
      const framing =
        SUMMARY.test(body) ||
        isMetaSpeech(body) ||
        isDiscourseClause(body.split(CLAUSE)[0] ?? '') ||
        SUMMARY.test(plain) ||
        isMetaSpeech(plain);
      const stated = framing ? figures.filter((f) => !isStructural(f)) : figures;
      const says = stated.length > 0 || offices.length > 0 || years.length > 0;
      // A lead-in to a list (「大港街2023年主要做了这些工作：」) names what follows; it states no figure itself.
      const leadIn = /[：:]$/.test(plain) && !figures.length;
      // A lead-in or outro that names the source (「以下内容摘自××2024年度报告」) states no figure of its own.
      if (
        leadIn ||
        (framing && !stated.length) ||
        (!says && (words.length === 0 || coverage(words, restates) >= 0.6))
      ) {
        verdicts.push({ ...base, claim: false, keep: true, reason: null, detail: null });
      } else if (
        says &&
        SUMMARY.test(plain) &&
        restates &&
        figures.every((f) => figureIn(f, restates)) &&
        offices.every((o) => restates.includes(o.name))
      ) {
        verdicts.push({ ...base, claim: false, keep: true, reason: null, detail: null });
      } else cut('no_citation', '该句陈述了事实，但没有标注出处');
      continue;
    }
    if (bad.length && !cited.length) {
      cut('bad_marker', `出处编号 ${bad.map((n) => `[${n}]`).join('')} 不存在`);
      continue;
    }
    const meta = (c: Citation) => `${c.org ?? ''} ${c.year ?? ''}年 ${c.title} ${c.heading ?? ''}`;
    const sources = cited.map((c) => `${meta(c)}\n${c.text}`);
    const all = negations(sources.join('\n'));

    // Another office the cited paragraph names (「与相邻的××镇建立联调机制」) may be spoken of — but a figure said of
    // it must be in a sentence of the paragraph that names it.
    // …and said of it: from its name up to the next office or area the sentence names (「全县调处4218件，其中鹿鸣镇
    // 调处612件、柳湾镇调处538件」 gives 柳湾镇 538, not 4218).
    const respective = /分别/.test(plain) && figures.length >= 2;
    // Each figure must lie in some span said of the office (「与东风街道联合举办……2场，东风街道另组织……97场」).
    const inText = (c: Citation, name: string) => {
      const spans = normalizeForMatch(c.text)
        .split(/[。；;！!？?]/)
        .flatMap((t) =>
          t
            .split(name)
            .slice(1)
            .map((rest) => {
              // (the next that starts a clause: 「为泓川市培训45人次」 still speaks of the first)
              // (「砚湾区、栖桐区分别完成6项、4项」: names listed together share what follows them.)
              const next = mentionsIn(rest).find(
                (m) =>
                  m.start > 0 &&
                  !name.includes(m.name) &&
                  /(?:[，,、；;：:]|其中)$/.test(rest.slice(0, m.start)) &&
                  !/^(?:[、和及与]?[\u4e00-\u9fff]{2,10}?(?:区|县|市|旗|镇|乡|街道))*[、和及与]$/.test(
                    rest.slice(0, m.start),
                  ),
              );
              return name + (next ? rest.slice(0, next.start) : rest);
            }),
        );
      // (a figure the paragraph has nowhere — worked out, or wrong — is the figure checks' to judge, not this one's)
      const inSpans = (f: Figure) =>
        spans.some((span) => figureIn(f, span)) || !figureIn(f, normalizeForMatch(c.text));
      // Offices given their figures respectively (「漪宁市全市和霁峰区……分别为99.6%和99.9%」) each own some of them
      // (which one is the owner check's to say).
      return (
        spans.length > 0 && (respective ? !figures.length || figures.some(inSpans) : figures.every(inSpans))
      );
    };
    const unit = (name: string) =>
      name.replace(/^[\u4e00-\u9fff]{2,6}?[区县市旗](?=[\u4e00-\u9fff]*(?:司法所|社区|居委会|村委会)$)/, '');
    // A department of the cited office's own area is written there by its level (「区司法局」 for 霁峰区司法局).
    const levelForms = (c: Citation, name: string) => {
      const area = /^([\u4e00-\u9fff]{2,6}?)(区|县|市|旗)(.{2,16})$/.exec(name);
      const home = c.org && /^([\u4e00-\u9fff]{2,6}?)(区|县|市|旗)/.exec(c.org);
      if (!area || !home || area[1] !== home[1] || area[2] !== home[2]) return [];
      return [area[3], ...deptShortNames(area[3])].map((d) => area[2] + d);
    };
    const namesIt = (c: Citation, name: string) =>
      levelForms(c, name).some((f) => inText(c, f)) ||
      (unit(name) !== name && inText(c, unit(name))) ||
      normalizeForMatch(c.title).includes(name) ||
      inText(c, name);
    // A department of the area a government (or a zone's committee) reports for is part of its report.
    const governs = (c: Citation, name: string) => {
      const area = /^[\u4e00-\u9fff]{2,8}?(?:新区|区|县|旗|市)/.exec(name)?.[0];
      return (
        !!c.org &&
        !!area &&
        area !== name &&
        /(?:人民政府|政府|管理委员会|管委会)$|[区县市旗]$/.test(c.org) &&
        c.org.includes(bareArea(area))
      );
    };
    const wrongOffice = about.offices.find(
      (o) =>
        !cited.some((c) => (c.org && orgKey(c.org) === o.key) || namesIt(c, o.name) || governs(c, o.name)),
    );
    if (wrongOffice) {
      const of = [...new Set(cited.map((c) => c.org ?? '未署名报告'))].join('、');
      // Written otherwise than it reads (an invisible joiner, a variation selector, compatibility letters): disguised.
      const disguised =
        offices.includes(wrongOffice) && !s.raw.replace(MARKER, '').includes(wrongOffice.name);
      if (disguised) cut('foreign_office', `「${wrongOffice.name}」经过变形书写，所引是${of}的报告`);
      else cut('wrong_office', `句中说的是「${wrongOffice.name}」，所引是${of}的报告`);
      continue;
    }
    // A district, county or city as the subject must be the cited office, or the area a cited department or
    // county-level city serves (「××区全年办理……」 from the ××区司法局 report) — not the area containing the
    // cited office (a town's figures are not its county's).
    const area = offices.length
      ? undefined
      : subjectAreas(plain, mentions).find(
          (a) =>
            !cited.some(
              (c) =>
                !c.org ||
                (orgKey(c.org) === orgKey(a.replace(/人民政府$/, '')) && sameAreaLevel(c.org, a)) ||
                // The area a department serves — but its government is not the department, and a development
                // zone's committee serves the zone, not the city around it.
                (!a.endsWith('人民政府') &&
                  orgKey(c.org).startsWith(bareArea(a)) &&
                  sameAreaLevel(/^[\u4e00-\u9fff]{2,6}?(?:新区|区|县|市|旗)/.exec(c.org)?.[0] ?? c.org, a) &&
                  !/开发区|高新区|园区|保税区|试验区/.test(c.org)) ||
                inText(c, a) ||
                levelForms(c, a).some((f) => inText(c, f)) ||
                // The cited office's own district, which its paragraph calls 全区 (「澜州区各街道共开展……」).
                (!!c.district &&
                  bareArea(c.district) === bareArea(a) &&
                  sameAreaLevel(c.district, a) &&
                  new RegExp(`全${a.slice(-1)}`).test(c.text)),
            ),
        );
    const department = offices.length ? undefined : foreignDepartment(plain, cited);
    if (area || department) {
      cut(
        'wrong_office',
        `句中说的是「${area ?? department}」，所引是${[...new Set(cited.map((c) => c.org ?? '未署名报告'))].join('、')}的报告`,
      );
      continue;
    }
    // Same-named offices (城关镇 in two counties): a 区/县 written right before the name must be the cited one's.
    const otherArea = areaQualifiers(plain, about.offices, mentions).find(({ area, office }) =>
      cited.every(
        (c) =>
          c.org &&
          orgKey(c.org) === office.key &&
          c.district &&
          bareArea(c.district) !== bareArea(area) &&
          !containsArea(area, c.district),
      ),
    );
    if (otherArea) {
      cut(
        'wrong_office',
        `句中说的是「${otherArea.area}${otherArea.office.name}」，所引是${[...new Set(cited.map((c) => `${c.district}${c.org}`))].join('、')}的报告`,
      );
      continue;
    }
    // 「比2021年多出58名」: the year compared with is the one before the report's, which it states as 上年.
    const compared = (y: number) => new RegExp(`(?:比|较|与|同|跟)\\s*${y}\\s*年`).test(plain);
    // 「2022年该市可办率为95.1%」 from the 2023 report's 「上年为95.1%」: last year's figures, given to last year.
    // (「1533名」 worked back from 「1617名，比上年增加84名」 is last year's too.) A sentence giving both years their
    // figures (「2022年和2021年分别为19.7万元和14.2万元」) needs only some of them to be last year's.
    const lastYears = (c: Citation) => {
      const counted = figures.filter((f) => f.unit);
      const prior = (f: Figure) => priorFigure(f, c.text) || priorValue(f, c.text) !== null;
      return (
        counted.length > 0 &&
        (c.year !== null && years.includes(c.year) ? counted.some(prior) : counted.every(prior))
      );
    };
    const wrongYear = about.years.find(
      (y) =>
        !cited.some(
          (c) =>
            c.year === y ||
            (compared(y) && c.year === y + 1) ||
            (c.year === y + 1 && lastYears(c)) ||
            // the plans of 下一步工作 are for the year after the report's
            (c.section === 'next_steps' && c.year !== null && y === c.year + 1 && PLAN_WORDS.test(plain)) ||
            meta(c).includes(String(y)) ||
            c.text.includes(String(y)),
        ),
    );
    if (wrongYear !== undefined) {
      cut(
        'wrong_year',
        `句中说的是${wrongYear}年，所引是${[...new Set(cited.map((c) => `${c.year ?? '年份不明'}年度`))].join('、')}报告`,
      );
      continue;
    }
    // An honour given to another unit of the paragraph (「东村社区被评为省级示范社区」 where 南村社区 was 省级, 东村社区
    // 市级): the level the answer gives must be the one the unit's own clause gives.
    const swapped = swappedHonour(plain, cited);
    if (swapped) {
      cut('wrong_office', swapped);
      continue;
    }
    // A plan (「下一步工作」: 「计划培训1200人次」) told as the report year's work done (「2024年组织轮训1200人次」).
    if (
      figures.some((f) => f.unit && f.unit !== '年') &&
      cited.every((c) => c.section === 'next_steps') &&
      !PLAN_WORDS.test(plain) &&
      !about.years.some((y) => cited.some((c) => c.year !== null && y > c.year)) &&
      (about.years.length > 0 || /了|已经|已(?!有)/.test(plain))
    ) {
      cut(
        'wrong_year',
        `所引是${[...new Set(cited.map((c) => `${c.year ?? '年份不明'}年度`))].join('、')}报告的下一步工作（计划），句中说成了当年已做的事`,
      );
      continue;
    }
    // A plan of 下一步工作 given the report's own year or an earlier one (「计划在2022年将……提高到800件」 from the 2022
    // report's plans, which are for 2023): the plan's year is the next.
    const planYear = about.years.find(
      (y) =>
        PLAN_WORDS.test(plain) &&
        // (the report named by its year, 「根据××2024年度报告」, is not the plan's year)
        !new RegExp(`${y}\\s*年度?的?(?:[\\u4e00-\\u9fff]{0,10})?报告`).test(plain) &&
        cited.every(
          (c) => c.section === 'next_steps' && c.year !== null && y <= c.year && !c.text.includes(String(y)),
        ),
    );
    if (planYear !== undefined) {
      cut(
        'wrong_year',
        `所引是${[...new Set(cited.map((c) => `${c.year}年度`))].join('、')}报告的下一步工作，是之后一年的计划，句中说成了${planYear}年`,
      );
      continue;
    }
    // A share or a change worked out from the source's figures (shown with its sum), not quoted.
    const sums = new Map<Figure, string>();
    for (const f of figures)
      if (!cited.some((c) => figureIn(f, c.text) || figureIn(f, c.heading ?? ''))) {
        const sum =
          derivation(
            f,
            plain,
            cited.map((c) => c.text),
          ) ??
          // Last year's figure worked back from this year's and its change, given to last year.
          cited
            .filter(
              (c) => /上年|去年|上一年|前一年/.test(plain) || (c.year !== null && years.includes(c.year - 1)),
            )
            .map((c) => priorValue(f, c.text))
            .find((x) => x !== null);
        if (sum) sums.set(f, sum);
      }
    const missing = figures.find(
      (f) => !sums.has(f) && !cited.some((c) => figureIn(f, c.text) || figureIn(f, c.heading ?? '')),
    );
    if (missing) {
      cut('figure_not_in_source', `「${missing.raw}」在所引段落中找不到`);
      continue;
    }
    // Citations inside the sentence (「……5.6万元[1]，……5.2万元[2]」): each part's figures are its own citation's.
    const misCited = figures.find((f) => {
      if (sums.has(f)) return false;
      const places = segmentCitations(s.raw, f, citations);
      return (
        !!places &&
        places.some((own) => !own.some((c) => figureIn(f, c.text) || figureIn(f, c.heading ?? '')))
      );
    });
    if (misCited) {
      cut('figure_not_in_source', `「${misCited.raw}」不在它后面标注的出处里（在另一处出处中）`);
      continue;
    }
    // A bare number (a hotline 「12345」) names nothing counted: it must be in the source, but has no indicator.
    const pairs = respectivePairs(plain);
    const misplacedAll = figures.filter(
      (f) =>
        f.unit &&
        !sums.has(f) &&
        !cited.some((c) => figureIn(f, c.text) && sameIndicator(f, lastYearNamed(pairs, c), c.text, drop)),
    );
    let misplaced = misplacedAll[0];
    // A figure worked out from the sentence's own figures (each checked against the source) that happens to be
    // written in the paragraph for something else (「198条，比2023年多37条」 where 37条 is another count).
    const workedOut = misplaced && derivation(misplaced, plain, [plain.split(misplaced.raw).join(' ')]);
    if (misplaced && workedOut) {
      sums.set(misplaced, workedOut);
      misplaced = misplacedAll[1];
    }
    if (misplaced) {
      cut('figure_of_other_indicator', `「${misplaced.raw}」在所引段落中是另一项指标的数字`);
      continue;
    }
    // A figure the paragraph gives to one year (「2022年为28项、2023年为33项、2024年为39项」) said of another.
    const otherYear = figures
      .filter((f) => f.unit && f.unit !== '年' && !sums.has(f))
      .map((f) => ({ f, years: yearsOfFigure(f, plain, cited) }))
      .find((x) => x.years);
    if (otherYear) {
      cut('wrong_year', `「${otherYear.f.raw}」在所引段落中是${otherYear.years}年的数字`);
      continue;
    }
    // Whose figure: a village's, a neighbour's or the county's figure given to the report's office (or the reverse).
    const owned = figures
      .filter((f) => f.unit && !sums.has(f))
      .map((f) => ({ f, owner: foreignOwner(f, plain, cited) }))
      .find((x) => x.owner);
    if (owned) {
      cut('wrong_office', `「${owned.f.raw}」在所引段落中说的是${owned.owner}的数字`);
      continue;
    }
    // A transition or hedge that carries a citation (「接下来再看看矛盾纠纷化解这一块[1]」「以下数字以报告原文为准，仅供
    // 参考[1]」): with no figure or year it states nothing (a wrong office in it was cut above).
    if (
      !figures.length &&
      !years.length &&
      ((META_SUBJECT.test(body) && META_VERB.test(body)) ||
        GREETING.test(body) ||
        ANNOUNCES.test(body) ||
        REFER.test(body) ||
        UNKNOWABLE.test(body) ||
        // An opinion on what it cites (「这种边界联调的思路值得相邻乡镇借鉴」) reports no fact.
        /值得.{0,12}(?:借鉴|学习|推广|参考|关注|肯定)/.test(body) ||
        /仅供参考|供您参考|以报告原文为准|以原文为准|关系不大/.test(body))
    ) {
      verdicts.push({ ...base, claim: false, keep: true, reason: null, detail: null });
      continue;
    }
    // Pointing at a part of the report (「这一部分主要介绍了乡里的普法宣传工作」): what it names must be what the
    // paragraph is about; it states no fact of its own.
    const pointer = !figures.length && SECTION_POINTER.exec(body.trim());
    if (pointer) {
      const about = /关于([^，,。]{1,16})/.exec(pointer[0])?.[1] ?? '';
      const topic = contentWords(`${about}，${body.trim().slice(pointer[0].length)}`, drop);
      // A pointer with no topic (「以下内容摘自报告的相关段落：」) names nothing to check.
      if (!topic.length || coverage(topic, all) >= 0.5) {
        verdicts.push({ ...base, claim: false, keep: true, reason: null, detail: null });
        continue;
      }
    }
    // The rest of the content: paraphrase-compatible as a whole, and no clause made up from nothing.
    const whole = coverage(words, all);
    // A summing-up of what it cites (「可见，××这两年都把线上调解作为重要抓手[1][2]」) restates, in its own
    // words, with no figure: judged as a whole, not clause by clause — but an honour it names must be there.
    const summing =
      !figures.length && (SUMMARY.test(plain) || isDiscourseClause(plain.split(CLAUSE)[0] ?? ''));
    const invented = body
      .split(CLAUSE)
      // (「丰裕镇隶属芮岭市」「苕州市下辖砚湾区」: how offices stand to each other is the reports' metadata, checked
      // with the offices above.)
      .map((c) => ({ c, w: contentWords(c, drop).filter((x) => !OFFICE_RELATION.test(x)) }))
      // An appended clause (「并……」「同时……」) must be well supported: it is where invented facts hide.
      .find(({ c, w }) =>
        summing
          ? HONOUR.test(c) && unsupportedClause(c, w, all)
          : extractFigures(c).length
            ? !SUMMARY.test(c.trim()) &&
              !isDiscourseClause(c) &&
              !commentary(c, w, all, drop) &&
              inventedAct(c, drop, all)
            : w.length >= 2 &&
              !SUMMARY.test(c.trim()) &&
              !isDiscourseClause(c) &&
              !commentary(c, w, all, drop) &&
              unsupportedClause(c, w, all),
      );
    if (whole < 0.5) {
      cut('unsupported_content', `句中多数内容在所引段落中找不到（覆盖 ${Math.round(whole * 100)}%）`);
      continue;
    }
    if (invented) {
      cut('unsupported_content', `分句「${invented.c.trim()}」在所引段落中找不到依据`);
      continue;
    }
    verdicts.push({
      ...base,
      claim: !summing,
      keep: true,
      reason: null,
      detail:
        [
          ...(sums.size ? [`由原文数字推算：${[...sums.values()].join('；')}`] : []),
          ...(bad.length ? [`忽略了不存在的出处编号 ${bad.join('、')}`] : []),
        ].join('；') || null,
    });
  }
  return verdicts;
}
