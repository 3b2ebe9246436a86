// BENCHMARKS.md is written by several benches: each owns one marked block and keeps everything else as it is.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** The code measured: HEAD and the src/ files changed in the (shared) working tree when the run started. */
export function codeState(): string {
  const git = (...a: string[]) =>
    execFileSync('git', a, { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' });
  try {
    const dirty = git('status', '--porcelain', '--', 'src')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3)); // 'XY path'
    return `commit ${git('rev-parse', '--short', 'HEAD').trim()}${dirty.length ? ` + uncommitted ${dirty.join(', ')}` : ''}`;
  } catch {
    return 'commit unknown';
  }
}
