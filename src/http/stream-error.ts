// What a stream says when it fails after its headers are sent: the same code and message a JSON error would
// carry (storage failures included); anything unexpected is logged and named only as internal.
import { isAppError } from '../errors.ts';
import { storageError } from '../library/storage-errors.ts';

export function streamError(e: unknown): { code: string; message: string } {
  const known = isAppError(e) ? e : storageError(e);
  if (known) return { code: known.code, message: known.message };
  console.error(e);
  return { code: 'internal', message: '服务器内部错误' };
}
