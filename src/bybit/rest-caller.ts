// One Bybit REST call through bybit-api, as an Outcome (ambiguity.ts): takes a slot from the rate
// limiter first (rate-limiter.ts: it waits while the endpoint's budget is spent) and gives it back
// with the answer's X-Bapi-Limit* headers; on 10002 resyncs the client's clock from GET
// /v5/market/time and retries (at most twice). `query` also retries read-only calls (ambiguous
// answers, 10006 after the reset stamp) with bounded exponential backoff; `send` never repeats an
// order call on its own (the caller decides, after a lookup). Labels name the endpoint, never a
// secret, and every answer's text passes through `redact` (Bybit's 10004 text echoes the signed
// string, key included).
import type { RestClientV5 } from 'bybit-api';
import type { Clock } from '../engine/ports';
import { classifyAnswer, classifyFailure, type Outcome, RET_RATE_LIMIT, type RestAnswer } from './ambiguity';
import { parseServerTimeMs } from './market-parse';
import { RateLimiter } from './rate-limiter';
import type { Timers } from './timers';

export interface BackoffPolicy {
  /** Attempts of a read-only call, the first included. */
  queryAttempts: number;
  /** First backoff delay, ms; doubles per further failure. */
  baseDelayMs: number;
  /** Upper bound of any single wait, ms. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { queryAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

const CLOCK_RETRIES = 2;

export class RestCaller {
  readonly limiter: RateLimiter;
  /** Clock resyncs done after 10002 (for tests and the runner's status). */
  clockResyncs = 0;

  constructor(
    private readonly rest: RestClientV5,
    clock: Clock,
    private readonly timers: Timers,
    readonly policy: BackoffPolicy,
    private readonly redact: (text: string) => string,
  ) {
    this.limiter = new RateLimiter(clock, policy.maxDelayMs);
  }

  /** One attempt (plus clock resyncs); never repeats an ambiguous call. */
  async send<T>(endpoint: string, call: () => Promise<RestAnswer<T>>): Promise<Outcome<T>> {
    for (let k = 0; ; k++) {
      await this.limiter.acquire(endpoint, this.timers);
      let out: Outcome<T>;
      try {
        const res = await call();
        out = classifyAnswer(res);
        this.limiter.release(endpoint, res.rateLimitApi, Number(res.time), res.retCode === RET_RATE_LIMIT);
        if (res.retCode === RET_RATE_LIMIT && !res.rateLimitApi) this.limiter.backOff(endpoint, this.policy.baseDelayMs);
      } catch (e) {
        this.limiter.release(endpoint, undefined, undefined);
        out = classifyFailure(e);
      }
      if (out.kind !== 'clock' || k >= CLOCK_RETRIES) return this.redacted(out);
      await this.resyncClock();
    }
  }

  private redacted<T>(out: Outcome<T>): Outcome<T> {
    switch (out.kind) {
      case 'ok':
        return out;
      case 'clock':
        return { kind: 'rejected', retCode: 10002, retMsg: this.redact(out.retMsg) };
      case 'rejected':
        return { ...out, retMsg: this.redact(out.retMsg) };
      case 'ambiguous':
        return { ...out, why: this.redact(out.why) };
    }
  }

  /** A read-only call, retried on ambiguous answers with bounded backoff. */
  async query<T>(endpoint: string, call: () => Promise<RestAnswer<T>>): Promise<Outcome<T>> {
    let out: Outcome<T> = { kind: 'ambiguous', retCode: 0, why: 'not sent' };
    for (let attempt = 1; attempt <= this.policy.queryAttempts && !this.timers.isClosed; attempt++) {
      out = await this.send(endpoint, call);
      if (out.kind !== 'ambiguous' || attempt === this.policy.queryAttempts) return out;
      if (out.retCode !== RET_RATE_LIMIT) await this.timers.sleep(this.backoffMs(attempt));
    }
    return out;
  }

  backoffMs(attempt: number): number {
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
  }

  /**
   * Sets bybit-api's signing offset from the server's clock. The client signs with Date.now() +
   * timeOffset (BaseRestClient.signRequest); its own syncTime() is private and logs failures with the
   * client's options (key and secret) through console.error, so the offset is measured here and
   * written to the same field. Date.now() is right here: it is the clock the client signs with.
   */
  async resyncClock(): Promise<void> {
    this.clockResyncs++;
    try {
      const start = Date.now();
      const res = await this.rest.getServerTime();
      const end = Date.now();
      if (res.retCode !== 0) return;
      const serverMs = parseServerTimeMs('GET /v5/market/time', res.result);
      (this.rest as unknown as { timeOffset: number | null }).timeOffset = Math.round(serverMs - (start + end) / 2);
    } catch {
      // The retry that follows answers 10002 again and is reported as a reject; nothing to keep here.
    }
  }
}
