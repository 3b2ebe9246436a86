// A minimal in-memory Vectorize binding for running the real Worker bundle in workerd (npm run cf:dev, tests) (Miniflare's wrapped
// binding: this module's default export builds the binding). Writes apply at once; exact cosine search;
// $eq filters only — the adapter's behaviour against Vectorize's documented rules is tested elsewhere.
export default function makeBinding() {
  const vectors = new Map();
  let seq = 0;
  const mutation = () => ({ mutationId: `m${++seq}` });
  const cosine = (a, b) => {
    let dot = 0,
      na = 0,
      nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
  };
  const matches = (meta, filter) =>
    Object.entries(filter ?? {}).every(([k, c]) => meta[k] === (typeof c === 'object' ? c.$eq : c));
  return {
    async upsert(vs) {
      for (const v of vs)
        vectors.set(v.id, { id: v.id, values: Array.from(v.values), metadata: v.metadata ?? {} });
      return mutation();
    },
    async insert(vs) {
      for (const v of vs)
        if (!vectors.has(v.id))
          vectors.set(v.id, { id: v.id, values: Array.from(v.values), metadata: v.metadata ?? {} });
      return mutation();
    },
    async deleteByIds(ids) {
      for (const id of ids) vectors.delete(id);
      return mutation();
    },
    async getByIds(ids) {
      return ids.flatMap((id) => (vectors.has(id) ? [vectors.get(id)] : []));
    },
    async describe() {
      return { dimensions: 0, vectorCount: vectors.size, processedUpToMutation: `m${seq}` };
    },
    async query(q, opts = {}) {
      const found = [...vectors.values()]
        .filter((v) => matches(v.metadata, opts.filter))
        .map((v) => ({ id: v.id, score: cosine(q, v.values) }));
      found.sort((a, b) => b.score - a.score);
      const top = found.slice(0, opts.topK ?? 5);
      return { count: top.length, matches: top };
    },
  };
}
