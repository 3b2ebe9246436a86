// Ours (retrieve() in three modes) and the peer recipe on the same questions and the same reports, in one process.
import { performance } from 'node:perf_hooks';
import {
  type RetrievalCase,
  type Scores,
  runRetrievalEval,
  score,
} from '../evals/retrieval/eval-retrieval.ts';
import { splitOf } from '../evals/retrieval/sets.ts';
import type { Library } from '../src/library/library.ts';
import { type RetrievalMode, retrieve } from '../src/search/retrieve.ts';
import { buildPeerIndex, peerCase, scorePeer, unreachable } from './peer-recipe.ts';
import { median, ratio } from './stats.ts';

/** The eval scores at this depth; both sides are timed returning as many. */
const DEPTH = 20;

export interface SideResult {
  /** All the questions. */
  scores: Scores;
  /** The test half of the split evals/retrieval uses (fusion is tuned on dev, never on these). */
  test: Scores;
  p50: number;
}

export interface SideBySide {
  label: string;
  paragraphs: number;
  chunks: number;
  /** Expected sentences cut by a chunk boundary (no peer chunk contains them whole). */
  unreachable: number;
  peerBuildSeconds: number;
  oursIngestSeconds: number;
  peer: SideResult;
  ours: Record<RetrievalMode, SideResult>;
}

async function timeAll(questions: string[], rounds: number, run: (q: string) => unknown): Promise<number> {
  for (const q of questions) await run(q); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await run(q);
      times.push(performance.now() - t);
    }
  }
  return median(times);
}

export async function sideBySide(
  label: string,
  lib: Library,
  reports: { name: string; text: string }[],
  cases: RetrievalCase[],
  info: { paragraphs: number; ingestSeconds: number; rounds?: number },
): Promise<SideBySide> {
  const rounds = info.rounds ?? 3;
  const questions = cases.map((c) => c.question);
  const peerIndex = await buildPeerIndex(reports);
  const isTest = (id: string) => splitOf(id) === 'test';
  const scoreBoth = <R extends { id: string }>(rs: R[], f: (xs: R[]) => Scores) => ({
    scores: f(rs),
    test: f(rs.filter((r) => isTest(r.id))),
  });
  const peer = {
    ...scoreBoth(
      cases.map((c) => peerCase(peerIndex, c)),
      scorePeer,
    ),
    p50: await timeAll(questions, rounds, (q) => peerIndex.search(q, DEPTH)),
  };
  const ours = {} as Record<RetrievalMode, SideResult>;
  for (const mode of ['hybrid', 'bm25', 'vector'] as const) {
    ours[mode] = {
      ...scoreBoth((await runRetrievalEval(lib, cases, mode)).results, score),
      p50: await timeAll(questions, rounds, (q) => retrieve(lib, q, { topK: DEPTH, mode })),
    };
  }
  return {
    label,
    paragraphs: info.paragraphs,
    chunks: peerIndex.chunks.length,
    unreachable: unreachable(peerIndex, cases),
    peerBuildSeconds: peerIndex.buildSeconds,
    oursIngestSeconds: info.ingestSeconds,
    peer,
    ours,
  };
}

const f3 = (x: number) => x.toFixed(2);
const q = (x: Scores) => `${f3(x.hit1)} / ${f3(x.mrr)}`;
const cell = (r: SideResult, base: number) =>
  `${q(r.test)} · ${q(r.scores)} / ${r.p50.toFixed(2)} ms (${ratio(r.p50, base)})`;

/** Markdown rows: hit@1 / MRR on the test half · on all questions / p50, with each p50 as a multiple of the peer's. */
export function sideBySideTable(rows: SideBySide[], cases: RetrievalCase[]): string[] {
  const nTest = cases.filter((c) => splitOf(c.id) === 'test').length;
  return [
    `Each cell: hit@1 / MRR on the ${nTest} test-split questions · the same on all ${cases.length} / p50 (× the peer's p50).`,
    '',
    `| library | paragraphs · peer chunks | peer | ours hybrid | ours bm25 | ours vector |`,
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.paragraphs} · ${r.chunks} | ${q(r.peer.test)} · ${q(r.peer.scores)} / ${r.peer.p50.toFixed(2)} ms | ${cell(r.ours.hybrid, r.peer.p50)} | ${cell(r.ours.bm25, r.peer.p50)} | ${cell(r.ours.vector, r.peer.p50)} |`,
    ),
    '',
    `Ours hybrid ÷ peer, test split — ${rows.map((r) => `${r.label}: hit@1 ${ratio(r.ours.hybrid.test.hit1, r.peer.test.hit1)}, MRR ${ratio(r.ours.hybrid.test.mrr, r.peer.test.mrr)}, p50 ${ratio(r.ours.hybrid.p50, r.peer.p50)}`).join('; ')}.`,
    '',
    `Build: ${rows.map((r) => `${r.label}: peer split + index ${r.peerBuildSeconds.toFixed(1)} s, ours ingest ${r.oursIngestSeconds.toFixed(1)} s (${ratio(r.oursIngestSeconds, r.peerBuildSeconds)})`).join('; ')} — ours also parses, embeds and writes SQLite and the HNSW file. ` +
      `Expected sentences that no peer chunk holds whole (cut by a chunk boundary): ${rows.map((r) => `${r.label} ${r.unreachable}`).join(', ')}.`,
  ];
}
