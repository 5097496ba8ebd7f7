// Query-parameter checks for the emulated endpoints. A bad or missing parameter throws ApiError with
// retCode 10001 (Bybit's "request parameter error") and a message naming the parameter and value.
export class ApiError extends Error {
  constructor(
    readonly retCode: number,
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}

export const PARAM_ERROR = 10001;

export function paramError(message: string): ApiError {
  return new ApiError(PARAM_ERROR, message);
}

export function required(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (v === null || v === '') throw paramError(`params error: ${name} is required`);
  return v;
}

/** An optional non-negative integer parameter (ms times, limits). */
export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d{1,16}$/.test(v)) throw paramError(`params error: ${name} '${v}' must be a non-negative integer`);
  return Number(v);
}

export function limitParam(q: URLSearchParams, max: number, fallback: number): number {
  const n = intParam(q, 'limit') ?? fallback;
  if (n < 1 || n > max) throw paramError(`params error: limit ${n} must be in [1, ${max}]`);
  return n;
}

/** `category`: only linear is served. Bybit defaults kline's category to linear; other endpoints require it. */
export function linearCategory(q: URLSearchParams, optional = false): void {
  const c = q.get('category');
  if ((c === null || c === '') && optional) return;
  if (c === null || c === '') throw paramError('params error: category is required');
  if (c !== 'linear') throw paramError(`params error: category '${c}' is not served by the emulator (only linear)`);
}
