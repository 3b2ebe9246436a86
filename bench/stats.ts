// Percentiles and formatting shared by the benches (they report medians and percentiles, never single runs).
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
