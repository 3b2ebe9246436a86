// The pages: chat (/), drafting (/draft), the library (/documents, /documents/:id), the audit console (/audit),
// sign-in, and the widget demo. Server-rendered shells; the page scripts under /assets/ do the rest.
import { Hono } from 'hono';
import { html } from 'hono/html';
import { type TokenBook, ROLE_LABELS, atLeast } from '../auth/roles.ts';
import { OFFICE_LEVELS, SECTION_KINDS, SECTION_LABELS } from '../domain.ts';
import { reportName } from '../citation.ts';
import type { Corpus } from '../library/corpus.ts';
import type { AuthEnv } from '../http/auth.ts';
import { safeNext } from '../http/routes/session.ts';
import { page } from './layout.ts';

const sectionOptions = html`${SECTION_KINDS.filter((k) => k !== 'other').map((k) => html`<option value="${k}">${SECTION_LABELS[k]}</option>`)}`;

export function pageRoutes(deps: { lib: Corpus; tokens: TokenBook }) {
  const open = deps.tokens.size === 0;
  const app = new Hono<AuthEnv>();

  app.get('/', (c) =>
    c.html(
      page(
        { title: '问答', nav: 'chat', role: c.get('role'), script: 'chat', openMode: open },
        html`<section class="chat" id="chat">
          <form class="filters" id="filters" aria-label="检索范围">
            <label
              >街道
              <select name="org">
                <option value="">全部</option>
              </select></label
            >
            <label
              >年度
              <select name="year">
                <option value="">全部</option>
              </select></label
            >
            <label
              >部分
              <select name="section">
                <option value="">全部</option>
                ${sectionOptions}
              </select></label
            >
            <button type="button" id="new-conversation" class="secondary">新对话</button>
          </form>
          <ol class="messages" id="messages" aria-live="polite" aria-label="对话">
            <li class="hint">
              <p class="hint-text">可以点下面的问题试试，或直接输入：</p>
              <ul class="examples"></ul>
            </li>
          </ol>
          <form class="composer" id="composer">
            <textarea
              name="question"
              rows="2"
              maxlength="2000"
              placeholder="输入问题，回车发送（Shift+回车换行，Esc 停止）"
              aria-label="问题"
              required
            ></textarea>
            <button type="submit">提问</button>
            <button type="button" id="stop" class="stop" hidden>停止</button>
          </form>
        </section>`,
      ),
    ),
  );

  app.get('/draft', (c) =>
    c.html(
      page(
        { title: '起草', nav: 'draft', role: c.get('role'), script: 'draft', openMode: open },
        html`<section class="draft-page">
          <form class="draft-form" id="draft-form">
            <label
              >部分
              <select name="section">
                <option value="shortcomings">存在的不足</option>
                <option value="next_steps">下一步工作</option>
              </select></label
            >
            <label
              >街道
              <input name="org" list="org-list" required maxlength="30" placeholder="如：金桥街" /><datalist
                id="org-list"
              ></datalist
            ></label>
            <label>报告年度 <input name="year" type="number" min="2000" max="2100" required /></label>
            <label>要点数 <input name="points" type="number" min="2" max="8" placeholder="默认 3–5" /></label>
            <label>侧重 <input name="focus" maxlength="50" placeholder="可选，如：执法规范化" /></label>
            <label class="wide" id="shortcomings-field" hidden
              >要回应的不足（可选）<textarea
                name="shortcomings"
                rows="3"
                maxlength="10000"
                placeholder="一是……二是……；留空则用本街最近一份报告的不足"
              ></textarea>
            </label>
            <button type="submit">起草</button>
          </form>
          <section class="draft-history" aria-labelledby="draft-history-title">
            <h3 id="draft-history-title">草稿记录</h3>
            <ol id="draft-history">
              <li class="empty">正在读取……</li>
            </ol>
          </section>
          <div class="draft-output" id="draft-output" hidden>
            <div class="draft-toolbar">
              <h2 id="draft-title"></h2>
              <span class="spacer"></span>
              <span class="autosave-status" id="autosave-status" role="status" aria-live="polite"></span>
              <button type="button" id="copy-draft" class="secondary">复制正文</button>
              <button type="button" id="export-docx">导出 Word</button>
              <button type="button" id="export-md" class="secondary">导出 Markdown</button>
            </div>
            <ul class="warnings" id="draft-warnings"></ul>
            <ol class="draft-points" id="draft-points"></ol>
          </div>
        </section>`,
      ),
    ),
  );

  app.get('/documents', (c) => {
    const role = c.get('role');
    const admin = !!role && atLeast(role, 'admin');
    return c.html(
      page(
        { title: '报告库', nav: 'documents', role, script: 'documents', openMode: open },
        html`<section class="documents-page">
          ${
            admin
              ? html`<form class="upload-meta" id="upload-meta" aria-label="随文件提交的单位信息">
                    <p class="upload-meta-hint">
                      可选：填写后用于本次上传的每个文件（覆盖从报告中识别出的内容）；不填则自动识别。
                    </p>
                    <label>单位 <input name="org" maxlength="60" placeholder="如：汜水镇" /></label>
                    <label
                      >层级
                      <select name="level">
                        <option value="">自动识别</option>
                        ${OFFICE_LEVELS.map((l) => html`<option value="${l}">${l}</option>`)}
                      </select></label
                    >
                    <label>区县 <input name="district" maxlength="40" placeholder="如：荥阳市" /></label>
                    <label
                      >年度 <input name="year" type="number" min="1949" max="2100" placeholder="如：2023"
                    /></label>
                  </form>
                  <div class="dropzone" id="dropzone" tabindex="0" role="button" aria-label="上传报告">
                    <p>
                      把 .txt / .md / .docx / .pdf 报告拖到这里，或
                      <label class="link"
                        >选择文件<input
                          type="file"
                          id="file-input"
                          multiple
                          accept=".txt,.md,.docx,.pdf"
                          hidden /></label
                      >（每个不超过 10 MB）
                    </p>
                    <ul class="uploads" id="uploads"></ul>
                  </div>`
              : ''
          }
          <table class="reports" id="reports" data-levels="${OFFICE_LEVELS.join(',')}">
            <thead>
              <tr>
                <th>单位</th>
                <th class="col-level">层级</th>
                <th class="col-district">区县</th>
                <th>年度</th>
                <th class="col-source">单位来源</th>
                <th>标题</th>
                <th class="secs">各部分</th>
                <th class="col-count">段落</th>
                ${admin ? html`<th></th>` : ''}
              </tr>
            </thead>
            <tbody></tbody>
          </table>
        </section>`,
      ),
    );
  });

  app.get('/documents/:id', async (c) => {
    const report = await deps.lib.store.getReport(c.req.param('id'));
    if (!report)
      return c.html(
        page(
          { title: '没有这份报告', nav: 'documents', role: c.get('role'), openMode: open },
          html`<p class="empty">没有找到这份报告，可能已被删除。<a href="/documents">返回报告库</a></p>`,
        ),
        404,
      );
    let lastPath = '';
    const blocks = report.paragraphs.map((p) => {
      const path = p.sectionPath.join(' › ');
      const heading =
        path !== lastPath && p.sectionPath.length
          ? html`<h3 class="section-heading">
              <span class="badge ${p.section}">${SECTION_LABELS[p.section]}</span>${p.sectionPath.at(-1)}
            </h3>`
          : '';
      lastPath = path;
      return html`${heading}
        <p class="para" id="p-${p.id}" data-paragraph="${p.id}">${p.text}</p>`;
    });
    const m = report.meta;
    return c.html(
      page(
        { title: m.title, nav: 'documents', role: c.get('role'), script: 'document', openMode: open },
        html`<article class="report" id="report" data-document="${report.id}">
          <p class="crumbs"><a href="/documents">报告库</a> › ${reportName(report)} ${m.year ?? ''}</p>
          <h2>${m.title}</h2>
          <p class="meta">
            ${m.org ?? '报告未署名'}${m.district ? ` · ${m.district}` : ''} ·
            ${m.year ? `${m.year}年度` : '年度不明'} · ${report.paragraphCount} 段 · 来源文件
            ${report.sourceName}
          </p>
          ${blocks}
        </article>`,
      ),
    );
  });

  app.get('/audit', (c) =>
    c.html(
      page(
        { title: '审核台', nav: 'audit', role: c.get('role'), script: 'audit', openMode: open },
        html`<section class="audit">
          <form class="audit-filters" id="audit-filters">
            <input name="q" placeholder="搜索问题或答案" aria-label="搜索" />
            <select name="verdict" aria-label="审核结论">
              <option value="">全部结论</option>
              <option value="unreviewed">未审核</option>
              <option value="correct">正确</option>
              <option value="incorrect">错误</option>
              <option value="needs_fix">需修改</option>
            </select>
            <select name="mode" aria-label="回答方式">
              <option value="">全部方式</option>
              <option value="extractive">离线摘录</option>
              <option value="llm">大模型</option>
            </select>
            <select name="feedback" aria-label="提问人反馈">
              <option value="">全部反馈</option>
              <option value="down">👎 提问人不满意</option>
              <option value="up">👍 提问人满意</option>
            </select>
            <label><input type="checkbox" name="failed" value="1" /> 只看核验未通过</label>
          </form>
          <p class="audit-status">
            <span id="audit-count" role="status">正在读取……</span
            ><span class="keys">快捷键：j / k 上下条 · 1 正确 · 2 需修改 · 3 错误 · n 下一条未审核</span>
          </p>
          <div class="audit-body">
            <ol class="trace-list" id="trace-list"></ol>
            <div class="trace-detail" id="trace-detail"><p class="empty">选择左侧一条记录查看详情。</p></div>
          </div>
        </section>`,
      ),
    ),
  );

  app.get('/login', (c) => {
    const next = safeNext(c.req.query('next'));
    const failed = c.req.query('failed');
    return c.html(
      page(
        { title: '登录', nav: 'none', role: null },
        html`<form class="login" method="post" action="/login">
          <h2>登录</h2>
          <p>请输入管理员发给您的访问令牌（工作人员、审核人员或管理员）。</p>
          ${failed === 'widget' ? html`<p class="error" role="alert">这是挂件令牌，只能在挂件中提问，不能登录网页；请使用工作人员、审核人员或管理员令牌。</p>` : failed ? html`<p class="error" role="alert">令牌不正确，请重新输入。</p>` : ''}
          <input type="hidden" name="next" value="${next}" />
          <label
            >访问令牌 <input type="password" name="token" autocomplete="current-password" required autofocus
          /></label>
          <button type="submit">登录</button>
        </form>`,
      ),
    );
  });

  app.get('/widget-demo', (c) =>
    c.html(
      html`<!doctype html>
        <html lang="zh-CN">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>挂件示例 · 某区政务内网</title>
            <link rel="stylesheet" href="/assets/demo-host.css" />
          </head>
          <body>
            <header class="host-header">某区人民政府 · 政务内网</header>
            <main class="host-main">
              <h1>通知公告</h1>
              <p>
                这是一个模拟的内网页面，用来展示问答挂件：页面右下角的按钮打开问答面板。挂件用 Shadow DOM
                隔离样式，宿主页面的样式（比如这里把所有按钮和段落都染成了红色）不会影响它，它也不会影响宿主页面。
              </p>
              <p><button type="button">宿主页面自己的按钮</button></p>
              <p>
                嵌入到其他内网页面时，用管理员配置的挂件令牌（AUTH_TOKENS 中的
                widget:…，只能提问），并把该页面的来源加入 WIDGET_ORIGINS：
              </p>
              <pre class="snippet">
&lt;script src="${new URL(c.req.url).origin}/widget.js" data-api="${new URL(c.req.url).origin}" data-token="挂件令牌"&gt;&lt;/script&gt;</pre>
            </main>
            <script
              src="/widget.js"
              data-api="${new URL(c.req.url).origin}"
              data-title="法治报告助手"
            ></script>
          </body>
        </html>`,
    ),
  );

  app.get('/api/me', (c) => {
    const role = c.get('role');
    return c.json({ role, label: role ? ROLE_LABELS[role] : null, openMode: open });
  });

  return app;
}
