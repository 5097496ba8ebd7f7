// Sleeps the venue can cancel: every pending wait is a tracked timer, and `cancelAll()` (on close)
// clears them and resolves their promises at once, so a closed venue leaves no open handle behind.
export class Timers {
  private readonly pending = new Map<ReturnType<typeof setTimeout>, () => void>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves after `ms` wall ms, or at once when cancelled. */
  sleep(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pending.delete(t);
        resolve();
      }, ms);
      this.pending.set(t, resolve);
    });
  }

  cancelAll(): void {
    this.closed = true;
    for (const [t, resolve] of this.pending) {
      clearTimeout(t);
      resolve();
    }
    this.pending.clear();
  }
}
