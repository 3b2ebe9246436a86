import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../../test/helpers.ts';
import { PointCopy } from './hnsw-points.ts';

afterAll(cleanupTempDirs);

const dims = 12;
const vec = (i: number) => Array.from({ length: dims }, (_, j) => Math.sin(i * 1.7 + j) + 0.3);

function indexFile(): { path: string; index: InstanceType<typeof hnswlib.HierarchicalNSW> } {
  const index = new hnswlib.HierarchicalNSW('cosine', dims);
  index.initIndex(64, 8, 50, 7, true);
  for (let label = 0; label < 40; label++) index.addPoint(vec(label), label, true);
  // deleted slots are reused by later labels, so a label is not its element's position in the file
  for (const label of [3, 10, 11]) index.markDelete(label);
  for (let label = 100; label < 105; label++) index.addPoint(vec(label), label, true);
  const path = join(tempDir(), 'v.hnsw');
  index.writeIndexSync(path);
  return { path, index };
}

describe('PointCopy', () => {
  it('copies the wanted labels out of an hnswlib index file, exactly as the graph stores them', async () => {
    const { path, index } = indexFile();
    const live = new Set(index.getIdsList());
    live.delete(7); // not wanted: not copied
    const copy = new PointCopy(dims, 4);
    expect(await copy.fillFromIndexFile(path, (l) => live.has(l), { chunkBytes: 300 })).toBe(live.size);
    for (const label of live) expect(Array.from(copy.get(label)!)).toEqual(index.getPoint(label));
    expect(copy.get(7)).toBeUndefined();
    expect(copy.get(3)).toBeUndefined(); // deleted and reused
    expect(Array.from(copy.get(104)!)).toEqual(index.getPoint(104));
  });

  it('keeps slots of deleted labels for new ones, and grows past its first capacity', () => {
    const copy = new PointCopy(3, 1);
    copy.set(1, [1, 2, 3]);
    copy.set(2, [4, 5, 6]);
    copy.delete(1);
    copy.set(9, [7, 8, 9]);
    expect(copy.size).toBe(2);
    expect(Array.from(copy.get(2)!)).toEqual([4, 5, 6]);
    expect(Array.from(copy.get(9)!)).toEqual([7, 8, 9]);
    expect(copy.get(1)).toBeUndefined();
  });

  it('refuses a file that is not an hnswlib index of its dimensions, copying nothing', async () => {
    const { path } = indexFile();
    await expect(new PointCopy(dims + 1).fillFromIndexFile(path, () => true)).rejects.toThrow(/layout/);
    const junk = join(tempDir(), 'junk.hnsw');
    writeFileSync(junk, Buffer.alloc(500, 7));
    const copy = new PointCopy(dims);
    await expect(copy.fillFromIndexFile(junk, () => true)).rejects.toThrow();
    expect(copy.size).toBe(0);
  });
});
