// Word vectors learned from the library itself: positive PMI of words seen near each other, reduced by a
// truncated eigendecomposition (randomised subspace iteration). Pure TypeScript, no download, deterministic.

export interface CooccurrenceOptions {
  /** Words kept (the most frequent of those in at least `minDf` paragraphs). */
  maxVocabulary?: number;
  minDf?: number;
  /** Context: this many words either side. */
  window?: number;
  dimensions?: number;
  seed?: number;
}

export interface CooccurrenceModel {
  dimensions: number;
  /** word → unit vector */
  vectors: Map<string, Float32Array>;
  /** word → library inverse document frequency, log(N / df) */
  idf: Map<string, number>;
}

/** Words worth a vector: Chinese words of two characters or more (numbers and punctuation carry no topic). */
export const isTopicWord = (w: string) => w.length >= 2 && /^[\u3400-\u9fff]+$/.test(w);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Orthonormalises the k columns (each of length n, column-major) in place (modified Gram–Schmidt). */
function orthonormalize(cols: Float64Array[]): void {
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j];
    for (let i = 0; i < j; i++) {
      const u = cols[i];
      let d = 0;
      for (let r = 0; r < v.length; r++) d += u[r] * v[r];
      for (let r = 0; r < v.length; r++) v[r] -= d * u[r];
    }
    let n = 0;
    for (let r = 0; r < v.length; r++) n += v[r] * v[r];
    n = Math.sqrt(n) || 1;
    for (let r = 0; r < v.length; r++) v[r] /= n;
  }
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi). Returns eigenvalues and column eigenvectors. */
function jacobiEigen(a: Float64Array[], sweeps = 60): { values: number[]; vectors: Float64Array[] } {
  const n = a.length;
  const v = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    row[i] = 1;
    return row;
  });
  for (let s = 0; s < sweeps; s++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-15) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - sn * akq;
          a[k][q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - sn * aqk;
          a[q][k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - sn * vkq;
          v[k][q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const values = a.map((row, i) => row[i]);
  const vectors = values.map((_, j) => Float64Array.from(v, (row) => row[j]));
  return { values, vectors };
}

/** Trains word vectors on the library's paragraphs, each given as its word tokens in order. */
export function trainCooccurrence(paragraphs: string[][], opts: CooccurrenceOptions = {}): CooccurrenceModel {
  const maxVocabulary = opts.maxVocabulary ?? 8000;
  const minDf = opts.minDf ?? 2;
  const window = opts.window ?? 4;
  const dims = opts.dimensions ?? 64;
  const rand = mulberry32(opts.seed ?? 7);

  const docs = paragraphs.map((p) => p.filter(isTopicWord));
  const df = new Map<string, number>();
  const tf = new Map<string, number>();
  for (const d of docs) {
    for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
    for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
  }
  const n = docs.length || 1;
  const vocab = [...df]
    .filter(([, c]) => c >= minDf)
    .map(([w]) => w)
    .sort((a, b) => tf.get(b)! - tf.get(a)! || (a < b ? -1 : 1))
    .slice(0, maxVocabulary);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const idf = new Map([...df].map(([w, c]) => [w, Math.log(n / c)]));
  const V = vocab.length;
  const k = Math.min(dims, Math.max(1, V - 1));
  if (V < 4) return { dimensions: dims, vectors: new Map(), idf };

  // Symmetric co-occurrence counts, weighted 1/distance.
  const counts = new Map<number, number>();
  for (const d of docs) {
    const ids = d.map((w) => index.get(w) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] < 0) continue;
      for (let j = i + 1; j <= i + window && j < ids.length; j++) {
        if (ids[j] < 0 || ids[j] === ids[i]) continue;
        const w = 1 / (j - i);
        const a = ids[i] * V + ids[j];
        const b = ids[j] * V + ids[i];
        counts.set(a, (counts.get(a) ?? 0) + w);
        counts.set(b, (counts.get(b) ?? 0) + w);
      }
    }
  }
  const rowSum = new Float64Array(V);
  let total = 0;
  for (const [key, c] of counts) {
    rowSum[Math.floor(key / V)] += c;
    total += c;
  }
  // Context distribution smoothed (^0.75), as in Levy, Goldberg & Dagan 2015.
  const ctx = rowSum.map((s) => Math.pow(s, 0.75));
  const ctxTotal = ctx.reduce((s, x) => s + x, 0);
  const rows: number[] = [];
  const colsIdx: number[] = [];
  const vals: number[] = [];
  for (const [key, c] of counts) {
    const i = Math.floor(key / V);
    const j = key % V;
    const pmi = Math.log((c * ctxTotal) / (rowSum[i] * ctx[j]));
    if (pmi > 0) {
      rows.push(i);
      colsIdx.push(j);
      vals.push(pmi);
    }
  }
  const mul = (x: Float64Array[]): Float64Array[] => {
    const out = x.map(() => new Float64Array(V));
    for (let e = 0; e < vals.length; e++) {
      const i = rows[e];
      const j = colsIdx[e];
      const v = vals[e];
      for (let c = 0; c < x.length; c++) out[c][i] += v * x[c][j];
    }
    return out;
  };
  const p = Math.min(V, k + 10);
  let q: Float64Array[] = Array.from({ length: p }, () =>
    Float64Array.from({ length: V }, () => rand() - 0.5),
  );
  for (let it = 0; it < 4; it++) {
    q = mul(q);
    orthonormalize(q);
  }
  const mq = mul(q);
  const small = q.map((qi) => Float64Array.from(mq, (mj) => qi.reduce((s, x, r) => s + x * mj[r], 0)));
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) small[i][j] = small[j][i] = (small[i][j] + small[j][i]) / 2;
  const { values, vectors } = jacobiEigen(small);
  const order = values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, k);
  const out = new Map<string, Float32Array>();
  for (let w = 0; w < V; w++) {
    const vec = new Float32Array(k);
    let norm = 0;
    order.forEach(([value, col], d) => {
      let x = 0;
      for (let c = 0; c < p; c++) x += q[c][w] * vectors[col][c];
      x *= Math.sqrt(Math.max(value, 0));
      vec[d] = x;
      norm += x * x;
    });
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (let d = 0; d < k; d++) vec[d] /= norm;
      out.set(vocab[w], vec);
    }
  }
  return { dimensions: k, vectors: out, idf };
}

/** IDF-weighted mean of the word vectors of a text's words, unit length (zeros when no word has a vector). */
export function semanticVector(model: CooccurrenceModel, words: string[]): Float64Array {
  const v = new Float64Array(model.dimensions);
  const tf = new Map<string, number>();
  for (const w of words) if (isTopicWord(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
  for (const [w, c] of tf) {
    const wv = model.vectors.get(w);
    if (!wv) continue;
    const weight = (1 + Math.log(c)) * (model.idf.get(w) ?? 0);
    for (let d = 0; d < wv.length; d++) v[d] += weight * wv[d];
  }
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d] * v[d];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < v.length; d++) v[d] /= norm;
  return v;
}
