// The Bybit V5 response envelope {retCode, retMsg, result, retExtInfo, time} (bybit-v5.md §2.0) and
// the three X-Bapi-Limit* headers every answer carries (§3; bybit-api parses them only when all three
// are present). Errors answer HTTP 200 with result {} like Bybit, except where a status is given.
export interface LimitState {
  /** Requests allowed per window (X-Bapi-Limit). */
  limit: number;
  /** Requests left (X-Bapi-Limit-Status). */
  remaining: number;
  /** When the window resets, ms (X-Bapi-Limit-Reset-Timestamp). */
  resetAtMs: number;
}

export const OK_MSG = 'OK';

export function limitHeaders(l: LimitState): Record<string, string> {
  return {
    'X-Bapi-Limit': String(l.limit),
    'X-Bapi-Limit-Status': String(l.remaining),
    'X-Bapi-Limit-Reset-Timestamp': String(l.resetAtMs),
  };
}

export function envelope(retCode: number, retMsg: string, result: unknown, timeMs: number, limits: LimitState, status = 200): Response {
  const body = JSON.stringify({ retCode, retMsg, result: result ?? {}, retExtInfo: {}, time: timeMs });
  return new Response(body, { status, headers: { 'Content-Type': 'application/json', ...limitHeaders(limits) } });
}
