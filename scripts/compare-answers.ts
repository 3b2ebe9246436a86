// Writes every answer of the seed and fixture evals (answer text, and each citation's paragraph and quoted span)
// as JSON lines, so two commits can be compared byte for byte after a change meant to alter no behaviour:
//   npx tsx scripts/compare-answers.ts > a.jsonl   (in each checkout), then: diff a.jsonl b.jsonl
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ask, extractiveAnswerer } from '../src/answer/ask.ts';
import { LocalEmbedder } from '../src/index/local-embedder.ts';
import { ingestFiles } from '../src/library/ingest.ts';
import { closeLibrary, openLibrary } from '../src/library/library.ts';
import { SqliteTraceStore } from '../src/traces/sqlite-trace-store.ts';
import { loadAnswerCases } from '../evals/answers/eval-answers.ts';
import { fixtureLibraryInputs, loadFixtureAnswerCases } from '../evals/fixtures/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'compare-answers-'));
try {
  const lib = await openLibrary({ dataDir: dir, embedder: new LocalEmbedder() });
  await ingestFiles(lib, fixtureLibraryInputs(join(import.meta.dirname, '..', 'corpus')));
  const traces = new SqliteTraceStore(join(dir, 'traces.db'));
  const cases = [...loadAnswerCases(), ...loadFixtureAnswerCases('dev'), ...loadFixtureAnswerCases('test')];
  for (const c of cases) {
    const deps = {
      lib,
      traces,
      answerer: extractiveAnswerer,
      ...(c.today && { now: () => new Date(`${c.today}T12:00:00`) }),
    };
    let conversationId: string | undefined;
    for (const q of c.conversation ?? [])
      conversationId = (await ask(deps, { question: q, conversationId })).conversationId;
    const r = await ask(deps, { question: c.question, conversationId });
    const cites = r.citations.map((x) => `${x.n}:${x.paragraphId}:${x.quote.start}-${x.quote.end}`);
    process.stdout.write(
      `${JSON.stringify({ id: c.id, answer: r.answer, answerable: r.answerable, cites })}\n`,
    );
  }
  await closeLibrary(lib);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
