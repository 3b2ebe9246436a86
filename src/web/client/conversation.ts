// One conversation with the assistant, shared by the chat page and the widget: streamed answers with citation
// superscripts, refusals shown differently, and the conversation kept across reloads.
import { api, type ApiOptions, postStream } from './api.ts';
import { type Citation, renderWithCitations } from './citations.ts';
import { append, clear, h } from './dom.ts';

/** The longest answer drawn (and kept across reloads); anything past it is counted, not rendered. */
export const MAX_SHOWN = 20_000;

export const shown = (text: string) =>
  text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}……（回答过长，其余 ${text.length - MAX_SHOWN} 字未显示）` : text;

export interface Turn {
  question: string;
  answer: string;
  answerable: boolean;
  citations: Citation[];
  notes: string[];
  failed?: boolean;
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
}

export class Conversation {
  private state: Saved;

  constructor(private readonly o: ConversationOptions) {
    this.state = this.load();
    this.renderAll();
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
    this.state = { turns: [] };
    this.save();
    this.renderAll();
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

  private fill(li: HTMLElement, t: Turn) {
    clear(li);
    li.className = `msg assistant${t.failed ? ' error' : t.answerable ? '' : ' refused'}`;
    if (!t.answerable && !t.failed) li.appendChild(h('span', { class: 'tag' }, '未找到'));
    li.appendChild(h('p', { class: 'answer' }, renderWithCitations(shown(t.answer), t.citations, { base: this.o.base ?? '', layer: this.o.layer, newTab: this.o.newTab })));
    for (const n of t.notes) li.appendChild(h('p', { class: 'note' }, n));
  }

  async ask(question: string): Promise<void> {
    this.o.list.querySelector('.hint')?.remove();
    const userLi = h('li', { class: 'msg user' }, question);
    const li = h('li', { class: 'msg assistant pending' }, h('p', { class: 'answer' }, '正在检索报告……'));
    append(this.o.list, userLi, li);
    li.scrollIntoView({ block: 'end' });
    const filters = Object.fromEntries(Object.entries(this.o.filters?.() ?? {}).filter(([, v]) => v !== '' && v !== undefined));
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
    try {
      await postStream(
        '/api/ask',
        { question, ...(this.state.conversationId ? { conversationId: this.state.conversationId } : {}), ...(Object.keys(filters).length ? { filters } : {}) },
        (event, data) => {
          if (event === 'citations') citations = data as Citation[];
          else if (event === 'delta') {
            text += (data as { text: string }).text;
            frame ||= requestAnimationFrame(paint);
          } else if (event === 'done') {
            const d = data as { answerable: boolean; conversationId: string; verification: { yearNotes?: string[]; ok: boolean } };
            this.state.conversationId = d.conversationId;
            Object.assign(turn, { answer: shown(text), answerable: d.answerable, citations, notes: d.verification.yearNotes ?? [] });
          }
        },
        this.o,
      );
      if (!turn.answer) throw new Error('回答没有完整返回，请重试');
    } catch (e) {
      Object.assign(turn, { answer: `出错了：${(e as Error).message}`, answerable: false, failed: true });
    }
    cancelAnimationFrame(frame);
    this.fill(li, turn);
    if (!turn.failed) {
      this.state.turns.push(turn);
      this.save();
    }
    li.scrollIntoView({ block: 'end' });
  }
}

/**
 * Sends the composer's question on submit or Enter (Shift+Enter for a new line, not while an IME is composing),
 * one question at a time, marking the form busy meanwhile.
 */
export function bindComposer(form: HTMLFormElement, input: HTMLTextAreaElement, conversation: Conversation): void {
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  let busy = false;
  const send = async () => {
    const q = input.value.trim();
    if (!q || busy) return;
    busy = true;
    form.classList.add('busy');
    if (button) button.disabled = true;
    input.value = '';
    await conversation.ask(q);
    busy = false;
    form.classList.remove('busy');
    if (button) button.disabled = false;
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
}

export async function libraryFacets(opts: ApiOptions = {}) {
  const { documents } = await api<{ documents: { meta: { org: string | null; year: number | null } }[] }>('/api/documents', {}, opts);
  const orgs = [...new Set(documents.map((d) => d.meta.org).filter((o): o is string => !!o))].sort();
  const years = [...new Set(documents.map((d) => d.meta.year).filter((y): y is number => !!y))].sort((a, b) => b - a);
  return { orgs, years };
}
