// Answers with [n] markers rendered as small superscripts; hovering, focusing or tapping one shows a card with
// the source (org · year · section · heading) and the cited paragraph with its supporting sentence highlighted.
import { SECTION_LABELS as LABELS } from '../../section-labels.ts';
import { h } from './dom.ts';
import type { Citation as ServerCitation } from '../../citation.ts';

/** The server's citation, shared by type only (nothing of the server is bundled into the page). */
export type Citation = Omit<ServerCitation, 'section' | 'score'> & { section: string; score?: number };

export const SECTION_LABELS: Record<string, string> = LABELS;

export const sourceHref = (base: string, c: Citation) =>
  `${base}/documents/${encodeURIComponent(c.documentId)}#p-${c.paragraphId}:${c.quote.start}-${c.quote.end}`;

export function sourceLabel(c: Citation): string {
  return [
    c.org ?? '未署名街道',
    c.year ? `${c.year}年度` : null,
    SECTION_LABELS[c.section] ?? c.section,
    c.heading,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The paragraph with the supporting sentence in <mark>. */
export function quoted(c: Citation): HTMLElement {
  const { start, end } = c.quote;
  return h(
    'p',
    { class: 'cited-text' },
    c.text.slice(0, start),
    h('mark', {}, c.text.slice(start, end)),
    c.text.slice(end),
  );
}

export interface CiteOptions {
  base: string;
  /** Element the floating card is placed in (the page, or the widget's shadow root). */
  layer: HTMLElement;
  newTab?: boolean;
  /**
   * What the card's action does. Default: a link 「打开原文」 to the paragraph in its report. The widget passes its
   * own (its users cannot open the assistant's pages): show the paragraph inside the widget.
   */
  openSource?: (c: Citation) => void;
  /** Show the card as a sheet along the bottom of the layer (phones, the widget) instead of under the marker. */
  sheet?: () => boolean;
}

export function citationCard(
  c: Citation,
  opts: Pick<CiteOptions, 'base' | 'newTab' | 'openSource'>,
  onClose: () => void,
): HTMLElement {
  const action = opts.openSource
    ? h('button', { type: 'button', class: 'cite-open', onclick: () => opts.openSource!(c) }, '查看原文段落')
    : h(
        'a',
        {
          href: sourceHref(opts.base, c),
          class: 'cite-open',
          ...(opts.newTab ? { target: '_blank', rel: 'noopener' } : {}),
        },
        '打开原文 →',
      );
  return h(
    'div',
    { class: 'cite-card', role: 'dialog', 'aria-label': `出处 ${c.n}` },
    h(
      'div',
      { class: 'cite-head' },
      h('p', { class: 'cite-source' }, h('b', {}, `[${c.n}] `), sourceLabel(c)),
      h('button', { type: 'button', class: 'cite-close', 'aria-label': '关闭出处', onclick: onClose }, '×'),
    ),
    h('div', { class: 'cite-body' }, quoted(c)),
    // Outside the scrolling body: the action is always in view, however long the paragraph.
    h('div', { class: 'cite-actions' }, action),
  );
}

let openCard: { card: HTMLElement; marker: HTMLElement } | null = null;

/** Closes the open citation card; true when there was one. */
export function closeCard(): boolean {
  if (!openCard) return false;
  openCard.card.remove();
  openCard.marker.setAttribute('aria-expanded', 'false');
  openCard = null;
  return true;
}

function showCard(marker: HTMLElement, c: Citation, opts: CiteOptions) {
  if (openCard?.marker === marker) return;
  closeCard();
  const card = citationCard(c, opts, () => {
    closeCard();
    marker.focus({ preventScroll: true });
  });
  opts.layer.appendChild(card);
  if (opts.sheet?.()) card.classList.add('sheet');
  else {
    const r = marker.getBoundingClientRect();
    const host = opts.layer.getBoundingClientRect();
    const width = Math.min(420, host.width - 16);
    card.style.width = `${width}px`;
    card.style.left = `${Math.max(8, Math.min(r.left - host.left - 20, host.width - width - 8))}px`;
    card.style.top = `${r.bottom - host.top + opts.layer.scrollTop + 6}px`;
  }
  marker.setAttribute('aria-expanded', 'true');
  openCard = { card, marker };
  card.addEventListener(
    'mouseleave',
    () =>
      !card.classList.contains('sheet') &&
      card !== document.activeElement &&
      !card.contains(document.activeElement) &&
      closeCard(),
  );
}

/** Punctuation that must not begin a line: it stays with the marker before it. */
const CLOSING = /^[。，、；：！？）」』》〉】’”,.;:!?)]+/;

/**
 * Inline text with [n] markers as small buttons. Each marker is held together with the character before it and
 * the punctuation after it (「条[1]。」 cannot break), so no line starts with a marker or with 「。」.
 */
export function renderWithCitations(
  text: string,
  citations: Citation[],
  opts: CiteOptions,
): DocumentFragment {
  const frag = document.createDocumentFragment();
  const segments = text.split(/((?:\[\d+\])+)/);
  let pending = '';
  let lastGlue: HTMLElement | null = null;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const found =
      i % 2
        ? (seg.match(/\[\d+\]/g) ?? []).map((m) => citations.find((x) => x.n === Number(m.slice(1, -1))))
        : [];
    if (!found.some(Boolean)) {
      pending += seg;
      continue;
    }
    // The last character, with the figure it ends (「5460元」 stays whole, never 「5460 / 元[1]」).
    const before = /[0-9０-９.%％]*.$/su.exec(pending)?.[0] ?? '';
    const head = pending.slice(0, pending.length - before.length);
    if (head) frag.appendChild(document.createTextNode(head));
    // Markers right after other markers (「。[1]。[2]」) join the same glue.
    const glue: HTMLElement = before || !lastGlue ? h('span', { class: 'cite-glue' }, before) : lastGlue;
    seg
      .match(/\[\d+\]/g)!
      .forEach((m, k) =>
        glue.appendChild(found[k] ? h('sup', {}, marker(found[k]!, opts)) : document.createTextNode(m)),
      );
    const after = CLOSING.exec(segments[i + 1] ?? '')?.[0] ?? '';
    if (after) {
      glue.appendChild(document.createTextNode(after));
      segments[i + 1] = segments[i + 1].slice(after.length);
    }
    if (glue !== lastGlue) frag.appendChild(glue);
    lastGlue = glue;
    pending = '';
  }
  if (pending) frag.appendChild(document.createTextNode(pending));
  return frag;
}

function marker(c: Citation, opts: CiteOptions): HTMLElement {
  // The button is a 24 px target; the small superscript number inside it is what shows.
  const el = h(
    'button',
    {
      type: 'button',
      class: 'cite',
      'aria-label': `出处 ${c.n}：${sourceLabel(c)}`,
      'aria-expanded': 'false',
      'data-n': c.n,
    },
    h('span', {}, String(c.n)),
  );
  el.addEventListener('mouseenter', () => !opts.sheet?.() && showCard(el, c, opts));
  el.addEventListener('focus', () => !opts.sheet?.() && showCard(el, c, opts));
  // A tap on a phone also fires mouseenter first, so a click only ever opens; outside taps and Esc close.
  el.addEventListener('click', (e) => {
    e.stopPropagation();
    showCard(el, c, opts);
  });
  return el;
}

// Esc closes the card first (and says so, so a page's own Esc handler — stop, close the widget — waits its turn).
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  const marker = openCard?.marker;
  if (closeCard()) {
    e.preventDefault();
    marker?.focus({ preventScroll: true });
  }
});
document.addEventListener('click', (e) => {
  if (openCard && !e.composedPath().includes(openCard.card)) closeCard();
});
