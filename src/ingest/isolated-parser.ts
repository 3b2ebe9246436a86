// IsolatedParser: reads documents in a child process, one at a time, with a heap limit (--max-old-space-size),
// a deadline and a watch on its RSS; the process is killed past any of them, after any failure and when idle.
// A hostile file never blocks the server's thread, and its memory goes back to the system with the process —
// a worker thread's would stay in this process's malloc arenas (+95 MB RSS measured after the attack files).
import { type ChildProcess, fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ReportFormat } from '../domain.ts';
import { AppError, isErrorCode } from '../errors.ts';
import type { DocumentText } from './parse-bytes.ts';
import { PARSE_LIMITS, type ParseLimits, overLimit } from './parse-limits.ts';
import type { ParseJob } from './parse-worker.ts';

export interface IsolationOptions {
  /** Overrides of PARSE_LIMITS (the process's heap, RSS and deadline among them). */
  limits?: Partial<ParseLimits>;
  /** An idle parse process is ended after this long (ms); the next file starts a new one. */
  idleMs?: number;
  /** How often the parse process's RSS is checked while it reads a file (ms). */
  watchMs?: number;
}

type Reply =
  | { ready: true; result?: undefined; error?: undefined }
  | { ready?: undefined; result: DocumentText; error?: undefined }
  | { ready?: undefined; error: { code: string; message: string } };
/**
 * A parse process, the end of what it wrote to stderr (a heap overflow's report tells it from other crashes), and
 * when it is ready to read (its modules loaded: the deadline measures the reading, not a slow machine's start).
 */
type Proc = { child: ChildProcess; stderr: string; ready: Promise<void> };

/** How long a new parse process may take to start before a file's deadline runs anyway. */
const STARTUP_MS = 60_000;

/** Resident memory of a process in bytes (Linux /proc), or null where that cannot be read. */
async function rssOf(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status?.match(/^VmRSS:\s*(\d+)\s*kB/m)?.[1];
  return kb ? Number(kb) * 1024 : null;
}

export class IsolatedParser {
  private proc: Proc | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly limits: ParseLimits;
  private readonly idleMs: number;
  private readonly watchMs: number;

  constructor(opts: IsolationOptions = {}) {
    this.limits = { ...PARSE_LIMITS, ...opts.limits };
    this.idleMs = opts.idleMs ?? 10_000;
    this.watchMs = opts.watchMs ?? 100;
  }

  /** Reads one file; files wait their turn (one process, one file at a time). */
  parse(format: ReportFormat, name: string, bytes: Uint8Array): Promise<DocumentText> {
    const run = this.queue.then(() => this.run({ format, name, bytes, limits: this.limits }));
    this.queue = run.catch(() => {});
    return run;
  }

  /** The parse process's id while one runs (tests watch it). */
  get pid(): number | undefined {
    return this.proc?.child.pid;
  }

  /** Ends the parse process (a file being read fails). */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.proc) this.stop(this.proc);
  }

  private spawn(): Proc {
    const ts = import.meta.url.endsWith('.ts');
    const entry = new URL(ts ? './parse-worker.ts' : './parse-worker.js', import.meta.url).href;
    const child = fork(fileURLToPath(new URL('./parse-worker-bootstrap.mjs', import.meta.url)), [entry], {
      // Not the parent's flags: under `tsx` they would load tsx as well (see the bootstrap).
      execArgv: [`--max-old-space-size=${this.limits.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    // Reading files is background work: on a small machine the server's own thread comes first.
    try {
      if (child.pid) setPriority(child.pid, 10);
    } catch {
      // not allowed here: it runs at the server's priority
    }
    let markReady = () => {};
    const proc: Proc = { child, stderr: '', ready: new Promise<void>((r) => (markReady = r)) };
    child.on('message', (m: Reply) => m?.ready && markReady());
    child.once('exit', () => markReady());
    child.stderr!.on('data', (d: Buffer) => {
      proc.stderr = (proc.stderr + d.toString()).slice(-2000);
    });
    child
      .on('error', () => {})
      .once('exit', () => {
        if (this.proc === proc) this.proc = null;
      });
    return proc;
  }

  private stop(proc: Proc): void {
    if (this.proc === proc) this.proc = null;
    proc.child.kill('SIGKILL');
  }

  /** While a file is read the process keeps ours alive; an idle one does not. */
  private hold({ child }: Proc, on: boolean): void {
    type Handle = { ref(): unknown; unref(): unknown };
    const handles: (Handle | null | undefined)[] = [child, child.channel, child.stderr as unknown as Handle];
    for (const h of handles) on ? h?.ref() : h?.unref();
  }

  private run(job: ParseJob): Promise<DocumentText> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const proc = (this.proc ??= this.spawn());
    const { child } = proc;
    this.hold(proc, true);
    const { name, limits } = job;
    return new Promise<DocumentText>((resolve, reject) => {
      let settled = false;
      let deadline: NodeJS.Timeout | undefined;
      const startDeadline = () => {
        if (settled || deadline) return;
        deadline = setTimeout(() => finish(overLimit.timeout(name, limits.timeoutMs)), limits.timeoutMs);
      };
      const startup = setTimeout(startDeadline, STARTUP_MS);
      void proc.ready.then(startDeadline);
      const finish = (error: Error | null, result?: DocumentText) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(startup);
        clearInterval(watch);
        child.off('message', onMessage).off('close', onExit);
        if (error) {
          // Whatever the file left in the process's memory goes with it.
          this.stop(proc);
          reject(error);
        } else {
          this.hold(proc, false);
          this.idleTimer = setTimeout(() => this.stop(proc), this.idleMs).unref();
          resolve(result!);
        }
      };
      // --max-old-space-size bounds the heap, not the buffers allocated outside it: watch the whole process.
      const watch = setInterval(async () => {
        const rss = child.pid ? await rssOf(child.pid) : null;
        if (rss !== null && rss > limits.rssMb * 1024 * 1024) finish(overLimit.memory(name, limits.rssMb));
      }, this.watchMs);
      const onMessage = (reply: Reply) => {
        if (reply.ready) return;
        if (!reply.error) return finish(null, reply.result);
        const { code, message } = reply.error;
        finish(new AppError(isErrorCode(code) ? code : 'unprocessable', message, { subject: name }));
      };
      // 'close', not 'exit': it comes after stderr is read to its end, so a heap overflow's report is never missed.
      const onExit = (code: number | null, signal: string | null) => {
        // V8 aborts (SIGABRT) when the heap limit is reached, at times before its report reaches stderr.
        if (signal === 'SIGABRT' || /heap limit|heap out of memory/i.test(proc.stderr))
          return finish(overLimit.memory(name, limits.heapMb));
        console.error(`parse process exited on ${name} (${signal ?? code}): ${proc.stderr.slice(-500)}`);
        finish(
          new AppError('unprocessable', `文件「${name}」无法解析（解析进程意外退出：${signal ?? code}）`, {
            subject: name,
          }),
        );
      };
      child.on('message', onMessage).on('close', onExit);
      // A process that died while idle cannot take the file: say so now rather than at the deadline.
      child.send(
        job,
        (e) =>
          e &&
          finish(
            new AppError('unprocessable', `文件「${name}」无法解析（解析进程不可用：${e.message}），请重试`, {
              subject: name,
              retryable: true,
            }),
          ),
      );
    });
  }
}
