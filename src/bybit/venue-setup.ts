// Start-up steps of the live runner (LIVE.md §6), failing closed: read the instrument
// (instrument-fetch.ts, the one checked fetch of instruments-info + risk-limit), set
// the account to isolated margin (110026 "not modified" is fine), set the symbol's leverage
// (110043 "not modified" is fine). Anything else throws a VenueError with the retCode.
import type { RestClientV5 } from 'bybit-api';
import type { Instrument } from '../domain';
import { VenueError } from '../errors';
import type { Outcome } from './ambiguity';
import { fetchInstrument } from './instrument-fetch';
import { BybitMarketClient } from './market-client';
import type { RestCaller } from './rest-caller';

/** The checked instrument (the same fetch as `trade data instruments --sync`). */
export function readInstrument(restBaseUrl: string, symbol: string): Promise<Instrument> {
  return fetchInstrument(new BybitMarketClient({ baseUrl: restBaseUrl, retry: { maxAttempts: 3 } }), symbol);
}

function accept(label: string, out: Outcome<unknown>, fine: number): void {
  if (out.kind === 'ok') return;
  if (out.kind === 'rejected' && out.retCode === fine) return;
  if (out.kind === 'rejected')
    throw new VenueError('VENUE_REJECTED', `${label}: retCode ${out.retCode} ${out.retMsg}`, { endpoint: label, retCode: out.retCode });
  if (out.kind === 'clock')
    throw new VenueError('VENUE_REJECTED', `${label}: retCode 10002 ${out.retMsg}`, { endpoint: label, retCode: 10002 });
  throw new VenueError(out.retCode === 10006 ? 'VENUE_RATE_LIMITED' : 'VENUE_NETWORK', `${label}: no answer to rely on (${out.why})`, {
    endpoint: label,
    retCode: out.retCode,
  });
}

/**
 * Bybit's disconnect-cancel window (DCP, bybit-v5.md §4.7): if every private connection that
 * subscribed dcp.future stays down longer than `seconds`, Bybit cancels the account's orders.
 */
export async function setDcpWindow(rest: RestClientV5, caller: RestCaller, seconds: number): Promise<void> {
  const out = await caller.query('order/disconnected-cancel-all', () =>
    rest.setDisconnectCancelAllWindowV2({ product: 'DERIVATIVES', timeWindow: seconds }),
  );
  accept(`POST /v5/order/disconnected-cancel-all DERIVATIVES ${seconds}s`, out, 0);
}

export async function setIsolatedMargin(rest: RestClientV5, caller: RestCaller): Promise<void> {
  const out = await caller.query('account/set-margin-mode', () => rest.setMarginMode('ISOLATED_MARGIN'));
  accept('POST /v5/account/set-margin-mode ISOLATED_MARGIN', out, 110026);
}

export async function setLeverage(rest: RestClientV5, caller: RestCaller, symbol: string, leverage: number): Promise<void> {
  if (!(leverage > 0)) throw new VenueError('VENUE_REJECTED', `set leverage ${symbol}: leverage ${leverage} must be > 0`);
  const x = String(Math.round(leverage * 100) / 100);
  const out = await caller.query('position/set-leverage', () =>
    rest.setLeverage({ category: 'linear', symbol, buyLeverage: x, sellLeverage: x }),
  );
  accept(`POST /v5/position/set-leverage ${symbol} ${x}x`, out, 110043);
}
