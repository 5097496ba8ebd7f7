// Per-endpoint pacing from Bybit's X-Bapi-Limit* headers (bybit-v5.md §3; bybit-api fills
// `rateLimitApi` with them when parseAPIRateLimits is on and all three are present). Each call to an
// endpoint first takes a slot (`acquire`) and gives it back with its answer's headers (`release`):
// - while the last answer said requests remain, that many calls may go at once (less those in flight);
// - with no headers to go by yet, calls go one at a time, each waiting for the previous answer;
// - after a 10006, the endpoint waits until the reset stamp (a whole window when it is not ahead);
// - after an accepted answer that left none (status 0), Bybit's stamp is only "roughly now", so the
//   endpoint waits a whole window (the limits roll per second): by then every request sent before
//   that answer has left the window.
// The stamp is in server time, so the wait is measured from the answer's `time` and counted down on
// the injected local clock (no assumption that the two clocks agree).
import type { Clock } from '../engine/ports';
import type { RateLimitHeaders } from './ambiguity';

/** Bybit's rate-limit window (bybit-v5.md §3: per-UID limits roll per second), ms. */
export const RATE_WINDOW_MS = 1_000;

interface EndpointState {
  /** Local time (clock ms) before which the endpoint must not be called. */
  notBeforeMs: number;
  /** Calls that may still go before the next answer tells more; undefined: unknown (one at a time). */
  credit: number | undefined;
  /** Calls sent and not yet answered. */
  inFlight: number;
  /** Callers waiting for an answer to free a slot. */
  waiters: Array<() => void>;
}

export interface LimiterSleep {
  sleep(ms: number): Promise<void>;
  readonly isClosed: boolean;
}

export class RateLimiter {
  private readonly states = new Map<string, EndpointState>();

  constructor(
    private readonly clock: Clock,
    /** Upper bound of any single wait, ms. */
    private readonly maxWaitMs: number,
    private readonly windowMs = RATE_WINDOW_MS,
  ) {}

  private state(endpoint: string): EndpointState {
    let s = this.states.get(endpoint);
    if (!s) {
      s = { notBeforeMs: 0, credit: undefined, inFlight: 0, waiters: [] };
      this.states.set(endpoint, s);
    }
    return s;
  }

  /** Waits until a call to `endpoint` may go, and counts it as in flight; pair with `release`. */
  async acquire(endpoint: string, timers: LimiterSleep): Promise<void> {
    const s = this.state(endpoint);
    for (;;) {
      if (timers.isClosed) break;
      const waitMs = this.waitMs(endpoint);
      if (waitMs > 0) {
        const until = s.notBeforeMs;
        await timers.sleep(waitMs);
        // The sleep is the wait: a clock that does not follow the wall (a replay) must not repeat it.
        if (s.notBeforeMs === until) s.notBeforeMs = 0;
        continue;
      }
      if (s.credit === undefined ? s.inFlight === 0 : s.credit > 0) break;
      if (s.inFlight === 0) {
        // No credit and nothing in flight to tell more: the wait is over, go one at a time again.
        s.credit = undefined;
        break;
      }
      await new Promise<void>((resolve) => s.waiters.push(resolve));
    }
    if (s.credit !== undefined) s.credit--;
    s.inFlight++;
  }

  /** Gives back the slot of one answered call, with the answer's headers and server time `timeMs`. */
  release(endpoint: string, headers: RateLimitHeaders | undefined, timeMs: number | undefined, limited = false): void {
    const s = this.state(endpoint);
    s.inFlight = Math.max(0, s.inFlight - 1);
    this.observe(endpoint, headers, timeMs, limited);
    for (const wake of s.waiters.splice(0)) wake();
  }

  /** Records the headers of one answer to `endpoint` (served at server time `timeMs`). */
  observe(endpoint: string, headers: RateLimitHeaders | undefined, timeMs: number | undefined, limited = false): void {
    if (!headers) return;
    const s = this.state(endpoint);
    if (headers.remainingRequests > 0 && !limited) {
      // Calls still in flight were sent after this answer was counted, or will be: spend them now.
      s.credit = Math.max(0, headers.remainingRequests - s.inFlight);
      return;
    }
    const aheadMs = Number.isFinite(timeMs) ? headers.resetAtTimestamp - (timeMs as number) : 0;
    // Refused: the stamp is when the window frees. Accepted with none left: the stamp is only
    // "roughly now", so the whole window (at least) must pass.
    const waitMs = limited ? (aheadMs > 0 ? aheadMs : this.windowMs) : Math.max(aheadMs, this.windowMs);
    s.credit = 0;
    s.notBeforeMs = Math.max(s.notBeforeMs, this.clock.nowMs() + Math.min(this.maxWaitMs, waitMs));
  }

  /** Backs `endpoint` off for `ms` (no headers to go by). */
  backOff(endpoint: string, ms: number): void {
    const s = this.state(endpoint);
    s.credit = undefined;
    s.notBeforeMs = Math.max(s.notBeforeMs, this.clock.nowMs() + Math.min(this.maxWaitMs, ms));
  }

  /** How long a call to `endpoint` must wait for its window now, ms (0: go, slots permitting). */
  waitMs(endpoint: string): number {
    const s = this.states.get(endpoint);
    if (!s) return 0;
    return Math.max(0, s.notBeforeMs - this.clock.nowMs());
  }
}
