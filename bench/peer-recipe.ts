// The retrieval a JS developer would assemble from popular parts, for the side-by-side bench (issue #13 item 6):
// LangChain RecursiveCharacterTextSplitter (500/100, Chinese separators) + MiniSearch (BM25+) over jieba tokens.
import { performance } from 'node:perf_hooks';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import MiniSearch from 'minisearch';
import { type RetrievalCase, type Scores, score } from '../evals/retrieval/eval-retrieval.ts';
import { normalizeForMatch } from '../src/text/normalize.ts';

export interface PeerChunk {
  id: number;
  report: string;
  text: string;
}

export interface PeerIndex {
  chunks: PeerChunk[];
  search(question: string, k: number): PeerChunk[];
  /** Seconds spent splitting and indexing. */
  buildSeconds: number;
}

const PUNCT = /^[\s\p{P}\p{S}]+$/u;

/**
 * The splitter as ../shared/NOTES.md says to use it on Chinese: with the default separators it cuts mid-number,
 * and with keepSeparator the 。 lands at the start of the next chunk. So sentences are put on lines of their
 * own first (look-behind on 。！？；), paragraphs on blank-line-separated blocks, and the splitter packs them.
 */
export function makeSplitter() {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: 500,
    chunkOverlap: 100,
    separators: ['\n\n', '\n', '，', ''],
    keepSeparator: false,
  });
  return async (text: string): Promise<string[]> => {
    const prepared = text
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => p.replace(/(?<=[。！？；])(?=.)/g, '\n'))
      .join('\n\n');
    // The line breaks were ours: a chunk is the report's text without them.
    return (await splitter.splitText(prepared)).map((c) => c.replace(/\n/g, ''));
  };
}

/** Splits every report into chunks and indexes them in MiniSearch with jieba search-mode tokens. */
export async function buildPeerIndex(reports: Iterable<{ name: string; text: string }>): Promise<PeerIndex> {
  const t0 = performance.now();
  const jieba = Jieba.withDict(dict);
  const split = makeSplitter();
  const chunks: PeerChunk[] = [];
  for (const r of reports) {
    for (const text of await split(r.text)) chunks.push({ id: chunks.length, report: r.name, text });
  }
  const mini = new MiniSearch<PeerChunk>({
    fields: ['text'],
    tokenize: (s) => jieba.cutForSearch(s, true),
    processTerm: (t) => (PUNCT.test(t) ? null : t.toLowerCase()),
  });
  mini.addAll(chunks);
  return {
    chunks,
    buildSeconds: (performance.now() - t0) / 1000,
    search: (question, k) =>
      mini
        .search(question)
        .slice(0, k)
        .map((r) => chunks[r.id as number]),
  };
}

export interface PeerCaseResult {
  id: string;
  rank: number | null;
  firstRelevant: number | null;
}

const DEPTH = 20;

/** Rank of each case the way evals/retrieval scores ours: a hit is a chunk of the expected report containing the expected text. */
export function peerCase(index: PeerIndex, c: RetrievalCase): PeerCaseResult {
  const hits = index.search(c.question, DEPTH);
  const ranks = c.expect.map((e) => {
    const want = normalizeForMatch(e.text);
    const i = hits.findIndex((h) => h.report === e.report && normalizeForMatch(h.text).includes(want));
    return i < 0 ? null : i + 1;
  });
  const found = ranks.filter((r): r is number => r !== null);
  const firstRelevant = found.length ? Math.min(...found) : null;
  const rank =
    c.match === 'all' ? (found.length === ranks.length ? Math.max(...found) : null) : firstRelevant;
  return { id: c.id, rank, firstRelevant };
}

/** Expected texts no chunk contains whole (cut by a chunk boundary): the peer cannot hit these at any depth. */
export function unreachable(index: PeerIndex, cases: RetrievalCase[]): number {
  let n = 0;
  for (const c of cases) {
    for (const e of c.expect) {
      const want = normalizeForMatch(e.text);
      if (!index.chunks.some((h) => h.report === e.report && normalizeForMatch(h.text).includes(want))) n++;
    }
  }
  return n;
}

/** The same hit@1 / hit@5 / MRR as the retrieval eval scores ours with. */
export const scorePeer = (results: PeerCaseResult[]): Scores =>
  score(results.map((r) => ({ ...r, type: 'figure' as const })));
