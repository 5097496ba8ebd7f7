// Time helpers: every timestamp is integer milliseconds UTC (candle open time); parsing is strict.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Timeframes the store can resample to, in minutes. */
export const TIMEFRAME_MINUTES = {
  '1m': 1,
  '3m': 3,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '2h': 120,
  '4h': 240,
  '6h': 360,
  '12h': 720,
  '1d': 1440,
  '1w': 10080,
} as const;

export type Timeframe = keyof typeof TIMEFRAME_MINUTES;

export function isTimeframe(s: string): s is Timeframe {
  return Object.hasOwn(TIMEFRAME_MINUTES, s);
}

/** Monday 1970-01-05 00:00 UTC: weeks are counted from here; every other timeframe from the epoch. */
export const WEEK_ANCHOR_MS = 4 * DAY_MS;

export function bucketAnchorMs(tfMinutes: number): number {
  return tfMinutes === 10080 ? WEEK_ANCHOR_MS : 0;
}

/** Open time of the bucket (of a `tfMinutes` timeframe, on UTC epoch boundaries) holding `tsMs`. */
export function bucketStartMs(tsMs: number, tfMinutes: number): number {
  const tf = tfMinutes * MINUTE_MS;
  const anchor = bucketAnchorMs(tfMinutes);
  return Math.floor((tsMs - anchor) / tf) * tf + anchor;
}

export function tfMs(tf: Timeframe): number {
  return TIMEFRAME_MINUTES[tf] * MINUTE_MS;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 date or date-time; no zone means UTC. Returns ms, or undefined when malformed. */
export function parseIsoMs(s: string): number | undefined {
  const m = ISO_RE.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', se = '0', ms = '0', zone] = m;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se), Number(ms.padEnd(3, '0')));
  const back = new Date(t);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) {
    return undefined;
  }
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * MINUTE_MS;
  }
  return t;
}

export function isoMs(tsMs: number): string {
  return new Date(tsMs).toISOString();
}

/** Where "now" comes from, in epoch ms UTC. Injected wherever the present matters, so tests can fix it. */
export type Clock = () => number;

/** The wall clock; the one default the entry points (tools) pass down. */
export const systemClock: Clock = () => Date.now();
