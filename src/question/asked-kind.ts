// The kind of figure a question asks for (金额、人数、案件、次数、比率、条目) and the units that measure it;
// the same check decides whether a quoted figure answers the question, in both answer modes. Data: asked-kinds.json.
import data from './asked-kinds.json' with { type: 'json' };
import { extractFigures } from '../text/figures.ts';

export type AskedKindName = 'money' | 'people' | 'cases' | 'times' | 'rate' | 'items';

export interface AskedKind {
  kind: AskedKindName;
  label: string;
  units: string[];
  /** For money: which money (经费 spent, 罚款, 挽回的损失……) — the figure's clause must name it. */
  role?: { name: string; source: string[] };
  /** The measure word the question used (「几台」→ 台): a figure in that very unit answers best. */
  measure?: string;
}

interface KindData {
  label: string;
  measureWords: string[];
  nouns: string[];
  units: string[];
}

const KINDS = data.kinds as Record<AskedKindName, KindData>;
const COUNT = data.countWord as { word: string; peopleNouns: string[] };
const MONEY_NOUN = new RegExp(
  `[\\u4e00-\\u9fff](?:${(data.moneySuffixes as string[]).join('|')})(?![\\u4e00-\\u9fff]{0,4}(?:案件|起|次|件|人))`,
);
const MONEY_SUFFIX = new RegExp(`^[\\u4e00-\\u9fff]{0,3}?(?:${(data.moneySuffixes as string[]).join('|')})`);
const ROLES = Object.entries(
  data.roles as Record<string, { question: string[]; source: string[] } | string>,
).filter((e): e is [string, { question: string[]; source: string[] }] => typeof e[1] !== 'string');

/** Which money a question asks about, when it says (「花了多少经费」→ spending, 「罚了多少」→ fines). */
function moneyRole(q: string): AskedKind['role'] {
  const role = ROLES.find(([, r]) => r.question.some((w) => q.includes(w)));
  return role ? { name: role[0], source: role[1].source } : undefined;
}

/** Words that say what kind of figure is asked (not what about): left out of a question's topic words. */
export const KIND_WORDS: string[] = [
  ...Object.values(KINDS).flatMap((d) => [...d.nouns, ...d.measureWords]),
  ...ROLES.flatMap(([, r]) => [...r.question, ...r.source]),
  '多少',
  '几',
  '一共',
  '总共',
  '合计',
  '共计',
  '累计',
];

