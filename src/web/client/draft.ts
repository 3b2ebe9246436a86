// The drafting page: the draft streams in point by point, each point editable with its sources beside it;
// edits are saved as they are typed (PATCH, debounced, with a status), the drafts made so far are listed and one
// opens with a click, and a reload brings back the draft that was open (?draft=<id>, else the last one opened).
import { api, download, postStream } from './api.ts';
import { type Citation, quoted, sourceHref, sourceLabel } from './citations.ts';
import { libraryFacets } from './conversation.ts';
import { $, append, clear, h } from './dom.ts';

interface Point {
  theme: string;
  text: string;
  citations: Citation[];
  respondsTo?: number;
  placeholders: string[];
}

const form = $<HTMLFormElement>('#draft-form');
const output = $('#draft-output');
const pointsEl = $('#draft-points');
const warningsEl = $('#draft-warnings');
const titleEl = $('#draft-title');
const historyEl = $('#draft-history');
const saveStatus = $('#autosave-status');
const shortcomingsField = $('#shortcomings-field');
const LAST = 'fazhi.draft.last';
let draftId: string | null = null;
let coverage: { shortcomings: string[] } | undefined;

interface StoredDraft {
  draftId: string;
  title: string;
  createdAt: string;
  editedAt?: string;
  points: Point[];
  warnings: string[];
  coverage?: { shortcomings: string[]; unanswered: string[] };
  request: {
    section: 'shortcomings' | 'next_steps';
    org: string;
    year: number;
    points?: number;
    focus?: string;
    shortcomings?: string;
  };
}

/** 「要回应的不足」 only when drafting 下一步工作. */
function showShortcomingsField() {
  shortcomingsField.hidden = (form.elements.namedItem('section') as HTMLSelectElement).value !== 'next_steps';
}
(form.elements.namedItem('section') as HTMLSelectElement).addEventListener('change', showShortcomingsField);
showShortcomingsField();

(form.elements.namedItem('year') as HTMLInputElement).value = String(new Date().getFullYear() - 1);
libraryFacets().then(
  ({ orgs }) => {
    const list = $('#org-list');
    for (const o of orgs) list.appendChild(h('option', { value: o }));
  },
  () => undefined,
);

function pointItem(p: Point, index: number): HTMLElement {
  const editor = h('textarea', { class: 'point-text', rows: 5, 'aria-label': `第 ${index + 1} 点` }, p.text);
  const sources = h('ol', { class: 'point-sources' });
  for (const c of p.citations)
    sources.appendChild(
      h(
        'li',
        {},
        h('p', { class: 'cite-source' }, h('b', {}, `[${c.n}] `), sourceLabel(c)),
        quoted(c),
        h('a', { href: sourceHref('', c), target: '_blank', rel: 'noopener' }, '打开原文'),
      ),
    );
  if (!p.citations.length)
    sources.appendChild(h('li', { class: 'no-source' }, '这一点在往年报告中没有依据，请作者补充。'));
  const answers =
    p.respondsTo !== undefined && coverage
      ? h(
          'p',
          { class: 'responds' },
          `回应第 ${p.respondsTo + 1} 条不足：${coverage.shortcomings[p.respondsTo] ?? ''}`,
        )
      : null;
  return h(
    'li',
    { class: `draft-point${p.placeholders.length ? ' has-placeholder' : ''}` },
    h('div', { class: 'point-main' }, h('p', { class: 'theme' }, p.theme), answers, editor),
    h('div', { class: 'point-side' }, h('p', { class: 'side-title' }, '依据'), sources),
  );
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(form);
  const body: Record<string, unknown> = {
    section: f.get('section'),
    org: String(f.get('org') ?? '').trim(),
    year: Number(f.get('year')),
    stream: true,
  };
  if (f.get('points')) body.points = Number(f.get('points'));
  if (String(f.get('focus') ?? '').trim()) body.focus = String(f.get('focus')).trim();
  if (body.section === 'next_steps' && String(f.get('shortcomings') ?? '').trim())
    body.shortcomings = String(f.get('shortcomings')).trim();
  await flushSave();
  output.hidden = false;
  clear(pointsEl);
  clear(warningsEl);
  setStatus('');
  titleEl.textContent = '正在起草……';
  draftId = null;
  coverage = undefined;
  const submit = form.querySelector('button[type=submit]') as HTMLButtonElement;
  submit.disabled = true;
  try {
    await postStream('/api/draft', body, (event, data) => {
      if (event === 'title') {
        const t = data as { title: string; coverage?: { shortcomings: string[] } };
        titleEl.textContent = t.title;
        coverage = t.coverage;
      } else if (event === 'point') {
        const { point, index } = data as { point: Point; index: number };
        pointsEl.appendChild(pointItem(point, index));
      } else if (event === 'done') {
        const d = data as {
          draftId: string;
          warnings: string[];
          coverage?: { shortcomings: string[]; unanswered: string[] };
        };
        draftId = d.draftId;
        coverage = d.coverage;
        showWarnings(d.warnings);
        remember(d.draftId);
        void loadHistory();
      }
    });
  } catch (err) {
    titleEl.textContent = '';
    warningsEl.appendChild(h('li', { class: 'error', role: 'alert' }, `起草失败：${(err as Error).message}`));
  } finally {
    submit.disabled = false;
  }
});

