// The supervisors' audit console: traces newest first with filters, a page at a time as the list scrolls; a
// trace's answer beside every cited paragraph and, under them, the retrieved ones it did not cite; problems in
// red, a verdict for the whole answer and a mark per sentence, 「加入评测集」 with the facts a case must hold.
// Keyboard: j/k move, 1/2/3 give the verdict, n goes to the next unreviewed answer.
import { api } from './api.ts';
import { type Citation, quoted, renderWithCitations, sourceHref, sourceLabel } from './citations.ts';
import { VERDICTS, time, traceListView } from './audit-list.ts';
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
  review: {
    verdict: string;
    comment?: string;
    correctedAnswer?: string;
    sentenceMarks?: { index: number; reason: string }[];
    reviewedAt: string;
  } | null;
  feedback?: { rating: 'up' | 'down'; reason?: string; at: string } | null;
  /** Only in GET /api/traces/:id: retrieved paragraphs the answer did not cite, best first. */
  uncited?: {
    paragraphId: string;
    documentId?: string;
    score: number;
    text?: string;
    org?: string | null;
    year?: number | null;
    title?: string;
    heading?: string | null;
    section?: string;
    deleted?: boolean;
  }[];
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

const REASONS: Record<string, string> = {
  unsupported: '无依据',
  wrong_source: '出处不对',
  wrong_figure: '数字错误',
  wrong_year: '年份错误',
  off_topic: '答非所问',
};
/** Keys 1/2/3, in the order of the buttons. */
const KEY_VERDICTS: Record<string, string> = { '1': 'correct', '2': 'needs_fix', '3': 'incorrect' };
const listEl = $('#trace-list');
const detail = $('#trace-detail');
const filters = $<HTMLFormElement>('#audit-filters');
const list = traceListView<Trace>({ listEl, countEl: $('#audit-count'), filters, show });
/** Saves the verdict of the trace shown (set by show()). */
let reviewShown: ((verdict: string) => Promise<void>) | null = null;

