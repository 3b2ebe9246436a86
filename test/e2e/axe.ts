// axe-core in the browser tests: its source from node_modules, injected into the page (no CDN), and the serious or
// critical violations it finds, with where they are. Pages send a CSP without inline scripts: the context that
// runs axe is made with bypassCSP.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Serious and critical axe violations on the page, or inside `include` (a selector; shadow roots are searched). */
export async function axeViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
      }));
  }, include ?? null);
}

/**
 * Lines (in the answers under `root`) that begin with a citation marker or with closing punctuation, found from
 * where each character and marker is drawn; also how many lines were drawn, so a test can tell it saw wrapping.
 */
export async function badLineStarts(page: Page, root: string): Promise<{ bad: string[]; lines: number }> {
  return page.locator(root).evaluate((el) => {
    const bad: string[] = [];
    let lines = 0;
    for (const block of el.querySelectorAll('.answer p, .answer li')) {
      const units: { t: string; top: number; left: number }[] = [];
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n instanceof Element) {
          if (n.matches('button.cite')) {
            const r = n.getBoundingClientRect();
            units.push({ t: `[${n.textContent}]`, top: r.top + r.height / 2, left: r.left });
          }
          continue;
        }
        if (n.parentElement?.closest('button.cite')) continue;
        const text = n.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          const r = range.getClientRects()[0];
          if (r && text[i].trim()) units.push({ t: text[i], top: r.top + r.height / 2, left: r.left });
        }
      }
      let prev: { top: number; left: number } | null = null;
      for (const u of units) {
        if (!prev || (u.top > prev.top + 8 && u.left < prev.left)) {
          lines++;
          if (prev && /^(\[|[。，、；：！？）」』》])/.test(u.t))
            bad.push(`${u.t}（${(block.textContent ?? '').slice(0, 30)}…）`);
        }
        prev = u;
      }
    }
    return { bad, lines };
  });
}
