// What a draft is grounded in: the shortcomings and next-steps points of the library's past reports, each
// assigned to a theme, and the themes ranked by how many reports raise them and by the target org's own past.
import type { Paragraph, ReportSummary, SectionKind } from '../domain.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import type { Corpus } from '../library/corpus.ts';
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

/** What the library says about an office before a year: the same for every request about them (cached). */
export interface DraftContext {
  /** The target year: the past is every report about an earlier year (or of unknown year). */
  year: number;
  org: OrgContext;
  /** Reports about years before the target year (or of unknown year). */
  past: ReportSummary[];
  /** The target org's own past reports, newest first. */
  own: ReportSummary[];
  points: Record<DraftSection, ThemedPoint[]>;
  /** How many past reports raise each theme, counted before the evidence was thinned. */
  themeReports: Record<DraftSection, Map<string, { reports: number; own: number }>>;
  /** Themes of the office's own 「主要举措和成效」 (its latest report): what it actually worked on. */
  doneThemes: Map<string, number>;
}

/** The kind of office: departments, district/county/city governments, or 街道/镇/乡. */
export const officeFamily = (l: string | null | undefined) =>
  l === '部门' ? 'dept' : l === '区' || l === '县' || l === '市' ? 'area' : l ? 'local' : null;
const family = officeFamily;

/** Other orgs' points kept per theme (the strongest); all of the target org's own are kept. */
const PER_THEME = 24;
const UNTHEMED = 48;

const MIN_THEME_SCORE = 3;
/** Past points of the target's kind of office needed before other kinds are left out. */
const MIN_SAME_KIND = 8;

/** Contexts by library version, target year and org: drafting the same org again costs nothing. */
const contexts = new WeakMap<Corpus, { generation: number; byKey: Map<string, Promise<DraftContext>> }>();

/** The context for drafting for `org` in `year` (a request's office and year). */
export async function loadDraftContext(lib: Corpus, req: Target): Promise<DraftContext> {
  const generation = await lib.store.generation();
  let entry = contexts.get(lib);
  if (!entry || entry.generation !== generation)
    contexts.set(lib, (entry = { generation, byKey: new Map() }));
  const key = `${req.year}|${orgKey(req.org)}|${req.org}`;
  let ctx = entry.byKey.get(key);
  if (!ctx) {
    ctx = buildContext(lib, req);
    entry.byKey.set(key, ctx);
    ctx.catch(() => entry.byKey.delete(key));
  }
  return ctx;
}

type Target = Pick<DraftRequest, 'org' | 'year'>;

