// The parse process (started by IsolatedParser): reads one file at a time with parseBytes and answers with its text or its error.
import type { ReportFormat } from '../domain.ts';
import { isAppError } from '../errors.ts';
import type { ParseLimits } from './parse-limits.ts';
import { parseBytes } from './parse-bytes.ts';

export type ParseJob = { format: ReportFormat; name: string; bytes: Uint8Array; limits: ParseLimits };

process.on('message', async (job: ParseJob) => {
  try {
    process.send!({ result: await parseBytes(job.format, job.name, job.bytes, job.limits) });
  } catch (e) {
    const error = isAppError(e)
      ? { code: e.code, message: e.message }
      : {
          code: 'unprocessable',
          message: `文件「${job.name}」无法解析：${(e as Error)?.message ?? String(e)}`,
        };
    process.send!({ error });
  }
});
// The server went away: nothing left to read for.
process.on('disconnect', () => process.exit(0));
// Loaded: the deadline of the file waiting for us starts now.
process.send!({ ready: true });
