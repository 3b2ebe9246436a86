// The embeddable widget: <script src=".../widget.js" data-api="..." data-token="挂件令牌"></script> adds a floating
// button and a chat panel, inside a shadow root so the host page's CSS and ours never meet. No framework needed on
// the host. Sources open inside the widget (its users cannot sign in to the assistant); Esc closes.
import { ApiError } from './api.ts';
import { type Citation, closeCard, quoted, sourceLabel } from './citations.ts';
import { Conversation, bindComposer, composerBusy } from './conversation.ts';
import { h } from './dom.ts';
import { WIDGET_CSS } from './widget-css.ts';

// Read while the script runs: afterwards currentScript is null.
const currentScript = document.currentScript as HTMLScriptElement | null;

/** Why a request from the widget failed, in words the host page's administrator can act on. */
async function explainFailure(e: unknown, base: string): Promise<string | null> {
  if (e instanceof ApiError) {
    if (e.status === 401)
      return '挂件没有获得授权：请管理员在嵌入代码的 data-token 中填写挂件令牌（助手 AUTH_TOKENS 中 widget:… 的令牌）。';
    return e.message;
  }
  if (!(e instanceof TypeError)) return null;
  // The browser hides why a cross-origin request failed. If the server answers a request that needs no CORS
  // approval, it is reachable: then it refused this page's origin.
  const reachable = await fetch(`${base}/healthz`, { mode: 'no-cors', cache: 'no-store' }).then(
    () => true,
    () => false,
  );
  if (reachable && new URL(base, location.href).origin !== location.origin)
    return `助手服务器拒绝了本页面的跨域请求：请管理员把本页面的来源 ${location.origin} 加入助手的 WIDGET_ORIGINS（多个来源用逗号分隔）后重启服务。`;
  return `无法连接助手服务器（${base}）：请检查网络，或嵌入代码中 data-api 的地址。`;
}

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
  const list = h('ol', { class: 'messages', 'aria-live': 'polite', 'aria-label': '对话' });
  const hint = h(
    'li',
    { class: 'hint' },
    '可以问往年法治政府建设报告里的内容，例如某街道某年的行政处罚、普法宣传、存在的不足或下一步工作。每句回答都标有出处，点编号查看原文。',
  );
  const input = h('textarea', {
    rows: 2,
    maxlength: 2000,
    placeholder: '输入问题，回车发送（Esc 关闭）',
    'aria-label': '问题',
  });
  const send = h('button', { type: 'submit' }, '提问');
  const stop = h('button', { type: 'button', class: 'stop', hidden: true }, '停止');
  const form = h('form', { class: 'composer' }, input, send, stop);
  const reset = h('button', { type: 'button', class: 'link' }, '新对话');
  const close = h('button', { type: 'button', class: 'link', 'aria-label': '关闭问答面板' }, '×');
  const reader = h('section', { class: 'reader', role: 'region', 'aria-label': '原文段落', hidden: true });
  const panel = h(
    'section',
    { class: 'panel', role: 'dialog', 'aria-label': title, hidden: true },
    h('header', {}, h('b', {}, title), h('span', { class: 'spacer' }), reset, close),
    list,
    form,
    reader,
  );
  const fab = h(
    'button',
    { type: 'button', class: 'fab', 'aria-label': `打开${title}`, 'aria-expanded': 'false' },
    '问',
  );
  root.append(panel, fab);
  document.body.appendChild(host);

  let readerReturn: HTMLElement | null = null;
  const closeReader = () => {
    reader.hidden = true;
    if (readerReturn?.isConnected) readerReturn.focus();
    else input.focus();
  };
  /** The cited paragraph in full, its supporting sentence highlighted, over the conversation. */
  const showSource = (c: Citation) => {
    readerReturn = list.querySelector<HTMLElement>('button.cite[aria-expanded=true]');
    closeCard();
    const back = h('button', { type: 'button', class: 'back', onclick: closeReader }, '← 返回对话');
    reader.replaceChildren(
      h('div', { class: 'reader-head' }, back),
      h('p', { class: 'reader-title' }, c.title),
      h('p', { class: 'cite-source' }, h('b', {}, `[${c.n}] `), sourceLabel(c)),
      quoted(c),
    );
    reader.hidden = false;
    back.focus();
  };

  const conversation = new Conversation({
    list,
    layer: panel,
    storage: sessionStorage,
    storageKey: 'fz.widget',
    base,
    token,
    newTab: true,
    hint,
    copyLinks: null,
    cite: { sheet: () => true, openSource: showSource },
    explainFailure: (e) => explainFailure(e, base),
    onBusy: composerBusy(form, stop),
  });
  const toggle = (open: boolean) => {
    panel.hidden = !open;
    fab.setAttribute('aria-expanded', String(open));
    if (open) input.focus();
    else fab.focus();
  };
  fab.addEventListener('click', () => toggle(panel.hidden));
  close.addEventListener('click', () => toggle(false));
  reset.addEventListener('click', () => conversation.reset());
  bindComposer(form, input, conversation, stop);
  // Esc, one thing at a time: the source card (citations.ts), the source paragraph, a running answer, the panel.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || panel.hidden) return;
    e.preventDefault();
    if (!reader.hidden) closeReader();
    else if (!conversation.stop()) toggle(false);
  });
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot);
