// The library page: the list of reports, upload by drag and drop with a progress bar and an error per file,
// and delete (admin).
import { api } from './api.ts';
import { SECTION_LABELS } from './citations.ts';
import { $, clear, h } from './dom.ts';

interface ReportRow {
  id: string;
  sourceName: string;
  meta: { title: string; org: string | null; year: number | null };
  sections: { kind: string; paragraphCount: number }[];
  paragraphCount: number;
}

const admin = document.body.dataset.role === 'admin';
const tbody = $('#reports tbody');

async function refresh() {
  const { documents } = await api<{ documents: ReportRow[] }>('/api/documents');
  clear(tbody);
  if (!documents.length) tbody.appendChild(h('tr', {}, h('td', { colspan: 6, class: 'empty' }, '报告库还是空的，请先上传往年报告。')));
  const sorted = [...documents].sort((a, b) => (a.meta.org ?? '').localeCompare(b.meta.org ?? '', 'zh') || (b.meta.year ?? 0) - (a.meta.year ?? 0));
  for (const d of sorted) {
    const counts = new Map<string, number>();
    for (const s of d.sections) counts.set(s.kind, (counts.get(s.kind) ?? 0) + s.paragraphCount);
    const secs = [...counts].map(([k, n]) => `${SECTION_LABELS[k] ?? k} ${n}`).join('，');
    const del = admin
      ? h('td', {}, h('button', { type: 'button', class: 'danger small', 'data-delete': d.id, onclick: () => remove(d) }, '删除'))
      : null;
    tbody.appendChild(
      h('tr', { 'data-document': d.id }, h('td', {}, d.meta.org ?? '（未署名）'), h('td', {}, d.meta.year ?? '—'), h('td', {}, h('a', { href: `/documents/${encodeURIComponent(d.id)}` }, d.meta.title)), h('td', { class: 'secs' }, secs), h('td', {}, d.paragraphCount), del),
    );
  }
}

async function remove(d: ReportRow) {
  if (!confirm(`确定删除「${d.meta.title}」？它的全部段落将从检索中移除。`)) return;
  try {
    await api(`/api/documents/${encodeURIComponent(d.id)}`, { method: 'DELETE' });
    await refresh();
  } catch (e) {
    alert(`删除失败：${(e as Error).message}`);
  }
}

interface UploadResult {
  name: string;
  status: 'added' | 'replaced' | 'unchanged' | 'failed';
  org?: string | null;
  year?: number | null;
  paragraphs?: number;
  error?: { message: string };
}

function upload(file: File) {
  const bar = h('progress', { max: 100, value: 0 });
  const msg = h('span', { class: 'upload-msg' }, '上传中……');
  const li = h('li', { class: 'upload' }, h('span', { class: 'upload-name' }, file.name), bar, msg);
  $('#uploads').appendChild(li);
  const form = new FormData();
  form.append('file', file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/documents');
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
  };
  xhr.upload.onload = () => {
    bar.value = 100;
    msg.textContent = '解析并建立索引……';
  };
  xhr.onerror = () => {
    li.classList.add('failed');
    msg.textContent = '上传失败：网络错误';
  };
  xhr.onload = () => {
    let body: { results?: UploadResult[]; error?: { message: string } } = {};
    try {
      body = JSON.parse(xhr.responseText);
    } catch {
      /* not JSON */
    }
    const r = body.results?.[0];
    if (xhr.status >= 400 || !r || r.status === 'failed') {
      li.classList.add('failed');
      msg.textContent = `失败：${r?.error?.message ?? body.error?.message ?? `HTTP ${xhr.status}`}`;
      return;
    }
    li.classList.add('done');
    const what = { added: '已导入', replaced: '已更新', unchanged: '内容未变化' }[r.status as 'added' | 'replaced' | 'unchanged'];
    msg.textContent = `${what}：${r.org ?? '（未署名）'} ${r.year ?? ''}年 · ${r.paragraphs ?? 0} 段`;
    void refresh();
  };
  xhr.send(form);
}

if (admin) {
  const zone = $('#dropzone');
  const input = $<HTMLInputElement>('#file-input');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    for (const f of e.dataTransfer?.files ?? []) upload(f);
  });
  zone.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') input.click();
  });
  input.addEventListener('change', () => {
    for (const f of input.files ?? []) upload(f);
    input.value = '';
  });
}

void refresh();