/** The answer's sentences, each with its markers kept, for marking one by one. */
function sentences(answer: string): string[] {
  return (
    answer
      .match(/[^。！？]+[。！？]?(?:\[\d+\])*/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? []
  );
}

function markNumbers(text: string, numbers: string[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  if (!numbers.length) {
    frag.append(text);
    return frag;
  }
  const re = new RegExp(`(${numbers.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
  for (const part of text.split(re))
    frag.append(
      numbers.includes(part) ? h('span', { class: 'flag', title: '出处中找不到这个数字' }, part) : part,
    );
  return frag;
}

async function show(id: string) {
  reviewShown = null;
  const t = await api<Trace>(`/api/traces/${encodeURIComponent(id)}`);
  if (!list.isSelected(id)) return; // another one was chosen meanwhile
  clear(detail);
  const v = t.verification;
  const answer = h(
    'div',
    { class: `answer-box${t.answerable ? '' : ' refused'}` },
    renderWithCitations(t.answer, t.citations, { base: '', layer: document.body }),
  );
  const sentList = h('ol', { class: 'sentences' });
  const marks = new Map((t.review?.sentenceMarks ?? []).map((m) => [m.index, m.reason]));
  sentences(t.answer).forEach((s, i) => {
    const plain = s.replace(/\[\d+\]/g, '');
    const uncited = v.uncitedSentences.some(
      (u) => u.replace(/\[\d+\]/g, '').includes(plain) || plain.includes(u.replace(/\[\d+\]/g, '')),
    );
    const numbers = v.unsupportedNumbers
      .filter((u) => u.sentence.includes(plain) || plain.includes(u.sentence.replace(/\[\d+\]/g, '')))
      .map((u) => u.number);
    const select = h(
      'select',
      { 'aria-label': `第 ${i + 1} 句的问题`, 'data-sentence': i },
      h('option', { value: '' }, '无问题'),
      ...Object.entries(REASONS).map(([k, label]) =>
        h('option', { value: k, ...(marks.get(i) === k ? { selected: true } : {}) }, label),
      ),
    );
    sentList.appendChild(
      h(
        'li',
        { class: uncited || numbers.length ? 'problem' : '' },
        h('span', { class: 'sentence-text' }, markNumbers(s, numbers)),
        uncited ? h('span', { class: 'flag' }, '没有出处') : null,
        select,
      ),
    );
  });
  const problems = h('ul', { class: 'problems' });
  for (const n of v.notAnswered ?? [])
    problems.appendChild(h('li', { class: 'flag', 'data-reason': 'not_answered' }, `答非所问：${n}`));
  if (v.cuts) {
    // Each cut or failed sentence with the verifier's reason (wrong office, wrong year, figure of another indicator…).
    for (const c of v.cuts)
      problems.appendChild(
        h(
          'li',
          { class: 'flag', 'data-reason': c.reason },
          `${CUT_LABELS[c.reason] ?? c.reason}：${c.detail} —— ${c.sentence}`,
        ),
      );
  } else {
    for (const u of v.uncitedSentences)
      problems.appendChild(h('li', { class: 'flag' }, `已删除或没有出处的句子：${u}`));
    for (const u of v.unsupportedNumbers)
      problems.appendChild(h('li', { class: 'flag' }, `出处中找不到的数字「${u.number}」：${u.sentence}`));
  }
  for (const n of v.badMarkers) problems.appendChild(h('li', { class: 'flag' }, `无效的出处编号 [${n}]`));
  for (const n of v.yearNotes) problems.appendChild(h('li', { class: 'note' }, n));
  const sources = h('ol', { class: 'sources' });
  for (const c of t.citations)
    sources.appendChild(
      h(
        'li',
        { id: `src-${c.n}` },
        h('p', { class: 'cite-source' }, h('b', {}, `[${c.n}] `), sourceLabel(c)),
        quoted(c),
        h('a', { href: sourceHref('', c), target: '_blank', rel: 'noopener' }, '打开原文'),
      ),
    );
  if (!t.citations.length) sources.appendChild(h('li', { class: 'empty' }, '这条回答没有引用任何段落。'));
  // What retrieval found but the answer left out: the evidence for judging a refusal or a missed figure.
  const uncited = h('ol', { class: 'sources uncited', id: 'uncited-sources' });
  for (const u of t.uncited ?? []) {
    if (u.deleted || !u.text) {
      uncited.appendChild(h('li', { class: 'empty' }, `段落 ${u.paragraphId} 已从报告库删除`));
      continue;
    }
    const label = `${u.org ?? '未署名'} · ${u.year ? `${u.year}年` : '年度不明'} · ${u.title ?? ''}${u.heading ? ` · ${u.heading}` : ''}`;
    uncited.appendChild(
      h(
        'li',
        { 'data-paragraph': u.paragraphId },
        h('p', { class: 'cite-source' }, label),
        h('p', { class: 'uncited-text' }, u.text),
        h(
          'a',
          {
            href: `/documents/${encodeURIComponent(u.documentId ?? '')}#p-${u.paragraphId}`,
            target: '_blank',
            rel: 'noopener',
          },
          '打开原文',
        ),
      ),
    );
  }
  if (!t.uncited?.length) uncited.appendChild(h('li', { class: 'empty' }, '检索到的段落都已被引用。'));

  const comment = h(
    'textarea',
    { name: 'comment', rows: 2, maxlength: 5000, placeholder: '审核意见（可选）', 'aria-label': '审核意见' },
    t.review?.comment ?? '',
  );
  const corrected = h(
    'textarea',
    {
      name: 'correctedAnswer',
      rows: 3,
      maxlength: 20000,
      placeholder: '正确答案（判为错误或需修改时填写）',
      'aria-label': '正确答案',
    },
    t.review?.correctedAnswer ?? '',
  );
  const facts = h('textarea', {
    name: 'facts',
    rows: 2,
    placeholder:
      '要点：正确答案必须包含的内容，每行一条，如「55条」（判为错误时，填正确答案或要点才能加入评测集）',
    'aria-label': '要点（每行一条）',
  });
  const status = h(
    'span',
    { class: 'review-status', role: 'status', 'aria-live': 'polite' },
    t.review ? `已审核：${VERDICTS[t.review.verdict]}（${time(t.review.reviewedAt)}）` : '尚未审核',
  );
  const addCase = h(
    'button',
    { type: 'button', class: 'secondary', id: 'add-eval-case', ...(t.review ? {} : { disabled: true }) },
    '加入评测集',
  );
  const review = async (verdict: string) => {
    const sentenceMarks = [...sentList.querySelectorAll<HTMLSelectElement>('select')]
      .filter((s) => s.value)
      .map((s) => ({ index: Number(s.dataset.sentence), reason: s.value }));
    const body: Record<string, unknown> = { verdict, sentenceMarks };
    if (comment.value.trim()) body.comment = comment.value.trim();
    if (corrected.value.trim()) body.correctedAnswer = corrected.value.trim();
    status.textContent = `正在保存：${VERDICTS[verdict]}……`;
    status.className = 'review-status saving';
    try {
      const r = await api<Trace>(`/api/traces/${encodeURIComponent(t.id)}/review`, {
        method: 'POST',
        json: body,
      });
      status.textContent = `已保存 · 已审核：${VERDICTS[r.review!.verdict]}（${time(r.review!.reviewedAt)}）`;
      status.className = 'review-status saved';
      addCase.removeAttribute('disabled');
      list.reviewed(r);
    } catch (e) {
      status.textContent = `保存失败：${(e as Error).message}`;
      status.className = 'review-status error';
    }
  };
  reviewShown = review;
  addCase.addEventListener('click', async () => {
    const lines = facts.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    try {
      const r = await api<{ file: string }>(`/api/traces/${encodeURIComponent(t.id)}/eval-case`, {
        method: 'POST',
        json: lines.length ? { facts: lines } : {},
      });
      status.textContent = `已加入评测集：${r.file}（npm run eval 会运行它）`;
      status.className = 'review-status saved';
    } catch (e) {
      status.textContent = `未能加入评测集：${(e as Error).message}`;
      status.className = 'review-status error';
    }
  });
  const fb = t.feedback;
  const feedback = fb
    ? h(
        'p',
        { class: fb.rating === 'down' ? 'flag feedback' : 'ok feedback' },
        `提问人反馈：${fb.rating === 'down' ? '👎' : '👍'}${fb.reason ? `「${fb.reason}」` : ''}（${time(fb.at)}）`,
      )
    : null;
  const timings = Object.entries(t.timings)
    .map(([k, ms]) => `${k} ${ms} ms`)
    .join(' · ');
  detail.append(
    h(
      'div',
      { class: 'detail-main' },
      h(
        'div',
        { class: 'review-bar' },
        h(
          'div',
          { class: 'verdicts' },
          h(
            'button',
            {
              type: 'button',
              'data-verdict': 'correct',
              title: '快捷键 1',
              onclick: () => void review('correct'),
            },
            '1 正确',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-verdict': 'needs_fix',
              title: '快捷键 2',
              onclick: () => void review('needs_fix'),
            },
            '2 需修改',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'danger',
              'data-verdict': 'incorrect',
              title: '快捷键 3',
              onclick: () => void review('incorrect'),
            },
            '3 错误',
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              id: 'next-unreviewed',
              title: '快捷键 n',
              onclick: () => void list.nextUnreviewed(),
            },
            '下一条未审核',
          ),
          status,
        ),
      ),
      h(
        'p',
        { class: 'meta' },
        `${time(t.createdAt)} · ${t.mode === 'llm' ? '大模型' : '离线摘录'} · 模型 ${t.model}${t.promptHash ? ` · 提示词 ${t.promptHash}` : ''} · ${timings} · 检索到 ${t.retrieved.length} 段`,
      ),
      h('h3', {}, t.question),
      t.resolvedQuestion !== t.question ? h('p', { class: 'note' }, `理解为：${t.resolvedQuestion}`) : null,
      feedback,
      answer,
      v.ok ? h('p', { class: 'ok' }, '核验通过') : h('p', { class: 'flag' }, '核验未通过'),
      problems,
      h('h4', {}, '逐句标记'),
      sentList,
      h(
        'div',
        { class: 'review' },
        h('h4', {}, '审核意见与评测集'),
        comment,
        corrected,
        facts,
        h('div', { class: 'verdicts' }, addCase),
      ),
    ),
    h(
      'div',
      { class: 'detail-sources' },
      h('h4', {}, '引用的段落'),
      sources,
      h('h4', {}, `检索到但未引用的段落（${t.uncited?.length ?? 0}）`),
      uncited,
    ),
  );
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const target = e.target as HTMLElement;
  if (target.closest('input, textarea, select, [contenteditable]')) return;
  if (e.key === 'j') void list.move(1);
  else if (e.key === 'k') void list.move(-1);
  else if (e.key === 'n') void list.nextUnreviewed();
  else if (KEY_VERDICTS[e.key] && reviewShown) void reviewShown(KEY_VERDICTS[e.key]);
  else return;
  e.preventDefault();
});

let timer: number | undefined;
filters.addEventListener('input', () => {
  clearTimeout(timer);
  timer = window.setTimeout(() => void list.load(), 250);
});
filters.addEventListener('submit', (e) => e.preventDefault());
void list.load();
