// One conversation with the assistant, shared by the chat page and the widget: streamed answers drawn with their
// structure and citation markers, refusals shown differently, stop, regenerate, copy, 👍/👎, kept across reloads.
import { api, type ApiOptions, postStream } from './api.ts';
import { answerForCopy, renderAnswer } from './answer-view.ts';
import { type Citation, type CiteOptions } from './citations.ts';
import { append, clear, h } from './dom.ts';

/** The longest answer drawn (and kept across reloads); anything past it is counted, not rendered. */
export const MAX_SHOWN = 20_000;

export const shown = (text: string) =>
  text.length > MAX_SHOWN
    ? `${text.slice(0, MAX_SHOWN)}……（回答过长，其余 ${text.length - MAX_SHOWN} 字未显示）`
    : text;

export interface Turn {
  question: string;
  answer: string;
  answerable: boolean;
  citations: Citation[];
  notes: string[];
  failed?: boolean;
  /** Stopped by the asker before the answer was complete. */
  stopped?: boolean;
  traceId?: string;
  /** The question as the assistant understood it (a follow-up made whole): what 「重新回答」 asks again. */
  resolvedQuestion?: string;
  feedback?: 'up' | 'down';
}

interface Saved {
  conversationId?: string;
  turns: Turn[];
}

export interface ConversationOptions extends ApiOptions {
  list: HTMLElement;
  layer: HTMLElement;
  storage: Storage;
  storageKey: string;
  filters?: () => Record<string, string | number>;
  newTab?: boolean;
  hint?: Node;
  /** 👍/👎 under each answer (the chat page; a widget token may only ask). */
  feedback?: boolean;
  /** Links in copied sources: the assistant's address, or null for none (the widget). Default: this page. */
  copyLinks?: string | null;
  /** Card options beyond base/layer (the widget shows the source itself; phones get a sheet). */
  cite?: Pick<CiteOptions, 'openSource' | 'sheet'>;
  /** Turns a failed request into the message shown (the widget explains CORS and its token). */
  explainFailure?: (e: unknown) => Promise<string | null>;
  /** Called when a question starts and when its answer is complete (the composer's busy state). */
  onBusy?: (busy: boolean) => void;
}

export class Conversation {
  private state: Saved;
  private running: AbortController | null = null;
  /** Counts resets: an answer that arrives after 「新对话」 belongs to no conversation. */
  private generation = 0;

  constructor(private readonly o: ConversationOptions) {
    this.state = this.load();
    this.renderAll();
  }

  get busy(): boolean {
    return this.running !== null;
  }

  private load(): Saved {
    try {
      const s = JSON.parse(this.o.storage.getItem(this.o.storageKey) ?? '') as Saved;
      if (Array.isArray(s.turns)) return s;
    } catch {
      /* nothing saved */
    }
    return { turns: [] };
  }

  /** Keeps the conversation across reloads; when storage is full the oldest turns go first. */
  private save() {
    for (;;) {
      try {
        this.o.storage.setItem(this.o.storageKey, JSON.stringify(this.state));
        return;
      } catch {
        if (!this.state.turns.length) return;
        this.state.turns.shift();
      }
    }
  }

  reset() {
    this.stop();
    this.generation++;
    this.state = { turns: [] };
    this.save();
    this.renderAll();
  }

