// The BM25 index on disk: one file, written atomically at each index flush and read at start instead of re-adding
// every stored paragraph's tokens. Format 2: magic, header (JSON: format, store generation, CRC-32 and length of the
// body, where each section lies), then the body: sections of typed arrays (ids and terms as string tables with their
// hash index, each paragraph's token count and filter fields, each report's and office's paragraphs, where each
// term's postings start), then every term's postings (its paragraphs, then their term counts). At open the whole body
// is checked against its CRC-32 (streamed through a small buffer), the sections before the postings are read and used
// in place, and the postings stay in the file: a term's are read the first time it is searched. Any mismatch —
// missing file, other format, other generation, checksum, sizes — means "rebuild from the store", never a half-read
// index. A format-1 file (bm25-snapshot-v1.ts) is still read, and the library rewrites it once as format 2.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, read, readSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from './atomic-write.ts';
import { Bm25Index, type SavedPostings, runSteps } from './bm25-index.ts';
import { NULL_YEAR, type SavedSlots } from './bm25-slots.ts';
import { MAGIC, readBm25SnapshotV1 } from './bm25-snapshot-v1.ts';
import { StringTable } from './string-table.ts';

const FORMAT = 2;

/** The body's sections in file order; each starts at a multiple of 8 bytes. */
const SECTIONS = [
  'names',
  'idBytes',
  'idOffsets',
  'idHashes',
  'idSlots',
  'termBytes',
  'termOffsets',
  'termHashes',
  'termSlots',
  'postingStarts',
  'lengths',
  'docs',
  'orgs',
  'years',
  'sections',
  'docStarts',
  'docSlots',
  'orgStarts',
  'orgSlots',
  'postings',
] as const;
type Section = (typeof SECTIONS)[number];

interface Header {
  format: number;
  generation: number;
  crc32: number;
  bytes: number;
  paragraphs: number;
  terms: number;
  postings: number;
  /** Byte offset and length of each section in the body. */
  at: Record<Section, [number, number]>;
}

export type SnapshotRejection = {
  code: 'absent' | 'format' | 'stale' | 'checksum_mismatch';
  message: string;
};

/** Serialises the index as of `generation` of the store (call under the write lock). */
export function encodeBm25Snapshot(index: Bm25Index, generation: number): Buffer {
  return Buffer.concat(runSteps(encodeSteps(index, generation)));
}

/**
 * The file as pieces (magic, header length, header, body…), made in steps: the generator pauses every
 * millisecond or so of work, so a flush on the main thread can let requests run between steps.
 */
