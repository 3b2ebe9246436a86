// CI gate for drafting: every draft case passes every automatic check with the offline drafter.
import { describe, expect, it } from 'vitest';
import { extractiveDrafter } from '../../src/draft/extractive-drafter.ts';
import { useSeedLibrary } from '../../test/helpers.ts';
import { loadDraftCases, runDraftCase } from './eval-drafts.ts';

const seed = useSeedLibrary();

describe('draft eval (evals/drafts)', () => {
  const cases = loadDraftCases();

  it('covers every named org of the corpus, both sections', async () => {
    const orgs = (await seed.lib.store.listReports()).map((r) => r.meta.org).filter((o): o is string => !!o);
    for (const org of orgs)
      for (const section of ['shortcomings', 'next_steps'])
        expect(
          cases.some((c) => c.org === org && c.section === section),
          `${org} ${section}`,
        ).toBe(true);
  });

  it.each(loadDraftCases().map((c) => [c.id, c] as const))('%s passes every check', async (_id, c) => {
    const r = await runDraftCase(seed.lib, extractiveDrafter, c);
    expect(r.problems).toEqual([]);
  });
});
