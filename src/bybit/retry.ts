// Retry and backoff around one Bybit REST call. Owns the rules: retCode 10006 waits until the
// X-Bapi-Limit-Reset-Timestamp (relative to the response's server `time`; exponential backoff when
// the headers are missing); HTTP 403/429 (IP rate limit), 5xx and network failures back off
// exponentially; any other non-zero retCode or HTTP status is a VenueError naming the request.
// Attempts are bounded; when they run out the error says which limit was hit. Sleep is injected.
import type { APIResponseV3WithTime } from 'bybit-api';
import { VenueError } from '../errors';

export interface RetryPolicy {
  /** Total attempts per call, first one included. */
  maxAttempts: number;
  /** First backoff delay, ms; doubles on each further failure of the same call. */
  baseDelayMs: number;
  /** Upper bound of any single wait, ms (backoff and 10006 reset waits alike). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Counters over the life of a client: what a sync reports. */
export interface RetryStats {
  requests: number;
  /** Retries after retCode 10006 (per-UID rate limit). */
  rateLimited: number;
  /** Retries after HTTP 403 / 429 (IP rate limit). */
  forbidden: number;
  /** Retries after network errors and HTTP 5xx. */
  network: number;
  /** Total time spent waiting before retries, ms. */
  sleptMs: number;
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => Bun.sleep(ms);

export function emptyStats(): RetryStats {
  return { requests: 0, rateLimited: 0, forbidden: 0, network: 0, sleptMs: 0 };
}

export function totalRetries(s: RetryStats): number {
  return s.rateLimited + s.forbidden + s.network;
}

/** What bybit-api rejects with on a non-200 answer (BaseRestClient.parseException). */
interface HttpFailure {
  code: number;
  message: string;
  body: unknown;
}

function httpFailure(e: unknown): HttpFailure | undefined {
  if (typeof e === 'object' && e !== null && 'body' in e && typeof (e as { code?: unknown }).code === 'number') return e as HttpFailure;
  return undefined;
}

function describe(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  return String(e);
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 120);
  if (typeof body === 'object' && body !== null && 'retCode' in body) {
    const b = body as { retCode: unknown; retMsg?: unknown };
    return `retCode ${b.retCode} ${String(b.retMsg ?? '')}`;
  }
  return '';
}

type Outcome<T> = { ok: T } | { retry: keyof Omit<RetryStats, 'requests' | 'sleptMs'>; waitMs: number; why: string };

function classify<T>(label: string, e: unknown, backoffMs: number): Outcome<T> {
  const http = httpFailure(e);
  if (!http) return { retry: 'network', waitMs: backoffMs, why: `network error: ${describe(e)}` };
  const why = `HTTP ${http.code} ${http.message}${bodyText(http.body) ? ` (${bodyText(http.body)})` : ''}`;
  if (http.code === 403 || http.code === 429) return { retry: 'forbidden', waitMs: backoffMs, why };
  if (http.code >= 500) return { retry: 'network', waitMs: backoffMs, why };
  throw new VenueError('VENUE_REJECTED', `${label}: ${why}`, { endpoint: label, status: http.code });
}

function inspect<T>(label: string, res: APIResponseV3WithTime<T>, backoffMs: number, policy: RetryPolicy): Outcome<T> {
  if (res.retCode === 0) return { ok: res.result };
  if (res.retCode === 10006) {
    const reset = res.rateLimitApi?.resetAtTimestamp;
    const waitMs = reset === undefined ? backoffMs : Math.min(policy.maxDelayMs, Math.max(0, reset - Number(res.time)));
    return { retry: 'rateLimited', waitMs, why: `retCode 10006 ${res.retMsg}` };
  }
  throw new VenueError('VENUE_REJECTED', `${label}: retCode ${res.retCode} ${res.retMsg}`, {
    endpoint: label,
    retCode: res.retCode,
    retMsg: res.retMsg,
  });
}

/** Runs `call` until it answers retCode 0, retrying as the header comment says; returns `result` and server `time`. */
export async function withRetry<T>(
  label: string,
  call: () => Promise<APIResponseV3WithTime<T>>,
  policy: RetryPolicy,
  stats: RetryStats,
  sleep: Sleep,
): Promise<{ result: T; timeMs: number }> {
  let last = '';
  let lastKind: string = 'network';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    const backoffMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    stats.requests++;
    let outcome: Outcome<T>;
    let timeMs = 0;
    try {
      const res = await call();
      timeMs = Number(res.time);
      outcome = inspect(label, res, backoffMs, policy);
    } catch (e) {
      if (e instanceof VenueError) throw e;
      outcome = classify<T>(label, e, backoffMs);
    }
    if ('ok' in outcome) return { result: outcome.ok, timeMs };
    last = outcome.why;
    lastKind = outcome.retry;
    if (attempt === policy.maxAttempts) break;
    stats[outcome.retry]++;
    stats.sleptMs += outcome.waitMs;
    await sleep(outcome.waitMs);
  }
  const code = lastKind === 'network' ? 'VENUE_NETWORK' : 'VENUE_RATE_LIMITED';
  throw new VenueError(code, `${label}: gave up after ${policy.maxAttempts} attempts; last answer: ${last}`, { endpoint: label });
}
