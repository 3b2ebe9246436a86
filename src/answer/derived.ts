// A figure the answer works out from the cited paragraph rather than quotes: a share (「采纳68条，采纳率约29.4%」
// from 231 and 68), or a change on last year (「比上年的31件减少7件」). It is kept when the sum holds at the
// precision it is written to, with the sum shown to the supervisor; any other figure must be in the source.
import { extractFigures, type Figure, sameUnit } from '../text/figures.ts';

const WORKED =
  /计算|推算|换算|算下来|算起来|折算|倒推|反推|据此|由此|可知|可见|即(?:上年|去年|为|是)|也就是(?:说)?/;
/** What is left undone (「还有23处未整改」) — not another act done to the rest (「其余2件已移交」). */
const REMAINDER =
  /(?:还有|剩余|剩下|其余|尚有)[^，,。；;]{0,8}(?:未|没有|待)|尚未|仍未|中有[^，,。；;]{0,8}(?:未能|未|没有|没能)/;
const RATE = /率|占|比例|比重|相当于|百分之|%/;
const CHANGE =
  /减少|少了|增加|多了|下降|上升|增长|降低|提高|缩短|压缩|延长|节省|降|升|涨|减|增|相差|差了|少|多|快|慢|高|低|早|晚/;
const COMPARE = /比|较|同比|相比|上年|上一年|去年|前一年|由|从|此前|之前|原有|原来/;
/** Figures added up (「两类合计29件」「三个区县合计办理……3979件」). */
const SUM = /合计|共计|总计|一共|加起来|合起来|总共|加总/;
/** 「快0.5个工作日」「比乙街道少5件」: a comparison between two figures, said with 比. */
const COMPARED_WITH =
  /比(?!上年|去年|上一年|前一年|同期)[^，,。；;]{1,16}?(?:多|少|快|慢|高|低|增加|减少|提高|降低)/;

const PRIOR = /(?:上年|去年|上一年|前一年|上年度|同期)(?:为|是|的|有)?\s*$/;

/** 「1617名，比上年增加84名」: a change on last year stated right after this year's figure. */
const CHANGE_ON_LAST_YEAR =
  /^[^，,。；;\d]{0,6}[，,]?(?:比上年|较上年|比去年|较去年|与上年相比|同比|[比较](?:19|20)\d{2}年度?)(增加|增长|多出|多|上升|提高|前进|减少|下降|少|降低|后退)了?\s*$/;

/**
 * Last year's figure worked back from this year's and its change (「全年提供法律服务1030次，比上年增加210次」 gives
 * 820 for last year): the sum, or null.
 */
