import { describe, expect, it } from 'vitest';
import { StringTable, stringHash } from './string-table.ts';

describe('StringTable', () => {
  it('finds every string it holds and none it does not, also with colliding slots and non-ASCII text', () => {
    const strings = [
      ...Array.from({ length: 5000 }, (_, i) => `r${(i * 7919).toString(16)}-${String(i).padStart(4, '0')}`),
      '行政处罚',
      '法律明白人',
      '81人',
      '',
      '𠀀扩展区',
    ];
    const table = new StringTable(StringTable.arrays(strings));
    expect(table.count).toBe(strings.length);
    strings.forEach((s, i) => {
      expect(table.at(i)).toBe(s);
      expect(table.find(s)).toBe(i);
    });
    for (const absent of ['行政', 'r0-0001', '法律明白人 ', 'x']) expect(table.find(absent)).toBe(-1);
  });

  it('an empty table finds nothing', () => {
    const table = new StringTable(StringTable.arrays([]));
    expect(table.count).toBe(0);
    expect(table.find('')).toBe(-1);
    expect(table.find('普法')).toBe(-1);
  });

  it('is used over arrays read back from bytes (as from a file), and refuses arrays whose sizes disagree', () => {
    const a = StringTable.arrays(['普法', '宣传', '网格员']);
    const copy = <T extends Int32Array>(x: T) => new Int32Array(new Uint8Array(x.buffer).slice().buffer);
    const table = new StringTable({
      bytes: Buffer.from(a.bytes),
      offsets: copy(a.offsets),
      hashes: copy(a.hashes),
      slots: copy(a.slots),
    });
    expect(table.find('宣传')).toBe(1);
    expect(() => new StringTable({ ...a, offsets: a.offsets.subarray(1) })).toThrow();
    expect(() => new StringTable({ ...a, slots: new Int32Array(3) })).toThrow();
  });

  it('hashes UTF-16 code units, so the same string gives the same number however it was made', () => {
    expect(stringHash('网格员')).toBe(stringHash(Buffer.from('网格员').toString('utf8')));
    expect(stringHash('a')).not.toBe(stringHash('b'));
  });
});
