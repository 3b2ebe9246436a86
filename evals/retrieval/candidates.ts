// npx tsx evals/retrieval/candidates.ts [--scale] — measures candidate offline semantic signals on the dev
// split only (vector alone, and hybrid with today's fusion): more hash dimensions, lexicon concept features,
// library IDF instead of jieba's, and PPMI + SVD word vectors learned from the library. Library-learned
// models are trained on the paragraphs of the library being searched (no labels), as a reindex would.
import { defaultLexicon } from '../../src/search/lexicon.ts';
import { LocalEmbedder, type LocalEmbedderOptions } from '../../src/index/local-embedder.ts';
import {
  type CooccurrenceModel,
  semanticVector,
  trainCooccurrence,
} from '../../src/index/cooccurrence-model.ts';
import { indexedText } from '../../src/library/ingest.ts';
import type { Library } from '../../src/library/library.ts';
import type { Embedder } from '../../src/ports.ts';
import { tokenize } from '../../src/text/tokenize.ts';
import { normalizeForMatch } from '../../src/text/normalize.ts';
import { scoreCases, useEmbedder } from './experiment-lib.ts';
import { type LibraryKind, openEvalLibrary, retrievalSets } from './sets.ts';

/** Hashed lexical features and library word vectors side by side: cosine = (1 − β)·lexical + β·semantic. */
class SemanticPlusLexical implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  constructor(
    private readonly lexical: LocalEmbedder,
    private readonly model: CooccurrenceModel,
    private readonly beta: number,
  ) {
    this.dimensions = lexical.dimensions + model.dimensions;
    this.id = `candidate-cooc:${this.dimensions}:${beta}`;
  }
  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => {
      const words = tokenize(t);
      const a = this.lexical.embedOne(t, words);
      const b = semanticVector(this.model, words);
      const hasB = b.some((x) => x !== 0);
      const wa = hasB ? Math.sqrt(1 - this.beta) : 1;
      const wb = hasB ? Math.sqrt(this.beta) : 0;
      return [...a.map((x) => x * wa), ...Array.from(b, (x) => x * wb)];
    });
  }
}

async function paragraphsOf(lib: Library): Promise<string[]> {
  const out: string[] = [];
  for await (const p of lib.store.allParagraphs()) out.push(indexedText(p));
  return out;
}

function libraryIdf(texts: string[]): NonNullable<LocalEmbedderOptions['libraryIdf']> {
  const words = new Map<string, number>();
  const bigrams = new Map<string, number>();
  for (const t of texts) {
    for (const w of new Set(tokenize(t))) words.set(w, (words.get(w) ?? 0) + 1);
    const chars = normalizeForMatch(t);
    const seen = new Set<string>();
    for (let i = 1; i < chars.length; i++) seen.add(chars.slice(i - 1, i + 1));
    for (const b of seen) bigrams.set(b, (bigrams.get(b) ?? 0) + 1);
  }
  const n = texts.length;
  const idf = (m: Map<string, number>) => new Map([...m].map(([k, df]) => [k, Math.log(1 + n / df)]));
  return { words: idf(words), bigrams: idf(bigrams) };
}

type Candidate = { label: string; make: (texts: string[]) => Embedder };
const CANDIDATES: Candidate[] = [
  { label: 'today: hash 256', make: () => new LocalEmbedder() },
  { label: 'hash 1024', make: () => new LocalEmbedder({ dimensions: 1024 }) },
  {
    label: 'hash 256 + lexicon concepts 1',
    make: () => new LocalEmbedder({ concepts: { groups: defaultLexicon.groups, weight: 1 } }),
  },
  {
    label: 'hash 256 + lexicon concepts 2',
    make: () => new LocalEmbedder({ concepts: { groups: defaultLexicon.groups, weight: 2 } }),
  },
  { label: 'hash 256, library IDF', make: (t) => new LocalEmbedder({ libraryIdf: libraryIdf(t) }) },
  {
    label: 'hash 1024, library IDF',
    make: (t) => new LocalEmbedder({ dimensions: 1024, libraryIdf: libraryIdf(t) }),
  },
  ...[0.2, 0.35, 0.5].map((beta) => ({
    label: `hash 256 + PPMI-SVD 64 (β=${beta})`,
    make: (t: string[]) =>
      new SemanticPlusLexical(
        new LocalEmbedder(),
        trainCooccurrence(
          t.map((x) => tokenize(x)),
          { dimensions: 64 },
        ),
        beta,
      ),
  })),
  {
    label: 'hash 256 + PPMI-SVD 128 (β=0.35)',
    make: (t: string[]) =>
      new SemanticPlusLexical(
        new LocalEmbedder(),
        trainCooccurrence(
          t.map((x) => tokenize(x)),
          { dimensions: 128 },
        ),
        0.35,
      ),
  },
  {
    label: 'hash 1024 + PPMI-SVD 64 (β=0.35)',
    make: (t: string[]) =>
      new SemanticPlusLexical(
        new LocalEmbedder({ dimensions: 1024 }),
        trainCooccurrence(
          t.map((x) => tokenize(x)),
          { dimensions: 64 },
        ),
        0.35,
      ),
  },
  {
    label: 'hash 1024 library IDF + PPMI-SVD 64 (β=0.2)',
    make: (t: string[]) =>
      new SemanticPlusLexical(
        new LocalEmbedder({ dimensions: 1024, libraryIdf: libraryIdf(t) }),
        trainCooccurrence(
          t.map((x) => tokenize(x)),
          { dimensions: 64 },
        ),
        0.2,
      ),
  },
];

const f3 = (x: number) => x.toFixed(3);

async function main() {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const sets = retrievalSets({ scale: process.argv.includes('--scale') });
  console.log('dev only · hit@1 / hit@5 / MRR\n');
  console.log(`| candidate | ${sets.map((s) => `${s.name} vector | ${s.name} hybrid`).join(' | ')} |`);
  console.log(`|---|${sets.map(() => '---|---|').join('')}`);
  const cells = new Map<string, string[]>();
  for (const kind of ['seed', 'fixture', 'scale'] as LibraryKind[]) {
    const here = sets.filter((s) => s.library === kind);
    if (!here.length) continue;
    const { lib, close } = await openEvalLibrary(kind);
    const texts = await paragraphsOf(lib);
    for (const cand of CANDIDATES.filter((c) => !only || c.label.includes(only))) {
      const t0 = performance.now();
      await useEmbedder(lib, cand.make(texts));
      const ms = performance.now() - t0;
      const row = cells.get(cand.label) ?? [];
      for (const set of here) {
        const dev = set.cases.filter((c) => c.split === 'dev');
        for (const mode of ['vector', 'hybrid'] as const) {
          const s = await scoreCases(lib, dev, { mode });
          row.push(`${f3(s.hit1)} / ${f3(s.hit5)} / ${f3(s.mrr)}`);
        }
      }
      cells.set(cand.label, row);
      if (process.argv.includes('--timing'))
        console.error(`${kind} ${cand.label}: train + reindex ${ms.toFixed(0)} ms`);
    }
    await close();
  }
  for (const [label, row] of cells) console.log(`| ${label} | ${row.join(' | ')} |`);
}

await main();
