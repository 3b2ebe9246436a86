// The audit console's list of traces: newest first, a page at a time (cursor) as it scrolls or as j passes its
// end, 「共 N 条 · 还有 M 条未审核」, the next unreviewed answer, and rows updated in place after a review.
import { api } from './api.ts';
import { clear, h } from './dom.ts';

export const VERDICTS: Record<string, string> = { correct: '正确', incorrect: '错误', needs_fix: '需修改' };
const PAGE = 50;

/** What a row shows of a trace. */
export interface ListedTrace {
  id: string;
  createdAt: string;
  question: string;
  answerable: boolean;
  mode: 'extractive' | 'llm';
  verification: { ok: boolean };
  review: { verdict: string; reviewedAt: string } | null;
  feedback?: { rating: 'up' | 'down'; reason?: string; at: string } | null;
}

interface TraceList<T> {
  total: number;
  unreviewed: number;
  items: T[];
  nextCursor: string | null;
}

export const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

export function traceListView<T extends ListedTrace>(o: {
  listEl: HTMLElement;
  countEl: HTMLElement;
  filters: HTMLFormElement;
  show: (id: string) => Promise<void>;
}) {
  const { listEl, countEl, filters } = o;
  let selected: string | null = null;
  /** The traces loaded so far, in list order, and where the next page starts. */
  let items: T[] = [];
  let nextCursor: string | null = null;
  let total = 0;
  let unreviewed = 0;
  let generation = 0;
  let loading: Promise<void> | null = null;

  function filterQuery(): URLSearchParams {
    const f = new FormData(filters);
    const q = new URLSearchParams({ limit: String(PAGE) });
    for (const k of ['q', 'verdict', 'mode', 'feedback'])
      if (String(f.get(k) ?? '')) q.set(k, String(f.get(k)));
    if (f.get('failed')) q.set('failed', '1');
    return q;
  }

  function showCount() {
    countEl.textContent = `共 ${total} 条 · 还有 ${unreviewed} 条未审核`;
  }

  function itemRow(t: T): HTMLElement {
    const down = t.feedback?.rating === 'down';
    const badges = [
      h('span', { class: `badge ${t.mode}` }, t.mode === 'llm' ? '大模型' : '离线'),
      down
        ? h(
            'span',
            {
              class: 'badge bad feedback-down',
              title: t.feedback?.reason ? `提问人反馈：${t.feedback.reason}` : '提问人点了 👎',
            },
            '👎 反馈',
          )
        : null,
      t.verification.ok ? null : h('span', { class: 'badge bad' }, '核验未通过'),
      t.answerable ? null : h('span', { class: 'badge refused' }, '未找到'),
      t.review
        ? h('span', { class: `badge verdict-${t.review.verdict}` }, VERDICTS[t.review.verdict])
        : h('span', { class: 'badge unreviewed' }, '未审核'),
    ];
    return h(
      'li',
      {
        class: `trace-item${t.id === selected ? ' selected' : ''}`,
        'data-trace': t.id,
        'data-reviewed': t.review ? '1' : '0',
      },
      h(
        'button',
        { type: 'button', onclick: () => void select(items.findIndex((x) => x.id === t.id)) },
        h('span', { class: 'q' }, t.question),
        h('span', { class: 'when' }, time(t.createdAt)),
        h('span', { class: 'badges' }, ...badges),
      ),
    );
  }

  const more = h(
    'li',
    { class: 'more' },
    h('button', { type: 'button', class: 'secondary', onclick: () => void loadMore() }, '加载更多'),
  );
  // Infinite scroll: the next page loads when the end of the list comes into view.
  new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting) && nextCursor) void loadMore();
    },
    { root: listEl },
  ).observe(more);

  /** The first page for the current filters (the list starts over). */
  async function loadList() {
    const gen = ++generation;
    const page = await api<TraceList<T>>(`/api/traces?${filterQuery()}`);
    if (gen !== generation) return;
    items = [];
    clear(listEl);
    listEl.appendChild(more);
    append(page);
  }

  /** The next page after the last one loaded; resolves when it is in the list (one request at a time). */
  function loadMore(): Promise<void> {
    if (!nextCursor) return Promise.resolve();
    loading ??= (async () => {
      const gen = generation;
      const q = filterQuery();
      q.set('cursor', nextCursor!);
      try {
        const page = await api<TraceList<T>>(`/api/traces?${q}`);
        if (gen === generation) append(page);
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  function append(page: TraceList<T>) {
    ({ total, unreviewed, nextCursor } = page);
    for (const t of page.items) {
      items.push(t);
      listEl.insertBefore(itemRow(t), more);
    }
    more.hidden = !nextCursor;
    if (!items.length) listEl.insertBefore(h('li', { class: 'empty' }, '没有符合条件的记录。'), more);
    showCount();
  }

  /** Marks the row of the trace shown. */
  function mark(id: string) {
    selected = id;
    listEl
      .querySelectorAll('.trace-item')
      .forEach((el) => el.classList.toggle('selected', (el as HTMLElement).dataset.trace === id));
  }

  /** Selects the index-th trace of the list (loading the next page when moving past the end) and shows it. */
  async function select(index: number) {
    if (index >= items.length && nextCursor) await loadMore();
    if (index < 0 || index >= items.length) return;
    const t = items[index];
    const row = listEl.querySelector<HTMLElement>(`[data-trace="${CSS.escape(t.id)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    mark(t.id);
    await o.show(t.id);
  }

  /** 「下一条未审核」: the next unreviewed answer below the one shown (loading pages as needed), else the first one. */
  async function nextUnreviewed() {
    const from = items.findIndex((t) => t.id === selected);
    for (let i = from + 1; ; i++) {
      if (i >= items.length) {
        if (!nextCursor) break;
        await loadMore();
        if (i >= items.length) break;
      }
      if (!items[i].review) return select(i);
    }
    const first = items.findIndex((t) => !t.review);
    if (first >= 0 && first !== from) return select(first);
    countEl.textContent = `共 ${total} 条 · 没有未审核的记录了`;
  }

  /** A saved review updates its row and the count in place: the list keeps its pages and scroll position. */
  function reviewed(t: T) {
    const at = items.findIndex((x) => x.id === t.id);
    if (at < 0) return;
    if (!items[at].review && t.review) unreviewed = Math.max(0, unreviewed - 1);
    items[at] = { ...items[at], review: t.review };
    listEl.querySelector(`[data-trace="${CSS.escape(t.id)}"]`)?.replaceWith(itemRow(items[at]));
    showCount();
  }

  return {
    load: loadList,
    select,
    nextUnreviewed,
    reviewed,
    /** Moves the selection by one row (j/k). */
    move: (delta: 1 | -1) => select(Math.max(0, items.findIndex((t) => t.id === selected) + delta)),
    isSelected: (id: string) => selected === id,
  };
}
