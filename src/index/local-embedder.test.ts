import { describe, expect, it } from 'vitest';
import { LocalEmbedder } from './local-embedder.ts';

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('LocalEmbedder', () => {
  const e = new LocalEmbedder();

  it('is deterministic, unit length, of the configured dimension, and names itself by it', async () => {
    const [a] = await e.embed(['开展法治宣传进社区活动50余次']);
    const [b] = await e.embed(['开展法治宣传进社区活动50余次']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(256);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
    expect(e.id).toBe('local-hash-v2:256');
    expect(new LocalEmbedder({ dimensions: 384 }).id).toBe('local-hash-v2:384');
  });

  it('puts texts on the same topic closer than texts on different topics', async () => {
    const [q, near, far] = await e.embed([
      '普法宣传形式比较单一',
      '普法形式较为单一，线上新媒体利用效率不高',
      '全年行政处罚191起，处罚金额5460元',
    ]);
    expect(cos(q, near)).toBeGreaterThan(cos(q, far) + 0.1);
  });

  it('embeds empty and odd text without failing', async () => {
    const [a, b] = await e.embed(['', '\u0000\ud800💥']);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(b.every(Number.isFinite)).toBe(true);
  });
});
