import { afterAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../index/local-embedder.ts';
import { loadWordVectors } from '../index/word-vectors-file.ts';
import { cleanupTempDirs, seedLibrary, tempDir } from '../../test/helpers.ts';
import { learnLocalEmbedder } from './learn-word-vectors.ts';
import { closeLibrary, openLibrary } from './library.ts';
import { reindex } from './reindex.ts';
import { retrieve } from '../search/retrieve.ts';

afterAll(cleanupTempDirs);

describe('word vectors learned by reindex', () => {
  it('are saved with the library, name the embedder, and a library never opens with vectors of another model', async () => {
    const dir = tempDir();
    const lib = await seedLibrary(new LocalEmbedder(), dir);
    lib.embedder = await learnLocalEmbedder(lib.store, dir, lib.embedder as LocalEmbedder);
    await reindex(lib);
    const learnedId = lib.embedder.id;
    expect(learnedId).toMatch(/^local-hash-v2:256\+ppmi64:[0-9a-f]{12}:0\.35$/);
    expect(lib.embedder.dimensions).toBe(320);
    const { hits } = await retrieve(lib, '大港街打官司的案子有几起', { topK: 3 });
    expect(hits[0].paragraph.text).toContain('收到行政诉讼案件2起');
    await closeLibrary(lib);

    // The next start reads the same model back: same id, the index on disk is used.
    const again = await openLibrary({
      dataDir: dir,
      embedder: new LocalEmbedder({ wordVectors: loadWordVectors(dir)! }),
    });
    expect([again.embedder.id, again.openedBy]).toEqual([learnedId, 'loaded']);
    await closeLibrary(again);
    // Without it (file removed or damaged) the hashed embedder is refused until reindex.
    await expect(openLibrary({ dataDir: dir, embedder: new LocalEmbedder() })).rejects.toThrow(
      /npm run reindex/,
    );
  }, 60_000);
});
