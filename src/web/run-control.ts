// Pause and stop for a run in progress. The run calls `checkpoint()`
// between units of work (an emulator step, a training epoch, a probe
// batch), so pausing never changes what the run computes.

/** Raised inside a run when the user stops it. */
export class RunStopped extends Error {
  override name = "RunStopped";

  constructor() {
    super("the run was stopped");
  }
}

/** Pause and stop switches that a running benchmark polls. */
export class RunControl {
  private pausedFlag = false;
  private stoppedFlag = false;
  private resumeWaiters: Array<() => void> = [];

  get paused(): boolean {
    return this.pausedFlag;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.wakeWaiters();
  }

  /** Ends the run at its next checkpoint, paused or not. */
  stop(): void {
    this.stoppedFlag = true;
    this.wakeWaiters();
  }

  /** Waits while paused; throws {@link RunStopped} once stopped. */
  async checkpoint(): Promise<void> {
    while (this.pausedFlag && !this.stoppedFlag) {
      await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    }
    if (this.stoppedFlag) throw new RunStopped();
  }

  private wakeWaiters(): void {
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const wake of waiters) wake();
  }
}
