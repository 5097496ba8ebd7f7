// Per-key rate limits (bybit-v5.md §3): a rolling one-second window per (key, endpoint group) with
// Bybit's default linear budgets, scaled by `scale` (tests raise it to stay clear, or lower it to hit
// it). Every private answer carries the three X-Bapi-Limit* headers from here; over the limit the
// request is answered 10006 with the reset stamp when the oldest request leaves the window.
// `stats()` (in /admin/state) counts admitted and refused requests per path, for tests.
import type { LimitState } from './envelope';

const WINDOW_MS = 1000;

export interface RateLimitStats {
  /** The rolling window, ms. */
  windowMs: number;
  /** Requests counted into a window, per path. */
  admitted: Record<string, number>;
  /** Requests over the budget (answered 10006), per path. */
  refused: Record<string, number>;
}

/** Requests per second by path (Bybit defaults, UTA Pro); unlisted private paths get 50. */
const BUDGET: Record<string, number> = {
  '/v5/order/create': 10,
  '/v5/order/amend': 10,
  '/v5/order/cancel': 10,
  '/v5/order/cancel-all': 10,
  '/v5/order/create-batch': 10,
  '/v5/order/disconnected-cancel-all': 5,
  '/v5/position/set-leverage': 10,
  '/v5/position/trading-stop': 10,
};

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly admitted = new Map<string, number>();
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly scale: number,
    private readonly clock: () => number,
  ) {}

  budget(path: string): number {
    return Math.max(1, Math.round((BUDGET[path] ?? 50) * this.scale));
  }

  /** Counts `units` requests of `key` on `path`; `ok` false when they do not fit the window. */
  take(key: string, path: string, units = 1): LimitState & { ok: boolean } {
    const nowMs = this.clock();
    const limit = this.budget(path);
    const id = `${key} ${path}`;
    const times = (this.windows.get(id) ?? []).filter((t) => t > nowMs - WINDOW_MS);
    this.windows.set(id, times);
    if (times.length + units > limit) {
      this.refused.set(path, (this.refused.get(path) ?? 0) + units);
      return { ok: false, limit, remaining: 0, resetAtMs: (times[0] ?? nowMs) + WINDOW_MS };
    }
    for (let i = 0; i < units; i++) times.push(nowMs);
    this.admitted.set(path, (this.admitted.get(path) ?? 0) + units);
    return { ok: true, limit, remaining: limit - times.length, resetAtMs: nowMs };
  }

  stats(): RateLimitStats {
    return { windowMs: WINDOW_MS, admitted: Object.fromEntries(this.admitted), refused: Object.fromEntries(this.refused) };
  }
}
