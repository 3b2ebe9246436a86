// Whose figure: a paragraph often gives, beside its office's own figures, those of the offices it names — its
// villages, towns and streets (「其中望舒街道调处纠纷1026件」), a neighbour (「嘎洛乡移交线索4条」) or its superior
// (「同期全县各乡镇共调处2386件」「岚桥市全市签约5218户」). A figure is said of the office that starts its clause (or of
// the report's own office when none does), and an answer must give it to that office — the same reading for the
// answer's sentence and for the cited paragraph.
import { loadGazetteer } from '#gazetteer';
import { segmenter } from '#segmenter';
import { officeMentions } from '../ingest/office.ts';
import { bareArea, deptCanonical } from '../question/offices.ts';
import { extractFigures, type Figure, figureIn } from '../text/figures.ts';
import type { Citation } from './types.ts';

/** Who a figure is said of: the report's own office, or the keys of the offices or scope (「全县」) named. */
export type Owner = 'self' | { keys: string[]; label: string };

const LEVEL_SUFFIX = /(?:街道办事处|街道办|街道|人民政府|政府|办事处|社区|嘎查|村|镇|乡|区|县|市|旗|盟|州)+$/;
const bare = (name: string) => name.replace(LEVEL_SUFFIX, '') || name;
/** A local office's level class: 丰裕镇 is not 丰裕乡, though 大港街 is 大港街道. */
const localClass = (name: string) =>
  /(?:街道办事处|街道办|街道|街)$/.test(name)
    ? '街'
    : /镇(?:人民政府)?$/.test(name)
      ? '镇'
      : /乡(?:人民政府)?$/.test(name)
        ? '乡'
        : '';
/** The key an office is compared by: its name without level words, with its local level class. */
const keyOf = (name: string) => bare(name) + localClass(name);

/** 「全县」「全市」 and the like: the whole of an area, by its level word. */
const SCOPE = /全(省|自治区|市|州|盟|区|县|旗|乡|镇|街道|街)(?![域面力程部体民年天])/g;
/** The report's office speaking of itself. */
const SELF_WORD = /(?:我|本|该)(?:街道|街|镇|乡|区|县|市|旗|局|委|办|所|单位|部门)/g;
/** Villages and communities a 乡/镇/街道 report names (「白岩脚村」「松坝村」). */
const VILLAGE = /(?:村|社区|嘎查)(?![民委级规务干组两小集庄落里])/g;
/** A unit under an office, by its name: 「城关派出所」「东湖司法所」「青溪中队」. */
const SUB_UNIT =
  /([\u4e00-\u9fff]{2,4}?)(?:派出所|司法所|中队|大队|分局|卫生院|中心校|中学|小学|所(?![有在属以长]))/g;
const ZONE_WORD = /开发区|经开区|高新区|园区|新区|管委会|管理委员会/;
/** A development zone, by its name or its kind (「苕溪经开区」「开发区」). */
const ZONE =
  /(?:[\u4e00-\u9fff]{2,4}?)?(?:经济技术开发区|高新技术产业开发区|经开区|高新区|开发区|工业园区)(?:管委会|管理委员会)?/g;
const ZONE_NAME = new RegExp(`^${ZONE.source}$`);
/** A province (「岚江省」). */
const PROVINCE = /[\u4e00-\u9fff]{2,3}?(?:省|自治区)(?![委级内外])/g;
/** A bureau named by its level only (「市局」「县局」) starting a clause. */
const LEVEL_BUREAU = /(?:^|[，,；;：:。\s])([市县区])局(?![长面势部])/g;
/** A site or body named after an office (「岩枫新村安置点」「马樱村花椒合作社」): the site, not the office, is meant. */
const FACILITY = /^(?:安置|小区|片区|社区|点|站|所|广场|公园|园|学校|中心|市场|项目|合作社|工厂|企业|基地)/;
/**
 * A department of an area by its level word (「区住房和城乡建设局」「市医疗纠纷人民调解委员会」): group 1 the level, group 2
 * the department. (Written with the area's name, 「霁峰区司法局」, it is read as an office mention.)
 */
const AREA_DEPARTMENT = /([区县市旗])([\u4e00-\u9fff]{2,14}?(?:局|委员会|委|办公室|中心|院))/g;
/** What a department's name never holds: a word of running text (「区人民政府将本委」). */
const NOT_DEPARTMENT =
  /[的了将把被在对为与是等各及我本该全共已均未以经从由到向给年月日]|政府|工作|法治|建设情况/;
