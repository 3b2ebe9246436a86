// An answer drawn with its structure: a paragraph per line the answer wrote, 「一是……二是……」 points as a list
// under their lead-in, Markdown lists and tables kept; markers inline (see renderWithCitations).
import { answerBlocks } from '../../answer/blocks.ts';
import {
  type Citation,
  type CiteOptions,
  renderWithCitations,
  sourceHref,
  sourceLabel,
} from './citations.ts';
import { h } from './dom.ts';

export function renderAnswer(text: string, citations: Citation[], opts: CiteOptions): DocumentFragment {
  const frag = document.createDocumentFragment();
  const inline = (s: string) => renderWithCitations(s.replace(/\*\*(.+?)\*\*/g, '$1'), citations, opts);
  for (const b of answerBlocks(text)) {
    if (b.kind === 'para') frag.appendChild(h('p', { class: 'answer-block' }, inline(b.text)));
    else if (b.kind === 'raw')
      frag.appendChild(
        h('div', { class: 'answer-block answer-raw' }, ...b.lines.map((l) => h('p', {}, inline(l)))),
      );
    else {
      const list = h(
        b.ordered ? 'ol' : 'ul',
        { class: 'points' },
        ...b.items.map((item) => h('li', {}, inline(item))),
      );
      frag.appendChild(
        h('div', { class: 'answer-block' }, b.lead ? h('p', { class: 'lead' }, inline(b.lead)) : null, list),
      );
    }
  }
  return frag;
}

/** What 「复制」 puts on the clipboard: the answer with its [n] markers, its structure, and the numbered sources. */
/** `linkBase`: where the sources' links point (the assistant's address), or null for no links (the widget). */
export function answerForCopy(text: string, citations: Citation[], linkBase: string | null): string {
  const body = answerBlocks(text)
    .map((b) =>
      b.kind === 'para'
        ? b.text
        : b.kind === 'raw'
          ? b.lines.join('\n')
          : [b.lead, ...b.items].filter(Boolean).join('\n'),
    )
    .join('\n\n');
  const used = [...citations].sort((a, b) => a.n - b.n).filter((c) => text.includes(`[${c.n}]`));
  if (!used.length) return body;
  const sources = used.map(
    (c) =>
      `[${c.n}] ${sourceLabel(c)}：「${c.text.slice(c.quote.start, c.quote.end)}」${linkBase === null ? '' : ` ${sourceHref(linkBase || location.origin, c)}`}`,
  );
  return `${body}\n\n来源：\n${sources.join('\n')}`;
}
