// Parameter reading for private requests: GET query strings and POST JSON bodies both become a
// plain object; each reader throws ApiError 10001 naming the field and value when it is malformed.
// Bybit takes numbers as decimal strings (numbers are accepted too).
import { ApiError, paramError } from '../params';
import type { BybitSide, TimeInForce } from './records';

export type Params = Record<string, unknown>;

export function fromQuery(q: URLSearchParams): Params {
  const out: Params = {};
  for (const [k, v] of q) out[k] = v;
  return out;
}

export function fromBody(text: string): Params {
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw paramError(`params error: the body is not JSON (${text.slice(0, 40)})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw paramError('params error: the body must be a JSON object');
  return v as Params;
}

export function optStr(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw paramError(`params error: ${name} must be a string`);
  return String(v);
}

export function reqStr(p: Params, name: string): string {
  const v = optStr(p, name);
  if (v === undefined) throw paramError(`params error: ${name} is required`);
  return v;
}

/** A decimal number (string or number); undefined when absent. */
export function optNum(p: Params, name: string): number | undefined {
  const v = optStr(p, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw paramError(`params error: ${name} '${v}' is not a decimal number`);
  return Number(v);
}

export function optBool(p: Params, name: string): boolean {
  const v = p[name];
  if (v === undefined || v === null || v === '') return false;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw paramError(`params error: ${name} '${String(v)}' must be true or false`);
}

export function linear(p: Params): void {
  const c = optStr(p, 'category');
  if (c === undefined) throw paramError('params error: category is required');
  if (c !== 'linear') throw paramError(`params error: category '${c}' is not served by the emulator (only linear)`);
}

export function side(p: Params): BybitSide {
  const s = reqStr(p, 'side');
  if (s !== 'Buy' && s !== 'Sell') throw paramError(`params error: side '${s}' must be Buy or Sell`);
  return s;
}

export function timeInForce(p: Params): TimeInForce {
  const t = optStr(p, 'timeInForce') ?? 'GTC';
  if (t !== 'GTC' && t !== 'IOC' && t !== 'FOK' && t !== 'PostOnly')
    throw paramError(`params error: timeInForce '${t}' must be GTC, IOC, FOK or PostOnly`);
  return t;
}

/** One-way mode only: positionIdx must be absent or 0 (Bybit: 10001 "position idx not match position mode"). */
export function oneWay(p: Params): void {
  const idx = optStr(p, 'positionIdx');
  if (idx !== undefined && idx !== '0')
    throw new ApiError(10001, `position idx not match position mode (positionIdx ${idx}; the emulator runs one-way mode, use 0)`);
}

export function limitOf(p: Params, max: number, fallback: number): number {
  const n = optNum(p, 'limit') ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw paramError(`params error: limit ${n} must be an integer in [1, ${max}]`);
  return n;
}

/** Offset cursors issued by this server ("" or digits). */
export function cursorOf(p: Params): number {
  const c = optStr(p, 'cursor') ?? '';
  if (c !== '' && !/^\d+$/.test(c)) throw paramError(`params error: cursor '${c}' is not one this server issued`);
  return c === '' ? 0 : Number(c);
}

export function page<T>(rows: readonly T[], p: Params, max: number, fallback: number): { list: T[]; nextPageCursor: string } {
  const at = cursorOf(p);
  const limit = limitOf(p, max, fallback);
  const next = at + limit;
  return { list: rows.slice(at, next), nextPageCursor: next < rows.length ? String(next) : '' };
}
