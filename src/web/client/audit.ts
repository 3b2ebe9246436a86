// The supervisors' audit console: traces newest first with filters; a trace's answer beside every cited
// paragraph, problems marked in red, a verdict for the whole answer and a mark per sentence, and
// 「加入评测集」 to turn the reviewed answer into a regression case.
import { api } from './api.ts';
import { type Citation, quoted, renderWithCitations, sourceHref, sourceLabel } from './citations.ts';
import { $, clear, h } from './dom.ts';

interface Trace {
  id: string;
  createdAt: string;
  question: string;
  resolvedQuestion: string;
  answer: string;
  answerable: boolean;
  mode: 'extractive' | 'llm';
  model: string;
  promptHash: string | null;
  citations: Citation[];
  retrieved: { paragraphId: string; score: number }[];
  verification: {
    uncitedSentences: string[];
    unsupportedNumbers: { sentence: string; number: string }[];
    badMarkers: number[];
    yearNotes: string[];
    ok: boolean;
    cuts?: { sentence: string; reason: string; detail: string }[];
    notAnswered?: string[];
  };
  timings: Record<string, number>;
  review: { verdict: string; comment?: string; correctedAnswer?: string; sentenceMarks?: { index: number; reason: string }[]; reviewedAt: string } | null;
}

/** The verifier's cut reasons in words (src/answer/claims.ts CUT_REASONS; duplicated here to keep the page bundle free of server code). */
const CUT_LABELS: Record<string, string> = {
  no_citation: '没有出处',
  bad_marker: '出处编号无效',
  wrong_office: '单位不符',
  wrong_year: '年份不符',
  figure_not_in_source: '数字在出处中找不到',
  figure_of_other_indicator: '数字属于另一项指标',
  unsupported_content: '内容无依据',
  foreign_office: '变形的其他单位名称',
};

const VERDICTS: Record<string, string> = { correct: '正确', incorrect: '错误', needs_fix: '需修改' };
const REASONS: Record<string, string> = { unsupported: '无依据', wrong_source: '出处不对', wrong_figure: '数字错误', wrong_year: '年份错误' };
const listEl = $('#trace-list');
const detail = $('#trace-detail');
const filters = $<HTMLFormElement>('#audit-filters');
let selected: string | null = null;

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

async function loadList() {
  const f = new FormData(filters);
  const q = new URLSearchParams({ limit: '100' });
  for (const k of ['q', 'verdict', 'mode']) if (String(f.get(k) ?? '')) q.set(k, String(f.get(k)));
  if (f.get('failed')) q.set('failed', '1');
  const { items, total } = await api<{ items: Trace[]; total: number }>(`/api/traces?${q}`);
  clear(listEl);
  listEl.appendChild(h('li', { class: 'count' }, `共 ${total} 条`));
  for (const t of items) {
    const badges = [
      h('span', { class: `badge ${t.mode}` }, t.mode === 'llm' ? '大模型' : '离线'),
      t.verification.ok ? null : h('span', { class: 'badge bad' }, '核验未通过'),
      t.answerable ? null : h('span', { class: 'badge refused' }, '未找到'),
      t.review ? h('span', { class: `badge verdict-${t.review.verdict}` }, VERDICTS[t.review.verdict]) : h('span', { class: 'badge' }, '未审核'),
    ];
    listEl.appendChild(
      h('li', { class: `trace-item${t.id === selected ? ' selected' : ''}`, 'data-trace': t.id }, h('button', { type: 'button', onclick: () => void show(t.id) }, h('span', { class: 'q' }, t.question), h('span', { class: 'when' }, time(t.createdAt)), h('span', { class: 'badges' }, ...badges))),
    );
  }
}