  /** Stops the answer being received (the server stops working on it too). */
  stop(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  private renderAll() {
    clear(this.o.list);
    if (!this.state.turns.length && this.o.hint) this.o.list.appendChild(this.o.hint.cloneNode(true));
    for (const t of this.state.turns) {
      this.o.list.appendChild(h('li', { class: 'msg user' }, t.question));
      const li = h('li', { class: 'msg assistant' });
      this.fill(li, t);
      this.o.list.appendChild(li);
    }
  }

  private citeOptions(): CiteOptions {
    return { base: this.o.base ?? '', layer: this.o.layer, newTab: this.o.newTab, ...this.o.cite };
  }

  private fill(li: HTMLElement, t: Turn) {
    clear(li);
    li.className = `msg assistant${t.failed ? ' error' : t.answerable ? '' : ' refused'}`;
    if (!t.answerable && !t.failed) li.appendChild(h('span', { class: 'tag' }, '未找到'));
    li.appendChild(
      h(
        'div',
        { class: 'answer' },
        t.failed
          ? h('p', { class: 'answer-block' }, t.answer)
          : renderAnswer(shown(t.answer), t.citations, this.citeOptions()),
      ),
    );
    if (t.stopped) li.appendChild(h('p', { class: 'note' }, '已停止：回答没有收完。可点「重新回答」。'));
    for (const n of t.notes) li.appendChild(h('p', { class: 'note' }, n));
    if (!t.failed || this.isLast(t)) li.appendChild(this.actions(li, t));
  }

  private isLast(t: Turn) {
    return this.state.turns.at(-1) === t;
  }

  /** Copy, regenerate (the last answer), 👍/👎 — always visible under the answer. */
  private actions(li: HTMLElement, t: Turn): HTMLElement {
    const status = h('span', { class: 'msg-status', role: 'status' });
    const bar = h('div', { class: 'msg-actions' });
    if (!t.failed) {
      bar.appendChild(
        h(
          'button',
          {
            type: 'button',
            class: 'action',
            'data-action': 'copy',
            onclick: async () => {
              const text = answerForCopy(
                t.answer,
                t.citations,
                this.o.copyLinks === undefined ? '' : this.o.copyLinks,
              );
              const n = t.citations.filter((c) => t.answer.includes(`[${c.n}]`)).length;
              status.textContent = (await copyText(text))
                ? `已复制${n ? `（含 ${n} 条出处）` : ''}`
                : '复制失败：请手动选择文字复制';
            },
          },
          '复制',
        ),
      );
    }
    if (this.isLast(t))
      bar.appendChild(
        h(
          'button',
          {
            type: 'button',
            class: 'action',
            'data-action': 'regenerate',
            onclick: () => void this.regenerate(),
          },
          '重新回答',
        ),
      );
    if (this.o.feedback && t.traceId && !t.failed) {
      const rate = async (rating: 'up' | 'down', reason?: string) => {
        try {
          await api(
            `/api/traces/${encodeURIComponent(t.traceId!)}/feedback`,
            { method: 'POST', json: { rating, ...(reason ? { reason } : {}) } },
            this.o,
          );
          t.feedback = rating;
          this.save();
          up.setAttribute('aria-pressed', String(rating === 'up'));
          down.setAttribute('aria-pressed', String(rating === 'down'));
          status.textContent = rating === 'up' ? '谢谢反馈' : '已反馈给审核人员，谢谢';
          return true;
        } catch (e) {
          status.textContent = `反馈没有提交：${(e as Error).message}`;
          return false;
        }
      };
      const up = h(
        'button',
        {
          type: 'button',
          class: 'action rate',
          'data-action': 'up',
          'aria-label': '回答有帮助',
          'aria-pressed': String(t.feedback === 'up'),
          title: '有帮助',
          onclick: () => void rate('up'),
        },
        thumb(false),
        ' 有帮助',
      );
      const down = h(
        'button',
        {
          type: 'button',
          class: 'action rate',
          'data-action': 'down',
          'aria-label': '回答有问题',
          'aria-pressed': String(t.feedback === 'down'),
          title: '有问题',
          onclick: () => {
            if (li.querySelector('.flag-form')) return;
            const reason = h('textarea', {
              name: 'reason',
              rows: 2,
              maxlength: 1000,
              placeholder: '哪里不对？（可选，如：数字与原文不符、答非所问）',
              'aria-label': '问题原因（可选）',
            });
            const form = h(
              'form',
              { class: 'flag-form' },
              reason,
              h(
                'div',
                { class: 'flag-buttons' },
                h('button', { type: 'submit' }, '提交反馈'),
                h('button', { type: 'button', class: 'secondary', onclick: () => form.remove() }, '取消'),
              ),
            );
            form.addEventListener('submit', async (e) => {
              e.preventDefault();
              if (await rate('down', reason.value.trim())) form.remove();
            });
            form.addEventListener('keydown', (e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                form.remove();
                down.focus();
              }
            });
            li.appendChild(form);
            reason.focus();
          },
        },
        thumb(true),
        ' 有问题',
      );
      append(bar, up, down);
    }
    bar.appendChild(status);
    return bar;
  }

  /** Asks the last question again, in place of its answer. */
  async regenerate(): Promise<void> {
    const last = this.state.turns.at(-1);
    if (!last || this.running) return;
    this.state.turns.pop();
    this.save();
    // The last two items are that turn's question and answer.
    this.o.list.lastElementChild?.remove();
    this.o.list.lastElementChild?.remove();
    await this.ask(last.question, last.resolvedQuestion);
  }

