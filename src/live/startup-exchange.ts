// Start-up on an exchange (LIVE.md §6 step 2): isolated margin and the Play's leverage, then
// Bybit's disconnect-cancel window when asked for. Each failure is one line naming the step, the
// cause and the fix; a margin or leverage change refused under a position this session did not
// open names that position (Bybit refuses leverage changes while one is open).
import type { PositionSnapshot } from '../engine';
import { TradeError } from '../errors';
import type { RunMode } from './guards';
import type { ExchangeVenue } from './session-types';

/** Start-up failure: one line naming the step, the cause and the fix. */
export function stepError(step: string, cause: unknown, fix: string): TradeError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  const code = cause instanceof TradeError ? cause.code : 'VENUE_NETWORK';
  return new TradeError(code, `start-up step '${step}' failed: ${msg}; ${fix}`, { step }, { cause });
}

/** The account's position, or undefined when it cannot be read (the caller reports its own error). */
async function heldPosition(exchange: ExchangeVenue): Promise<PositionSnapshot | undefined> {
  try {
    return (await exchange.reconcile()).account.position;
  } catch {
    return undefined;
  }
}

export interface ExchangeSetup {
  symbol: string;
  mode: RunMode;
  leverage: number;
  dcpWindowS: number | undefined;
  adopt: boolean;
  /** A resumed session: its own position may be open. */
  resuming: boolean;
}

/** Margin, leverage and DCP, each reported through `step` (name, detail). */
export async function setUpExchange(
  exchange: ExchangeVenue,
  o: ExchangeSetup,
  step: (name: string, detail: string) => void,
): Promise<void> {
  try {
    await exchange.setIsolatedMargin?.();
    await exchange.setLeverage?.(o.leverage);
  } catch (e) {
    const held = o.resuming ? undefined : await heldPosition(exchange);
    if (held && held.side !== 'flat')
      throw stepError(
        'set isolated margin and leverage',
        e,
        o.adopt
          ? `the account holds a ${held.side} ${held.qty} ${o.symbol} position, and its leverage cannot change while it is open: set risk.leverage to the account's, or close it`
          : `the account holds a ${held.side} ${held.qty} ${o.symbol} position this session did not open; close it, or start with --adopt to trade alongside it`,
      );
    throw stepError('set isolated margin and leverage', e, 'check the API key permissions (contract trade) and open positions');
  }
  step('margin', `isolated, leverage ${o.leverage}`);
  // Bybit's disconnect-cancel (DCP): our orders go if every private connection stays down.
  if (o.dcpWindowS === undefined) return;
  if (o.mode === 'demo') {
    step('dcp', `not set: Bybit demo trading has no disconnect-cancel (DCP); --dcp-window ${o.dcpWindowS} is ignored`);
    return;
  }
  try {
    await exchange.setDcpWindow?.();
  } catch (e) {
    throw stepError('set the disconnect-cancel window', e, 'DCP needs an account Bybit enabled it for; start without --dcp-window');
  }
  step('dcp', `disconnect-cancel window ${o.dcpWindowS} s: if every private connection stays down that long, Bybit cancels our orders`);
}
