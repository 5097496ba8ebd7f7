// Names and instruments of synthetic symbols. A synthetic symbol starts with SYNTH and ends with
// USDT (SYNTHUSDT, SYNTHCRASHUSDT), so it can never be mistaken for a Bybit market; its instrument
// says where it came from in `source`, and forge refuses to write into a symbol whose stored
// instrument is not synthetic.
import type { Instrument } from '../domain';
import { TradeError } from '../errors';

export const SYNTH_SYMBOL_RE = /^SYNTH[A-Z0-9]{0,15}USDT$/;
export const DEFAULT_SYNTH_SYMBOL = 'SYNTHUSDT';
export const SYNTH_SOURCE = 'synthetic (trade forge data)';
export const SYNTH_TICK_SIZE = 0.01;
export const SYNTH_FUNDING_INTERVAL_MIN = 480;

export function isSyntheticSymbol(symbol: string): boolean {
  return SYNTH_SYMBOL_RE.test(symbol);
}

/** The symbol, or a USAGE error naming the value and the rule. */
export function syntheticSymbolInput(symbol: string, field = '--symbol'): string {
  if (!isSyntheticSymbol(symbol))
    throw new TradeError(
      'USAGE',
      `${field} '${symbol}': a synthetic symbol must start with SYNTH and end with USDT (e.g. SYNTHUSDT, SYNTHCRASHUSDT), so it cannot be mistaken for a real market`,
    );
  return symbol;
}

/** A synthetic instrument: 0.01 ticks, 0.001 qty steps, 8 h funding, one generous risk tier. */
export function syntheticInstrument(symbol: string): Instrument {
  return {
    symbol,
    tickSize: SYNTH_TICK_SIZE,
    qtyStep: 0.001,
    minQty: 0.001,
    minNotional: 5,
    maxLeverage: 100,
    fundingIntervalMin: SYNTH_FUNDING_INTERVAL_MIN,
    tiers: [{ riskLimitUsdt: 100_000_000, maxLeverage: 100, mmr: 0.005, mmDeductionUsdt: 0 }],
    source: SYNTH_SOURCE,
  };
}
