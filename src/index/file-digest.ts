// SHA-256 and size of a file, read in chunks (an index at 100k paragraphs is ~120 MB: never one Buffer).
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';

export interface FileDigest {
  sha256: string;
  bytes: number;
}

const CHUNK = 4 * 1024 * 1024;

/** Synchronous: for loading, which already blocks (on the worker thread when the index is threaded). */
export function digestFileSync(path: string): FileDigest {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(n === CHUNK ? buf : buf.subarray(0, n));
      bytes += n;
    }
    if (bytes !== fstatSync(fd).size) throw new Error(`文件在读取时被改动：${path}`);
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}

/** Streaming: for flushes, which may run on the main thread while requests are served. */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
