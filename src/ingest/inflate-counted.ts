// Inflates deflate data while counting the bytes it yields, stopping as soon as they pass a limit.
// DecompressionStream exists in Node and in Workers, so both runtimes count the same way.

async function* inflate(
  data: Uint8Array,
  format: 'deflate' | 'deflate-raw',
  limit: number,
): AsyncGenerator<Uint8Array, boolean> {
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; these promises only settle.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return false;
    }
    yield value;
  }
}

/** The inflated bytes, or `null` once they pass `limit` (nothing more is inflated). Corrupt data throws. */
export async function inflateCounted(
  data: Uint8Array,
  format: 'deflate' | 'deflate-raw',
  limit: number,
): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  const it = inflate(data, format, limit);
  let r = await it.next();
  for (; !r.done; r = await it.next()) chunks.push(r.value);
  if (!r.value) return null;
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * How many bytes `data` inflates to, or `null` past `limit`; the bytes are counted and dropped. Corrupt data
 * counts what it yielded before the error (a reader may still use that much).
 */
export async function inflatedSize(
  data: Uint8Array,
  format: 'deflate' | 'deflate-raw',
  limit: number,
): Promise<number | null> {
  let size = 0;
  try {
    const it = inflate(data, format, limit);
    let r = await it.next();
    for (; !r.done; r = await it.next()) size += r.value.byteLength;
    return r.value ? size : null;
  } catch {
    return size;
  }
}
