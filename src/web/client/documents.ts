// The library page: the list of reports with their office, level, district, year and where the office was read;
// for an admin, upload by drag and drop (progress bar, an error or a warning per file, optional office fields
// for the whole upload), an inline form to correct a report's office (PATCH), and delete.
import { reportName } from '../../citation.ts';
import { api } from './api.ts';
import { SECTION_LABELS } from './citations.ts';
import { $, clear, h } from './dom.ts';

interface Meta {
  title: string;
  org: string | null;
  level: string | null;
  district: string | null;
  city: string | null;
  year: number | null;
  orgSource: string | null;
}

interface ReportRow {
  id: string;
  sourceName: string;
  meta: Meta;
  sections: { kind: string; paragraphCount: number }[];
  paragraphCount: number;
}

const SOURCE_LABELS: Record<string, string> = {
  title: '标题',
  opening: '开头',
  signoff: '落款',
  filename: '文件名',
  manual: '人工',
};
const NO_ORG = '未识别单位，请填写';

const admin = document.body.dataset.role === 'admin';
const table = $<HTMLTableElement>('#reports');
const tbody = $('#reports tbody');
const levels = (table.dataset.levels ?? '').split(',').filter(Boolean);
const columns = table.querySelectorAll('thead th').length;

async function refresh() {
  const { documents } = await api<{ documents: ReportRow[] }>('/api/documents');
  clear(tbody);
  if (!documents.length)
    tbody.appendChild(
      h('tr', {}, h('td', { colspan: columns, class: 'empty' }, '报告库还是空的，请先上传往年报告。')),
    );
  const sorted = [...documents].sort(
    (a, b) => reportName(a).localeCompare(reportName(b), 'zh') || (b.meta.year ?? 0) - (a.meta.year ?? 0),
  );
  for (const d of sorted) tbody.appendChild(row(d));
}

function row(d: ReportRow): HTMLTableRowElement {
  const counts = new Map<string, number>();
  for (const s of d.sections) counts.set(s.kind, (counts.get(s.kind) ?? 0) + s.paragraphCount);
  const secs = [...counts].map(([k, n]) => `${SECTION_LABELS[k] ?? k} ${n}`).join('，');
  const m = d.meta;
  const actions = admin
    ? h(
        'td',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', class: 'secondary small', 'data-edit': d.id, onclick: () => edit(d, tr) },
          '修改',
        ),
        h(
          'button',
          { type: 'button', class: 'danger small', 'data-delete': d.id, onclick: () => remove(d) },
          '删除',
        ),
      )
    : null;
  const org = m.org
    ? h('td', { class: 'col-org' }, m.org)
    : h(
        'td',
        { class: 'col-org' },
        reportName(d),
        h('span', { class: 'needs-org-flag' }, admin ? NO_ORG : '未识别单位'),
      );
  const tr = h(
    'tr',
    { 'data-document': d.id, class: m.org ? null : 'needs-org' },
    org,
    h('td', { class: 'col-level' }, m.level ?? '—'),
    h('td', { class: 'col-district' }, m.district ?? '—'),
    h('td', { class: 'col-year' }, m.year ?? '—'),
    h('td', { class: 'col-source' }, m.orgSource ? (SOURCE_LABELS[m.orgSource] ?? m.orgSource) : '—'),
    h('td', {}, h('a', { href: `/documents/${encodeURIComponent(d.id)}` }, m.title)),
    h('td', { class: 'secs' }, secs),
    h('td', { class: 'col-count' }, d.paragraphCount),
    actions,
  );
  return tr;
}

