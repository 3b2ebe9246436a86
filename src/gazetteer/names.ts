// Name rules for places: the stem without the level suffix (「大港」), and the other full names a place answers to.

/** The 56 民族 (plus 各, as in 龙胜各族自治县), longest first, for stripping 「…族自治县」 and 「…族乡」. */
const ETHNIC = (
  '柯尔克孜 乌孜别克 维吾尔 哈萨克 傈僳 达斡尔 塔吉克 俄罗斯 鄂温克 塔塔尔 鄂伦春 蒙古 布依 朝鲜 土家 哈尼 高山 拉祜 东乡 纳西 景颇 仫佬 布朗 撒拉 毛南 仡佬 锡伯 阿昌 ' +
  '普米 德昂 保安 裕固 独龙 赫哲 门巴 珞巴 基诺 回 藏 苗 彝 壮 满 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 京 各'
)
  .split(' ')
  .join('|');
const AUTONOMOUS = new RegExp(`^(.+?)(?:(?:${ETHNIC})族?)+自治(?:区|州|县|旗)$`);
const ETHNIC_TOWNSHIP = new RegExp(`^(.+?)(?:(?:(?:${ETHNIC})族)+|民族)(?:乡|苏木|镇|区)$`);
const SUFFIX =
  /(?:街道办事处|地区办事处|街道地区|特别行政区|自治区|自治州|自治县|自治旗|管理区|街道|地区|苏木|新区|林区|矿区|区|县|旗|市|镇|乡|盟|省|街)$/;
/** 县级 pseudo-areas (开发区, 园区 …) whose name minus 区 is no name anyone uses. */
const NO_STEM = /开发|园区|示范区|实验区|聚集区|新城/;

const MAY_HAVE_ALIAS = /[（(]|(?:办事处|管委会|街道地区|街道)$/;

/** The name without its level suffix (「大港街道」 → 大港, 「延边朝鲜族自治州」 → 延边), or null when under 2 characters. */
export function stemOf(name: string): string | null {
  if (NO_STEM.test(name)) return null;
  const stem =
    (name.includes('自治') ? AUTONOMOUS.exec(name)?.[1] : undefined) ??
    (name.includes('族') ? ETHNIC_TOWNSHIP.exec(name)?.[1] : undefined) ??
    name.replace(SUFFIX, '');
  return stem.length >= 2 && stem !== name ? stem : null;
}

/**
 * Other full names of a place: without 「办事处」/「管委会」, without a bracketed note (「东湖风景区街道（武昌）」),
 * 「××街道地区」 as 「××街道」, and a 街道 as 「××街」 (「大港街道」 → 大港街, 「金融街街道」 → 金融街).
 */
export function aliasesOf(name: string): string[] {
  if (!MAY_HAVE_ALIAS.test(name)) return [];
  const out = new Set<string>();
  let base = name.replace(/[（(][^）)]*[）)]/g, '');
  base = base.replace(/(?<=.)(?:办事处|管委会)$/, '').replace(/(?<=街道)地区$/, '');
  if (base.length >= 2) out.add(base);
  if (base.endsWith('街道') && base.length > 2) {
    const stem = base.slice(0, -2);
    out.add(stem.endsWith('街') ? stem : `${stem}街`);
  }
  out.delete(name);
  return [...out];
}

/** What a caller may wrap a name in: 「大港街道办事处」, 「滨海新区人民政府」 → the name itself. */
export function stripOfficeWords(name: string): string {
  return name.replace(/\s+/g, '').replace(/(?<=.)(?:办事处|人民政府|政府)$/, '');
}
