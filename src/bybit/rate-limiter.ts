// Per-endpoint pacing from Bybit's X-Bapi-Limit* headers (bybit-v5.md §3; bybit-api fills
// `rateLimitApi` with them when parseAPIRateLimits is on and all three are present). After an answer
// that left no requests (status 0) or a 10006, the next call to that endpoint waits until the
// reset stamp. The stamp is in server time, so the wait is measured from the answer's own `time`
// and counted down on the injected local clock (no assumption that the two clocks agree).
import type { Clock } from '../engine/ports';
import type { RateLimitHeaders } from './ambiguity';

interface Window {
  /** Local time (clock ms) before which the endpoint must not be called. */
  notBeforeMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    /** Upper bound of any single wait, ms. */
    private readonly maxWaitMs: number,
  ) {}

  /** Records the headers of one answer to `endpoint` (served at server time `timeMs`). */
  observe(endpoint: string, headers: RateLimitHeaders | undefined, timeMs: number | undefined, limited = false): void {
    if (!headers) return;
    if (headers.remainingRequests > 0 && !limited) {
      this.windows.delete(endpoint);
      return;
    }
    const aheadMs = Number.isFinite(timeMs) ? Math.max(0, headers.resetAtTimestamp - (timeMs as number)) : 0;
    this.windows.set(endpoint, { notBeforeMs: this.clock.nowMs() + Math.min(this.maxWaitMs, aheadMs) });
  }

  /** Backs `endpoint` off for `ms` (no headers to go by). */
  backOff(endpoint: string, ms: number): void {
    this.windows.set(endpoint, { notBeforeMs: this.clock.nowMs() + Math.min(this.maxWaitMs, ms) });
  }

  /** How long a call to `endpoint` must wait now, ms (0: go). */
  waitMs(endpoint: string): number {
    const w = this.windows.get(endpoint);
    if (!w) return 0;
    const left = w.notBeforeMs - this.clock.nowMs();
    if (left <= 0) {
      this.windows.delete(endpoint);
      return 0;
    }
    return left;
  }
}
