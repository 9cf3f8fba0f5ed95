/**
 * A polling loop for background work kept in a table (the outbox, durable jobs): run the work
 * every `everyMs` in case another node wrote some, and at once when this node asks (`kick`,
 * after a commit). Runs coalesce: at most one runs at a time, and kicks that arrive meanwhile
 * make one more run after it. `flush` runs until nothing new was asked for; `stop` ends the
 * polling and waits for the run in progress.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly work: () => Promise<unknown>;
  private readonly onError: (err: unknown) => void;

  /** `work` does one run; `onError` hears what a kicked run threw (the loop goes on). */
  constructor(work: () => Promise<unknown>, onError: (err: unknown) => void) {
    this.work = work;
    this.onError = onError;
  }

  /** Poll every `everyMs` (the timer does not keep the process alive), and run once now. */
  start(everyMs: number): void {
    this.stopped = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
    this.kick();
  }

  /** Run soon. Coalesces: while a run is going, one more follows it, however many kicks came. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.work()
      .then(() => undefined)
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Run until a run ends with nothing more asked for meanwhile (tests, shutdown). Errors are
   * thrown. Its own runs count as running, so a kick during one (a handler's commit) makes one
   * more run after it instead of a second run alongside it that flush would not wait for.
   */
  async flush(): Promise<void> {
    for (;;) {
      while (this.running) await this.running;
      this.again = false;
      const run = this.work();
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      this.running = settled;
      try {
        await run;
      } finally {
        if (this.running === settled) this.running = null;
      }
      if (!this.again) return;
    }
  }

  /** Stop polling and kicking; wait for the run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running;
  }
}