async function buildContext(lib: Corpus, req: Target): Promise<DraftContext> {
  const reports = await lib.store.listReports();
  const targetKey = orgKey(req.org);
  const past = reports.filter((r) => r.meta.year === null || r.meta.year < req.year);
  const own = past
    .filter((r) => r.meta.org && orgKey(r.meta.org) === targetKey)
    .sort((a, b) => (b.meta.year ?? 0) - (a.meta.year ?? 0));
  const ownAll = reports.filter((r) => r.meta.org && orgKey(r.meta.org) === targetKey);
  const level = ownAll.find((r) => r.meta.level)?.meta.level ?? null;
  const org = orgContext(
    req.org,
    reports.map((r) => r.meta.org),
    reports.map((r) => ({ org: r.meta.org, district: r.meta.district })),
    level,
  );
  const points: Record<DraftSection, ThemedPoint[]> = { shortcomings: [], next_steps: [] };
  const themeReports: DraftContext['themeReports'] = { shortcomings: new Map(), next_steps: new Map() };
  const ownIds = new Set(own.map((o) => o.id));
  const ownDistricts = new Set(own.map((o) => o.meta.district).filter(Boolean));
  const limit = lib.draftOtherReports;
  if (limit !== undefined) {
    // Bounded drafting (Workers): the org's own reports and the nearest others — same district, then newest.
    const others = past
      .filter((r) => !ownIds.has(r.id))
      .sort(
        (a, b) =>
          Number(ownDistricts.has(b.meta.district)) - Number(ownDistricts.has(a.meta.district)) ||
          (b.meta.year ?? 0) - (a.meta.year ?? 0) ||
          (a.id < b.id ? -1 : 1),
      )
      .slice(0, limit);
    const keep = new Set([...ownIds, ...others.map((r) => r.id)]);
    past.splice(0, past.length, ...past.filter((r) => keep.has(r.id)));
  }
  const mined = await minedPoints(lib, past, new Set(reports.map((r) => r.id)));
  // A library of 1,000 reports holds tens of thousands of past points: count them all per theme, but keep
  // as evidence only the org's own and the strongest of the others, so a draft stays fast at that size.
  const others: Record<DraftSection, Map<string, Omit<ThemedPoint, 'own'>[]>> = {
    shortcomings: new Map(),
    next_steps: new Map(),
  };
  for (const summary of past) {
    const isOwn = ownIds.has(summary.id);
    const seen = new Set<string>();
    for (const p of mined.get(summary.id) ?? []) {
      const kind = p.paragraph.section as DraftSection;
      const key = p.theme ?? '';
      if (p.theme && !seen.has(`${kind}:${key}`)) {
        seen.add(`${kind}:${key}`);
        const c = themeReports[kind].get(key) ?? { reports: 0, own: 0 };
        c.reports++;
        if (isOwn) c.own++;
        themeReports[kind].set(key, c);
      }
      if (isOwn) points[kind].push({ ...p, own: true });
      else {
        const list = others[kind].get(key) ?? [];
        list.push(p);
        others[kind].set(key, list);
      }
    }
  }
  // A department's work is not a township's: other offices of the target's kind (部门 / 街道·镇·乡 / 区·县·市)
  // are the evidence when they say enough; offices of another kind only fill in when they do not.

  const targetFamily = family(org.level);
  for (const kind of ['shortcomings', 'next_steps'] as const) {
    if (!targetFamily) continue;
    const all = [...others[kind].values()].flat();
    const same = all.filter((p) => family(p.report.meta.level) === targetFamily);
    if (same.length >= MIN_SAME_KIND) {
      for (const [key, list] of others[kind])
        others[kind].set(
          key,
          list.filter((p) => family(p.report.meta.level) === targetFamily),
        );
    }
  }
  for (const kind of ['shortcomings', 'next_steps'] as const) {
    for (const [key, list] of others[kind]) {
      const score = (p: Omit<ThemedPoint, 'own'>) => p.themes.find((t) => t.key === key)?.score ?? 0;
      const kept =
        list.length > (key ? PER_THEME : UNTHEMED)
          ? [...list].sort((a, b) => score(b) - score(a)).slice(0, key ? PER_THEME : UNTHEMED)
          : list;
      for (const p of kept) points[kind].push({ ...p, own: false });
    }
  }
  // What the office itself did (its 「主要举措和成效」, this year's report first): themes it works on.
  const doneThemes = new Map<string, number>();
  const latestOwn = [...ownAll]
    .filter((r) => r.meta.year === null || r.meta.year <= req.year)
    .sort((a, b) => (b.meta.year ?? 0) - (a.meta.year ?? 0))[0];
  if (latestOwn) {
    for (const p of (await lib.store.getReport(latestOwn.id))?.paragraphs ?? []) {
      if (p.section !== 'measures') continue;
      const top = scoreThemes(p.heading ?? '', p.text)[0];
      if (top && top.score >= MIN_THEME_SCORE) doneThemes.set(top.key, (doneThemes.get(top.key) ?? 0) + 1);
    }
  }
  return { year: req.year, org, past, own, points, themeReports, doneThemes };
}

/**
 * The themed points of each report, mined once per report version and kept while the library lives: a
 * draft at 100k paragraphs must not re-read and re-split every past report.
 */
const cache = new WeakMap<
  Corpus,
  Map<string, { hash: string; points: Promise<Omit<ThemedPoint, 'own'>[]> }>
>();