function* encodeSteps(index: Bm25Index, generation: number): Generator<void, Buffer[]> {
  const d = yield* index.toDataSteps();
  const n = d.ids.length;
  const t = d.terms.length;
  const p = d.postingDocs.length;
  const interned = () => {
    const m = new Map<string, number>();
    return { m, code: (s: string) => m.get(s) ?? (m.set(s, m.size), m.size - 1) };
  };
  const [docNames, orgNames, sectionNames] = [interned(), interned(), interned()];
  const docs = new Int32Array(n);
  const orgs = new Int32Array(n);
  const years = new Int32Array(n);
  const sections = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const m = d.metas[i];
    docs[i] = docNames.code(m.documentId);
    orgs[i] = m.orgKey === null ? -1 : orgNames.code(m.orgKey);
    years[i] = m.year === null ? NULL_YEAR : m.year;
    sections[i] = sectionNames.code(m.section);
    if (i % 20_000 === 19_999) yield;
  }
  const ids = StringTable.arrays(d.ids);
  yield;
  const terms = StringTable.arrays(d.terms);
  yield;
  const postingStarts = new Int32Array(t + 1);
  for (let i = 0; i < t; i++) postingStarts[i + 1] = postingStarts[i] + d.postingCounts[i];
  // Each term's postings together (its paragraphs, then their counts), so one read gets them.
  const postings = new Int32Array(2 * p);
  for (let i = 0, work = 0; i < t; i++) {
    const from = postingStarts[i];
    const to = postingStarts[i + 1];
    postings.set(d.postingDocs.subarray(from, to), 2 * from);
    postings.set(d.postingTfs.subarray(from, to), from + to);
    if ((work += to - from + 16) >= 1_000_000) {
      work = 0;
      yield;
    }
  }
  const byDoc = slotLists(docs, docNames.m.size);
  const byOrg = slotLists(orgs, orgNames.m.size);
  yield;
  const names = {
    docs: [...docNames.m.keys()],
    orgs: [...orgNames.m.keys()],
    sections: [...sectionNames.m.keys()],
  };
  const parts: Record<Section, Uint8Array> = {
    names: Buffer.from(JSON.stringify(names)),
    idBytes: ids.bytes,
    idOffsets: bytesOf(ids.offsets),
    idHashes: bytesOf(ids.hashes),
    idSlots: bytesOf(ids.slots),
    termBytes: terms.bytes,
    termOffsets: bytesOf(terms.offsets),
    termHashes: bytesOf(terms.hashes),
    termSlots: bytesOf(terms.slots),
    postingStarts: bytesOf(postingStarts),
    lengths: bytesOf(Int32Array.from(d.lengths)),
    docs: bytesOf(docs),
    orgs: bytesOf(orgs),
    years: bytesOf(years),
    sections: bytesOf(sections),
    docStarts: bytesOf(byDoc.starts),
    docSlots: bytesOf(byDoc.slots),
    orgStarts: bytesOf(byOrg.starts),
    orgSlots: bytesOf(byOrg.slots),
    postings: bytesOf(postings),
  };
  const body: Uint8Array[] = [];
  const at = {} as Header['at'];
  let bytes = 0;
  let crc = 0;
  for (const name of SECTIONS) {
    const piece = parts[name];
    at[name] = [bytes, piece.length];
    const pad = new Uint8Array((8 - (piece.length % 8)) % 8);
    for (const b of [piece, pad]) {
      for (let from = 0; from < b.length; from += HASH_CHUNK) {
        crc = crc32(b.subarray(from, from + HASH_CHUNK), crc);
        yield;
      }
      body.push(b);
      bytes += b.length;
    }
  }
  const header: Header = {
    format: FORMAT,
    generation,
    crc32: crc,
    bytes,
    paragraphs: n,
    terms: t,
    postings: p,
    at,
  };
  // Spaces after the header JSON put the body at a multiple of 8 bytes in the file.
  const headJson = JSON.stringify(header);
  const head = Buffer.from(
    headJson + ' '.repeat((8 - ((MAGIC.length + 4 + Buffer.byteLength(headJson)) % 8)) % 8),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return [MAGIC, len, head, ...body.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))];
}

const bytesOf = (a: Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Each key's slots, ascending, as one list (keys are codes 0..keys-1; a code of -1 is in no list). */
function slotLists(codes: Int32Array, keys: number): { starts: Int32Array; slots: Int32Array } {
  const starts = new Int32Array(keys + 1);
  for (const k of codes) if (k >= 0) starts[k + 1]++;
  for (let k = 0; k < keys; k++) starts[k + 1] += starts[k];
  const slots = new Int32Array(starts[keys]);
  const next = starts.slice(0, keys);
  codes.forEach((k, slot) => {
    if (k >= 0) slots[next[k]++] = slot;
  });
  return { starts, slots };
}

/** Bytes checksummed between two pauses of the encoder, and read at a time when the file is checked. */
const HASH_CHUNK = 1 << 20;
const CHECK_CHUNK = 4 << 20;

export function writeBm25Snapshot(path: string, index: Bm25Index, generation: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, encodeBm25Snapshot(index, generation));
}

export interface SnapshotWriteOptions {
  /** Longest stretch (ms) the encoder runs before letting other work on this thread run. */
  sliceMs?: number;
  /** Called before each piece of the file is written to the temporary file (tests fail or stop the process here). */
  beforeWrite?: (piece: number) => void | Promise<void>;
}

/**
 * writeBm25Snapshot without holding the thread for the whole write (~5 s at 100k paragraphs under load): the
 * encoding runs in slices of a few milliseconds with the event loop served between them, and the file is written
 * by the thread pool. The index must not change until it resolves (call under the library's write lock). The file
 * goes to a temporary name and is renamed over the old one only when complete and synced: a crash at any point
 * leaves the previous file (or none), never a part of one. Temporary files a crash left behind are removed here.
 */
