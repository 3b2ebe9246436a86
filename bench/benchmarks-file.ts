// BENCHMARKS.md is written by several benches: each owns one marked block and keeps everything else as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const start = (name: string) => `<!-- ${name}:start (written by the bench; edit outside these markers) -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

/**
 * Replaces the block named `name` in `md` with `content`. A missing block goes right after the block named
 * `after` when that exists, else after the document's first line (its title), else at the start.
 */
export function replaceBlock(md: string, name: string, content: string, after?: string): string {
  const block = `${start(name)}\n${content.trim()}\n${end(name)}`;
  const s = md.indexOf(start(name));
  const e = s >= 0 ? md.indexOf(end(name), s) : -1;
  if (s >= 0 && e >= 0) return md.slice(0, s) + block + md.slice(e + end(name).length);
  const anchor = after ? md.indexOf(end(after)) : -1;
  if (anchor >= 0) {
    const at = anchor + end(after!).length;
    return `${md.slice(0, at)}\n\n${block}${md.slice(at)}`;
  }
  const title = md.startsWith('# ') ? md.indexOf('\n') : -1;
  if (title >= 0) return `${md.slice(0, title + 1)}\n${block}\n${md.slice(title + 1)}`;
  return md.trim() ? `${block}\n\n${md}` : `${block}\n`;
}

/** Writes `content` as the block `name` of the file, creating the file (with a title) if needed. */
export function writeBlock(file: string, name: string, content: string, after?: string): void {
  const md = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const out = replaceBlock(md, name, content, after);
  writeFileSync(file, out.endsWith('\n') ? out : `${out}\n`);
}
