// CallDeadline: one AbortSignal for a whole upstream call — a total deadline, an idle timer between stream
// chunks, and the caller's own signal — with the reason it fired.
export type StopReason = 'deadline' | 'idle' | 'cancelled';

export class CallDeadline {
  readonly signal: AbortSignal;
  private readonly ctl = new AbortController();
  private readonly total: ReturnType<typeof setTimeout>;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private stopped: StopReason | null = null;
  private readonly onCancel = () => this.stop('cancelled');
  private readonly stoppedPromise: Promise<never>;

  constructor(
    readonly totalMs: number,
    readonly idleMs: number,
    private readonly caller?: AbortSignal,
  ) {
    this.signal = this.ctl.signal;
    this.stoppedPromise = new Promise<never>((_, reject) =>
      this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true }),
    );
    this.stoppedPromise.catch(() => undefined);
    this.total = setTimeout(() => this.stop('deadline'), totalMs);
    if (caller?.aborted) this.stop('cancelled');
    else caller?.addEventListener('abort', this.onCancel, { once: true });
  }

  get reason(): StopReason | null {
    return this.stopped;
  }

  /** (Re)starts the idle timer: call when the stream starts and on each chunk. */
  touch(): void {
    clearTimeout(this.idle);
    if (!this.stopped) this.idle = setTimeout(() => this.stop('idle'), this.idleMs);
  }

  /** Settles with `p`, or rejects as soon as the call is stopped (for waits that do not watch the signal). */
  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.stoppedPromise]);
  }

  stop(reason: StopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.ctl.abort(new Error(`call stopped: ${reason}`));
    this.dispose();
  }

  /** Clears the timers and the listener on the caller's signal (the call is over). */
  dispose(): void {
    clearTimeout(this.total);
    clearTimeout(this.idle);
    this.caller?.removeEventListener('abort', this.onCancel);
  }
}