async function minedPoints(
  lib: Corpus,
  reports: ReportSummary[],
  live: Set<string>,
): Promise<Map<string, Omit<ThemedPoint, 'own'>[]>> {
  let byReport = cache.get(lib);
  if (!byReport) cache.set(lib, (byReport = new Map()));
  const out = new Map<string, Omit<ThemedPoint, 'own'>[]>();
  // Reports not mined yet are read together when the store can batch it (D1: one round trip per 100).
  const missing = reports.filter((r) => byReport.get(r.id)?.hash !== r.contentHash);
  const bulk =
    missing.length > 1 && lib.store.getSectionParagraphs
      ? lib.store.getSectionParagraphs(
          missing.map((r) => r.id),
          PAST_SECTIONS,
        )
      : null;
  bulk?.catch(() => undefined); // awaited through the points below
  for (const summary of missing) {
    // Concurrent drafts share one mining of a report (the promise is cached, not just its result).
    const paragraphs = bulk
      ? bulk.then((m) => m.get(summary.id) ?? [])
      : lib.store.getReport(summary.id).then((r) => r?.paragraphs ?? []);
    byReport.set(summary.id, {
      hash: summary.contentHash,
      points: paragraphs.then((ps) => mineParagraphs(ps, summary)),
    });
  }
  for (const summary of reports) out.set(summary.id, await byReport.get(summary.id)!.points);
  for (const id of byReport.keys()) if (!live.has(id)) byReport.delete(id);
  return out;
}

const PAST_SECTIONS: SectionKind[] = ['shortcomings', 'next_steps'];

function mineParagraphs(paragraphs: Paragraph[], summary: ReportSummary): Omit<ThemedPoint, 'own'>[] {
  const pts: Omit<ThemedPoint, 'own'>[] = [];
  for (const p of paragraphs) {
    if (!PAST_SECTIONS.includes(p.section)) continue;
    for (const sp of splitPoints(p, summary, p.sectionPath[0] ?? null)) {
      const themes = scoreThemes(sp.label, sp.text);
      const theme = themes[0] && themes[0].score >= MIN_THEME_SCORE ? themes[0].key : null;
      pts.push({ ...sp, themes, theme });
    }
  }
  return pts;
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
export function rankThemes(
  points: ThemedPoint[],
  focusKeys: string[] = [],
  counts?: Map<string, { reports: number; own: number }>,
  done?: Map<string, number>,
): RankedTheme[] {
  const by = new Map<string, ThemedPoint[]>();
  for (const p of points) if (p.theme) by.set(p.theme, [...(by.get(p.theme) ?? []), p]);
  const ranked = [...by.entries()].map(([key, pts]) => ({
    key,
    reports: counts?.get(key)?.reports ?? new Set(pts.map((p) => p.report.id)).size,
    ownReports: counts?.get(key)?.own ?? new Set(pts.filter((p) => p.own).map((p) => p.report.id)).size,
    points: orderEvidence(pts, key),
    focused: focusKeys.includes(key),
  }));
  // A theme the office itself worked on this year (its 成效) is one it can speak to: it counts as two reports.
  const weight = (t: RankedTheme) =>
    (t.focused ? 1000 : 0) +
    t.reports +
    (t.ownReports ? 2 : 0) +
    (done?.has(t.key) ? 2 : 0) +
    strength(t) / 1000;
  return ranked.sort((a, b) => weight(b) - weight(a));
}

const strength = (t: RankedTheme) =>
  t.points.reduce((s, p) => s + (p.themes.find((x) => x.key === t.key)?.score ?? 0), 0);

/** The points most about the theme, the target org's own counting double (newest report first among equals). */
export function orderEvidence(pts: ThemedPoint[], key: string): ThemedPoint[] {
  const score = (p: ThemedPoint) => p.themes.find((x) => x.key === key)?.score ?? 0;
  // The org's own wording wins unless another report is clearly more about the theme.
  const weight = (p: ThemedPoint) =>
    score(p) * (p.own ? 2 : 1) + (p.own ? (p.report.meta.year ?? 0) / 1e4 : 0);
  return [...pts].sort((a, b) => weight(b) - weight(a));
}