function showWarnings(warnings: string[]) {
  for (const w of warnings) warningsEl.appendChild(h('li', {}, w));
  if (coverage)
    append(
      warningsEl,
      h(
        'li',
        { class: 'coverage' },
        `逐条回应的不足：${coverage.shortcomings.map((s, i) => `${i + 1}. ${s}`).join('；')}`,
      ),
    );
}

function editedTexts(): string[] {
  return [...pointsEl.querySelectorAll<HTMLTextAreaElement>('textarea.point-text')].map((t) => t.value);
}

// Autosave: an edit marks the draft dirty; a second after the last keystroke it is PATCHed (one save at a time).
let dirty = false;
let timer: number | undefined;
let saving: Promise<void> = Promise.resolve();

function setStatus(text: string, kind: '' | 'dirty' | 'error' = '') {
  saveStatus.textContent = text;
  saveStatus.className = `autosave-status${kind ? ` ${kind}` : ''}`;
}

function saveNow(): Promise<void> {
  clearTimeout(timer);
  if (!dirty || !draftId) return saving;
  const id = draftId;
  const points = editedTexts();
  dirty = false;
  saving = saving.then(async () => {
    setStatus('正在保存……');
    try {
      const d = await api<StoredDraft>(`/api/drafts/${id}`, { method: 'PATCH', json: { points } });
      if (id === draftId && !dirty)
        setStatus(
          `已自动保存 ${new Date(d.editedAt ?? Date.now()).toLocaleTimeString('zh-CN', { hour12: false })}`,
        );
      void loadHistory();
    } catch (e) {
      if (id === draftId) dirty = true;
      setStatus(`保存失败：${(e as Error).message}`, 'error');
      throw e;
    }
  });
  return saving;
}

/** Saves what is pending now (before exporting, drafting again or opening another draft). */
async function flushSave(): Promise<void> {
  try {
    await saveNow();
  } catch {
    /* the status says so */
  }
}

pointsEl.addEventListener('input', () => {
  if (!draftId) return;
  dirty = true;
  setStatus('有未保存的修改', 'dirty');
  clearTimeout(timer);
  timer = window.setTimeout(() => void flushSave(), 1000);
});
// Leaving with an edit not yet saved: send it anyway (keepalive outlives the page).
window.addEventListener('pagehide', () => {
  if (!dirty || !draftId) return;
  void fetch(`/api/drafts/${draftId}`, {
    method: 'PATCH',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ points: editedTexts() }),
  });
});

async function saveEdits(): Promise<string> {
  if (!draftId) throw new Error('请先起草');
  dirty = true;
  await saveNow();
  return draftId;
}

/** The open draft is in the address (?draft=…) and remembered for the next visit. */
function remember(id: string) {
  const url = new URL(location.href);
  url.searchParams.set('draft', id);
  history.replaceState(null, '', url);
  try {
    localStorage.setItem(LAST, id);
  } catch {
    /* storage off: the address still has it */
  }
  historyEl.querySelectorAll('li').forEach((li) => li.classList.toggle('current', li.dataset.draft === id));
}

