// PointCopy: the stored (normalised) vectors kept by label in one Float32Array, beside the hnswlib graph.
// hnswlib-node's getPoint builds a JS array element by element (~20 µs for 256 dimensions at 1M vectors), so an exact
// scan of a few hundred vectors — a search scoped to one report — cost milliseconds in getPoint alone; a question
// naming a street that many districts have searches a dozen such reports. Here a point is a subarray view.
import { open } from 'node:fs/promises';
import { HNSW_HEADER_BYTES as HEADER_BYTES } from './hnsw-file.ts';

export class PointCopy {
  private data: Float32Array;
  private readonly slotOf = new Map<number, number>();
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    private readonly dimensions: number,
    capacity = 1024,
  ) {
    this.data = new Float32Array(Math.max(1, capacity) * dimensions);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** The stored vector of a label, or undefined when it is not copied (yet). A view: valid until the next set. */
  get(label: number): Float32Array | undefined {
    const slot = this.slotOf.get(label);
    if (slot === undefined) return undefined;
    return this.data.subarray(slot * this.dimensions, (slot + 1) * this.dimensions);
  }

  set(label: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dimensions) return;
    const slot = this.slotFor(label); // may grow the array: taken before it is read
    this.data.set(vector, slot * this.dimensions);
  }

  delete(label: number): void {
    const slot = this.slotOf.get(label);
    if (slot === undefined) return;
    this.slotOf.delete(label);
    this.free.push(slot);
  }

  clear(): void {
    this.slotOf.clear();
    this.free.length = 0;
    this.used = 0;
  }

  private slotFor(label: number): number {
    let slot = this.slotOf.get(label);
    if (slot !== undefined) return slot;
    slot = this.free.pop() ?? this.used++;
    if ((slot + 1) * this.dimensions > this.data.length) {
      const grown = new Float32Array(Math.max(2 * this.data.length, (slot + 1) * this.dimensions));
      grown.set(this.data);
      this.data = grown;
    }
    this.slotOf.set(label, slot);
    return slot;
  }

  /**
   * Copies the vectors of the wanted labels out of an index file written by hnswlib's saveIndex (its level-0 block
   * holds each element's links, vector and label), in chunks between other work. Labels already copied are kept.
   * Returns how many were copied; throws when the file is not laid out as expected (the caller then keeps reading
   * points from the graph).
   */
  async fillFromIndexFile(
    path: string,
    wanted: (label: number) => boolean,
    opts: { chunkBytes?: number; stopped?: () => boolean } = {},
  ): Promise<number> {
    const fh = await open(path, 'r');
    try {
      // The header's size_t fields: offsetLevel0, max_elements, cur_element_count, size_data_per_element,
      // label_offset, offsetData (hnsw-file.ts).
      const head = Buffer.alloc(HEADER_BYTES);
      await fh.read(head, 0, HEADER_BYTES, 0);
      const count = Number(head.readBigUInt64LE(16));
      const perElement = Number(head.readBigUInt64LE(24));
      const labelOffset = Number(head.readBigUInt64LE(32));
      const dataOffset = Number(head.readBigUInt64LE(40));
      const vectorBytes = this.dimensions * 4;
      if (
        Number(head.readBigUInt64LE(0)) !== 0 ||
        dataOffset + vectorBytes !== labelOffset ||
        labelOffset + 8 !== perElement ||
        (await fh.stat()).size < HEADER_BYTES + count * perElement
      ) {
        throw new Error('index file layout not recognised');
      }
      const perChunk = Math.max(1, Math.floor((opts.chunkBytes ?? 8 << 20) / perElement));
      const buf = Buffer.alloc(perChunk * perElement);
      let copied = 0;
      for (let first = 0; first < count; first += perChunk) {
        if (opts.stopped?.()) break;
        const n = Math.min(perChunk, count - first);
        const { bytesRead } = await fh.read(buf, 0, n * perElement, HEADER_BYTES + first * perElement);
        if (bytesRead < n * perElement) throw new Error('index file shorter than its header says');
        for (let e = 0; e < n; e++) {
          const at = e * perElement;
          if (buf.readUInt32LE(at + labelOffset + 4) !== 0) continue; // labels above 2^32 are not ours
          const label = buf.readUInt32LE(at + labelOffset);
          if (!wanted(label) || this.slotOf.has(label)) continue;
          const slot = this.slotFor(label);
          new Uint8Array(this.data.buffer, this.data.byteOffset + slot * vectorBytes, vectorBytes).set(
            buf.subarray(at + dataOffset, at + dataOffset + vectorBytes),
          );
          copied++;
        }
      }
      return copied;
    } finally {
      await fh.close();
    }
  }
}