/** The answer's sentences, each with its markers kept, for marking one by one. */
function sentences(answer: string): string[] {
  return answer.match(/[^。！？]+[。！？]?(?:\[\d+\])*/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
}

function markNumbers(text: string, numbers: string[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  if (!numbers.length) {
    frag.append(text);
    return frag;
  }
  const re = new RegExp(`(${numbers.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
  for (const part of text.split(re)) frag.append(numbers.includes(part) ? h('span', { class: 'flag', title: '出处中找不到这个数字' }, part) : part);
  return frag;
}

async function show(id: string) {
  selected = id;
  listEl.querySelectorAll('.trace-item').forEach((el) => el.classList.toggle('selected', (el as HTMLElement).dataset.trace === id));
  const t = await api<Trace>(`/api/traces/${encodeURIComponent(id)}`);
  clear(detail);
  const v = t.verification;
  const answer = h('div', { class: `answer-box${t.answerable ? '' : ' refused'}` }, renderWithCitations(t.answer, t.citations, { base: '', layer: document.body }));
  const sentList = h('ol', { class: 'sentences' });
  const marks = new Map((t.review?.sentenceMarks ?? []).map((m) => [m.index, m.reason]));
  sentences(t.answer).forEach((s, i) => {
    const plain = s.replace(/\[\d+\]/g, '');
    const uncited = v.uncitedSentences.some((u) => u.replace(/\[\d+\]/g, '').includes(plain) || plain.includes(u.replace(/\[\d+\]/g, '')));
    const numbers = v.unsupportedNumbers.filter((u) => u.sentence.includes(plain) || plain.includes(u.sentence.replace(/\[\d+\]/g, ''))).map((u) => u.number);
    const select = h('select', { 'aria-label': `第 ${i + 1} 句的问题`, 'data-sentence': i }, h('option', { value: '' }, '无问题'), ...Object.entries(REASONS).map(([k, label]) => h('option', { value: k, ...(marks.get(i) === k ? { selected: true } : {}) }, label)));
    sentList.appendChild(h('li', { class: uncited || numbers.length ? 'problem' : '' }, h('span', { class: 'sentence-text' }, markNumbers(s, numbers)), uncited ? h('span', { class: 'flag' }, '没有出处') : null, select));
  });
  const problems = h('ul', { class: 'problems' });
  for (const n of v.notAnswered ?? []) problems.appendChild(h('li', { class: 'flag', 'data-reason': 'not_answered' }, `答非所问：${n}`));
  if (v.cuts) {
    // Each cut or failed sentence with the verifier's reason (wrong office, wrong year, figure of another indicator…).
    for (const c of v.cuts) problems.appendChild(h('li', { class: 'flag', 'data-reason': c.reason }, `${CUT_LABELS[c.reason] ?? c.reason}：${c.detail} —— ${c.sentence}`));
  } else {
    for (const u of v.uncitedSentences) problems.appendChild(h('li', { class: 'flag' }, `已删除或没有出处的句子：${u}`));
    for (const u of v.unsupportedNumbers) problems.appendChild(h('li', { class: 'flag' }, `出处中找不到的数字「${u.number}」：${u.sentence}`));
  }
  for (const n of v.badMarkers) problems.appendChild(h('li', { class: 'flag' }, `无效的出处编号 [${n}]`));
  for (const n of v.yearNotes) problems.appendChild(h('li', { class: 'note' }, n));
  const sources = h('ol', { class: 'sources' });
  for (const c of t.citations) sources.appendChild(h('li', { id: `src-${c.n}` }, h('p', { class: 'cite-source' }, h('b', {}, `[${c.n}] `), sourceLabel(c)), quoted(c), h('a', { href: sourceHref('', c), target: '_blank', rel: 'noopener' }, '打开原文')));
  if (!t.citations.length) sources.appendChild(h('li', { class: 'empty' }, '这条回答没有引用任何段落。'));

  const comment = h('textarea', { name: 'comment', rows: 2, maxlength: 5000, placeholder: '审核意见（可选）' }, t.review?.comment ?? '');
  const corrected = h('textarea', { name: 'correctedAnswer', rows: 3, maxlength: 20000, placeholder: '正确答案（判为错误或需修改时填写）' }, t.review?.correctedAnswer ?? '');
  const status = h('p', { class: 'review-status', role: 'status' }, t.review ? `已审核：${VERDICTS[t.review.verdict]}（${time(t.review.reviewedAt)}）` : '尚未审核');
  const addCase = h('button', { type: 'button', class: 'secondary', id: 'add-eval-case', ...(t.review ? {} : { disabled: true }) }, '加入评测集');
  const review = async (verdict: string) => {
    const sentenceMarks = [...sentList.querySelectorAll<HTMLSelectElement>('select')].filter((s) => s.value).map((s) => ({ index: Number(s.dataset.sentence), reason: s.value }));
    const body: Record<string, unknown> = { verdict, sentenceMarks };
    if (comment.value.trim()) body.comment = comment.value.trim();
    if (corrected.value.trim()) body.correctedAnswer = corrected.value.trim();
    try {
      const r = await api<Trace>(`/api/traces/${encodeURIComponent(t.id)}/review`, { method: 'POST', json: body });
      status.textContent = `已审核：${VERDICTS[r.review!.verdict]}（${time(r.review!.reviewedAt)}）`;
      addCase.removeAttribute('disabled');
      void loadList();
    } catch (e) {
      status.textContent = `保存失败：${(e as Error).message}`;
    }
  };
  addCase.addEventListener('click', async () => {
    try {
      const r = await api<{ file: string }>(`/api/traces/${encodeURIComponent(t.id)}/eval-case`, { method: 'POST', json: {} });
      status.textContent = `已加入评测集：${r.file}（npm run eval 会运行它）`;
    } catch (e) {
      status.textContent = `未能加入评测集：${(e as Error).message}`;
    }
  });
  const timings = Object.entries(t.timings).map(([k, ms]) => `${k} ${ms} ms`).join(' · ');
  detail.append(
    h('div', { class: 'detail-main' },
      h('p', { class: 'meta' }, `${time(t.createdAt)} · ${t.mode === 'llm' ? '大模型' : '离线摘录'} · 模型 ${t.model}${t.promptHash ? ` · 提示词 ${t.promptHash}` : ''} · ${timings} · 检索到 ${t.retrieved.length} 段`),
      h('h3', {}, t.question),
      t.resolvedQuestion !== t.question ? h('p', { class: 'note' }, `理解为：${t.resolvedQuestion}`) : null,
      answer,
      v.ok ? h('p', { class: 'ok' }, '核验通过') : h('p', { class: 'flag' }, '核验未通过'),
      problems,
      h('h4', {}, '逐句标记'),
      sentList,
      h('div', { class: 'review' },
        h('h4', {}, '审核'),
        comment,
        corrected,
        h('div', { class: 'verdicts' },
          h('button', { type: 'button', 'data-verdict': 'correct', onclick: () => void review('correct') }, '正确'),
          h('button', { type: 'button', class: 'secondary', 'data-verdict': 'needs_fix', onclick: () => void review('needs_fix') }, '需修改'),
          h('button', { type: 'button', class: 'danger', 'data-verdict': 'incorrect', onclick: () => void review('incorrect') }, '错误'),
          addCase,
        ),
        status,
      ),
    ),
    h('div', { class: 'detail-sources' }, h('h4', {}, '引用的段落'), sources),
  );
}

let timer: number | undefined;
filters.addEventListener('input', () => {
  clearTimeout(timer);
  timer = window.setTimeout(() => void loadList(), 250);
});
filters.addEventListener('submit', (e) => e.preventDefault());
void loadList();