/** The kinds of figure asked: 「罚了多少钱」→ money; 「调解了多少起，涉及金额多少」→ cases and money. */
export function askedKinds(question: string): AskedKind[] {
  const q = question.replace(/\s+/g, '');
  const out: AskedKind[] = [];
  const add = (kind: AskedKindName) => {
    if (!out.some((k) => k.kind === kind))
      out.push({ kind, label: KINDS[kind].label, units: KINDS[kind].units });
  };
  // A measure word after 多少/几 decides: 「多少起」「几场」「多少名」「多少钱」.
  const measures = (Object.entries(KINDS) as [AskedKindName, KindData][])
    .flatMap(([kind, d]) => d.measureWords.map((w) => ({ kind, w })))
    .sort((a, b) => b.w.length - a.w.length);
  // 「哪几条」 asks for a list, not a number.
  for (const m of q.matchAll(/(?<!哪)(?:多少|几|若干)/g)) {
    const after = q.slice((m.index ?? 0) + m[0].length);
    const hit = measures.find(({ w }) => after.startsWith(w));
    if (hit) {
      add(hit.kind);
      const k = out.find((x) => x.kind === hit.kind)!;
      k.measure ??= hit.w;
      // 「多少件」 counts cases (纠纷、案件 in 起) as often as things: either unit answers it.
      if (hit.w === '件') k.units = [...new Set([...KINDS.cases.units, ...KINDS.items.units])];
      // 「多少名/多少人」 counts people, not person-times: 「培训60余人次」 does not answer it.
      if (hit.kind === 'people' && hit.w !== '人次')
        out[out.findIndex((k) => k.kind === 'people')].units = ['人', '名', '位'];
    } else if (after.startsWith(COUNT.word)) {
      // 「多少个法律明白人」「执法的人一共多少个」 count people; 「多少个项目」 things.
      add(COUNT.peopleNouns.some((n) => q.includes(n)) ? 'people' : 'items');
    } else if (MONEY_SUFFIX.test(after))
      add('money'); // 「多少租金」「多少经费」
    else {
      // 「涉及金额多少」「办结率多少」: the noun just before 多少 says what is counted.
      const before = q.slice(Math.max(0, (m.index ?? 0) - 5), m.index ?? 0);
      for (const [kind, d] of Object.entries(KINDS) as [AskedKindName, KindData][])
        if (d.nouns.some((n) => n.length >= 2 && before.includes(n))) add(kind);
    }
  }
  if (/(?:[金款费钱资薪税])(?:是|有|为|共)?(?:多少|几何)/.test(q) && !out.some((k) => k.kind === 'money'))
    add('money');
  if (out.length) return withRoles(out, q);
  // Otherwise the nouns: 「金额是多少」「办结率」「执法人员有多少」.
  const asks = /多少|几|是否达到|达到了?多|比例|率|占比|金额|数量|人数/.test(q);
  if (!asks) return out;
  for (const [kind, d] of Object.entries(KINDS) as [AskedKindName, KindData][]) {
    if (d.nouns.some((n) => q.includes(n))) add(kind);
  }
  // 「率」 only as the end of a noun that is asked (「办结率是多少」), not inside 「效率」 talk without a figure asked.
  if (
    out.some((k) => k.kind === 'rate') &&
    !/率(?:是|为|有|达到|多少|多高|怎么样|如何|[？?]|$)|比例|百分|占比|比重/.test(q)
  ) {
    out.splice(
      out.findIndex((k) => k.kind === 'rate'),
      1,
    );
  }
  // 「补偿款一共兑付了多少」: a bare 多少 about a sum of money (…款、…费、资金、租金), when nothing else is asked.
  if (!out.length && /(?<!哪)(?:多少|几何)(?![\u4e00-\u9fff])|多少[？?]?$/.test(q) && MONEY_NOUN.test(q))
    add('money');
  return withRoles(out, q);
}

const withRoles = (kinds: AskedKind[], q: string) =>
  kinds.map((k) => (k.kind === 'money' ? { ...k, role: moneyRole(q) } : k));

/**
 * Does the text state a figure of this kind (a unit that measures it)? Years are never an answer. For money
 * of a named kind, the clause holding the figure must name it too (「挽回经济损失1260万元」 is no 经费).
 */
export function statesKind(text: string, kind: AskedKind): boolean {
  const clauses = kind.role ? text.split(/[，；。,;]/) : [text];
  return clauses.some(
    (c) =>
      (!kind.role || kind.role.source.some((w) => c.includes(w))) &&
      extractFigures(c).some((f) => isKind(f.unit, f.raw, kind)),
  );
}

function isKind(unit: string, raw: string, kind: AskedKind): boolean {
  if (!unit || /^[年月日]$/.test(unit)) return kind.kind === 'rate' ? /成$/.test(raw) : false;
  const u = unit.replace(/^余|余$/g, '');
  if (kind.kind === 'money') return /元$/.test(raw.replace(/余/g, '')) || u === '元';
  if (kind.kind === 'rate') return u.startsWith('%') || u.startsWith('‰');
  return kind.units.some((k) => u === k || u.endsWith(k));
}

/**
 * Whether an answer's claims answer the kinds asked: every kind asked is stated by at least one figure.
 * Returns the kinds not answered (empty when it answers, or when nothing specific was asked).
 */
export function unansweredKinds(answer: string, kinds: AskedKind[]): AskedKind[] {
  const text = answer.replace(/\[\d+\]/g, '');
  return kinds.filter((k) => !statesKind(text, k));
}
