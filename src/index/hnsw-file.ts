// The layout of an hnswlib index file (hnswlib 0.8, HierarchicalNSW::saveIndex), for tests that read or damage one
// (and hnsw-points.ts, which copies the vectors out of it).
// A 96-byte header of size_t/int fields, then the level-0 block: cur_element_count elements of
// size_data_per_element bytes, each starting with its level-0 link list at offsetLevel0: a 4-byte count
// word, then up to maxM0 4-byte neighbour ids (then the vector, then the label). Upper-level lists follow.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

export const HNSW_HEADER_BYTES = 96;

export interface HnswFileHeader {
  offsetLevel0: number;
  maxElements: number;
  count: number;
  bytesPerElement: number;
  maxM0: number;
  /** The build parameters the index was made with (hnswlib keeps using them for later inserts). */
  M: number;
  efConstruction: number;
}

export function readHnswHeader(path: string): HnswFileHeader {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(HNSW_HEADER_BYTES);
    readSync(fd, b, 0, HNSW_HEADER_BYTES, 0);
    const n = (at: number) => Number(b.readBigUInt64LE(at));
    return {
      offsetLevel0: n(0),
      maxElements: n(8),
      count: n(16),
      bytesPerElement: n(24),
      maxM0: n(64),
      M: n(72),
      efConstruction: n(88),
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Overwrites the first `perElement` level-0 neighbour ids of every element with `id` (by default far past
 * the end of the index), in place: the file keeps its size and header, so hnswlib's own length check passes.
 * Returns how many 4-byte words were written.
 */
export function overwriteNeighbourIds(path: string, id = 0x7fff_ff00, perElement = 4): number {
  const h = readHnswHeader(path);
  const word = Buffer.alloc(4);
  word.writeUInt32LE(id >>> 0);
  const fd = openSync(path, 'r+');
  let written = 0;
  try {
    for (let i = 0; i < h.count; i++) {
      const list = HNSW_HEADER_BYTES + i * h.bytesPerElement + h.offsetLevel0;
      for (let j = 1; j <= Math.min(perElement, h.maxM0); j++)
        written += writeSync(fd, word, 0, 4, list + 4 * j) / 4;
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
