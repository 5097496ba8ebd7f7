// Closures that read values: columns at cursor - offset (NaN before the first bar), derived bar
// prices (hl2, hlc3, ohlc4), state built-ins and constants. Each is allocation-free.

import { DslError } from '../errors';
import type { BarField, StateBuiltin } from '../play';
import { STATE } from './runtime';

export type Fn = () => number;

export function constant(v: number): Fn {
  return () => v;
}

export function column(col: Float64Array, cursors: Int32Array, t: number, offset: number): Fn {
  if (offset === 0) {
    return () => {
      const i = cursors[t] as number;
      return i >= 0 ? (col[i] as number) : Number.NaN;
    };
  }
  return () => {
    const i = (cursors[t] as number) - offset;
    return i >= 0 ? (col[i] as number) : Number.NaN;
  };
}

/** hl2 / hlc3 / ohlc4 from base columns; other fields read their own column. */
export function barField(
  field: BarField,
  get: (f: 'open' | 'high' | 'low' | 'close') => Float64Array,
  cursors: Int32Array,
  t: number,
  offset: number,
): Fn {
  if (field === 'hl2') {
    const h = get('high');
    const l = get('low');
    return () => {
      const i = (cursors[t] as number) - offset;
      return i >= 0 ? ((h[i] as number) + (l[i] as number)) / 2 : Number.NaN;
    };
  }
  if (field === 'hlc3') {
    const h = get('high');
    const l = get('low');
    const c = get('close');
    return () => {
      const i = (cursors[t] as number) - offset;
      return i >= 0 ? ((h[i] as number) + (l[i] as number) + (c[i] as number)) / 3 : Number.NaN;
    };
  }
  if (field === 'ohlc4') {
    const o = get('open');
    const h = get('high');
    const l = get('low');
    const c = get('close');
    return () => {
      const i = (cursors[t] as number) - offset;
      return i >= 0 ? ((o[i] as number) + (h[i] as number) + (l[i] as number) + (c[i] as number)) / 4 : Number.NaN;
    };
  }
  throw new DslError('INTERNAL', `barField: ${field} is a base column`);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function stateValue(name: StateBuiltin, s: Float64Array): Fn {
  switch (name) {
    case 'last_price':
      return () => s[STATE.lastPrice] as number;
    case 'in_position':
      return () => {
        const side = s[STATE.side] as number;
        return side === 0 ? 0 : !Number.isNaN(side) ? 1 : Number.NaN;
      };
    case 'side':
      return () => s[STATE.side] as number;
    case 'entry_price':
      return () => s[STATE.entryPrice] as number;
    case 'bars_in_trade':
      return () => s[STATE.barsInTrade] as number;
    case 'unrealized_pnl_pct':
      return () => s[STATE.unrealizedPnlPct] as number;
    case 'hour_utc':
      return () => Math.floor((s[STATE.tsMs] as number) / HOUR_MS) % 24;
    case 'day_of_week':
      // Epoch day 0 (1970-01-01) was a Thursday: ISO weekday 4. Result: 1 = Monday … 7 = Sunday.
      return () => ((Math.floor((s[STATE.tsMs] as number) / DAY_MS) + 3) % 7) + 1;
  }
}