export function priorValue(f: Figure, source: string): string | null {
  if (!f.unit) return null;
  const here = extractFigures(source);
  // 「出庭应诉率98.2%，比上年提高6.5个百分点」: last year's rate, 91.7%.
  if (f.unit === '%') {
    for (let i = 0; i + 1 < here.length; i++) {
      const [now, change] = [here[i], here[i + 1]];
      if (now.unit !== '%') continue;
      const from = source.indexOf(now.raw) + now.raw.length;
      const at = source.indexOf(change.raw, from);
      const m = CHANGE_ON_LAST_YEAR.exec(source.slice(from, at));
      if (!m || !/^个?百分点/.test(source.slice(at + change.raw.length))) continue;
      const up = /增|多|上升|提高/.test(m[1]);
      const prior = up ? now.value - change.value : now.value + change.value;
      if (Math.abs(prior - f.value) <= halfStepOf(f))
        return `${now.raw} ${up ? '−' : '+'} ${change.raw}个百分点 = ${f.raw}（上年）`;
    }
    return null;
  }
  for (let i = 0; i + 1 < here.length; i++) {
    const now = here[i];
    if (!now.unit || !sameUnit(now.unit, f.unit)) continue;
    const from = source.indexOf(now.raw) + now.raw.length;
    // The change is the next figure of the same unit in the sentence (「受理信访事项137件，按期办结率100%，比上年
    // 减少29件」: the rate between counts something else).
    const change = here.slice(i + 1).find((g) => g.unit && sameUnit(g.unit, f.unit));
    if (!change) continue;
    const between = source.slice(from, source.indexOf(change.raw, from));
    if (/[。；;]/.test(between)) continue;
    const m =
      CHANGE_ON_LAST_YEAR.exec(between) ?? CHANGE_ON_LAST_YEAR.exec(between.replace(/^.*[，,]/, '，'));
    if (!m) continue;
    // A rank (「排名全市第3位，较上年上升2位」) rises as its number falls: last year's was 5th.
    const rank = source[source.indexOf(now.raw) - 1] === '第';
    const up = /增|多|上升|提高/.test(m[1]) !== rank;
    const prior = up ? now.value - change.value : now.value + change.value;
    const slack = 0.5 * 10 ** -(/\.(\d+)/.exec(f.raw)?.[1].length ?? 0) + (f.tolerance ?? 0) + 1e-9;
    if (Math.abs(prior - f.value) <= slack)
      return `${now.raw} ${up ? '−' : '+'} ${change.raw} = ${f.raw}（上年）`;
  }
  // 「罚没款合计94.7万元，同比增长11.3%」: last year's was 94.7 ÷ 1.113 ≈ 85.1.
  for (let i = 0; i + 1 < here.length; i++) {
    const [now, rate] = [here[i], here[i + 1]];
    if (!now.unit || !sameUnit(now.unit, f.unit) || rate.unit !== '%') continue;
    const from = source.indexOf(now.raw) + now.raw.length;
    const m = CHANGE_ON_LAST_YEAR.exec(source.slice(from, source.indexOf(rate.raw, from)));
    if (!m || /^个?百分点/.test(source.slice(source.indexOf(rate.raw, from) + rate.raw.length))) continue;
    const up = /增|多|上升|提高/.test(m[1]);
    const prior = now.value / (1 + ((up ? 1 : -1) * rate.value) / 100);
    const off = Math.abs(prior - f.value);
    if (off <= halfStepOf(f) || (f.tolerance !== undefined && off <= Math.max(f.tolerance, 0.005 * f.value)))
      return `${now.raw} ÷ (1 ${up ? '+' : '−'} ${rate.raw}) ≈ ${f.raw}（上年）`;
  }
  // 「拆除违法建设4300平方米，是上年的1.4倍」: last year's was 4300 ÷ 1.4 (written as approximate).
  for (const now of here) {
    if (!now.unit || !sameUnit(now.unit, f.unit) || f.tolerance === undefined) continue;
    const from = source.indexOf(now.raw) + now.raw.length;
    const times = /^[^，,。；;\d]{0,4}[，,]?(?:是|为|相当于)(?:上年|去年|上一年)的?([\d.]+)倍/.exec(
      source.slice(from, from + 16),
    );
    if (!times) continue;
    const prior = now.value / Number(times[1]);
    if (Math.abs(prior - f.value) <= Math.max(f.tolerance, 0.005 * f.value))
      return `${now.raw} ÷ ${times[1]} ≈ ${f.raw}（上年）`;
  }
  return null;
}

/** Half a step of the last digit the figure is written to, and its own tolerance. */
const halfStepOf = (f: Figure) =>
  0.5 * 10 ** -(/\.(\d+)/.exec(f.raw)?.[1].length ?? 0) + (f.tolerance ?? 0) + 1e-9;

/** 「甲、乙、丙三个街道」: the number of names the answer has just listed, not a figure of any report. */
function countsListed(f: Figure, answer: string): boolean {
  const at = answer.indexOf(f.raw);
  if (at < 0 || f.value > 12) return false;
  if (
    !/^(?:个)?(?:街道|街镇|乡镇|镇|乡|村|社区|区县|县区|区|县|部门|单位|方面|类|项)/.test(
      answer.slice(at + f.raw.length).replace(/^个/, '个'),
    )
  )
    return false;
  const list = /([\u4e00-\u9fff]{1,12}(?:[、和及与][\u4e00-\u9fff]{1,12})+)$/.exec(
    answer.slice(0, at).replace(/(?:等|这|共|合计|总计)$/, ''),
  );
  return !!list && list[1].split(/[、和及与]/).length === f.value;
}

/** A figure the source gives as a change (「比上年减少38件」「增加3100件」), not as a value. */
function isChange(source: string, g: Figure): boolean {
  const at = source.indexOf(g.raw);
  return (
    at > 0 && /(?:增加|减少|增长|下降|上升|提高|降低|多|少)了?$/.test(source.slice(Math.max(0, at - 4), at))
  );
}

