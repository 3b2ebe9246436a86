// What a draft is grounded in: the shortcomings and next-steps points of the library's past reports, each
// assigned to a theme, and the themes ranked by how many reports raise them and by the target org's own past.
import type { ReportSummary } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Library } from '../library/library.ts';
import { type OrgContext, orgContext } from './retarget.ts';
import { type SourcePoint, splitPoints } from './points.ts';
import { type ThemeScore, scoreThemes } from './themes.ts';
import type { DraftRequest, DraftSection } from './types.ts';

export interface ThemedPoint extends SourcePoint {
  themes: ThemeScore[];
  theme: string | null;
  /** From one of the target org's own reports. */
  own: boolean;
}

export interface DraftContext {
  req: DraftRequest;
  org: OrgContext;
  /** Reports about years before the target year (or of unknown year). */
  past: ReportSummary[];
  /** The target org's own past reports, newest first. */
  own: ReportSummary[];
  points: Record<DraftSection, ThemedPoint[]>;
}

const MIN_THEME_SCORE = 3;

export async function loadDraftContext(lib: Library, req: DraftRequest): Promise<DraftContext> {
  const reports = await lib.store.listReports();
  const targetKey = orgKey(req.org);
  const past = reports.filter((r) => r.meta.year === null || r.meta.year < req.year);
  const own = past
    .filter((r) => r.meta.org && orgKey(r.meta.org) === targetKey)
    .sort((a, b) => (b.meta.year ?? 0) - (a.meta.year ?? 0));
  const org = orgContext(req.org, reports.map((r) => r.meta.org), reports.map((r) => ({ org: r.meta.org, district: r.meta.district })));
  const points: Record<DraftSection, ThemedPoint[]> = { shortcomings: [], next_steps: [] };
  const ownIds = new Set(own.map((o) => o.id));
  const mined = await minedPoints(lib, past, new Set(reports.map((r) => r.id)));
  for (const summary of past) {
    for (const p of mined.get(summary.id) ?? []) points[p.paragraph.section as DraftSection].push({ ...p, own: ownIds.has(summary.id) });
  }
  return { req, org, past, own, points };
}

/**
 * The themed points of each report, mined once per report version and kept while the library lives: a
 * draft at 100k paragraphs must not re-read and re-split every past report.
 */
const cache = new WeakMap<Library, Map<string, { hash: string; points: Omit<ThemedPoint, 'own'>[] }>>();

async function minedPoints(lib: Library, reports: ReportSummary[], live: Set<string>): Promise<Map<string, Omit<ThemedPoint, 'own'>[]>> {
  let byReport = cache.get(lib);
  if (!byReport) cache.set(lib, (byReport = new Map()));
  const out = new Map<string, Omit<ThemedPoint, 'own'>[]>();
  for (const summary of reports) {
    const hit = byReport.get(summary.id);
    if (hit && hit.hash === summary.contentHash) {
      out.set(summary.id, hit.points);
      continue;
    }
    const report = await lib.store.getReport(summary.id);
    if (!report) continue;
    const pts: Omit<ThemedPoint, 'own'>[] = [];
    for (const p of report.paragraphs) {
      if (p.section !== 'shortcomings' && p.section !== 'next_steps') continue;
      for (const sp of splitPoints(p, summary, p.sectionPath[0] ?? null)) {
        const themes = scoreThemes(sp.label, sp.text);
        const theme = themes[0] && themes[0].score >= MIN_THEME_SCORE ? themes[0].key : null;
        pts.push({ ...sp, themes, theme });
      }
    }
    byReport.set(summary.id, { hash: summary.contentHash, points: pts });
    out.set(summary.id, pts);
  }
  for (const id of byReport.keys()) if (!live.has(id)) byReport.delete(id);
  return out;
}

export interface RankedTheme {
  key: string;
  /** How many past reports raise it. */
  reports: number;
  /** How many of the target org's own past reports raise it. */
  ownReports: number;
  points: ThemedPoint[];
  focused: boolean;
}

/** Themes by focus first, then by the target org's own past, then by how many reports raise them. */
export function rankThemes(points: ThemedPoint[], focusKeys: string[] = []): RankedTheme[] {
  const by = new Map<string, ThemedPoint[]>();
  for (const p of points) if (p.theme) by.set(p.theme, [...(by.get(p.theme) ?? []), p]);
  const ranked = [...by.entries()].map(([key, pts]) => ({
    key,
    reports: new Set(pts.map((p) => p.report.id)).size,
    ownReports: new Set(pts.filter((p) => p.own).map((p) => p.report.id)).size,
    points: orderEvidence(pts, key),
    focused: focusKeys.includes(key),
  }));
  const weight = (t: RankedTheme) => (t.focused ? 1000 : 0) + t.reports + (t.ownReports ? 2 : 0) + strength(t) / 1000;
  return ranked.sort((a, b) => weight(b) - weight(a));
}

const strength = (t: RankedTheme) => t.points.reduce((s, p) => s + (p.themes.find((x) => x.key === t.key)?.score ?? 0), 0);

/** The points most about the theme, the target org's own counting double (newest report first among equals). */
export function orderEvidence(pts: ThemedPoint[], key: string): ThemedPoint[] {
  const score = (p: ThemedPoint) => p.themes.find((x) => x.key === key)?.score ?? 0;
  // The org's own wording wins unless another report is clearly more about the theme.
  const weight = (p: ThemedPoint) => score(p) * (p.own ? 2 : 1) + (p.own ? (p.report.meta.year ?? 0) / 1e4 : 0);
  return [...pts].sort((a, b) => weight(b) - weight(a));
}
