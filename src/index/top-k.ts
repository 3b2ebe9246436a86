// TopK: keeps the k highest-scoring items with a binary min-heap (no full sort of all candidates).
export class TopK<T> {
  private readonly heap: { item: T; score: number }[] = [];
  constructor(private readonly k: number) {}

  push(item: T, score: number): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push({ item, score });
      let i = h.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (h[parent].score <= h[i].score) break;
        [h[parent], h[i]] = [h[i], h[parent]];
        i = parent;
      }
    } else if (this.k > 0 && score > h[0].score) {
      h[0] = { item, score };
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].score < h[m].score) m = l;
        if (r < h.length && h[r].score < h[m].score) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
  }

  sorted(): { item: T; score: number }[] {
    return [...this.heap].sort((a, b) => b.score - a.score);
  }
}
