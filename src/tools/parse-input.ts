// Shared input checks for the tools: symbols, ISO 8601 UTC dates, timeframes, decimal numbers,
// output directories. Each failure is a USAGE error naming the option, the value given and what
// was expected.

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { normalizeSymbol } from '../data';
import { isoMs, isTimeframe, parseIsoMs, TIMEFRAME_MINUTES } from '../domain';
import { TradeError } from '../errors';

export function symbolInput(value: string | undefined, option = 'SYMBOL'): string {
  const s = value === undefined ? undefined : normalizeSymbol(value);
  if (!s) throw new TradeError('USAGE', `${option}: expected a symbol like BTCUSDT, got '${value ?? ''}'`);
  return s;
}

/** A time option: an ISO 8601 date or date-time (UTC unless it has a zone) or integer epoch milliseconds. */
export function dateInput(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{1,16}$/.test(value) ? Number(value) : parseIsoMs(value);
  if (ms === undefined || !Number.isSafeInteger(ms) || ms < 0 || ms > MAX_TIME_MS)
    throw new TradeError(
      'USAGE',
      `${option} '${value}': expected an ISO 8601 UTC date like 2024-08-01 or 2024-08-01T12:00:00Z, or epoch milliseconds`,
    );
  return ms;
}

/** Latest time accepted: 9999-12-31T23:59:59.999Z. */
const MAX_TIME_MS = 253_402_300_799_999;

/** The one message for a window whose end is not after its start (every command says the same). */
export function emptyWindowMessage(fromMs: number, toMs: number): string {
  return `the window is empty: --to ${isoMs(toMs)} must be after --from ${isoMs(fromMs)}`;
}

/** `--from` / `--to` of a command: each optional; when both are given, `to` must be after `from`. */
export function windowInput(from: string | undefined, to: string | undefined): { fromMs?: number; toMs?: number } {
  const fromMs = dateInput(from, '--from');
  const toMs = dateInput(to, '--to');
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) throw new TradeError('USAGE', emptyWindowMessage(fromMs, toMs));
  return { fromMs, toMs };
}

export type TsFormat = 'iso' | 'ms';

/** `--ts iso|ms`: how times are printed (default ISO 8601 UTC). */
export function tsFormatInput(value: string | undefined): TsFormat {
  if (value === undefined || value === 'iso') return 'iso';
  if (value === 'ms') return 'ms';
  throw new TradeError('USAGE', `--ts '${value}': expected iso (ISO 8601 UTC, the default) or ms (epoch milliseconds)`);
}

/** A time as printed under `format`. */
export function formatTs(tsMs: number, format: TsFormat): string | number {
  return format === 'ms' ? tsMs : isoMs(tsMs);
}

const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A plain decimal number (no hex, binary, octal, Infinity or blanks) in (0, max]. */
export function positiveDecimalInput(value: string, option: string, max: number, unit = ''): number {
  const v = DECIMAL_RE.test(value) ? Number(value) : Number.NaN;
  if (!(v > 0 && v <= max)) {
    throw new TradeError('USAGE', `${option} '${value}': expected a decimal number${unit ? ` of ${unit}` : ''} > 0 and ≤ ${max}`);
  }
  return v;
}

export function tfInput(value: string | undefined, option = '--tf'): number {
  if (value === undefined || !isTimeframe(value)) {
    throw new TradeError('USAGE', `${option} '${value ?? ''}': expected one of ${Object.keys(TIMEFRAME_MINUTES).join(', ')}`);
  }
  return TIMEFRAME_MINUTES[value];
}

/** `--out DIR`: an existing writable directory, or a path whose nearest existing ancestor is one. */
export function outRootInput(path: string, option = '--out'): void {
  if (path === '') throw new TradeError('USAGE', `${option} '': expected a directory path`);
  let at = resolve(path);
  for (;;) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(at, { throwIfNoEntry: false });
    } catch {
      st = undefined; // ENOTDIR: a file further up, found on the way
    }
    if (st) {
      if (!st.isDirectory()) {
        const what = at === resolve(path) ? 'is a file' : `is inside the file ${at}`;
        throw new TradeError('USAGE', `${option} '${path}' ${what} (expected a directory)`);
      }
      try {
        accessSync(at, constants.W_OK);
      } catch (cause) {
        throw new TradeError('USAGE', `${option} '${path}': ${at} is not writable (expected a writable directory)`, undefined, { cause });
      }
      return;
    }
    const up = dirname(at);
    if (up === at) return;
    at = up;
  }
}