/** Opens the inline form under the row: office, level, district, city, year → PATCH → the row shows the result. */
function edit(d: ReportRow, tr: HTMLTableRowElement) {
  const open = tr.nextElementSibling;
  if (open?.classList.contains('edit-row')) {
    $<HTMLInputElement>('input[name=org]', open).focus();
    return;
  }
  const m = d.meta;
  const error = h('p', { class: 'error', role: 'alert' });
  const levelSelect = h(
    'select',
    { name: 'level' },
    m.level ? null : h('option', { value: '', selected: true }, '—'),
    ...levels.map((l) => h('option', { value: l, selected: l === m.level }, l)),
  );
  const form = h(
    'form',
    // novalidate: the server checks every field and answers in Chinese, whatever the browser's language
    { class: 'meta-form', novalidate: true, 'aria-label': `修改「${m.title}」的单位信息` },
    h(
      'label',
      {},
      '单位',
      h('input', { name: 'org', value: m.org ?? '', maxlength: 60, placeholder: '如：前进街道' }),
    ),
    h('label', {}, '层级', levelSelect),
    h('label', {}, '区县', h('input', { name: 'district', value: m.district ?? '', maxlength: 40 })),
    h('label', {}, '城市', h('input', { name: 'city', value: m.city ?? '', maxlength: 40 })),
    h(
      'label',
      {},
      '年度',
      h('input', { name: 'year', type: 'number', value: m.year ?? '', min: 1949, max: 2100 }),
    ),
    h(
      'span',
      { class: 'meta-buttons' },
      h('button', { type: 'submit' }, '保存'),
      h('button', { type: 'button', class: 'secondary', onclick: () => editRow.remove() }, '取消'),
    ),
    error,
  );
  const editRow = h('tr', { class: 'edit-row', 'data-edit-row': d.id }, h('td', { colspan: columns }, form));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const patch = changes(m, new FormData(form));
    if (!Object.keys(patch).length) return editRow.remove();
    const button = $<HTMLButtonElement>('button[type=submit]', form);
    button.disabled = true;
    try {
      const updated = await api<ReportRow>(`/api/documents/${encodeURIComponent(d.id)}`, {
        method: 'PATCH',
        json: patch,
      });
      editRow.remove();
      tr.replaceWith(row(updated));
    } catch (err) {
      error.textContent = `保存失败：${(err as Error).message}`;
    } finally {
      button.disabled = false;
    }
  });
  tr.after(editRow);
  $<HTMLInputElement>('input[name=org]', form).focus();
}

/** Only the fields that changed; an emptied district or city is cleared (null), the rest go as typed. */
function changes(m: Meta, data: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text = (k: string) => String(data.get(k) ?? '').trim();
  if (text('org') !== (m.org ?? '')) out.org = text('org');
  if (text('level') && text('level') !== m.level) out.level = text('level');
  for (const k of ['district', 'city'] as const) if (text(k) !== (m[k] ?? '')) out[k] = text(k) || null;
  if (text('year') !== String(m.year ?? ''))
    out.year = /^\d+$/.test(text('year')) ? Number(text('year')) : text('year');
  return out;
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
  title?: string;
  org?: string | null;
  year?: number | null;
  paragraphs?: number;
  warnings?: string[];
  metaUpdated?: boolean;
  error?: { message: string };
}

function upload(file: File) {
  const bar = h('progress', { max: 100, value: 0 });
  const msg = h('span', { class: 'upload-msg' }, '上传中……');
  const li = h('li', { class: 'upload' }, h('span', { class: 'upload-name' }, file.name), bar, msg);
  $('#uploads').appendChild(li);
  const form = new FormData();
  form.append('file', file, file.name);
  for (const [k, v] of new FormData($<HTMLFormElement>('#upload-meta')))
    if (typeof v === 'string' && v.trim()) form.append(k, v.trim());
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
    const what = {
      added: '已导入',
      replaced: '已更新',
      unchanged: r.metaUpdated ? '内容未变化，已更新单位信息' : '内容未变化',
    }[r.status as 'added' | 'replaced' | 'unchanged'];
    const name = reportName({ org: r.org ?? null, title: r.title ?? '', sourceName: r.name });
    msg.textContent = `${what}：${name} ${r.year ? `${r.year}年` : '年度不明'} · ${r.paragraphs ?? 0} 段`;
    for (const w of r.warnings ?? []) {
      li.classList.add('warn');
      li.appendChild(h('span', { class: 'upload-warning' }, `⚠ ${w}`));
    }
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
  $('#upload-meta').addEventListener('submit', (e) => e.preventDefault());
}

void refresh();
