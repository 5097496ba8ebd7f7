// Private-request authentication (bybit-v5.md §1.1-1.3). REST: HMAC-SHA256 (lowercase hex) over
// timestamp + apiKey + recvWindow + the raw query string (GET) or raw body (POST), exactly as
// received (never re-sorted or decoded). Window: serverNow - recvWindow <= timestamp < serverNow +
// 1000, recvWindow default 5000. Unknown key 10003, bad signature 10004, outside the window 10002,
// missing headers 10003 too (Bybit answers a missing key that way); all HTTP 200. WebSocket auth
// signs "GET/realtime" + expires, and expires must be in the future. Bun's hasher and crypto global:
// node:crypto (and the streams it loads) would cost every process a few ms at start-up.
import type { Account } from './accounts';
import { ApiError } from './params';

export function hmacHex(secret: string, text: string): string {
  return new Bun.CryptoHasher('sha256', secret).update(text).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface SignedHeaders {
  apiKey: string | null;
  timestamp: string | null;
  sign: string | null;
  recvWindow: string | null;
}

export function signedHeaders(h: Headers): SignedHeaders {
  return {
    apiKey: h.get('x-bapi-api-key'),
    timestamp: h.get('x-bapi-timestamp'),
    sign: h.get('x-bapi-sign'),
    recvWindow: h.get('x-bapi-recv-window'),
  };
}

/** The account a signed REST request belongs to, or ApiError 10002/10003/10004/10001. */
export function authenticate(h: SignedHeaders, payload: string, serverNowMs: number, accounts: ReadonlyMap<string, Account>): Account {
  if (!h.apiKey) throw new ApiError(10003, 'API key is invalid. (header X-BAPI-API-KEY is missing)');
  const account = accounts.get(h.apiKey);
  if (!account) throw new ApiError(10003, 'API key is invalid.');
  if (!h.timestamp || !/^\d{1,16}$/.test(h.timestamp))
    throw new ApiError(10001, `params error: X-BAPI-TIMESTAMP '${h.timestamp ?? ''}' must be ms since the epoch`);
  const rwText = h.recvWindow ?? '5000';
  if (!/^\d{1,9}$/.test(rwText)) throw new ApiError(10001, `params error: X-BAPI-RECV-WINDOW '${rwText}' must be a positive integer (ms)`);
  const ts = Number(h.timestamp);
  const rw = Number(rwText);
  if (!(serverNowMs - rw <= ts && ts < serverNowMs + 1000)) {
    throw new ApiError(
      10002,
      `invalid request, please check your server timestamp or recv_window param. req_timestamp[${ts}],server_timestamp[${serverNowMs}],recv_window[${rw}]`,
    );
  }
  const origin = `${h.timestamp}${h.apiKey}${h.recvWindow ?? ''}${payload}`;
  const want = hmacHex(account.secret, origin);
  if (!h.sign || !sameHex(want, h.sign.toLowerCase())) throw new ApiError(10004, `error sign! origin_string[${origin}]`);
  return account;
}

/** WS `auth` args [apiKey, expiresMs, signature]: the account, or a Bybit-style failure message. */
export function authenticateWs(args: unknown, serverNowMs: number, accounts: ReadonlyMap<string, Account>): Account | string {
  if (!Array.isArray(args) || args.length !== 3) return 'Params Error';
  const [key, expires, sign] = args as [unknown, unknown, unknown];
  const account = typeof key === 'string' ? accounts.get(key) : undefined;
  if (!account) return 'Invalid apikey';
  const expiresMs = Number(expires);
  if (!Number.isFinite(expiresMs) || expiresMs <= serverNowMs) return 'Params Error: request expired';
  if (typeof sign !== 'string' || !sameHex(hmacHex(account.secret, `GET/realtime${String(expires)}`), sign.toLowerCase()))
    return 'Params Error: invalid signature';
  return account;
}
