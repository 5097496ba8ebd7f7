// What one Bybit REST answer means for the venue (LIVE.md §6): ok; a definite reject; an ambiguous
// outcome (timeout, network error, HTTP 5xx / 403 / 429, or one of the retCodes below), after which
// an order is in doubt and must be looked up by orderLinkId before anything is resent; a clock
// error (10002: resync, then retry); a rate limit (10006: wait for the reset stamp). Failures are
// reduced to plain text here: bybit-api rejects with objects that carry the client options (key and
// secret) and axios configs (signed headers), so nothing of theirs is kept or passed on as a cause.

/** retCodes whose outcome is unknown (LIVE.md §6). */
export const AMBIGUOUS_RET_CODES: ReadonlySet<number> = new Set([
  10000, 10006, 10016, 10019, 10429, 170001, 170005, 170007, 170032, 20003, 20006, 500000,
]);
export const RET_CLOCK = 10002;
export const RET_RATE_LIMIT = 10006;
export const RET_DUPLICATE_LINK_ID = 110072;

export interface RateLimitHeaders {
  remainingRequests: number;
  maxRequests: number;
  resetAtTimestamp: number;
}

/** The part of a bybit-api answer the venue reads. */
export interface RestAnswer<T> {
  retCode: number;
  retMsg: string;
  result: T;
  time?: number | string;
  rateLimitApi?: RateLimitHeaders;
}

export type Outcome<T> =
  | { kind: 'ok'; result: T; timeMs: number }
  | { kind: 'rejected'; retCode: number; retMsg: string }
  | { kind: 'ambiguous'; retCode: number; why: string; resetAtMs?: number; timeMs?: number }
  | { kind: 'clock'; retMsg: string };

/** Classifies a resolved answer. */
export function classifyAnswer<T>(res: RestAnswer<T>): Outcome<T> {
  const timeMs = Number(res.time);
  if (res.retCode === 0) return { kind: 'ok', result: res.result, timeMs };
  if (res.retCode === RET_CLOCK) return { kind: 'clock', retMsg: oneLine(res.retMsg) };
  if (AMBIGUOUS_RET_CODES.has(res.retCode))
    return {
      kind: 'ambiguous',
      retCode: res.retCode,
      why: `retCode ${res.retCode} ${oneLine(res.retMsg)}`,
      resetAtMs: res.rateLimitApi?.resetAtTimestamp,
      timeMs: Number.isFinite(timeMs) ? timeMs : undefined,
    };
  return { kind: 'rejected', retCode: res.retCode, retMsg: oneLine(res.retMsg) };
}

/** Classifies a rejection of the client (HTTP status other than 200, network, timeout). */
export function classifyFailure(e: unknown): Outcome<never> {
  const f = describeFailure(e);
  if (f.status !== undefined && f.status < 500 && f.status !== 403 && f.status !== 429 && f.status !== 408)
    return { kind: 'rejected', retCode: f.status, retMsg: f.text };
  return { kind: 'ambiguous', retCode: f.status ?? 0, why: f.text };
}

/** A failure as one line of text and an HTTP status when there was one; never the client's options. */
export function describeFailure(e: unknown): { status?: number; text: string } {
  if (typeof e === 'string') return { text: `network error: ${oneLine(e)}` };
  if (typeof e === 'object' && e !== null) {
    const o = e as { code?: unknown; message?: unknown; body?: unknown };
    if (typeof o.code === 'number' && 'body' in o) {
      const body = typeof o.body === 'string' ? ` ${oneLine(o.body).slice(0, 80)}` : '';
      return { status: o.code, text: `HTTP ${o.code} ${oneLine(String(o.message ?? ''))}${body}`.trim() };
    }
    const code = typeof o.code === 'string' ? `${o.code} ` : '';
    if (typeof o.message === 'string') return { text: `network error: ${code}${oneLine(o.message)}` };
  }
  return { text: 'network error: unknown failure' };
}

export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Replaces every occurrence of the given secrets (key, secret) in `text` with ***. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const hidden = secrets.filter((x) => x.length > 0);
  return (text) => {
    let out = text;
    for (const x of hidden) out = out.split(x).join('***');
    return out;
  };
}
