// Reindex (Node library only): re-tokenise and re-embed every stored paragraph with the current embedder.
import type { VectorMetadata } from '../ports.ts';
import { Bm25Index } from '../index/bm25-index.ts';
import { tokenize } from '../text/tokenize.ts';
import { indexedText } from './ingest.ts';
import { writeBm25Snapshot } from '../index/bm25-snapshot.ts';
import { createVectorStore, type Library, lexicalPath, vectorDir } from './library.ts';

/** Re-tokenises and re-embeds every stored paragraph with the current embedder and rebuilds both indexes. */
export async function reindex(
  lib: Library,
  onProgress?: (done: number, total: number) => void,
): Promise<{ paragraphs: number }> {
  return lib.writeLock.run(async () => {
    await lib.vectorsReady; // a background load must not write its index over the one built here
    await lib.lexicalWarmup?.stop(); // it warms the index replaced here
    lib.lexicalWarmup = undefined;
    const all: { id: string; text: string; meta: VectorMetadata }[] = [];
    for await (const p of lib.store.allParagraphs()) {
      all.push({
        id: p.id,
        text: indexedText(p),
        meta: { documentId: p.documentId, orgKey: p.orgKey, year: p.year, section: p.section },
      });
    }
    const items: { id: string; tokens: string[]; embedding: number[] }[] = [];
    const batch = 256;
    for (let i = 0; i < all.length; i += batch) {
      const slice = all.slice(i, i + batch);
      const vecs = await lib.embedder.embed(slice.map((s) => s.text));
      slice.forEach((s, j) => items.push({ id: s.id, tokens: tokenize(s.text), embedding: vecs[j] }));
      onProgress?.(Math.min(i + batch, all.length), all.length);
    }
    const vectors = await createVectorStore({
      embedderId: lib.embedder.id,
      dimensions: lib.embedder.dimensions,
      initialCapacity: Math.max(1024, all.length),
    });
    const lexical = new Bm25Index();
    await vectors.upsert(items.map((it, i) => ({ id: it.id, vector: it.embedding, metadata: all[i].meta })));
    items.forEach((it, i) => lexical.add(it.id, it.tokens, all[i].meta));
    await lib.store.updateIndexData(items, { id: lib.embedder.id, dimensions: lib.embedder.dimensions });
    await vectors.flush(vectorDir(lib.dataDir), await lib.store.generation());
    await lib.vectors.close();
    lib.vectors = vectors;
    lib.lexical = lexical;
    writeBm25Snapshot(lexicalPath(lib.dataDir), lexical, await lib.store.generation());
    return { paragraphs: items.length };
  });
}
