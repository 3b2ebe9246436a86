// Format 1 of the BM25 file (before format 2, bm25-snapshot.ts): JSON string tables, then Int32 arrays, one SHA-256
// over the body. Still read — once: a library that has it is migrated to format 2 at its first open — and written
// only by the migration tests.
import { createHash } from 'node:crypto';
import type { SectionKind } from '../domain.ts';
import { Bm25Index, type Bm25Data, runSteps } from './bm25-index.ts';
import type { SnapshotRejection } from './bm25-snapshot.ts';

export const MAGIC = Buffer.from('FZBM25\n', 'latin1');
const FORMAT = 1;
const NULL_YEAR = -2147483648;

interface Header {
  format: number;
  generation: number;
  sha256: string;
  bytes: number;
  paragraphs: number;
  terms: number;
  postings: number;
  stringBytes: number;
}

/** A format-1 file of the index as of `generation` (for the migration tests). */
export function encodeBm25SnapshotV1(index: Bm25Index, generation: number): Buffer {
  return Buffer.concat(runSteps(encodeSteps(index, generation)));
}

/**
 * The file as pieces (magic, header length, header, body…), made in steps: the generator pauses every
 * millisecond or so of work, so a flush on the main thread can let requests run between steps.
 */
function* encodeSteps(index: Bm25Index, generation: number): Generator<void, Buffer[]> {
  const d = yield* index.toDataSteps();
  const docs = new Map<string, number>();
  const orgs = new Map<string, number>();
  const sections = new Map<string, number>();
  const intern = (m: Map<string, number>, s: string) => m.get(s) ?? (m.set(s, m.size), m.size - 1);
  const n = d.ids.length;
  const numbers = new Int32Array(5 * n + d.terms.length + 2 * d.postingDocs.length);
  let at = 0;
  numbers.set(d.lengths, at);
  at += n;
  for (let i = 0; i < n; i++) {
    const m = d.metas[i];
    numbers[at + i] = intern(docs, m.documentId);
    numbers[at + n + i] = m.orgKey === null ? -1 : intern(orgs, m.orgKey);
    numbers[at + 2 * n + i] = m.year === null ? NULL_YEAR : m.year;
    numbers[at + 3 * n + i] = intern(sections, m.section);
    if (i % 20_000 === 19_999) yield;
  }
  at += 4 * n;
  numbers.set(d.postingCounts, at);
  at += d.terms.length;
  numbers.set(d.postingDocs, at);
  at += d.postingDocs.length;
  yield;
  numbers.set(d.postingTfs, at);
  yield;
  // The same bytes as JSON.stringify({ ids, terms, docs, orgs, sections }), made one list at a time.
  const json: string[] = [];
  for (const [key, list] of [
    ['ids', d.ids],
    ['terms', d.terms],
    ['docs', [...docs.keys()]],
    ['orgs', [...orgs.keys()]],
    ['sections', [...sections.keys()]],
  ] as const) {
    json.push(`${json.length ? ',' : '{'}${JSON.stringify(key)}:${JSON.stringify(list)}`);
    yield;
  }
  json.push('}');
  const strings = Buffer.from(json.join(''));
  const pad = Buffer.alloc((4 - (strings.length % 4)) % 4, ' ');
  const numberBytes = Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  const body = [strings, pad, numberBytes]; // JSON, spaces to a 4-byte boundary, numbers
  const hash = createHash('sha256');
  let bytes = 0;
  for (const piece of body) {
    for (let from = 0; from < piece.length; from += HASH_CHUNK) {
      hash.update(piece.subarray(from, from + HASH_CHUNK));
      yield;
    }
    bytes += piece.length;
  }
  const header: Header = {
    format: FORMAT,
    generation,
    sha256: hash.digest('hex'),
    bytes,
    paragraphs: n,
    terms: d.terms.length,
    postings: d.postingDocs.length,
    stringBytes: strings.length + pad.length,
  };
  // Spaces after the header JSON put the body, and so the numbers, at a 4-byte boundary of the file: read in place.
  const headJson = JSON.stringify(header);
  const head = Buffer.from(
    headJson + ' '.repeat((4 - ((MAGIC.length + 4 + Buffer.byteLength(headJson)) % 4)) % 4),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return [MAGIC, len, head, ...body];
}

/** Bytes hashed between two pauses of the encoder. */
const HASH_CHUNK = 1 << 20;

/** The format-1 index saved at `generation` (the whole file), or why it cannot be used. */
export function readBm25SnapshotV1(
  file: Buffer,
  generation: number,
  timings: Record<string, number> = {},
): { index: Bm25Index } | { rejected: SnapshotRejection } {
  let last = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    timings[step] = now - last;
    last = now;
  };
  const bad = (message: string): { rejected: SnapshotRejection } => ({
    rejected: { code: 'format', message },
  });
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC))
    return bad('BM25 索引文件格式不对');
  const headLength = file.readUInt32LE(MAGIC.length);
  const bodyStart = MAGIC.length + 4 + headLength;
  let header: Header;
  try {
    header = JSON.parse(file.toString('utf8', MAGIC.length + 4, bodyStart)) as Header;
  } catch {
    return bad('BM25 索引文件的文件头无法读取');
  }
  if (header.format !== FORMAT)
    return bad(`BM25 索引文件是第 ${header.format} 版格式，本程序使用第 ${FORMAT} 版`);
  if (header.generation !== generation) {
    return {
      rejected: {
        code: 'stale',
        message: `磁盘上的 BM25 索引是第 ${header.generation} 代，数据库已是第 ${generation} 代`,
      },
    };
  }
  const body = file.subarray(bodyStart);
  if (body.length !== header.bytes || createHash('sha256').update(body).digest('hex') !== header.sha256) {
    return {
      rejected: { code: 'checksum_mismatch', message: 'BM25 索引文件的 SHA-256 校验值与文件头记录的不一致' },
    };
  }
  lap('bm25Sha256');
  let s: { ids: string[]; terms: string[]; docs: string[]; orgs: string[]; sections: string[] };
  try {
    s = JSON.parse(body.toString('utf8', 0, header.stringBytes));
  } catch {
    return bad('BM25 索引文件的词表无法读取');
  }
  lap('bm25Strings');
  // The numbers are read where they lie when 4-byte aligned in memory (as written), else copied once.
  const raw = body.subarray(header.stringBytes);
  if (raw.length % 4) return bad('BM25 索引文件的内容与文件头不符');
  const numbers =
    raw.byteOffset % 4 === 0
      ? new Int32Array(raw.buffer, raw.byteOffset, raw.length / 4)
      : new Int32Array(new Uint8Array(raw).buffer);
  const n = header.paragraphs;
  const t = header.terms;
  const p = header.postings;
  if (s.ids.length !== n || s.terms.length !== t || numbers.length !== 5 * n + t + 2 * p)
    return bad('BM25 索引文件的内容与文件头不符');
  const metas: Bm25Data['metas'] = new Array(n);
  for (let i = 0; i < n; i++) {
    const org = numbers[2 * n + i];
    const year = numbers[3 * n + i];
    const doc = s.docs[numbers[n + i]];
    const section = s.sections[numbers[4 * n + i]] as SectionKind;
    if (doc === undefined || section === undefined || (org >= 0 && s.orgs[org] === undefined))
      return bad('BM25 索引文件的内容与文件头不符');
    metas[i] = {
      documentId: doc,
      orgKey: org < 0 ? null : s.orgs[org],
      year: year === NULL_YEAR ? null : year,
      section,
    };
  }
  const data: Bm25Data = {
    ids: s.ids,
    lengths: numbers.subarray(0, n),
    metas,
    terms: s.terms,
    postingCounts: numbers.subarray(5 * n, 5 * n + t),
    postingDocs: numbers.subarray(5 * n + t, 5 * n + t + p),
    postingTfs: numbers.subarray(5 * n + t + p),
  };
  lap('bm25Metas');
  const index = Bm25Index.fromData(data);
  lap('bm25Index');
  return { index };
}