export async function writeBm25SnapshotAsync(
  path: string,
  index: Bm25Index,
  generation: number,
  opts: SnapshotWriteOptions = {},
): Promise<void> {
  const sliceMs = opts.sliceMs ?? 8;
  const steps = encodeSteps(index, generation);
  let since = performance.now();
  let r = steps.next();
  while (!r.done) {
    if (performance.now() - since >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    r = steps.next();
  }
  const pieces = r.value;
  await mkdir(dirname(path), { recursive: true });
  await removeLeftovers(path);
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  let file: FileHandle | null = null;
  try {
    file = await open(tmp, 'w');
    for (const [i, piece] of pieces.entries()) {
      await opts.beforeWrite?.(i);
      for (let from = 0; from < piece.length;) {
        const { bytesWritten } = await file.write(piece, from, Math.min(piece.length - from, 16 << 20));
        from += bytesWritten;
      }
    }
    await file.sync();
    await file.close();
    file = null;
    await rename(tmp, path);
  } catch (e) {
    await file?.close().catch(() => undefined);
    await rm(tmp, { force: true }); // a full disk must not also keep the half-written copy
    throw e;
  }
}

/** Temporary files of writes that never finished (the process died): never read, removed at the next write. */
async function removeLeftovers(path: string): Promise<void> {
  const prefix = `${basename(path)}.tmp-`;
  for (const f of await readdir(dirname(path)).catch(() => [] as string[]))
    if (f.startsWith(prefix)) await rm(join(dirname(path), f), { force: true });
}

/** Fills `into` from the file at `position` (a read may return less than asked). */
function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length;) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('BM25 索引文件比文件头所记的短');
    done += n;
  }
}

/** Closes the file of a loaded index that was dropped without close() (a reindex replaces the index). */
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * The index saved at `generation`, or why the file cannot be used. `format` 1: an old file, read whole (the caller
 * rewrites it). A loaded format-2 index keeps the file open to read postings from; close() it when done.
 */
export function readBm25Snapshot(
  path: string,
  generation: number,
  timings: Record<string, number> = {},
): { index: Bm25Index; format: 1 | 2 } | { rejected: SnapshotRejection } {
  let last = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    timings[step] = now - last;
    last = now;
  };
  if (!existsSync(path)) return { rejected: { code: 'absent', message: '没有 BM25 索引文件' } };
  const fd = openSync(path, 'r');
  let keep = false;
  try {
    const r = readOpen(fd, generation, lap);
    if ('format1' in r) {
      const file = Buffer.alloc(fstatSync(fd).size);
      readFully(fd, file, 0);
      const v1 = readBm25SnapshotV1(file, generation, timings);
      return 'index' in v1 ? { index: v1.index, format: 1 } : v1;
    }
    if ('rejected' in r) return r;
    keep = true;
    return { index: r.index, format: 2 };
  } finally {
    if (!keep) closeSync(fd);
  }
}

