// What a file name or a Symbol cell says about the data: the symbol (bybit_linear_BTCUSDT_...,
// BTCUSDT-1m-2024-01.csv, "BTC-USDT") and the candle interval (_1m_, -5m-, _1h_).
import { TIMEFRAME_MINUTES } from '../../domain';

const QUOTES = ['USDT', 'USDC', 'USD', 'PERP'];

/** "BTC-USDT", "btc/usdt", "BTC_USDT" → "BTCUSDT"; undefined when the text is not symbol-like. */
export function normalizeSymbol(text: string): string | undefined {
  const s = text
    .trim()
    .toUpperCase()
    .replace(/[-/_:]/g, '');
  return /^[A-Z0-9]{2,30}$/.test(s) ? s : undefined;
}

/** The first name token that looks like a linear symbol (ends in USDT/USDC/USD/PERP). */
export function symbolFromName(fileName: string): string | undefined {
  for (const token of fileName.split(/[_\-.\s]+/)) {
    const t = token.toUpperCase();
    if (!/^[A-Z0-9]{4,30}$/.test(t)) continue;
    if (QUOTES.some((q) => t.endsWith(q) && t.length > q.length + 1)) return t;
  }
  return undefined;
}

/** Candle interval in minutes from a name token like "1m", "5m", "1h", "4h", "1d", "1w". */
export function tfMinutesFromName(fileName: string): number | undefined {
  for (const token of fileName.split(/[_\-.\s]+/)) {
    const m = /^(\d{1,3})(m|min|h|d|w)$/i.exec(token);
    if (!m) continue;
    const unit = (m[2] as string).toLowerCase();
    const mult = unit === 'h' ? 60 : unit === 'd' ? 1440 : unit === 'w' ? 10080 : 1;
    return Number(m[1]) * mult;
  }
  return undefined;
}

/** Timeframe label ("5m", "1h") for a supported number of minutes, or undefined. */
export function tfLabel(minutes: number): string | undefined {
  for (const [label, m] of Object.entries(TIMEFRAME_MINUTES)) if (m === minutes) return label;
  return undefined;
}
