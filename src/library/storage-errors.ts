// Storage failures (disk full, read-only data folder) as clear errors instead of a bare 500.
import { AppError } from '../errors.ts';

const FULL = new Set(['ENOSPC', 'SQLITE_FULL', 'EDQUOT']);
const READONLY = new Set([
  'EROFS',
  'EACCES',
  'EPERM',
  'SQLITE_READONLY',
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_READONLY_DBMOVED',
  'SQLITE_IOERR_WRITE',
]);

export function storageError(e: unknown): AppError | null {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (FULL.has(code))
      return new AppError(
        'storage_full',
        '数据目录所在磁盘空间不足，本次写入未完成；已保存的报告和记录不受影响。请清理磁盘或扩容后重试',
        { cause: e },
      );
    if (READONLY.has(code))
      return new AppError(
        'storage_readonly',
        '数据目录当前只读，无法写入；已保存的报告可以照常检索。请检查磁盘挂载和权限后重试',
        { cause: e },
      );
  }
  return null;
}
