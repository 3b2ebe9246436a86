// The chat page: filters, example questions from the library, the conversation (kept in localStorage), stop
// (button or Esc), a new-conversation button.
import { api } from './api.ts';
import { Conversation, bindComposer, composerBusy, libraryFacets } from './conversation.ts';
import { $, clear, h } from './dom.ts';

const list = $('#messages');
const filters = $<HTMLFormElement>('#filters');
const composer = $<HTMLFormElement>('#composer');
const input = composer.elements.namedItem('question') as HTMLTextAreaElement;
const stopButton = $<HTMLButtonElement>('#stop');
const hint = list.querySelector('.hint')!;

const conversation = new Conversation({
  list,
  layer: document.body,
  storage: localStorage,
  storageKey: 'fz.chat',
  hint,
  feedback: true,
  // On a phone the card is a sheet along the bottom of the screen: its actions never leave the view.
  cite: { sheet: () => innerWidth < 640 },
  onBusy: composerBusy(composer, stopButton),
  filters: () => {
    const f = new FormData(filters);
    const year = String(f.get('year') ?? '');
    return {
      org: String(f.get('org') ?? ''),
      section: String(f.get('section') ?? ''),
      ...(year ? { year: Number(year) } : {}),
    };
  },
});

libraryFacets().then(
  ({ orgs, years }) => {
    const org = filters.elements.namedItem('org') as HTMLSelectElement;
    const year = filters.elements.namedItem('year') as HTMLSelectElement;
    for (const o of orgs) org.appendChild(h('option', { value: o }, o));
    for (const y of years) year.appendChild(h('option', { value: y }, `${y}年度`));
  },
  () => undefined,
);

// Example questions made by the server from the library's own offices and years.
api<{ questions: string[] }>('/api/examples').then(
  ({ questions }) => {
    const examples = hint.querySelector('.examples')!;
    clear(examples);
    if (!questions.length)
      hint.querySelector('.hint-text')!.textContent =
        '报告库还是空的：请管理员在「报告库」上传往年报告后再提问。';
    for (const q of questions)
      examples.appendChild(
        h('li', {}, h('button', { type: 'button', class: 'example', 'data-question': q }, q)),
      );
    list.querySelector('.hint')?.replaceWith(hint.cloneNode(true));
  },
  () => undefined,
);

list.addEventListener('click', (e) => {
  const example = (e.target as Element).closest<HTMLButtonElement>('button.example');
  if (!example || conversation.busy) return;
  input.value = example.dataset.question ?? '';
  composer.requestSubmit();
});

bindComposer(composer, input, conversation, stopButton);
document.addEventListener('keydown', (e) => {
  // Esc: a citation card closes first (it marks the event handled), then a running answer stops.
  if (e.key === 'Escape' && !e.defaultPrevented && conversation.stop()) e.preventDefault();
});
$('#new-conversation').addEventListener('click', () => {
  conversation.reset();
  input.focus();
});
