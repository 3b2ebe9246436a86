// Writes every draft of the draft evals (evals/drafts over the seed corpus, evals/fixtures drafts over seeds and
// fixtures, plus edge cases: focus, pasted shortcomings, no evidence) as JSON lines — the whole result or the
// error — by the extractive drafter and by the LLM drafter over deterministic fake models (scripts/compare-fakes.ts),
// with every message sent to the model. For checking that a refactor leaves every draft byte for byte the same:
//   npx tsx scripts/compare-drafts.ts > d.jsonl   (in each checkout), then: diff d.jsonl e.jsonl
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draftFromContext, extractiveDrafter } from '../src/draft/extractive-drafter.ts';
import { llmDrafter } from '../src/draft/llm-drafter.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { ingestFiles } from '../src/library/ingest.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { loadPrompt } from '../src/llm/prompts.ts';
import { loadDraftCases } from '../evals/drafts/eval-drafts.ts';
import { fixtureLibraryInputs, loadFixtureDraftCases } from '../evals/fixtures/fixtures.ts';
import { down, draftEcho, noJson, seen } from './compare-fakes.ts';

const CORPUS = join(import.meta.dirname, '..', 'corpus');
const prompt = loadPrompt('draft');
const drafters = {
  extractive: extractiveDrafter,
  'llm-echo': llmDrafter({ model: draftEcho, prompt }),
  'llm-down': llmDrafter({ model: down, prompt }),
  'llm-down-fallback': llmDrafter({ model: down, prompt, fallback: draftFromContext }),
  'llm-no-json-fallback': llmDrafter({ model: noJson, prompt, fallback: draftFromContext }),
};

type Req = Parameters<typeof extractiveDrafter.draft>[1];
const edgeCases: (Req & { id: string })[] = [
  { id: 'x-sc-focus-none', section: 'shortcomings', org: '金桥街', year: 2025, focus: '航天发射' },
  { id: 'x-ns-focus-none', section: 'next_steps', org: '金桥街', year: 2025, focus: '航天发射' },
  { id: 'x-ns-focus', section: 'next_steps', org: '金桥街', year: 2025, focus: '执法规范化' },
  { id: 'x-ns-focus-words', section: 'next_steps', org: '大港街', year: 2024, focus: '法律顾问' },
  {
    id: 'x-sc-focus-words',
    section: 'shortcomings',
    org: '西于庄街道',
    year: 2025,
    focus: '普法',
    points: 4,
  },
  { id: 'x-ns-bad-paste', section: 'next_steps', org: '金桥街', year: 2025, shortcomings: '一是。' },
  {
    id: 'x-ns-bad-paste-focus',
    section: 'next_steps',
    org: '金桥街',
    year: 2025,
    shortcomings: '一是。',
    focus: '航天发射',
  },
  { id: 'x-sc-no-evidence', section: 'shortcomings', org: '金桥街', year: 2001 },
  { id: 'x-ns-no-evidence', section: 'next_steps', org: '金桥街', year: 2001 },
  { id: 'x-ns-new-org-focus', section: 'next_steps', org: '新港街', year: 2025, focus: '普法宣传' },
  { id: 'x-ns-new-org-points', section: 'next_steps', org: '新港街', year: 2025, points: 6 },
  { id: 'x-ns-points-2', section: 'next_steps', org: '西于庄街道', year: 2025, points: 2 },
  { id: 'x-ns-points-8', section: 'next_steps', org: '城西街道', year: 2023, points: 8 },
];

async function run(
  set: string,
  lib: Awaited<ReturnType<typeof openLibrary>>,
  cases: (Req & { id: string })[],
) {
  for (const { id, ...req } of cases)
    for (const [via, drafter] of Object.entries(drafters)) {
      seen.length = 0;
      let out: unknown;
      try {
        out = { result: await drafter.draft(lib, req) };
      } catch (e) {
        out = { error: { code: (e as { code?: string }).code ?? null, message: (e as Error).message } };
      }
      process.stdout.write(`${JSON.stringify({ set, id, via, ...(out as object), sent: [...seen] })}\n`);
    }
}

async function library(dir: string, inputs: Parameters<typeof ingestFiles>[1]) {
  const lib = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
  await ingestFiles(lib, inputs);
  return lib;
}

const dir = mkdtempSync(join(tmpdir(), 'compare-drafts-'));
try {
  const seeds = readdirSync(CORPUS)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));
  const seedLib = await library(join(dir, 'seeds'), seeds);
  await run(
    'drafts',
    seedLib,
    loadDraftCases().map(({ expect: _e, ...c }) => c),
  );
  await run('edge', seedLib, edgeCases);
  await closeLibrary(seedLib);
  const all = await library(join(dir, 'fixtures'), fixtureLibraryInputs(CORPUS));
  await run(
    'fixtures',
    all,
    loadFixtureDraftCases().map(({ id, section, org, year }) => ({ id, section, org, year })),
  );
  await closeLibrary(all);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