/** Whether `a` is the later of two figures of a year pair: by their years, else the other is 上年's. */
function laterOf(source: string, a: Figure, b: Figure): boolean {
  const [ya, yb] = [yearBefore(source, a), yearBefore(source, b)];
  if (ya && yb) return ya > yb;
  const prior = (g: Figure) =>
    PRIOR.test(source.slice(Math.max(0, source.indexOf(g.raw) - 8), source.indexOf(g.raw)));
  return prior(b) && !prior(a);
}

/** The year written just before a figure (「2023年的1960万元」「2022年办理63件」). */
function yearBefore(source: string, g: Figure): string | undefined {
  const at = source.indexOf(g.raw);
  if (at < 0) return undefined;
  return /((?:19|20)\d{2})年(?:度)?(?:的|为|是|有|共|达到?)?[^，,。；;\d]{0,10}$/.exec(
    source.slice(Math.max(0, at - 14), at),
  )?.[1];
}

/**
 * 「四个街道合计284件」「四个基层所中，东关所……」: the number of offices of one kind the answer or the cited paragraph
 * names one by one (甲街道、乙街道、丙街道、丁街道), not a figure of any report.
 */
function countsNamed(f: Figure, answer: string, sources: string[]): string | null {
  const at = answer.indexOf(f.raw);
  if (at < 0 || f.value < 2 || f.value > 12 || !/^[一二两三四五六七八九十]+$/.test(f.raw.replace(/个$/, '')))
    return null;
  // The kind: the noun's last word after the count (「基层所」→ 所, 「街道」, 「社区」).
  const kind = /^个?[\u4e00-\u9fff]{0,3}?(街道|社区|村|镇|乡|所|中队|区|县)/.exec(
    answer.slice(at + f.raw.length),
  )?.[1];
  if (!kind) return null;
  for (const text of [answer, ...sources]) {
    const names = new Set(
      [
        ...text.matchAll(
          new RegExp(
            `(?:^|[、，,：:；;和及与]|其中)([\u4e00-\u9fff]{2,4}?)${kind}(?![\u4e00-\u9fff]{0,1}[长员])`,
            'g',
          ),
        ),
      ]
        .map((m) => m[1])
        .filter((n) => !/^[一二两三四五六七八九十几各每全本该其个多]/.test(n)),
    );
    if (names.size === f.value) return `名称列举的 ${f.value} 个${kind}`;
  }
  return null;
}

/** One of the two is last year's, stated with the other: 「办理3126件，上年为3390件」「由上年的306场减少至118场」. */
function yearPair(source: string, a: Figure, b: Figure): boolean {
  const at = (g: Figure) => source.indexOf(g.raw);
  const [i, j] = [at(a), at(b)];
  if (i < 0 || j < 0) return false;
  // 「2023年的1960万元……2024年的2870万元」: each figure after its own year (a paragraph comparing years).
  const [ya, yb] = [yearBefore(source, a), yearBefore(source, b)];
  if (ya && yb && ya !== yb) return true;
  if (Math.abs(i - j) > 24) return false;
  return [a, b].some((g) => PRIOR.test(source.slice(Math.max(0, at(g) - 8), at(g))));
}

