// Upload file names: one longer than 200 characters is refused with a clear 400 before ingest sees it (cut to
// 200, it would lose its extension and be refused as 「无扩展名」, which is not what is wrong with it).
import { AppError } from '../errors.ts';

export const MAX_FILE_NAME = 200;

/** The name as it will be stored: no folder part, no control characters, trimmed (as the upload route cleans it). */
const baseName = (name: string) =>
  (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();

/** Throws 400 「文件名过长（最多 200 字）」 for a name over the limit; returns the name unchanged otherwise. */
export function checkFileNameLength(name: string): string {
  const base = baseName(name);
  if (base.length > MAX_FILE_NAME) {
    throw new AppError(
      'bad_input',
      `文件名过长（最多 ${MAX_FILE_NAME} 字）：「${base.slice(0, 30)}…」有 ${base.length} 字，请改短后重新上传`,
      { subject: base.slice(0, MAX_FILE_NAME) },
    );
  }
  return name;
}