/** Shows a stored draft as it was left: its request in the form, its (edited) points, sources and warnings. */
async function openDraft(id: string): Promise<boolean> {
  await flushSave();
  let d: StoredDraft;
  try {
    d = await api<StoredDraft>(`/api/drafts/${encodeURIComponent(id)}`);
  } catch {
    return false;
  }
  const set = (name: string, value: string | number | undefined) =>
    ((form.elements.namedItem(name) as HTMLInputElement).value = value === undefined ? '' : String(value));
  set('section', d.request.section);
  set('org', d.request.org);
  set('year', d.request.year);
  set('points', d.request.points);
  set('focus', d.request.focus);
  set('shortcomings', d.request.shortcomings);
  showShortcomingsField();
  draftId = d.draftId;
  dirty = false;
  coverage = d.coverage;
  output.hidden = false;
  titleEl.textContent = d.title;
  clear(pointsEl);
  clear(warningsEl);
  d.points.forEach((p, i) => pointsEl.appendChild(pointItem(p, i)));
  showWarnings(d.warnings);
  setStatus(d.editedAt ? `上次保存 ${new Date(d.editedAt).toLocaleString('zh-CN', { hour12: false })}` : '');
  remember(d.draftId);
  return true;
}

const SECTION_NAMES = { shortcomings: '存在的不足', next_steps: '下一步工作' } as const;

async function loadHistory() {
  let list: { total: number; items: StoredDraft[] };
  try {
    list = await api<{ total: number; items: StoredDraft[] }>('/api/drafts?limit=30');
  } catch (e) {
    clear(historyEl);
    historyEl.appendChild(h('li', { class: 'empty' }, `读取草稿记录失败：${(e as Error).message}`));
    return;
  }
  clear(historyEl);
  if (!list.items.length)
    historyEl.appendChild(
      h('li', { class: 'empty' }, '还没有草稿。起草后会出现在这里，刷新页面也不会丢失。'),
    );
  for (const d of list.items) {
    const when = new Date(d.editedAt ?? d.createdAt).toLocaleString('zh-CN', { hour12: false });
    historyEl.appendChild(
      h(
        'li',
        { 'data-draft': d.draftId, class: d.draftId === draftId ? 'current' : '' },
        h(
          'button',
          { type: 'button', onclick: () => void openDraft(d.draftId) },
          h('span', {}, `${d.request.org} ${d.request.year}年 · ${SECTION_NAMES[d.request.section]}`),
          h('span', { class: 'when' }, `${d.editedAt ? '修改于' : '起草于'} ${when} · ${d.points.length} 点`),
        ),
      ),
    );
  }
  if (list.total > list.items.length)
    historyEl.appendChild(h('li', { class: 'empty' }, `另有 ${list.total - list.items.length} 份更早的草稿`));
}

function status(msg: string, error = false) {
  warningsEl.querySelector('.status')?.remove();
  warningsEl.prepend(h('li', { class: `status${error ? ' error' : ''}`, role: 'status' }, msg));
}

function exportButton(selector: string, ext: 'docx' | 'md', what: string) {
  $(selector).addEventListener('click', async () => {
    try {
      const id = await saveEdits();
      await download(`/api/drafts/${id}.${ext}`, `草稿.${ext}`);
      status(`已导出 ${what} 文件（含修改）`);
    } catch (e) {
      status(`导出失败：${(e as Error).message}`, true);
    }
  });
}
exportButton('#export-docx', 'docx', 'Word');
exportButton('#export-md', 'md', 'Markdown');
$('#copy-draft').addEventListener('click', async () => {
  const text = [titleEl.textContent ?? '', ...editedTexts().map((t) => t.replace(/\[\d+\]/g, ''))].join('\n');
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = h('textarea', {}, text);
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
  status('已复制正文（不含出处标注）');
});

// A reload brings the draft back: the one in the address, else the last one opened in this browser.
void (async () => {
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST);
  } catch {
    /* storage off */
  }
  const id = new URL(location.href).searchParams.get('draft') ?? last;
  await loadHistory();
  if (id && !(await openDraft(id)) && id === last) {
    try {
      localStorage.removeItem(LAST); // deleted or from another library
    } catch {
      /* storage off */
    }
  }
})();
