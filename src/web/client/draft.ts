// The drafting page: the draft streams in point by point, each point editable with its sources beside it;
// edits are saved before exporting to Word or Markdown, and the text can be copied.
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
let draftId: string | null = null;
let coverage: { shortcomings: string[] } | undefined;

(form.elements.namedItem('year') as HTMLInputElement).value = String(new Date().getFullYear() - 1);
libraryFacets().then(({ orgs }) => {
  const list = $('#org-list');
  for (const o of orgs) list.appendChild(h('option', { value: o }));
}, () => undefined);

function pointItem(p: Point, index: number): HTMLElement {
  const editor = h('textarea', { class: 'point-text', rows: 5, 'aria-label': `第 ${index + 1} 点` }, p.text);
  const sources = h('ol', { class: 'point-sources' });
  for (const c of p.citations) sources.appendChild(h('li', {}, h('p', { class: 'cite-source' }, h('b', {}, `[${c.n}] `), sourceLabel(c)), quoted(c), h('a', { href: sourceHref('', c), target: '_blank', rel: 'noopener' }, '打开原文')));
  if (!p.citations.length) sources.appendChild(h('li', { class: 'no-source' }, '这一点在往年报告中没有依据，请作者补充。'));
  const answers = p.respondsTo !== undefined && coverage ? h('p', { class: 'responds' }, `回应第 ${p.respondsTo + 1} 条不足：${coverage.shortcomings[p.respondsTo] ?? ''}`) : null;
  return h('li', { class: `draft-point${p.placeholders.length ? ' has-placeholder' : ''}` }, h('div', { class: 'point-main' }, h('p', { class: 'theme' }, p.theme), answers, editor), h('div', { class: 'point-side' }, h('p', { class: 'side-title' }, '依据'), sources));
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(form);
  const body: Record<string, unknown> = { section: f.get('section'), org: String(f.get('org') ?? '').trim(), year: Number(f.get('year')), stream: true };
  if (f.get('points')) body.points = Number(f.get('points'));
  if (String(f.get('focus') ?? '').trim()) body.focus = String(f.get('focus')).trim();
  if (body.section === 'next_steps' && String(f.get('shortcomings') ?? '').trim()) body.shortcomings = String(f.get('shortcomings')).trim();
  output.hidden = false;
  clear(pointsEl);
  clear(warningsEl);
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
      }
      else if (event === 'point') {
        const { point, index } = data as { point: Point; index: number };
        pointsEl.appendChild(pointItem(point, index));
      } else if (event === 'done') {
        const d = data as { draftId: string; warnings: string[]; coverage?: { shortcomings: string[]; unanswered: string[] } };
        draftId = d.draftId;
        coverage = d.coverage;
        for (const w of d.warnings) warningsEl.appendChild(h('li', {}, w));
        if (coverage) append(warningsEl, h('li', { class: 'coverage' }, `逐条回应的不足：${coverage.shortcomings.map((s, i) => `${i + 1}. ${s}`).join('；')}`));
      }
    });
  } catch (err) {
    titleEl.textContent = '';
    warningsEl.appendChild(h('li', { class: 'error', role: 'alert' }, `起草失败：${(err as Error).message}`));
  } finally {
    submit.disabled = false;
  }
});

function editedTexts(): string[] {
  return [...pointsEl.querySelectorAll<HTMLTextAreaElement>('textarea.point-text')].map((t) => t.value);
}

async function saveEdits(): Promise<string> {
  if (!draftId) throw new Error('请先起草');
  await api(`/api/drafts/${draftId}`, { method: 'PATCH', json: { points: editedTexts() } });
  return draftId;
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
