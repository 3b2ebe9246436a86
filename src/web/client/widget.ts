// The embeddable widget: <script src=".../widget.js" data-api="..."></script> adds a floating button and a chat
// panel, inside a shadow root so the host page's CSS and ours never meet. No framework needed on the host.
import { Conversation, bindComposer } from './conversation.ts';
import { h } from './dom.ts';
import { WIDGET_CSS } from './widget-css.ts';

// Read while the script runs: afterwards currentScript is null.
const currentScript = document.currentScript as HTMLScriptElement | null;

function boot() {
  const script = currentScript;
  const src = script?.src ? new URL(script.src, location.href) : new URL(location.href);
  const base = (script?.dataset.api ?? src.origin).replace(/\/+$/, '');
  const token = script?.dataset.token || undefined;
  const title = script?.dataset.title || '法治报告助手';

  const host = h('div', { id: 'fazhi-widget' });
  host.style.all = 'initial';
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.appendChild(h('style', {}, WIDGET_CSS));
  }
  const list = h('ol', { class: 'messages', 'aria-live': 'polite' });
  const hint = h('li', { class: 'hint' }, '请问关于往年法治政府建设报告的问题，例如「大港街2023年公开了多少条行政处罚？」');
  const input = h('textarea', { rows: 2, maxlength: 2000, placeholder: '输入问题，回车发送', 'aria-label': '问题' });
  const send = h('button', { type: 'submit' }, '提问');
  const form = h('form', { class: 'composer' }, input, send);
  const reset = h('button', { type: 'button', class: 'link', 'aria-label': '新对话' }, '新对话');
  const close = h('button', { type: 'button', class: 'link', 'aria-label': '关闭' }, '×');
  const panel = h('section', { class: 'panel', role: 'dialog', 'aria-label': title, hidden: true }, h('header', {}, h('b', {}, title), h('span', { class: 'spacer' }), reset, close), list, form);
  const fab = h('button', { type: 'button', class: 'fab', 'aria-label': `打开${title}` }, '问');
  const layer = h('div', { class: 'layer' });
  root.append(panel, fab, layer);
  document.body.appendChild(host);

  const conversation = new Conversation({ list, layer: panel, storage: sessionStorage, storageKey: 'fz.widget', base, token, newTab: true, hint });
  const toggle = (open: boolean) => {
    panel.hidden = !open;
    fab.setAttribute('aria-expanded', String(open));
    if (open) input.focus();
  };
  fab.addEventListener('click', () => toggle(panel.hidden));
  close.addEventListener('click', () => toggle(false));
  reset.addEventListener('click', () => conversation.reset());
  bindComposer(form, input, conversation);
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot);
