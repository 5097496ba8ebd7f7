// Bybit V5 market payloads -> plain numbers. Checks only the wire shape (arrays of 7 strings, numeric
// strings, required fields present); market rules (OHLC order, grids, ranges) belong to the data layer.
// Every failure is one VenueError VENUE_BAD_RESPONSE naming the request, the row and the field.
import type { CandleColumns, RiskTier } from '../domain';
import { isoMs } from '../domain';
import { VenueError } from '../errors';

const KLINE_FIELDS = ['startTime', 'open', 'high', 'low', 'close', 'volume', 'turnover'] as const;

function bad(label: string, what: string): VenueError {
  return new VenueError('VENUE_BAD_RESPONSE', `${label}: ${what}`, { endpoint: label });
}

/** A numeric string (or, where Bybit sends numbers, a finite number) as a number. */
function num(label: string, where: string, field: string, v: unknown): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : Number.NaN;
  if (!Number.isFinite(n)) throw bad(label, `${where}: field '${field}' = ${JSON.stringify(v)} is not a number`);
  return n;
}

function listOf(label: string, result: unknown): unknown[] {
  const list = (result as { list?: unknown } | null)?.list;
  if (!Array.isArray(result) && !Array.isArray(list)) throw bad(label, 'result.list is missing or not an array');
  return list as unknown[];
}

/** `result.list` of /v5/market/kline as columns, in the order served (Bybit: newest first). */
export function parseKlineList(label: string, result: unknown): CandleColumns {
  const list = listOf(label, result);
  const n = list.length;
  const cols = [0, 1, 2, 3, 4, 5, 6].map(() => new Float64Array(n));
  list.forEach((row, i) => {
    const where = `row ${i + 1}`;
    if (!Array.isArray(row) || row.length !== 7) throw bad(label, `${where}: expected an array of 7 strings, got ${JSON.stringify(row)}`);
    const ts = typeof row[0] === 'string' ? Number(row[0]) : Number.NaN;
    const at = Number.isSafeInteger(ts) ? `${where} (${isoMs(ts)})` : where;
    KLINE_FIELDS.forEach((field, k) => {
      if (typeof row[k] !== 'string') throw bad(label, `${at}: field '${field}' = ${JSON.stringify(row[k])} is not a string`);
      (cols[k] as Float64Array)[i] = num(label, at, field, row[k]);
    });
    if (!Number.isSafeInteger(ts) || ts < 0) throw bad(label, `${where}: field 'startTime' = '${row[0]}' is not integer milliseconds`);
  });
  const [tsMs, open, high, low, close, volume, turnover] = cols as [Float64Array, ...Float64Array[]];
  return { tsMs, open, high, low, close, volume, turnover } as CandleColumns;
}

export interface FundingPoint {
  tsMs: number;
  rate: number;
}

/** `result.list` of /v5/market/funding/history, in the order served; every row must be for `symbol`. */
export function parseFundingList(label: string, result: unknown, symbol: string): FundingPoint[] {
  return listOf(label, result).map((row, i) => {
    const r = (row ?? {}) as Record<string, unknown>;
    const where = `row ${i + 1}`;
    if (r.symbol !== symbol) throw bad(label, `${where}: field 'symbol' = ${JSON.stringify(r.symbol)}, expected '${symbol}'`);
    const tsMs = num(label, where, 'fundingRateTimestamp', r.fundingRateTimestamp);
    if (!Number.isSafeInteger(tsMs)) throw bad(label, `${where}: field 'fundingRateTimestamp' = ${tsMs} is not integer milliseconds`);
    return { tsMs, rate: num(label, `${where} (${isoMs(tsMs)})`, 'fundingRate', r.fundingRate) };
  });
}

/** The order constraints of one linear instrument, from an instruments-info item. */
export interface InstrumentSpec {
  symbol: string;
  tickSize: number;
  qtyStep: number;
  minQty: number;
  minNotional: number;
  maxLeverage: number;
  fundingIntervalMin: number;
}

function field(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

export function parseInstrument(label: string, result: unknown, symbol: string): InstrumentSpec {
  const item = listOf(label, result).find((x) => field(x, 'symbol') === symbol);
  if (!item) throw bad(label, `no instrument '${symbol}' in result.list`);
  const get = (path: string) => num(label, symbol, path, field(item, path));
  return {
    symbol,
    tickSize: get('priceFilter.tickSize'),
    qtyStep: get('lotSizeFilter.qtyStep'),
    minQty: get('lotSizeFilter.minOrderQty'),
    minNotional: get('lotSizeFilter.minNotionalValue'),
    maxLeverage: get('leverageFilter.maxLeverage'),
    fundingIntervalMin: get('fundingInterval'),
  };
}

export interface RiskTierRow extends RiskTier {
  /** Bybit's tier id (1 = lowest risk). */
  id: number;
}

/** `result.list` of /v5/market/risk-limit rows of `symbol` (other symbols are skipped); mmDeduction "" is 0. */
export function parseRiskLimitList(label: string, result: unknown, symbol: string): RiskTierRow[] {
  return listOf(label, result)
    .filter((row) => field(row, 'symbol') === symbol)
    .map((row) => {
      const id = num(label, symbol, 'id', field(row, 'id'));
      const where = `${symbol} tier id ${id}`;
      const ded = field(row, 'mmDeduction');
      return {
        id,
        riskLimitUsdt: num(label, where, 'riskLimitValue', field(row, 'riskLimitValue')),
        maxLeverage: num(label, where, 'maxLeverage', field(row, 'maxLeverage')),
        mmr: num(label, where, 'maintenanceMargin', field(row, 'maintenanceMargin')),
        mmDeductionUsdt: ded === '' || ded === undefined ? 0 : num(label, where, 'mmDeduction', ded),
      };
    });
}

/** `nextPageCursor` of a cursor-paginated result; '' or absent means the last page. */
export function nextCursor(result: unknown): string | undefined {
  const c = field(result, 'nextPageCursor');
  return typeof c === 'string' && c !== '' ? c : undefined;
}

/** Server time of /v5/market/time in ms, from `timeNano` (falls back to `timeSecond`). */
export function parseServerTimeMs(label: string, result: unknown): number {
  const nano = field(result, 'timeNano');
  if (typeof nano === 'string' && /^\d+$/.test(nano)) return Number(BigInt(nano) / 1_000_000n);
  return num(label, 'result', 'timeSecond', field(result, 'timeSecond')) * 1000;
}