/** The sum that gives `f` from figures of the cited paragraphs (one of them also in the answer), or null. */
export function derivation(f: Figure, answer: string, sources: string[]): string | null {
  if (!f.unit) return null;
  const pool = sources.flatMap((s) => extractFigures(s)).filter((g) => g.unit && g.value > 0);
  const stated = extractFigures(answer).filter((g) => g !== f && g.raw !== f.raw);
  const inAnswer = (g: Figure) =>
    stated.some((s) => Math.abs(s.value - g.value) < 1e-9 * Math.max(1, g.value));
  const decimals = /\.(\d+)/.exec(f.raw)?.[1].length ?? 0;
  const slack = 0.5 * 10 ** -decimals + (f.tolerance ?? 0) + 1e-9;
  // 「按报告数据计算」: the answer says it worked the figure out; its operands need not be written in it.
  const worked = WORKED.test(answer);
  const at = answer.indexOf(f.raw);
  if (countsListed(f, answer)) return `列举的 ${f.value} 个`;
  const named = countsNamed(f, answer, sources);
  if (named) return named;
  // 「提高了3.5个百分点」: the difference of two rates.
  if (at >= 0 && /^(?:个)?百分点/.test(answer.slice(at + f.raw.length).replace(/^个/, '个'))) {
    const rates = [...pool, ...stated].filter((g) => g.unit === '%');
    for (const a of rates)
      for (const b of rates)
        if (
          a.value > b.value &&
          Math.abs(a.value - b.value - f.value) <= slack &&
          // both rates the answer's; or, on last year, one year's beside the other's (not any other rate of the
          // paragraph); or against another's it names with 比 (「比苕南市平均高1.8个百分点」)
          ((inAnswer(a) && inAnswer(b)) ||
            ((inAnswer(a) || inAnswer(b)) &&
              (sources.some((s) => yearPair(s, a, b)) ||
                (COMPARED_WITH.test(answer) && !/(?:比|较)(?:上年|去年|上一年|同期)|同比/.test(answer)))))
        )
          return `${a.raw} − ${b.raw} = ${f.raw}`;
    return null;
  }
  // A rate moved by percentage points the source states (「比苕南市平均水平高0.9个百分点」 from 98.7%: 97.8%).
  if (f.unit === '%' && (CHANGE.test(answer) || COMPARE.test(answer) || worked || /平均/.test(answer))) {
    for (const s of sources) {
      const here = extractFigures(s);
      const points = here.filter(
        (g) => g.unit !== '%' && /^个?百分点/.test(s.slice(s.indexOf(g.raw) + g.raw.length)),
      );
      for (const a of here.filter((g) => g.unit === '%'))
        for (const b of points)
          if (
            Math.abs(a.value - b.value - f.value) <= slack ||
            Math.abs(a.value + b.value - f.value) <= slack
          )
            return `${a.raw} ∓ ${b.raw}个百分点 = ${f.raw}`;
    }
  }
  // A rate the source states itself (「纠错率12.5%」) is not worked out again: another figure is a wrong one.
  // (the rate stated in the sentence the operands stand in: another office's 成功率 elsewhere in the paragraph does
  // not stop 「苕岭乡……调解成功181起，成功率约96.3%」 being worked out from its own 188 and 181)
  const rateWord = /([\u4e00-\u9fff]{1,4}率)[为是达到约]*\s*$/.exec(at >= 0 ? answer.slice(0, at) : '')?.[1];
  const statesRate = (t: string) => !!rateWord && new RegExp(`${rateWord}[^，,。；;\\d]{0,4}\\d`).test(t);
  const sentenceOf = (g: Figure) =>
    sources.flatMap((t) => t.split(/[。；;！!？?]/)).filter((t) => t.includes(g.raw));
  const rateStatedFor = (a: Figure, b: Figure) =>
    sentenceOf(a).some((t) => t.includes(b.raw) && statesRate(t));
  if (rateWord && sources.some(statesRate) && !(f.unit === '%' && RATE.test(answer))) return null;
  // One operand may be left to the source only when the answer says it is a share (「约占……总量的14.7%」).
  const share = /占|比例|比重|相当于/.test(answer);
  if (f.unit === '%' && RATE.test(answer)) {
    // (an operand the answer itself worked out and states may be one: 「合计3979件，约占全市的68%」)
    for (const a of [...pool, ...stated.filter((g) => g.unit && g.unit !== '%')])
      for (const b of pool) {
        if (a === b || a.value >= b.value || a.unit === '%' || !sameUnit(a.unit, b.unit)) continue;
        if (!worked && !(inAnswer(a) && inAnswer(b)) && !(share && (inAnswer(a) || inAnswer(b)))) continue;
        const ratio = (a.value / b.value) * 100;
        if (rateWord && rateStatedFor(a, b)) continue;
        if (Math.abs(ratio - f.value) <= slack) return `${a.raw} ÷ ${b.raw} ≈ ${f.raw}`;
        // 「占三成以上」: at least 30 % and under 40 %; 「约三成」: 25–35 %.
        if (/成$/.test(f.raw)) {
          const [lo, hi] = f.bound?.side === 'above' ? [f.value, f.value + 10] : [f.value - 5, f.value + 5];
          if (ratio >= lo && ratio < hi)
            return `${a.raw} ÷ ${b.raw} ≈ ${ratio.toFixed(1)}%（${f.raw}${f.bound?.side === 'above' ? '以上' : ''}）`;
        }
      }
  }
  // A change: this year's and last year's figures both in the answer (「比上年的31件减少7件」), the source's pair of
  // them (「办理3126件，上年为3390件」), one of them with the other's name (「丙街道立案158件，比乙街道少5件」), or
  // both named with 比 (「受理的案件比审结的多27件」).
  if (f.unit !== '%' && (CHANGE.test(answer) || /此前|之前|原有|原来/.test(answer)) && COMPARE.test(answer)) {
    const compared = COMPARED_WITH.test(answer) || /此前|之前|原有|原来/.test(answer);
    for (const s of sources) {
      const here = extractFigures(s).filter((g) => g.unit && sameUnit(g.unit, f.unit));
      for (const a of [...here, ...stated.filter((g) => g.unit && sameUnit(g.unit, f.unit))])
        for (const b of here) {
          if (a === b || Math.abs(Math.abs(a.value - b.value) - f.value) > slack) continue;
          // (a change on last year is no year's value: 「212件，比上年减少38件」 gives no 212 − 38)
          if (isChange(s, a) || isChange(s, b)) continue;
          if (
            (inAnswer(a) && inAnswer(b)) ||
            yearPair(s, a, b) ||
            (compared && (inAnswer(a) || inAnswer(b) || COMPARED_WITH.test(answer)))
          )
            return `${Math.max(a.value, b.value) === a.value ? a.raw : b.raw} − ${Math.max(a.value, b.value) === a.value ? b.raw : a.raw} = ${f.raw}`;
        }
    }
  }
  // 「执法人员9名……办理案件45件，人均5件」: one figure of the answer divided by another.
  if (f.unit !== '%' && /人均|平均每|每(?:人|名|个|家|户|村|社区)(?:平均)?/.test(answer)) {
    const named = [...pool, ...stated].filter(inAnswer);
    for (const a of named)
      for (const b of named)
        if (
          a !== b &&
          b.value > 0 &&
          a.value > b.value &&
          Math.abs(a.value / b.value - f.value) <= Math.max(slack, f.tolerance ?? 0)
        )
          return `${a.raw} ÷ ${b.raw} ≈ ${f.raw}`;
  }
  // Added up: a run of figures listed one after another (「甲街道88件、乙街道74件、丙街道63件、丁街道59件」
  // gives 284 for the four).
  if (f.unit !== '%' && SUM.test(answer)) {
    for (const s of sources) {
      const here = extractFigures(s);
      for (let i = 0; i < here.length; i++) {
        let sum = 0;
        for (let j = i; j < here.length && here[j].unit && sameUnit(here[j].unit!, f.unit); j++) {
          sum += here[j].value;
          if (j - i >= 3 && Math.abs(sum - f.value) <= slack)
            return `${here
              .slice(i, j + 1)
              .map((g) => g.raw)
              .join(' + ')} = ${f.raw}`;
        }
      }
    }
  }
  // Added up: two or three figures of the paragraph in one unit (「两类合计29件」).
  if (f.unit !== '%' && SUM.test(answer)) {
    const here = pool.filter((g) => g.unit && sameUnit(g.unit, f.unit) && g.value < f.value);
    for (let i = 0; i < here.length; i++)
      for (let j = i + 1; j < here.length; j++) {
        if (Math.abs(here[i].value + here[j].value - f.value) <= slack)
          return `${here[i].raw} + ${here[j].raw} = ${f.raw}`;
        for (let k = j + 1; k < here.length; k++)
          if (Math.abs(here[i].value + here[j].value + here[k].value - f.value) <= slack)
            return `${here[i].raw} + ${here[j].raw} + ${here[k].raw} = ${f.raw}`;
      }
  }
  // Last year's figure worked back from this year's and its growth rate (「按14.4%的增幅倒推，上年约为360万元」).
  if (f.unit !== '%' && worked && f.tolerance !== undefined) {
    const rates = [...pool, ...stated].filter((g) => g.unit === '%');
    const now = pool.filter((g) => g.unit && sameUnit(g.unit, f.unit));
    // The direction the text gives the rate (增长 +, 下降 −); either when it gives none.
    const signs = (r: Figure) => {
      const before = [answer, ...sources]
        .map((t) => t.slice(Math.max(0, t.indexOf(r.raw) - 6), Math.max(0, t.indexOf(r.raw))))
        .filter((_, i) => [answer, ...sources][i].includes(r.raw));
      const up = before.some((t) => /(?:增长|增加|上升|提高|增幅)(?:了|约|为)?$/.test(t));
      const down = before.some((t) => /(?:下降|减少|降低|降幅)(?:了|约|为)?$/.test(t));
      return up === down ? [1, -1] : up ? [1] : [-1];
    };
    for (const r of rates)
      for (const a of now)
        for (const sign of signs(r)) {
          const v = a.value / (1 + (sign * r.value) / 100);
          if (Math.abs(v - f.value) <= Math.max(f.tolerance, 0.005 * f.value))
            return `${a.raw} ÷ (1 ${sign > 0 ? '+' : '−'} ${r.raw}) ≈ ${f.raw}`;
        }
  }
  // A growth rate from this year's figure and its change (「2.46万件，比上年增加3100件」: 3100 ÷ 21500 ≈ 14.4%).
  if (f.unit === '%' && CHANGE.test(answer)) {
    for (const s of sources) {
      const here = extractFigures(s);
      for (let i = 0; i + 1 < here.length; i++) {
        const [now, change] = [here[i], here[i + 1]];
        if (!now.unit || !change.unit || now.unit === '%' || !sameUnit(now.unit, change.unit)) continue;
        const from = s.indexOf(now.raw) + now.raw.length;
        const m = CHANGE_ON_LAST_YEAR.exec(s.slice(from, s.indexOf(change.raw, from)));
        if (!m) continue;
        const prior = /增|多|上升|提高/.test(m[1]) ? now.value - change.value : now.value + change.value;
        if (
          prior > 0 &&
          Math.abs((change.value / prior) * 100 - f.value) <= Math.max(slack, f.tolerance ?? 0, 0.05)
        )
          return `${change.raw} ÷ (${now.raw} ∓ ${change.raw}) ≈ ${f.raw}`;
      }
    }
  }
  // A growth rate worked out from this year's and last year's figures (「办件量同比增长约14.4%」).
  if (f.unit === '%' && CHANGE.test(answer)) {
    for (const s of sources) {
      const here = extractFigures(s).filter((g) => g.unit && g.unit !== '%');
      for (const a of here)
        for (const b of here) {
          if (a === b || !sameUnit(a.unit!, b.unit!) || !yearPair(s, a, b) || b.value === 0) continue;
          // a is the later of the two; a fall is written as a positive 降幅 (「由63件降至41件，降幅约34.9%」)
          if (!laterOf(s, a, b)) continue;
          const rate = ((a.value - b.value) / b.value) * 100;
          const falls = rate < 0 && /降|减|少|低/.test(answer);
          if (Math.abs((falls ? -rate : rate) - f.value) <= Math.max(slack, f.tolerance ?? 0, 0.05))
            return `(${a.raw} − ${b.raw}) ÷ ${b.raw} ≈ ${f.raw}`;
        }
    }
  }
  // 「发现隐患1374处，已整改1351处，还有23处未整改」: what is left of one figure after another, both written.
  if (f.unit !== '%' && REMAINDER.test(answer)) {
    const here = stated.filter(
      (g) =>
        g.unit &&
        sameUnit(g.unit, f.unit) &&
        pool.some((p) => Math.abs(p.value - g.value) < 1e-9 * Math.max(1, g.value)),
    );
    // (the whole written in the answer; the part done may be left to the source: 「412起中有7起未能调解成功」)
    const parts = pool.filter((g) => g.unit && sameUnit(g.unit, f.unit));
    for (const a of here)
      for (const b of [...here, ...parts])
        if (a.value > b.value && Math.abs(a.value - b.value - f.value) <= slack)
          return `${a.raw} − ${b.raw} = ${f.raw}`;
  }
  // 「2931件中……占38.2%，约1120件」: a share of a whole, stated as approximate.
  if (f.unit !== '%' && (f.tolerance !== undefined || worked)) {
    const shares = [...pool, ...stated].filter((g) => g.unit === '%');
    const wholes = pool.filter((g) => g.unit && sameUnit(g.unit, f.unit));
    const near = Math.max(f.tolerance ?? 0, 0.005 * f.value);
    // (not a change on last year: 「同比增长11.3%，比上年多出约10.7万元」 is 11.3% of last year's, not this year's)
    const change =
      at >= 0 && /(?:比|较)(?:上年|去年|上一年|同期)[^，,。；;\d]{0,6}$/.test(answer.slice(0, at));
    for (const p of change ? [] : shares)
      for (const w of wholes)
        if ((inAnswer(p) || inAnswer(w) || worked) && Math.abs((w.value * p.value) / 100 - f.value) <= near)
          return `${w.raw} × ${p.raw} ≈ ${f.raw}`;
  }
  return null;
}
