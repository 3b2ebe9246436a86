// Reads a zip (a .docx) with limits: entries counted, every entry inflated with its bytes counted as they
// come out — the sizes a zip declares can lie — and written back as an uncompressed zip for mammoth, so
// mammoth never inflates anything itself.
import { AppError } from '../errors.ts';
import { inflateCounted } from './inflate-counted.ts';

export interface ZipEntry {
  /** The name's bytes as stored (with the UTF-8 flag), so the rewritten zip names entries exactly as the original. */
  rawName: Uint8Array;
  name: string;
  utf8: boolean;
  crc: number;
  data: Uint8Array;
}

export interface UnzipLimits {
  inflatedBytes: number;
  entries: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const broken = (name: string) =>
  new AppError('unsupported_type', `文件「${name}」不是完整的 .docx（压缩包已损坏）`, { subject: name });

/** Inflates every entry of `zip`; throws `too_large` past a limit and `unsupported_type` for a broken zip. */
export async function unzipBounded(
  zip: Uint8Array,
  name: string,
  limits: UnzipLimits,
  onOver: { inflated: () => Error; entries: () => Error },
): Promise<ZipEntry[]> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (u32(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken(name);
  const count = u16(eocd + 10);
  if (count > limits.entries) throw onOver.entries();
  let at = u32(eocd + 16);
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || u32(at) !== CENTRAL) throw broken(name);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const nameLen = u16(at + 28);
    const rawName = zip.subarray(at + 46, at + 46 + nameLen);
    const [declared, compressed, local] = zip64Sizes(view, at, [u32(at + 24), u32(at + 20), u32(at + 42)]);
    at += 46 + nameLen + u16(at + 30) + u16(at + 32);
    const entryName = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(rawName);
    if (entryName.endsWith('/')) continue;
    if (flags & 1)
      throw new AppError('unsupported_type', `文件「${name}」是加密的 .docx，请先取消密码保护`, {
        subject: name,
      });
    // A declared size over the limit is believed; a small one is not — the bytes are counted below.
    if (total + declared > limits.inflatedBytes) throw onOver.inflated();
    if (local + 30 > zip.length || u32(local) !== LOCAL) throw broken(name);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + compressed > zip.length) throw broken(name);
    const raw = zip.subarray(start, start + compressed);
    let data: Uint8Array | null;
    if (method === 0) data = raw.length > limits.inflatedBytes - total ? null : raw;
    else if (method === 8)
      data = await inflateCounted(raw, 'deflate-raw', limits.inflatedBytes - total).catch(() =>
        Promise.reject(broken(name)),
      );
    else
      throw new AppError(
        'unsupported_type',
        `文件「${name}」使用了不支持的压缩方式（${method}），请在 Word/WPS 中重新保存`,
        { subject: name },
      );
    if (!data) throw onOver.inflated();
    total += data.length;
    entries.push({ rawName, name: entryName, utf8: Boolean(flags & 0x800), crc, data });
  }
  return entries;
}

/** Sizes and offset marked 0xffffffff are in the record's zip64 extra field (id 1), in this order. */
function zip64Sizes(view: DataView, at: number, values: number[]): number[] {
  if (!values.includes(0xffffffff)) return values;
  let x = at + 46 + view.getUint16(at + 28, true);
  const end = Math.min(view.byteLength, x + view.getUint16(at + 30, true));
  while (x + 4 <= end && view.getUint16(x, true) !== 1) x += 4 + view.getUint16(x + 2, true);
  let p = x + 4;
  return values.map((v) => {
    if (v !== 0xffffffff || p + 8 > end) return v;
    const big = Number(view.getBigUint64(p, true));
    p += 8;
    return big;
  });
}

/** The entries as a zip with nothing compressed (method 0): what mammoth reads, with no inflating left to do. */
export function storedZip(entries: ZipEntry[]): Uint8Array {
  const size = entries.reduce((s, e) => s + 30 + 46 + 2 * e.rawName.length + e.data.length, 22);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  const header = (sig: number, e: ZipEntry, central: boolean) => {
    view.setUint32(at, sig, true);
    const p = central ? at + 2 : at; // the central record has one more field (version made by) before the rest
    view.setUint16(p + 4, 20, true); // version needed
    view.setUint16(p + 6, e.utf8 ? 0x800 : 0, true);
    view.setUint16(p + 8, 0, true); // stored
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.data.length, true);
    view.setUint32(p + 22, e.data.length, true);
    view.setUint16(p + 26, e.rawName.length, true);
  };
  for (const e of entries) {
    offsets.push(at);
    header(LOCAL, e, false);
    out.set(e.rawName, at + 30);
    at += 30 + e.rawName.length;
    out.set(e.data, at);
    at += e.data.length;
  }
  const cdStart = at;
  entries.forEach((e, i) => {
    header(CENTRAL, e, true);
    view.setUint16(at + 4, 20, true); // version made by
    view.setUint32(at + 42, offsets[i], true);
    out.set(e.rawName, at + 46);
    at += 46 + e.rawName.length;
  });
  view.setUint32(at, EOCD, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - cdStart, true);
  view.setUint32(at + 16, cdStart, true);
  return out;
}
