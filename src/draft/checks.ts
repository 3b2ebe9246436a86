// Checks every draft passes before anyone sees it: each point cited, every figure stated by the target org's
// own cited paragraph, no other street named as the author, citations from the section kind drafted.
import { extractFigures, figureIn } from '../text/figures.ts';
import { orgKey } from '../ingest/extract-metadata.ts';
import { type OrgContext, mentionsForeignOrg } from './retarget.ts';
import type { DraftPoint, DraftSection, DraftVerification } from './types.ts';

export function verifyDraft(
  points: DraftPoint[],
  section: DraftSection,
  org: OrgContext,
  allowedYears: number[],
): DraftVerification {
  const v: DraftVerification = {
    uncitedPoints: [],
    unsupportedNumbers: [],
    foreignOrgs: [],
    wrongSection: [],
    ok: true,
  };
  points.forEach((p, i) => {
    const n = i + 1;
    // Invisible joiners, variation selectors and compatibility forms never hide another office's name.
    const stated = p.text
      .replace(/【待补充：[^】]*】/g, '')
      .replace(/[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\ufe00-\ufe0f]/g, '')
      .normalize('NFKC');
    if (!p.citations.length && stated.replace(/[一二三四五六七八九十]+是|[\s。，]/g, '').length > 0)
      v.uncitedPoints.push(n);
    const ownSources = p.citations.filter((c) => c.org && orgKey(c.org) === org.targetKey).map((c) => c.text);
    for (const f of extractFigures(stated)) {
      if (f.unit === '年' && allowedYears.includes(f.value)) continue;
      if (!ownSources.some((s) => figureIn(f, s))) v.unsupportedNumbers.push({ point: n, number: f.raw });
    }
    const foreign = mentionsForeignOrg(stated, org);
    if (foreign) v.foreignOrgs.push({ point: n, name: foreign });
    for (const c of p.citations)
      if (c.section !== section) v.wrongSection.push({ point: n, paragraphId: c.paragraphId });
  });
  v.ok =
    !v.uncitedPoints.length &&
    !v.unsupportedNumbers.length &&
    !v.foreignOrgs.length &&
    !v.wrongSection.length;
  return v;
}
