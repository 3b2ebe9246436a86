// StringTable: a list of strings as UTF-8 bytes, offsets and an open-addressing hash index, all typed arrays — so a
// table saved in a file is used where it was read (a string is decoded only when asked for), with nothing built at load.

/** The arrays of a table, as saved: string i is bytes[offsets[i]..offsets[i+1]); slots hold i + 1 (0 = empty). */
export interface StringTableArrays {
  bytes: Uint8Array;
  offsets: Int32Array;
  hashes: Int32Array;
  slots: Int32Array;
}

/** FNV-1a over the UTF-16 code units (the same number at write and at lookup, whatever the encoding). */
export function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export class StringTable {
  private readonly buf: Buffer;

  constructor(private readonly a: StringTableArrays) {
    this.buf = Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength);
    const n = a.hashes.length;
    const size = a.slots.length;
    if (a.offsets.length !== n + 1 || size < n + 1 || (size & (size - 1)) !== 0)
      throw new Error('字符串表的长度不一致');
    if (n && (a.offsets[0] !== 0 || a.offsets[n] !== a.bytes.length)) throw new Error('字符串表的长度不一致');
  }

  get count(): number {
    return this.a.hashes.length;
  }

  at(i: number): string {
    return this.buf.toString('utf8', this.a.offsets[i], this.a.offsets[i + 1]);
  }

  /** The index of `s`, or -1. */
  find(s: string): number {
    const { hashes, slots } = this.a;
    const h = stringHash(s);
    const mask = slots.length - 1;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const e = slots[j];
      if (e === 0) return -1;
      if (hashes[e - 1] === h && this.at(e - 1) === s) return e - 1;
    }
  }

  /** The arrays for `strings` (distinct), to be saved and read back with `new StringTable(arrays)`. */
  static arrays(strings: readonly string[]): StringTableArrays {
    const encoded = strings.map((s) => Buffer.from(s));
    const offsets = new Int32Array(strings.length + 1);
    for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i] + encoded[i].length;
    const bytes = Buffer.concat(encoded, offsets[strings.length]);
    const hashes = Int32Array.from(strings, stringHash);
    let size = 2;
    while (size < 2 * strings.length) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < strings.length; i++) {
      let j = hashes[i] & mask;
      while (slots[j] !== 0) j = (j + 1) & mask;
      slots[j] = i + 1;
    }
    return { bytes, offsets, hashes, slots };
  }
}
