// Shared input checks for the data tools: symbols, ISO 8601 UTC dates, timeframes. Each failure is a
// USAGE error naming the option, the value given and what was expected.

import { normalizeSymbol } from '../data';
import { isTimeframe, parseIsoMs, TIMEFRAME_MINUTES } from '../domain';
import { TradeError } from '../errors';

export function symbolInput(value: string | undefined, option = 'SYMBOL'): string {
  const s = value === undefined ? undefined : normalizeSymbol(value);
  if (!s) throw new TradeError('USAGE', `${option}: expected a symbol like BTCUSDT, got '${value ?? ''}'`);
  return s;
}

export function dateInput(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseIsoMs(value);
  if (ms === undefined)
    throw new TradeError('USAGE', `${option} '${value}': expected an ISO 8601 UTC date like 2024-08-01 or 2024-08-01T12:00:00Z`);
  return ms;
}

export function tfInput(value: string | undefined, option = '--tf'): number {
  if (value === undefined || !isTimeframe(value)) {
    throw new TradeError('USAGE', `${option} '${value ?? ''}': expected one of ${Object.keys(TIMEFRAME_MINUTES).join(', ')}`);
  }
  return TIMEFRAME_MINUTES[value];
}
