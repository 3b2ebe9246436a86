// Answers with [n] markers rendered as small superscripts; hovering, focusing or tapping one shows a card with
// the source (org · year · section · heading) and the cited paragraph with its supporting sentence highlighted.
import { SECTION_LABELS as LABELS } from '../../section-labels.ts';
import { h } from './dom.ts';

export interface Citation {
  n: number;
  paragraphId: string;
  documentId: string;
  title: string;
  org: string | null;
  year: number | null;
  section: string;
  heading: string | null;
  text: string;
  quote: { start: number; end: number };
}

export const SECTION_LABELS: Record<string, string> = LABELS;

export const sourceHref = (base: string, c: Citation) => `${base}/documents/${encodeURIComponent(c.documentId)}#p-${c.paragraphId}:${c.quote.start}-${c.quote.end}`;

export function sourceLabel(c: Citation): string {
  return [c.org ?? '未署名街道', c.year ? `${c.year}年度` : null, SECTION_LABELS[c.section] ?? c.section, c.heading].filter(Boolean).join(' · ');
}

/** The paragraph with the supporting sentence in <mark>. */
export function quoted(c: Citation): HTMLElement {
  const { start, end } = c.quote;
  return h('p', { class: 'cited-text' }, c.text.slice(0, start), h('mark', {}, c.text.slice(start, end)), c.text.slice(end));
}

export function citationCard(c: Citation, base: string, newTab = false): HTMLElement {
  return h(
    'div',
    { class: 'cite-card', role: 'dialog', 'aria-label': `出处 ${c.n}` },
    h('p', { class: 'cite-source' }, h('b', {}, `[${c.n}] `), sourceLabel(c)),
    quoted(c),
    h('a', { href: sourceHref(base, c), class: 'cite-open', ...(newTab ? { target: '_blank', rel: 'noopener' } : {}) }, '打开原文 →'),
  );
}

export interface CiteOptions {
  base: string;
  /** Element the floating card is placed in (the page, or the widget's shadow root). */
  layer: HTMLElement;
  newTab?: boolean;
}

let openCard: { card: HTMLElement; marker: HTMLElement } | null = null;

function closeCard() {
  openCard?.card.remove();
  openCard?.marker.setAttribute('aria-expanded', 'false');
  openCard = null;
}

function showCard(marker: HTMLElement, c: Citation, opts: CiteOptions) {
  if (openCard?.marker === marker) return;
  closeCard();
  const card = citationCard(c, opts.base, opts.newTab);
  opts.layer.appendChild(card);
  const r = marker.getBoundingClientRect();
  const host = opts.layer.getBoundingClientRect();
  const width = Math.min(420, host.width - 16);
  card.style.width = `${width}px`;
  card.style.left = `${Math.max(8, Math.min(r.left - host.left - 20, host.width - width - 8))}px`;
  card.style.top = `${r.bottom - host.top + opts.layer.scrollTop + 6}px`;
  marker.setAttribute('aria-expanded', 'true');
  openCard = { card, marker };
  card.addEventListener('mouseleave', closeCard);
}

export function renderWithCitations(text: string, citations: Citation[], opts: CiteOptions): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const piece of text.split(/(\[\d+\])/)) {
    const m = /^\[(\d+)\]$/.exec(piece);
    const c = m ? citations.find((x) => x.n === Number(m[1])) : undefined;
    if (!m || !c) {
      frag.appendChild(document.createTextNode(piece));
      continue;
    }
    const marker = h('button', { type: 'button', class: 'cite', 'aria-label': `出处 ${c.n}：${sourceLabel(c)}`, 'aria-expanded': 'false', 'data-n': c.n }, String(c.n));
    marker.addEventListener('mouseenter', () => showCard(marker, c, opts));
    marker.addEventListener('focus', () => showCard(marker, c, opts));
    // A tap on a phone also fires mouseenter first, so a click only ever opens; outside taps and Esc close.
    marker.addEventListener('click', (e) => {
      e.stopPropagation();
      showCard(marker, c, opts);
    });
    frag.appendChild(h('sup', {}, marker));
  }
  return frag;
}

document.addEventListener('keydown', (e) => e.key === 'Escape' && closeCard());
document.addEventListener('click', (e) => {
  if (openCard && !e.composedPath().includes(openCard.card)) closeCard();
});