  /** Asks a question; `asked` is what is sent when it differs from what is shown (regenerate sends the whole question). */
  async ask(question: string, asked = question): Promise<void> {
    if (this.running) return;
    this.o.list.querySelector('.hint')?.remove();
    const userLi = h('li', { class: 'msg user' }, question);
    const li = h(
      'li',
      { class: 'msg assistant pending' },
      h('div', { class: 'answer streaming' }, '正在检索报告……'),
    );
    append(this.o.list, userLi, li);
    li.scrollIntoView({ block: 'end' });
    const filters = Object.fromEntries(
      Object.entries(this.o.filters?.() ?? {}).filter(([, v]) => v !== '' && v !== undefined),
    );
    let text = '';
    let citations: Citation[] = [];
    const answerEl = li.querySelector('.answer') as HTMLElement;
    const turn: Turn = { question, answer: '', answerable: true, citations: [], notes: [] };
    // Deltas are drawn at most once a frame, as plain text: a long answer costs one paint per frame, not one per delta.
    let frame = 0;
    const paint = () => {
      frame = 0;
      answerEl.textContent = shown(text);
    };
    const running = new AbortController();
    const generation = this.generation;
    this.running = running;
    this.o.onBusy?.(true);
    try {
      await postStream(
        '/api/ask',
        {
          question: asked,
          ...(this.state.conversationId ? { conversationId: this.state.conversationId } : {}),
          ...(Object.keys(filters).length ? { filters } : {}),
        },
        (event, data) => {
          if (event === 'citations') citations = data as Citation[];
          else if (event === 'delta') {
            text += (data as { text: string }).text;
            frame ||= requestAnimationFrame(paint);
          } else if (event === 'done') {
            const d = data as {
              answerable: boolean;
              conversationId: string;
              traceId: string;
              resolvedQuestion: string;
              verification: { yearNotes?: string[]; ok: boolean };
            };
            this.state.conversationId = d.conversationId;
            Object.assign(turn, {
              answer: shown(text),
              answerable: d.answerable,
              citations,
              notes: d.verification.yearNotes ?? [],
              traceId: d.traceId,
              resolvedQuestion: d.resolvedQuestion,
            });
          }
        },
        { ...this.o, signal: running.signal },
      );
      if (!turn.answer) throw new Error('回答没有完整返回，请重试');
    } catch (e) {
      if (running.signal.aborted)
        Object.assign(turn, { answer: shown(text) || '（已停止，没有收到回答）', citations, stopped: true });
      else
        Object.assign(turn, {
          answer: `出错了：${(await this.o.explainFailure?.(e).catch(() => null)) ?? (e as Error).message}`,
          answerable: false,
          failed: true,
        });
    }
    cancelAnimationFrame(frame);
    this.running = null;
    if (generation !== this.generation) {
      this.o.onBusy?.(false);
      return;
    }
    this.state.turns.push(turn);
    this.save();
    this.fill(li, turn);
    // The answer before this one loses its 「重新回答」.
    this.o.list
      .querySelectorAll('.msg.assistant')
      .forEach((el) => el !== li && el.querySelector('[data-action=regenerate]')?.remove());
    this.o.onBusy?.(false);
    li.scrollIntoView({ block: 'end' });
  }
}

/** 👍 / 👎 drawn, not typed: a machine without an emoji font would show empty boxes. */
function thumb(down: boolean): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', down ? 'icon down' : 'icon');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute(
    'd',
    'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z',
  );
  svg.appendChild(path);
  return svg;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (an http page that is not localhost): the old way.
    const area = h('textarea', { 'aria-hidden': 'true' });
    area.style.position = 'fixed';
    area.style.opacity = '0';
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/**
 * Sends the composer's question on submit or Enter (Shift+Enter for a new line, not while an IME is composing),
 * one question at a time; while an answer comes, the stop button (or Esc) stops it.
 */
export function bindComposer(
  form: HTMLFormElement,
  input: HTMLTextAreaElement,
  conversation: Conversation,
  stopButton?: HTMLButtonElement,
): void {
  const send = async () => {
    const q = input.value.trim();
    if (!q || conversation.busy) return;
    input.value = '';
    await conversation.ask(q);
    input.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void send();
    }
  });
  stopButton?.addEventListener('click', () => {
    conversation.stop();
    input.focus();
  });
}

/** The composer's look while an answer comes: busy class, send disabled, stop shown. */
export function composerBusy(form: HTMLFormElement, stopButton?: HTMLButtonElement) {
  const send = form.querySelector<HTMLButtonElement>('button[type=submit]');
  return (busy: boolean) => {
    form.classList.toggle('busy', busy);
    if (send) send.hidden = busy;
    if (stopButton) stopButton.hidden = !busy;
  };
}

export async function libraryFacets(opts: ApiOptions = {}) {
  const { documents } = await api<{ documents: { meta: { org: string | null; year: number | null } }[] }>(
    '/api/documents',
    {},
    opts,
  );
  const orgs = [...new Set(documents.map((d) => d.meta.org).filter((o): o is string => !!o))].sort();
  const years = [...new Set(documents.map((d) => d.meta.year).filter((y): y is number => !!y))].sort(
    (a, b) => b - a,
  );
  return { orgs, years };
}