/** Where a name may start: a clause or list item, 其中 or a time word before it. */
const NAME_START = /(?:^|[，,；;：:。、\s（(]|其中|全年|同期|下辖|所辖|下属)$/;
/** A word that makes the office after it an object, not the one the clause is about (「与相邻的建兴街道建立」「占全市的」). */
const GOVERNED =
  /(?:与|同(?![期比时样])|和|跟|向|对|为|帮|给|在|占|比|较|协助|配合|会同|联合|指导|督促|推动|带动)[^，,；;：:。]{0,4}$/;
/** Words a name never holds: a shape read out of running text (「开展市场」→「开展市」, 「其中社区」). */
const NOT_NAME =
  /[\d零一二两三四五六七八九十百千万个名多几余我全本各该此其每所的了在和与及对为将把被从由到等有这那之是党某共已均未以经]|依托|依靠|借助|利用|围绕|结合|按照|针对|对照|立足|聚焦|面向|工作|建设|情况|报告|关于|法治|辖区|农村|城市|老城|园区|小区|集镇|街镇|乡镇|镇村|嘎查村|基层/;
/** What may stand between a clause's start and the office it is about: time, 其中, a frame. */
const LEAD =
  /^(?:\s|(?:19|20)\d{2}年度?|全年|同期|今年|当年|其中|此外|另外|同时|另|据报告|报告显示|截至[^，,]{0,8}?[底末]|(?:下辖|所辖|辖内|下属)的?|[*#>\-\d.、|]+|(?:[一二两三四五六七八九十几\d]+个|各)[\u4e00-\u9fff]{1,4}中)*$/;
const CLAUSE_END = /[，,；;：:。！？!?\n]/;
const SENTENCE_END = /[；;。！？!?\n]/;

/** Inside 《》 or “”: a title or a slogan names no one who acts (「《老工业区振兴项目审查规程》」). */
const quoted = (text: string, at: number) => {
  const before = text.slice(0, at);
  return (
    before.split('《').length > before.split('》').length ||
    before.split('“').length > before.split('”').length
  );
};

/** A name, not a phrase of running text: no word of it is a verb, adverb or function word (「督促辖区」「开展市」). */
const nameLike = (key: string, local = false) =>
  !segmenter.tag(key, false).some(
    (t) =>
      /^(?:p|c|u|r|m|q)/.test(t.tag) ||
      // A street's or town's name is often an ordinary word (丰裕镇, 振兴街道); an area's is not (开展市场).
      (!local && (/^d/.test(t.tag) || (t.word.length >= 2 && /^(?:v|a)/.test(t.tag)))),
  );

interface Candidate {
  start: number;
  end: number;
  owner: Owner;
}

/**
 * The area a department's report is of (its name and level), and the report's own office as a department key —
 * or null for a government, street or town, whose report speaks for its departments as its own.
 */
interface Home {
  area: string;
  level: string;
  own: string;
  /** The report is the area's government's, which speaks for its departments. */
  government?: boolean;
}
function homeOf(org: string | null): Home | null {
  if (!org) return null;
  const m =
    /^([\u4e00-\u9fff]{2,6}?)(新区|区|县|市|旗)([\u4e00-\u9fff]{2,14}(?:局|委员会|委|办公室|中心|院))$/.exec(
      org,
    );
  if (m && !NOT_DEPARTMENT.test(m[3])) {
    const level = m[2] === '新区' ? '区' : m[2];
    return { area: m[1], level, own: `dept:${level}${deptCanonical(m[3])}` };
  }
  // A government of an area (「云崃县」「云崃县人民政府」): its departments' figures are its own too.
  const gov = /^([\u4e00-\u9fff]{2,6}?)(新区|区|县|市|旗)(?:人民政府)?$/.exec(org);
  if (!gov) return null;
  const level = gov[2] === '新区' ? '区' : gov[2];
  return { area: gov[1], level, own: 'self', government: true };
}
/** A short name of a department: its first character, then the full name's characters in order (医调委 ← 医疗纠纷人民调解委员会). */
function abbreviates(short: string, full: string): boolean {
  if (short.length >= full.length || short[0] !== full[0]) return false;
  let at = 0;
  for (const ch of short) {
    at = full.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** 「霁峰区司法局」 of the home area 霁峰区: its level and department. */
function homeDepartment(name: string, home: Home): { level: string; dept: string } | null {
  const m = /^([\u4e00-\u9fff]{2,6}?)(新区|区|县|市|旗)(.{2,14})$/.exec(name);
  if (!m || bareArea(m[1] + m[2]) !== home.area || NOT_DEPARTMENT.test(m[3])) return null;
  return { level: m[2] === '新区' ? '区' : m[2], dept: m[3] };
}

/** The level word of the area a cited office's own scope words name (「全乡」 in a 乡's report, 「全市」 in a 市局's). */
function selfScopes(org: string | null): string[] {
  if (!org) return ['街道', '街', '镇', '乡'];
  const own = /(街道|镇|乡|区|县|市|旗)$/.exec(org.replace(/(?:办事处|人民政府)$/, ''));
  if (own) return own[1] === '街道' ? ['街道', '街'] : [own[1]];
  if (/街$/.test(org)) return ['街道', '街'];
  // A department: the area before its name (「棠浦市城管局」: 全市), and 全局/全系统 are its own.
  const area = /^[\u4e00-\u9fff]{2,8}?(区|县|市|旗)/.exec(org);
  return area ? [area[1]] : [];
}

/**
 * The offices and scopes a text names that a figure may be said of. In an answer (`known`: the keys the cited
 * paragraph names) a name the paragraph has is taken as written; in a paragraph, a name must read as one.
 */
function candidates(
  text: string,
  org: string | null,
  superiors: Map<string, string>,
  known?: Set<string>,
  home: Home | null = null,
  names?: Map<string, Owner>,
): Candidate[] {
  const out: Candidate[] = [];
  // A department of the cited office's own area (「区司法局」 in a 区发改委's report), or the office itself.
  const departmentOwner = (level: string, dept: string): Owner | null => {
    if (!home) return null;
    const key = `dept:${level}${deptCanonical(dept)}`;
    if (key === home.own) return 'self';
    // In a government's paragraph a department of its own level owns its figures with the government (an answer may
    // give 「县市场监管局办理426件」 to the county, not to another department); elsewhere, alone.
    if (home.government && !known)
      return level === home.level
        ? { keys: [key, 'self'], label: `${level}${dept}` }
        : { keys: [key], label: `${level}${dept}` };
    return { keys: [key], label: `${level}${dept}` };
  };
  const own = selfScopes(org);
  const orgKey = org ? bare(org) : null;
  const orgClass = org ? localClass(org) : '';
  // What an office that a clause is about is followed by: its act, a figure, an adverb, the next office of a list —
  // not a place or body of its own (「岩枫新村安置点」「马樱村花椒合作社」 name the site, not who acts).
  const acting = (end: number) => {
    if (known) return true;
    // An organ of the office (「棣华街道便民服务中心……办件4.7万件」「××镇综合执法队」) acts for it.
    if (
      /^[\u4e00-\u9fff]{0,6}?(?:服务中心|执法队|执法中队|执法大队|调委会|调解委员会|工作站|服务站)/.test(
        text.slice(end, end + 12),
      )
    )
      return true;
    // A programme's name in quotes may stand between the office and its act (「苍屿县“跨省通办”办件2860件」).
    // (and a time word: 「青柳街道同期开展检查1390家次」)
    const time =
      /^(?:同期|同年|全年|当年|今年|年内|(?:19|20)\d{2}年度?)/.exec(text.slice(end, end + 8))?.[0].length ??
      0;
    const quote = /^[“「《][^”」》]{1,16}[”」》]/.exec(text.slice(end + time, end + time + 20));
    const skip = time + (quote ? quote[0].length : 0);
    const rest = text.slice(end + skip, end + skip + 6);
    if (FACILITY.test(rest)) return false;
    // (「镇、村两级」 lists levels, not offices.)
    if (/^[、和及与](?:村|社区|乡|镇|街道|区|县|市)/.test(rest)) return false;
    if (/^(?:[\d零一二两三四五六七八九十百千]|全|共|累计|各|所辖|辖|另|还|也|又|再|[、和及与])/.test(rest))
      return true;
    const first = segmenter.tag(rest, false)[0];
    // (「试点」「首创」, and 「办理」 before its object, are tagged nouns, but after an office they are its act.)
    return (
      !!first &&
      (/^(?:v|d|p)/.test(first.tag) ||
        /^(?:试点|首创|首推|首批|办理|受理|查处|审查|审核|调解|调处|化解|排查|整改|立案|审结|办结|处理|接待|培训|检查|出动|组织|举办|开展|完成|签订|发放|聘请|设立|建成|新建|实施|推行|落实)/.test(
          first.word,
        ))
    );
  };
  // (A province ends where the name after it begins: 「岚海省澄川市」.)
  const unprovinced = text.replace(PROVINCE, (p) => '，'.repeat(p.length));
  for (const found of officeMentions(unprovinced, loadGazetteer())) {
    // In an answer, a shape read with words before it (「同期梧溪县」) is the name the paragraph has at its end.
    const within = known && [...known].find((k) => k.length >= 2 && keyOf(found.name).endsWith(k));
    const cut = within ? keyOf(found.name).length - within.length : 0;
    const m = cut ? { ...found, start: found.start + cut, name: found.name.slice(cut) } : found;
    // 「会同区财政局」: a verb before 区财政局, not an area called 会同区 (the level form is read below).
    if (m.level === '部门' && !m.places.length) {
      const area = /^([\u4e00-\u9fff]{2,6}?)(?:新区|区|县|市|旗)/.exec(m.name)?.[1] ?? '';
      if (
        area &&
        (/^(?:会同|协同|联同|联合|配合|协助|督促|指导|推动|带动|会商|商请|报请)$/.test(area) ||
          segmenter.tag(area, false).every((t) => /^(?:v|p|c|d)/.test(t.tag)))
      )
        continue;
    }
    // 「霁峰区住房和城乡建设局」 in a 霁峰区 department's report: the 区住建局 the paragraph names.
    const ofArea = m.level === '部门' && home ? homeDepartment(m.name, home) : null;
    if (ofArea) {
      const owner = departmentOwner(ofArea.level, ofArea.dept);
      if (owner && (owner === 'self' || !known || known.has(owner.keys[0]))) {
        out.push({ start: m.start, end: m.end, owner });
        continue;
      }
    }
    const key = keyOf(m.name);
    const bareKey = bare(m.name);
    const cls = localClass(m.name);
    if (
      orgKey &&
      bareKey.length >= 2 &&
      (bareKey.includes(orgKey) || orgKey.includes(bareKey)) &&
      (!cls || !orgClass || cls === orgClass) &&
      // 蒿岭县 is not 蒿岭乡: an area of the office's name is the area, not the office.
      !(orgClass && /[县区市旗盟州]$/.test(m.name))
    ) {
      out.push({ start: m.start, end: m.end, owner: 'self' });
      continue;
    }
    if (known && !known.has(key)) continue;
    // The second of a list of offices acts as the first does (「苍屿县、蓼河县行政执法人员持证率分别为……」).
    const listed = out.some((o) => o.end === m.start - 1 && /[、和及与]/.test(text[o.end]));
    if (NOT_NAME.test(m.name) || (!listed && !acting(m.end))) continue;
    // A name known only by its shape is no phrase of running text (「督促辖区」「依托城市」「老工业区振兴」) — for a
    // department, its area's name (「峄州市卫生健康委员会」).
    const shapeName =
      m.level === '部门'
        ? (/^([\u4e00-\u9fff]{2,6}?)(?:新区|区|县|市|旗)/.exec(m.name)?.[1] ?? bareKey)
        : bareKey;
    if (!known && !m.places.length && !nameLike(shapeName, !!localClass(m.name))) continue;
    // A street's or town's name that is an ordinary word starts a clause or follows another office (not 「法律顾问
    // 帮助镇政府」「审查镇属合同」).
    if (
      !known &&
      !m.places.length &&
      !nameLike(bareKey) &&
      ((!NAME_START.test(text.slice(Math.max(0, m.start - 2), m.start)) &&
        !out.some((o) => o.end === m.start)) ||
        // 「帮助镇政府」「审查镇属合同」: a verb before 镇政府/镇属 governs a common noun.
        (segmenter.tag(bareKey, false).some((t) => t.tag.startsWith('v')) &&
          /^(?:(?:人民)?政府|党委|属|级|村|域)/.test(text.slice(m.start + m.name.length))))
    )
      continue;
    const keys = [key];
    const level = superiors.get(bareKey);
    if (level) keys.push(`全${level}`);
    out.push({ start: m.start, end: m.end, owner: { keys, label: m.name } });
  }
  // In an answer, the paragraph's owners written out where the answer's own reading missed them (a name after a
  // modifier: 「苕州市下辖的蓼河县」).
  for (const [label, owner] of names ?? [])
    for (let at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + 1)) {
      const end = at + label.length;
      if (!out.some((o) => o.start < end && at < o.end)) out.push({ start: at, end, owner });
    }
  // 「渌岗县局」 in an answer: the paragraph's 渌岗县司法局 (the one bureau of that area it names).
  if (names)
    for (const m of text.matchAll(/([\u4e00-\u9fff]{2,6}?[区县市旗])局(?!长)/g)) {
      const at = m.index ?? 0;
      const end = at + m[0].length;
      const bureaus = [...names].filter(
        ([label]) => label.startsWith(m[1]) && /局$/.test(label) && label !== m[0],
      );
      if (bureaus.length !== 1) continue;
      for (let i = out.length - 1; i >= 0; i--) if (out[i].start >= at && out[i].end <= end) out.splice(i, 1);
      if (!out.some((o) => o.start < end && at < o.end)) out.push({ start: at, end, owner: bureaus[0][1] });
    }
  for (const m of text.matchAll(VILLAGE)) {
    const end = (m.index ?? 0) + m[0].length;
    // The shortest name of two to four characters that starts where a name may (「其中石门村」: 石门村).
    let start = -1;
    for (let len = 2; len <= 4 && start < 0; len++) {
      const at = (m.index ?? 0) - len;
      if (at < 0) break;
      // In an answer, a name the paragraph has is taken wherever it stands (「某乡石门村」).
      if (
        known
          ? known.has(bare(text.slice(at, m.index)))
          : NAME_START.test(text.slice(Math.max(0, at - 2), at))
      )
        start = at;
    }
    if (start < 0 || out.some((c) => c.start <= start && start < c.end)) continue;
    const name = text.slice(start, end);
    if (!/^[\u4e00-\u9fff]+$/.test(name)) continue;
    if (known && !known.has(bare(name))) continue;
    // (「第二社区」「第三村」: numbered communities are named by their number.)
    const ordinal = /^第[一二三四五六七八九十]{1,3}$/.test(bare(name));
    // (a character of NOT_NAME inside a word of the name is not that word: 和 of 和平村)
    const words = segmenter
      .tag(bare(name), false)
      .map((t) => (t.word.length >= 2 && /^n/.test(t.tag) ? '\u3007'.repeat(t.word.length) : t.word))
      .join('');
    if ((!ordinal && NOT_NAME.test(words)) || !acting(end)) continue;
    // (a village's or community's name is often an ordinary word: 胜利村, 前进社区, 和平巷社区 — but not a verb
    // with its object: 培育社区, 组织社区, 培养农村)
    if (
      !known &&
      !ordinal &&
      (!nameLike(bare(name), true) ||
        /^v/.test(segmenter.tag(name, false)[0]?.tag ?? '') ||
        segmenter.tag(bare(name), false).some((t) => /^v/.test(t.tag) && t.word.length >= 2))
    )
      continue;
    out.push({ start, end, owner: { keys: [bare(name)], label: name } });
  }
  // Units under the office (「城关派出所」「东湖司法所」): their figures are theirs.
  for (const found of text.matchAll(SUB_UNIT)) {
    // The name may start after the match does (「其中东关所」 matches 其中东关所): the last start a name may have.
    const shift = [...Array(Math.max(1, found[1].length - 1)).keys()]
      .reverse()
      .find((k) =>
        NAME_START.test(text.slice(Math.max(0, (found.index ?? 0) + k - 2), (found.index ?? 0) + k)),
      );
    const m = shift ? [found[0].slice(shift), found[1].slice(shift)] : [found[0], found[1]];
    const start = (found.index ?? 0) + (shift ?? 0);
    // 「梅垭所」 in an answer is the paragraph's 「梅垭派出所」.
    const name = m[0];
    const key =
      known && !known.has(name)
        ? ([...known].find((k) => k.startsWith(m[1]) && /所$/.test(k)) ?? name)
        : name;
    // The office's own units by level (「街道司法所」「县交警大队」) are the office.
    if (/^(?:[县区市镇乡旗]|街道?)/.test(m[1])) continue;
    if (out.some((c) => c.start <= start && start < c.end)) continue;
    if (known ? !known.has(key) : !NAME_START.test(text.slice(Math.max(0, start - 2), start))) continue;
    // (A unit is an actor by what it is: only a site of its own after it (「派出所服务站」) is not.)
    if (!known && (NOT_NAME.test(m[1]) || !nameLike(m[1]) || FACILITY.test(text.slice(start + name.length))))
      continue;
    out.push({ start, end: start + name.length, owner: { keys: [key], label: name } });
  }
  for (const m of text.matchAll(SCOPE)) {
    const start = m.index ?? 0;
    const level = m[1] === '街' ? '街道' : m[1];
    // 「璞州市全市」: the whole of the area just named (not the report's own, though its level word is the same).
    // In an answer, 「全市」 after a city it named earlier in the sentence (「您问的璞州市……，2024年全市共确定12个」)
    // is that city's.
    const sentenceStart =
      Math.max(-1, ...[...text.slice(0, start).matchAll(/[。！？!?；;\n]/g)].map((x) => x.index ?? -1)) + 1;
    const area =
      out.find((c) => c.end === start) ??
      (known
        ? out
            .filter(
              (c) =>
                c.start >= sentenceStart &&
                c.end <= start &&
                c.owner !== 'self' &&
                c.owner.label.endsWith(level) &&
                level.length === 1,
            )
            .pop()
        : undefined);
    const owner: Owner =
      area && area.owner !== 'self'
        ? { keys: [...area.owner.keys, `全${level}`], label: area.owner.label + m[0] }
        : own.includes(m[1]) || own.includes(level)
          ? 'self'
          : { keys: [`全${level}`], label: m[0] };
    out.push({ start, end: start + m[0].length, owner });
  }
  // A zone above the office (「开发区全年检查企业6890家次」 in a street's report under it), a province, a superior
  // bureau by its level (「市局」 in a 县公安局's report): whole areas of their own.
  const zoneSelf = !!org && ZONE_WORD.test(org);
  for (const m of text.matchAll(ZONE)) {
    // 「在锦垣工业园区开展……」: the preposition is not the zone's name (it makes the zone a place, not an actor).
    const lead = /^[在于向对与和为到从由经将把赴]/.test(m[0]) ? 1 : 0;
    const start = (m.index ?? 0) + lead;
    const name = m[0].slice(lead);
    if (out.some((c) => c.start <= start && start < c.end && c.end - c.start >= name.length)) continue;
    if (!lead && !NAME_START.test(text.slice(Math.max(0, start - 2), start)) && !known) continue;
    out.push({ start, end: start + name.length, owner: zoneSelf ? 'self' : { keys: ['zone'], label: name } });
  }
  // 「园区规上工业产值达到86.3亿元」 after 「锦垣工业园区推行……」: the zone named before.
  for (const m of text.matchAll(/(?:该|本)?(?:园区|开发区)/g)) {
    const start = m.index ?? 0;
    if (out.some((c) => c.start <= start && start < c.end)) continue;
    if (!NAME_START.test(text.slice(Math.max(0, start - 2), start))) continue;
    const zone = out.filter((c) => c.end <= start && ZONE_NAME.test(text.slice(c.start, c.end))).pop();
    if (zone) out.push({ start, end: start + m[0].length, owner: zone.owner });
  }
  for (const m of text.matchAll(PROVINCE)) {
    const start = m.index ?? 0;
    if (!NAME_START.test(text.slice(Math.max(0, start - 2), start))) continue;
    out.push({ start, end: start + m[0].length, owner: { keys: ['全省'], label: m[0] } });
  }
  for (const m of text.matchAll(LEVEL_BUREAU)) {
    const start = (m.index ?? 0) + m[0].length - 2;
    out.push({
      start,
      end: start + 2,
      owner: own.includes(m[1]) ? 'self' : { keys: [`全${m[1]}`], label: `${m[1]}局` },
    });
  }
  for (const m of text.matchAll(AREA_DEPARTMENT)) {
    // (with the home area's name before it: 「泓川市卫健委」)
    const at = m.index ?? 0;
    const start = home && text.slice(at - home.area.length, at) === home.area ? at - home.area.length : at;
    if (NOT_DEPARTMENT.test(m[2]) || /[全本该我各]$/.test(text.slice(0, start))) continue;
    if (out.some((c) => c.start <= start && start < c.end)) continue;
    let owner = departmentOwner(m[1], m[2]);
    // 「市医调委」 in an answer is the paragraph's 「市医疗纠纷人民调解委员会」: a short name keeps the full one's
    // characters in order.
    if (known && owner && owner !== 'self' && !known.has(owner.keys[0])) {
      const full = [...known].find(
        (k) => k.startsWith(`dept:${m[1]}`) && abbreviates(m[2], k.slice(5 + m[1].length)),
      );
      owner = full ? { keys: [full], label: m[0] } : null;
    }
    if (!owner) continue;
    out.push({ start, end: at + m[0].length, owner });
  }
  // 「城关镇（竹山县）」: a name in brackets right after another qualifies it.
  const named = out
    .filter((c) => !/[（(]$/.test(text.slice(0, c.start)) && !quoted(text, c.start))
    // 「芮岭市司法局」 holds 「芮岭市」: the longer name is the office.
    .filter(
      (c) =>
        !out.some(
          (o) => o !== c && o.start <= c.start && c.end <= o.end && o.end - o.start > c.end - c.start,
        ),
    )
    .sort((a, b) => a.start - b.start || b.end - a.end);
  for (const m of text.matchAll(SELF_WORD)) {
    const start = m.index ?? 0;
    // In an answer, 「该镇」 is the office it named last (「苕北县鹿鸣镇……，但该镇……」), not always the report's.
    const last = known ? named.filter((c) => c.end <= start).pop() : undefined;
    named.push({
      start,
      end: start + m[0].length,
      owner: last && last.owner !== 'self' ? last.owner : 'self',
    });
  }
  return named.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Lead words, then areas that qualify the office after them (「苕阳县」 before 「丰裕乡」), not running text. */
function qualifiedLead(prefix: string): boolean {
  const areas = /(?:[\u4e00-\u9fff]{2,4}?(?:省|自治区|市|州|盟|区|县|旗))+$/.exec(prefix)?.[0];
  return !!areas && !NOT_NAME.test(areas) && LEAD.test(prefix.slice(0, -areas.length));
}

/**
 * Who the figure at `at` is said of: the nearest office before it, in its sentence, that starts a clause (after
 * time words or 其中) or follows another such office directly (「澹溪市全市」「枫渚区望舒街道」). An office a
 * preposition governs (「与相邻的建兴街道建立机制，开展联合执法16次」) is not what the figure is said of.
 * Offices listed with 、 and 分别 own their figures together.
 */
function ownerAt(text: string, at: number, cands: Candidate[]): Owner {
  const owner = clauseOwnerAt(text, at, cands);
  // 「（胜利街道）与东风街道联合举办……2场」: work done with another office in the figure's clause is both offices'.
  let start = at;
  while (start > 0 && !CLAUSE_END.test(text[start - 1])) start--;
  const partners = cands.filter((c) => {
    if (c.start < start || c.end > at) return false;
    const before = text.slice(start, c.start);
    return (
      (/(?:与|同|和|跟)$/.test(before) && /共同|联合|一起|一道|携手|合力/.test(text.slice(c.end, at))) ||
      /(?:会同|联合|携手|协同)$/.test(before)
    );
  });
  if (!partners.length) return owner;
  const base: Candidate = { start: 0, end: 0, owner };
  return together(text, [base, ...partners]);
}

function clauseOwnerAt(text: string, at: number, cands: Candidate[]): Owner {
  let sentenceStart = 0;
  for (let i = at - 1; i >= 0; i--)
    if (SENTENCE_END.test(text[i])) {
      sentenceStart = i + 1;
      break;
    }
  const clauseStart = (i: number) => {
    for (let j = i - 1; j >= sentenceStart; j--) if (CLAUSE_END.test(text[j])) return j + 1;
    return sentenceStart;
  };
  // The office a clause is about starts it (after time words, 其中 or a modifier ending in 的: 「相邻的」「下辖的」)
  // or follows another directly (「苕州市全市」); one after a verb or a preposition (「隶属芮岭市」「与建兴街道」) is
  // its object.
  const inSentence = cands.filter((c) => c.start >= sentenceStart && c.end <= at);
  // (A programme's name in quotes may follow each office of a list: 「蓼河县“证照联办”和苍屿县“跨省通办”」.)
  // (and an organ of the office: 「乙街道“老娘舅”调解室和甲街道」.)
  const listedAfter = (prev: Candidate, c: Candidate) =>
    prev.end <= c.start &&
    /^[、和及与]$/.test(
      text
        .slice(prev.end, c.start)
        .replace(/[“「《][^”」》]{0,16}[”」》]/g, '')
        .replace(
          /^[\u4e00-\u9fff]{0,4}?(?:调解室|调委会|服务中心|执法队|执法中队|工作站|服务站)(?=[、和及与])/,
          '',
        ),
    );
  const starts: Candidate[] = [];
  for (const c of inSentence) if (startsClause(c)) starts.push(c);
  function startsClause(c: Candidate): boolean {
    const prefix = text.slice(clauseStart(c.start), c.start);
    // The next of a list whose first starts the clause starts it too (「A、B……」「A和B分别为……」) — not a partner
    // (「建新街道与建兴街道开展联合执法」).
    if (
      starts.some(
        (s) =>
          listedAfter(s, c) &&
          (/^[、，,]/.test(text.slice(s.end, c.start).replace(/[“「《][^”」》]{0,16}[”」》]/g, '')) ||
            /分别/.test(text.slice(c.end, at + 8))),
      )
    )
      return true;
    if (GOVERNED.test(prefix)) return false;
    // 「其中东关所81件、渡口所64件」: after one office's figure, the next office of the list starts its own pair.
    if (/\d[\u4e00-\u9fff%‰]{0,3}[、，,；;]$/.test(text.slice(0, c.start)) && starts.length) return true;
    return (
      LEAD.test(prefix) ||
      // (after the areas that qualify it, named or not: 「苕阳县丰裕乡」)
      qualifiedLead(prefix) ||
      /的$/.test(prefix) ||
      inSentence.some(
        (o) => o !== c && (o.end === c.start || (o.end === c.start - 1 && /[、和及与]/.test(text[o.end]))),
      )
    );
  }
  if (!starts.length) return 'self';
  const nearest = starts[starts.length - 1];
  // 「丰裕乡与我镇共同巡查……7.5公里」: work done together is each one's own.
  const partner = cands.find(
    (c) =>
      c.start > nearest.end && c.end <= at && /^(?:与|和|同|会同)$/.test(text.slice(nearest.end, c.start)),
  );
  // (The word of joint work stands in the figure's own clause: 「……开展联合执法，向建兴街道移交线索5条」 is one's act.)
  if (
    partner &&
    /共同|联合|一起|一道|携手|合力/.test(text.slice(Math.max(partner.end, clauseStart(at)), at))
  ) {
    return together(text, [nearest, partner]);
  }
  // 「苔石街道、蓼洲镇、芩坪镇分别办理案件215件、163件和97件」: the list owns every figure of the clause together.
  const clause = text.slice(clauseStart(nearest.start), at);
  if (/分别/.test(text.slice(nearest.end, at + 8)) || /、/.test(clause)) {
    const group = [nearest];
    for (let i = starts.length - 2; i >= 0; i--) {
      const prev = starts[i];
      if (listedAfter(prev, group[0])) group.unshift(prev);
      else break;
    }
    if (group.length > 1) return together(text, group);
  }
  return nearest.owner;
}

/** Offices that own a figure together (a list, joint work): each of them, the report's own office too. */
function together(text: string, group: Candidate[]): Owner {
  return {
    keys: [...new Set(group.flatMap((g) => keysOf(g.owner)))],
    label: group
      .map((g) => (g.owner === 'self' ? text.slice(g.start, g.end) || '本单位' : g.owner.label))
      .join('、'),
  };
}

/** The areas above a cited office (its title's district and city), by bare name → level word. */
function superiorsOf(c: Citation): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of officeMentions(c.title, loadGazetteer())) {
    if (c.org && bare(m.name) === bare(c.org)) continue;
    const level = /(区|县|市|旗|盟|州)$/.exec(m.name)?.[1];
    if (level) out.set(bare(m.name), level);
  }
  if (c.district) {
    const level = /(区|县|市|旗)$/.exec(c.district)?.[1];
    if (level) out.set(bare(c.district), level);
  }
  return out;
}

/** Every place `f` stands in `text` (the source may write it otherwise: 2,386 / 二千三百八十六). */
function placesOf(f: Figure, text: string): number[] {
  const out = new Set<number>();
  for (const g of extractFigures(text)) {
    if (!figureIn(f, g.raw)) continue;
    for (let at = text.indexOf(g.raw); at >= 0; at = text.indexOf(g.raw, at + 1)) out.add(at);
  }
  return [...out];
}

const keysOf = (o: Owner) => (o === 'self' ? ['self'] : o.keys);

/** A cited paragraph read once for every figure and sentence that cites it: its owners and the names it knows. */
const citedReadings = new WeakMap<
  Citation,
  { superiors: Map<string, string>; home: Home | null; inSource: Candidate[]; known: Set<string> }
>();
function readCited(c: Citation) {
  const done = citedReadings.get(c);
  if (done) return done;
  const superiors = superiorsOf(c);
  const home = homeOf(c.org);
  const inSource = candidates(c.text, c.org, superiors, undefined, home);
  // The answer's office for a figure: one the paragraph or the title does not name is the report's own
  // (another office it does not name at all is the wrong-office check's, not this one's).
  const known = new Set([
    ...inSource.flatMap((x) => keysOf(x.owner)),
    ...[...superiors.values()].map((l) => `全${l}`),
  ]);
  for (const k of superiors.keys()) known.add(k);
  // Whole areas above the office are known by their kind, named in the paragraph or not.
  for (const k of ['zone', '全省', '全市', '全县', '全区']) known.add(k);
  const reading = { superiors, home, inSource, known };
  citedReadings.set(c, reading);
  return reading;
}

/** The names of the cited paragraph's owners as it writes them (the report's own office too: 「霁峰区为99.9%」). */
function sourceNames(inSource: Candidate[], source: string): Map<string, Owner> {
  const labels = new Map<string, Owner>();
  for (const c of inSource) {
    const label = c.owner === 'self' ? source.slice(c.start, c.end) : c.owner.label;
    // (a department named in the answer is the department alone, not the government it reports with)
    const owner: Owner =
      c.owner !== 'self' && c.owner.keys.some((k) => k.startsWith('dept:'))
        ? { ...c.owner, keys: c.owner.keys.filter((k) => k !== 'self') }
        : c.owner;
    if (label.length >= 3 && !/^[我本该全]/.test(label)) labels.set(label, owner);
  }
  return labels;
}

/**
 * The office a cited paragraph gives the figure to, when the answer gives it to another (the report's own office
 * for a village's figure, a town for the county's total, the street for its city's): its label; otherwise null.
 */
export function foreignOwner(f: Figure, answer: string, cited: Citation[]): string | null {
  // A figure that counts offices (「四个县区」「3个街道」) is said of no one of them.
  const at = answer.indexOf(f.raw);
  if (
    at >= 0 &&
    /^(?:个|家)?(?:县区|区县|县市区|街道|街镇|乡镇|镇|乡|村|社区|区|县|市)/.test(
      answer.slice(at + f.raw.length),
    )
  )
    return null;
  let rival: string | null = null;
  for (const c of cited) {
    const sourcePlaces = placesOf(f, c.text);
    if (!sourcePlaces.length) continue;
    const { superiors, home, inSource, known } = readCited(c);
    const owners = sourcePlaces.map((at) => ownerAt(c.text, at, inSource));
    const inAnswer = candidates(answer, c.org, superiors, known, home, sourceNames(inSource, c.text));
    const answerPlaces = placesOf(f, answer);
    // An answer naming no office at all gives a figure of a department the paragraph names to no one wrongly
    // (「这些医疗纠纷涉及的赔偿金额超过300万元」 from 「市医疗纠纷人民调解委员会……涉及赔偿金额312万元」).
    if (!inAnswer.length && owners.every((o) => o !== 'self' && o.keys.every((k) => k.startsWith('dept:'))))
      continue;
    for (const at of answerPlaces.length ? answerPlaces : [answer.length]) {
      const a = ownerAt(answer, at, inAnswer);
      const aKeys = keysOf(a).filter((k) => k === 'self' || known.has(k));
      const said = aKeys.length ? aKeys : ['self'];
      if (owners.some((o) => keysOf(o).some((k) => said.includes(k)))) return null;
      // A government's own figure given to one of its departments (「县司法局提出审查意见157条」 where the county's
      // report says 提出审查意见157条): the government speaks for its departments, and the paragraph names no other.
      if (home?.government && owners.includes('self') && said.every((k) => k.startsWith('dept:')))
        return null;
      rival ??= owners.map((o) => (o === 'self' ? (c.org ?? '本单位') : o.label)).join('、');
    }
  }
  return rival;
}
