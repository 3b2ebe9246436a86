// The chat page: filters, the conversation (kept in localStorage), a new-conversation button.
import { Conversation, bindComposer, libraryFacets } from './conversation.ts';
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

bindComposer(composer, input, conversation);
$('#new-conversation').addEventListener('click', () => {
  conversation.reset();
  input.focus();
});