function readOpen(
  fd: number,
  generation: number,
  lap: (step: string) => void,
): { index: Bm25Index } | { rejected: SnapshotRejection } | { format1: true } {
  const bad = (message: string): { rejected: SnapshotRejection } => ({
    rejected: { code: 'format', message },
  });
  const size = fstatSync(fd).size;
  const prefix = Buffer.alloc(MAGIC.length + 4);
  if (size < prefix.length) return bad('BM25 索引文件格式不对');
  readFully(fd, prefix, 0);
  if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) return bad('BM25 索引文件格式不对');
  const headLength = prefix.readUInt32LE(MAGIC.length);
  const bodyStart = prefix.length + headLength;
  if (bodyStart > size) return bad('BM25 索引文件的文件头无法读取');
  const headBytes = Buffer.alloc(headLength);
  readFully(fd, headBytes, prefix.length);
  let header: Header;
  try {
    header = JSON.parse(headBytes.toString('utf8')) as Header;
  } catch {
    return bad('BM25 索引文件的文件头无法读取');
  }
  if (header.format === 1 && header.generation === generation) return { format1: true };
  if (header.format !== FORMAT && header.format !== 1)
    return bad(`BM25 索引文件是第 ${header.format} 版格式，本程序使用第 ${FORMAT} 版`);
  if (header.generation !== generation) {
    return {
      rejected: {
        code: 'stale',
        message: `磁盘上的 BM25 索引是第 ${header.generation} 代，数据库已是第 ${generation} 代`,
      },
    };
  }
  const mismatch = {
    rejected: { code: 'checksum_mismatch', message: 'BM25 索引文件的校验值（CRC-32）与文件头记录的不一致' },
  } as const;
  if (size - bodyStart !== header.bytes) return mismatch;
  const postingsAt = header.at?.postings?.[0];
  if (!Number.isInteger(postingsAt) || postingsAt < 0 || postingsAt > header.bytes)
    return bad('BM25 索引文件的内容与文件头不符');
  // Everything before the postings, in a buffer of its own (so the Int32 views are aligned)…
  const head = new Uint8Array(new ArrayBuffer(postingsAt));
  readFully(fd, head, bodyStart);
  lap('bm25Read');
  // …then the whole body checked, the postings streamed through a small buffer (never held at once).
  let crc = crc32(head);
  const chunk = new Uint8Array(Math.min(CHECK_CHUNK, Math.max(1, header.bytes - postingsAt)));
  for (let at = bodyStart + postingsAt; at < size; at += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, size - at));
    readFully(fd, piece, at);
    crc = crc32(piece, crc);
  }
  if (crc !== header.crc32) return mismatch;
  lap('bm25Check');
  const n = header.paragraphs;
  const t = header.terms;
  const p = header.postings;
  const section = (name: Section, count?: number): Int32Array => {
    const [from, length] = header.at[name];
    if (from % 4 || length % 4 || from + length > postingsAt || (count !== undefined && length !== 4 * count))
      throw new Error(`BM25 索引文件的 ${name} 一节与文件头不符`);
    return new Int32Array(head.buffer, from, length / 4);
  };
  const raw = (name: Section): Uint8Array => {
    const [from, length] = header.at[name];
    if (from + length > postingsAt) throw new Error(`BM25 索引文件的 ${name} 一节与文件头不符`);
    return head.subarray(from, from + length);
  };
  let slots: SavedSlots;
  let postings: SavedPostings;
  try {
    const names = JSON.parse(Buffer.from(raw('names')).toString('utf8')) as {
      docs: string[];
      orgs: string[];
      sections: string[];
    };
    const ids = new StringTable({
      bytes: raw('idBytes'),
      offsets: section('idOffsets', n + 1),
      hashes: section('idHashes', n),
      slots: section('idSlots'),
    });
    const terms = new StringTable({
      bytes: raw('termBytes'),
      offsets: section('termOffsets', t + 1),
      hashes: section('termHashes', t),
      slots: section('termSlots'),
    });
    const starts = section('postingStarts', t + 1);
    if (starts[t] !== p || header.at.postings[1] !== 8 * p)
      throw new Error('BM25 索引文件的倒排与文件头不符');
    const lists = (s: Section, l: Section, keys: number, count: number) => {
      const r = { starts: section(s, keys + 1), slots: section(l) };
      if (r.slots.length !== r.starts[keys] || r.slots.length > count)
        throw new Error('BM25 索引文件的范围表不符');
      return r;
    };
    slots = {
      ids,
      lengths: section('lengths', n),
      docs: section('docs', n),
      orgs: section('orgs', n),
      years: section('years', n),
      sections: section('sections', n),
      docNames: names.docs,
      orgNames: names.orgs,
      sectionNames: names.sections,
      byDocument: lists('docStarts', 'docSlots', names.docs.length, n),
      byOrg: lists('orgStarts', 'orgSlots', names.orgs.length, n),
    };
    const from = bodyStart + postingsAt;
    const token = {};
    let closed = false;
    // Reads in the thread pool (readAsync) still running: the descriptor is closed when the last one ends.
    let pending = 0;
    const release = () => {
      unclosed.unregister(token);
      closeSync(fd);
    };
    const termLists = (bytes: Uint8Array, count: number) => ({
      docs: new Int32Array(bytes.buffer, 0, count),
      tfs: new Int32Array(bytes.buffer, 4 * count, count),
    });
    postings = {
      terms,
      starts,
      tables: head,
      read: (i) => {
        // After close() the descriptor's number may belong to another file: never read through it.
        if (closed) throw new Error('BM25 索引文件已关闭');
        const count = starts[i + 1] - starts[i];
        const bytes = new Uint8Array(8 * count);
        readFully(fd, bytes, from + 8 * starts[i]);
        return termLists(bytes, count);
      },
      readAsync: async (i) => {
        if (closed) throw new Error('BM25 索引文件已关闭');
        const count = starts[i + 1] - starts[i];
        const bytes = new Uint8Array(8 * count);
        pending++;
        try {
          for (let done = 0; done < bytes.length;) {
            const n = await new Promise<number>((resolve, reject) =>
              read(fd, bytes, done, bytes.length - done, from + 8 * starts[i] + done, (e, n) =>
                e ? reject(e) : resolve(n),
              ),
            );
            if (n === 0) throw new Error('BM25 索引文件比文件头所记的短');
            done += n;
          }
        } finally {
          if (--pending === 0 && closed) release();
        }
        if (closed) throw new Error('BM25 索引文件已关闭');
        return termLists(bytes, count);
      },
      close: () => {
        if (closed) return;
        closed = true;
        if (pending === 0) release();
      },
    };
    const index = Bm25Index.fromSaved(slots, postings);
    unclosed.register(postings, fd, token);
    lap('bm25Index');
    return { index };
  } catch (e) {
    return bad(`BM25 索引文件的内容与文件头不符：${(e as Error).message}`);
  }
}
