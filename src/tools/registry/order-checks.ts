// The checks an order tool applies before anything is sent, the engine's own where it has them:
// quantity on the qty step and at least the minimum qty, prices on the tick, notional at least the
// minimum (reduce-only orders excepted, as on Bybit), leverage within the instrument's cap, the
// order's cost (initial margin plus the fees to open and to close, engine/sizing.ts) within the
// available balance, and the kill switch of a session when one is named. Each failure is one
// VALIDATION (or STATE for the kill switch) line naming the field, the value and the limit.
import { BybitMarketClient, fetchInstrument } from '../../bybit';
import type { Instrument } from '../../domain';
import { isoMs } from '../../domain';
import { entryCostRate } from '../../engine';
import { TradeError } from '../../errors';
import { readKillSwitch, resolveSession } from '../../state';
import { DEFAULT_STATE_DIR } from '../sessions';

/** Bybit's taker fee for linear perpetuals (the emulator's too): the cost check's fee rate. */
export const TAKER_FEE_RATE = 0.00055;

export async function loadInstrument(restBaseUrl: string, symbol: string): Promise<Instrument> {
  return fetchInstrument(new BybitMarketClient({ baseUrl: restBaseUrl, retry: { maxAttempts: 3 } }), symbol);
}

/**
 * The last 1m close Bybit reports (the forming candle's): a market order's reference price. The
 * window starts at 0, so an exchange whose market clock is behind the wall clock (the emulator's
 * replay) answers its own newest candle.
 */
export async function lastPrice(restBaseUrl: string, symbol: string, nowMs: number): Promise<{ price: number; tsMs: number }> {
  const page = await new BybitMarketClient({ baseUrl: restBaseUrl, retry: { maxAttempts: 3 } }).klinePage(symbol, 0, nowMs + 60_000, 1);
  const price = page.cols.close[0];
  const tsMs = page.cols.tsMs[0];
  if (price === undefined || tsMs === undefined)
    throw new TradeError('DATA_MISSING', `${page.label}: no candle for ${symbol}; no reference price`, { symbol });
  return { price, tsMs };
}

function onGrid(x: number, step: number): boolean {
  const units = x / step;
  return Math.abs(units - Math.round(units)) < 1e-6;
}

export function checkQty(ins: Instrument, qty: number, field = 'qty'): void {
  if (!onGrid(qty, ins.qtyStep))
    throw new TradeError('VALIDATION', `${field} ${qty} is not a multiple of ${ins.symbol}'s qty step ${ins.qtyStep}`, { field, qty });
  if (qty < ins.minQty - 1e-12)
    throw new TradeError('VALIDATION', `${field} ${qty} is below ${ins.symbol}'s minimum qty ${ins.minQty}`, { field, qty });
}

export function checkPrice(ins: Instrument, price: number, field: string): void {
  if (!onGrid(price, ins.tickSize))
    throw new TradeError('VALIDATION', `${field} ${price} is not a multiple of ${ins.symbol}'s tick size ${ins.tickSize}`, {
      field,
      price,
    });
}

export function checkNotional(ins: Instrument, qty: number, price: number): void {
  const notionalUsdt = qty * price;
  if (notionalUsdt < ins.minNotional)
    throw new TradeError(
      'VALIDATION',
      `qty ${qty} at ${price} is ${notionalUsdt.toFixed(2)} USDT, below ${ins.symbol}'s minimum notional ${ins.minNotional} USDT`,
      { qty, price, notionalUsdt },
    );
}

export function checkLeverage(ins: Instrument, leverage: number): void {
  if (!(leverage >= 1) || leverage > ins.maxLeverage)
    throw new TradeError('VALIDATION', `leverage ${leverage} is outside ${ins.symbol}'s range 1..${ins.maxLeverage}`, { leverage });
}

/** The opening order's cost (margin + fees to open and close) must fit the available balance. */
export function checkCost(side: 'buy' | 'sell', qty: number, price: number, leverage: number, availableUsdt: number): void {
  const costUsdt = qty * price * entryCostRate(side === 'buy' ? 'long' : 'short', leverage, TAKER_FEE_RATE);
  if (costUsdt > availableUsdt)
    throw new TradeError(
      'VALIDATION',
      `qty ${qty} at ${price} with leverage ${leverage} costs ${costUsdt.toFixed(2)} USDT; available is ${availableUsdt.toFixed(2)} USDT`,
      { costUsdt, availableUsdt },
    );
}

/** Refuses while the named session's kill switch is on (its last control command is panic or halt). */
export function checkKillSwitch(session: string | undefined, stateDir: string | undefined): void {
  if (session === undefined) return;
  const journal = resolveSession(stateDir ?? DEFAULT_STATE_DIR, session);
  const ks = readKillSwitch(journal);
  if (ks.halted && ks.last)
    throw new TradeError(
      'STATE',
      `session ${session} is ${ks.last.command === 'panic' ? 'panicked' : 'halted'} (${ks.last.command} at ${isoMs(ks.last.tsMs)}); nothing new is sent until session.resume`,
      { session, journal, command: ks.last.command },
    );
}
