// The page shell every page shares: header with navigation by role, the stylesheet, one page script.
// Everything interpolated goes through hono/html's escaping; nothing from reports is ever raw.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type Role, ROLE_LABELS, atLeast } from '../auth/roles.ts';

export interface PageOptions {
  title: string;
  /** Which nav item is current. */
  nav: 'chat' | 'draft' | 'documents' | 'audit' | 'none';
  role: Role | null;
  /** Bundle name under /assets/ (chat, draft, documents, document, audit). */
  script?: string;
  /** Shown when the server runs without tokens (loopback only). */
  openMode?: boolean;
}

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

export function page(opts: PageOptions, body: Body) {
  const item = (key: PageOptions['nav'], href: string, label: string) =>
    html`<a
      href="${href}"
      class="${opts.nav === key ? 'current' : ''}"
      ${opts.nav === key ? html`aria-current="page"` : ''}
      >${label}</a
    >`;
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} · 法治报告助手</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="icon" href="data:," />
      </head>
      <body data-role="${opts.role ?? ''}">
        <header class="topbar">
          <a class="brand" href="/">法治报告助手</a>
          <nav>
            ${item('chat', '/', '问答')} ${item('draft', '/draft', '起草')}
            ${item('documents', '/documents', '报告库')}
            ${opts.role && atLeast(opts.role, 'supervisor') ? item('audit', '/audit', '审核台') : ''}
          </nav>
          <span class="who"
            ><span class="role-label"
              >${opts.role ? ROLE_LABELS[opts.role] : ''}${opts.openMode ? '（本机模式）' : opts.role ? ' · ' : ''}</span
            >${!opts.openMode && opts.role ? html`<a href="/logout" class="logout">退出</a>` : ''}</span
          >
        </header>
        <main>${body}</main>
        ${opts.script ? html`<script type="module" src="/assets/${opts.script}.js"></script>` : ''}
      </body>
    </html>`;
}
