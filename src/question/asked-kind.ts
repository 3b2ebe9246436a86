// The kind of figure a question asks for (金额、人数、案件、次数、比率、条目) and the units that measure it;
// the same check decides whether a quoted figure answers the question, in both answer modes. Data: asked-kinds.json.
import data from './asked-kinds.json' with { type: 'json' };
import { extractFigures } from '../answer/figures.ts';

export type AskedKindName = 'money' | 'people' | 'cases' | 'times' | 'rate' | 'items';

export interface AskedKind {
  kind: AskedKindName;
  label: string;
  units: string[];
}

interface KindData {
  label: string;
  measureWords: string[];
  nouns: string[];
  units: string[];
}

const KINDS = data.kinds as Record<AskedKindName, KindData>;

/** The kinds of figure asked: 「罚了多少钱」→ money; 「调解了多少起，涉及金额多少」→ cases and money. */
export function askedKinds(question: string): AskedKind[] {
  const q = question.replace(/\s+/g, '');
  const out: AskedKind[] = [];
  const add = (kind: AskedKindName) => {
    if (!out.some((k) => k.kind === kind)) out.push({ kind, label: KINDS[kind].label, units: KINDS[kind].units });
  };
  // A measure word after 多少/几 decides: 「多少起」「几场」「多少名」「多少钱」.
  const measures = (Object.entries(KINDS) as [AskedKindName, KindData][])
    .flatMap(([kind, d]) => d.measureWords.map((w) => ({ kind, w })))
    .sort((a, b) => b.w.length - a.w.length);
  for (const m of q.matchAll(/(?:多少|几|若干)(?:个)?/g)) {
    const after = q.slice((m.index ?? 0) + m[0].length);
    const hit = measures.find(({ w }) => after.startsWith(w)) ?? (m[0].endsWith('个') ? measures.find(({ w }) => w === '个') : undefined);
    if (hit) add(hit.kind);
  }
  if (out.length) return out;
  // Otherwise the nouns: 「金额是多少」「办结率」「执法人员有多少」.
  const asks = /多少|几|是否达到|达到了?多|比例|率|占比|金额|数量|人数/.test(q);
  if (!asks) return out;
  for (const [kind, d] of Object.entries(KINDS) as [AskedKindName, KindData][]) {
    if (d.nouns.some((n) => q.includes(n))) add(kind);
  }
  // 「率」 only as the end of a noun that is asked (「办结率是多少」), not inside 「效率」 talk without a figure asked.
  if (out.some((k) => k.kind === 'rate') && !/率(?:是|为|有|达到|多少|多高|怎么样|如何|[？?]|$)|比例|百分|占比|比重/.test(q)) {
    out.splice(out.findIndex((k) => k.kind === 'rate'), 1);
  }
  return out;
}

/** Does the text state a figure of this kind (a unit that measures it)? Years are never an answer. */
export function statesKind(text: string, kind: AskedKind): boolean {
  return extractFigures(text).some((f) => isKind(f.unit, f.raw, kind));
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
