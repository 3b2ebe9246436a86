// Writes every answer of the seed and fixture evals (answer text, and each citation's paragraph and quoted span)
// as JSON lines, so two commits can be compared byte for byte after a change meant to alter no behaviour; then
// the same questions through the LLM answerer over deterministic fake models (scripts/compare-fakes.ts): one
// that writes from its sources (repaired by the checks; verification and the message sent written too), one that
// is down (the extractive fallback):
//   npx tsx scripts/compare-answers.ts > a.jsonl   (in each checkout), then: diff a.jsonl b.jsonl
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ask, extractiveAnswerer } from '../src/answer/ask.ts';
import { llmAnswerer } from '../src/answer/llm-answerer.ts';
import { loadPrompt } from '../src/llm/prompts.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { ingestFiles } from '../src/library/ingest.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { SqliteTraceStore } from '../src/traces/sqlite-trace-store.ts';
import { loadAnswerCases } from '../evals/answers/eval-answers.ts';
import { fixtureLibraryInputs, loadFixtureAnswerCases } from '../evals/fixtures/fixtures.ts';
import { answerEcho, down, seen } from './compare-fakes.ts';

const dir = mkdtempSync(join(tmpdir(), 'compare-answers-'));
try {
  const lib = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
  await ingestFiles(lib, fixtureLibraryInputs(join(import.meta.dirname, '..', 'corpus')));
  const traces = new SqliteTraceStore(join(dir, 'traces.db'));
  const cases = [...loadAnswerCases(), ...loadFixtureAnswerCases('dev'), ...loadFixtureAnswerCases('test')];
  const prompt = loadPrompt('answer');
  const answerers = {
    extractive: extractiveAnswerer,
    'llm-echo': llmAnswerer({ model: answerEcho, prompt }),
    'llm-down-fallback': llmAnswerer({ model: down, prompt, fallback: 'extractive' }),
  };
  for (const [via, answerer] of Object.entries(answerers))
    for (const c of cases) {
      const deps = {
        lib,
        traces,
        answerer,
        ...(c.today && { now: () => new Date(`${c.today}T12:00:00`) }),
      };
      let conversationId: string | undefined;
      for (const q of c.conversation ?? [])
        conversationId = (await ask(deps, { question: q, conversationId })).conversationId;
      seen.length = 0;
      const r = await ask(deps, { question: c.question, conversationId });
      const cites = r.citations.map((x) => `${x.n}:${x.paragraphId}:${x.quote.start}-${x.quote.end}`);
      const line = { id: c.id, answer: r.answer, answerable: r.answerable, cites };
      const more =
        via === 'extractive' ? {} : { via, mode: r.mode, verification: r.verification, sent: seen };
      process.stdout.write(`${JSON.stringify({ ...line, ...more })}\n`);
    }
  await closeLibrary(lib);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
