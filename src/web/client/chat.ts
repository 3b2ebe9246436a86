// The chat page: filters, the conversation (kept in localStorage), a new-conversation button.
import { Conversation, libraryFacets } from './conversation.ts';
import { $, h } from './dom.ts';

const list = $('#messages');
const filters = $<HTMLFormElement>('#filters');
const composer = $<HTMLFormElement>('#composer');
const input = composer.elements.namedItem('question') as HTMLTextAreaElement;
const hint = list.querySelector('.hint')!;

const conversation = new Conversation({
  list,
  layer: document.body,
  storage: localStorage,
  storageKey: 'fz.chat',
  hint,
  filters: () => {
    const f = new FormData(filters);
    const year = String(f.get('year') ?? '');
    return { org: String(f.get('org') ?? ''), section: String(f.get('section') ?? ''), ...(year ? { year: Number(year) } : {}) };
  },
});

libraryFacets().then(({ orgs, years }) => {
  const org = filters.elements.namedItem('org') as HTMLSelectElement;
  const year = filters.elements.namedItem('year') as HTMLSelectElement;
  for (const o of orgs) org.appendChild(h('option', { value: o }, o));
  for (const y of years) year.appendChild(h('option', { value: y }, `${y}年度`));
}, () => undefined);

let busy = false;
async function send() {
  const q = input.value.trim();
  if (!q || busy) return;
  busy = true;
  composer.classList.add('busy');
  input.value = '';
  await conversation.ask(q);
  busy = false;
  composer.classList.remove('busy');
  input.focus();
}

composer.addEventListener('submit', (e) => {
  e.preventDefault();
  void send();
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void send();
  }
});
$('#new-conversation').addEventListener('click', () => {
  conversation.reset();
  input.focus();
});
