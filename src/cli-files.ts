// Expands command-line paths into report files: folders contribute their supported files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { AppError } from './errors.ts';

const SUPPORTED = new Set(['.txt', '.md', '.markdown', '.docx', '.pdf']);

/** Files named on the command line are taken as given; folders contribute their supported files; a path that does not exist is an AppError. */
export function collectFiles(args: string[]): { files: string[]; skipped: string[] } {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = (path: string, explicit: boolean) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) walk(join(path, name), false);
    } else if (explicit || SUPPORTED.has(extname(path).toLowerCase())) files.push(path);
    else skipped.push(path);
  };
  for (const a of args) {
    if (!existsSync(a))
      throw new AppError('not_found', `找不到「${a}」：没有这个文件或文件夹`, { subject: a });
    walk(a, true);
  }
  return { files, skipped };
}
