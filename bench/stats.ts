// Percentiles and formatting shared by the benches (they report medians and percentiles, never single runs).
import { performance } from 'node:perf_hooks';
import type { Corpus } from '../src/library/corpus.ts';
import { type RetrievalMode, retrieve } from '../src/search/retrieve.ts';

export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const median = (xs: number[]): number => pct(xs, 50);
export const ms = (x: number): string => `${x.toFixed(2)} ms`;
/** Peak RSS of this process so far (worker threads included), in MB. */
export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;
export const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;
/** How many times `x` is `base`: 「0.42×」. */
export const ratio = (x: number, base: number): string => `${(x / base).toFixed(x / base < 10 ? 2 : 1)}×`;

/** retrieve() p50/p99 over the questions, `rounds` times each, after a warm-up of ten (topK 8, the mode given). */
export async function retrieveLatencies(
  lib: Corpus,
  questions: string[],
  mode: RetrievalMode,
  rounds: number,
) {
  for (const q of questions.slice(0, 10)) await retrieve(lib, q, { mode }); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await retrieve(lib, q, { topK: 8, mode });
      times.push(performance.now() - t);
    }
  }
  return { n: times.length, p50: pct(times, 50), p99: pct(times, 99) };
}
