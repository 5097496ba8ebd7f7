// One order create carried through its unknowns (LIVE.md §6), the single implementation behind
// BybitVenue's submits and the order tools (BybitTradingClient.placeOrder). Given the create's
// answer: ok → placed; a definite reject → rejected; ambiguous (ambiguity.ts), or 110072 (an order
// with this orderLinkId exists) → in doubt: looked up by orderLinkId (in-doubt.ts) up to
// `lookupAttempts` times with the caller's backoff. Found → that row. Two answered lookups with
// nothing and never resent → resent once with the same parameters (the same orderLinkId), and that
// answer settled the same way. A failed lookup counts for nothing: after the lookups the order is
// `unknown` with every step tried, never "not placed". The venue's private rows may settle an order
// meanwhile (`stillInDoubt` turns false): the lookups stop.
import type { OrderParamsV5, RestClientV5 } from 'bybit-api';
import { type Outcome, RET_DUPLICATE_LINK_ID } from './ambiguity';
import { lookupOrder } from './in-doubt';
import type { RestCaller } from './rest-caller';
import type { Timers } from './timers';
import type { Row } from './venue-events';

/** Answered lookups that must find nothing before an order may be resent. */
export const ABSENT_NEEDED = 2;

export interface SettleDeps {
  rest: RestClientV5;
  caller: RestCaller;
  timers: Timers;
  symbol: string;
  lookupAttempts: number;
  /** False once something else (a private row) has settled the order: the lookups stop. */
  stillInDoubt(): boolean;
  /** The order went in doubt, or is about to be resent (`resent` true). */
  onDoubt(resent: boolean): void;
}

export type Settlement =
  | { kind: 'placed'; orderId: string; resent: boolean; tried: string[] }
  | { kind: 'found'; row: Row; resent: boolean; tried: string[] }
  | { kind: 'rejected'; retCode: number; retMsg: string; resent: boolean; tried: string[] }
  | { kind: 'unknown'; resent: boolean; tried: string[] }
  | { kind: 'settled_elsewhere'; tried: string[] };

/**
 * Settles the create of `params` from its first answer `out`, or, with `out` undefined, an order
 * already in doubt (a later round of lookups). `resent`: the create was already sent twice.
 */
export async function settleOrderCreate(
  deps: SettleDeps,
  params: OrderParamsV5,
  resent: boolean,
  out: Outcome<{ orderId: string }> | undefined,
): Promise<Settlement> {
  const tried: string[] = [];
  let wasResent = resent;
  let answer = out;
  for (;;) {
    if (answer !== undefined) {
      if (answer.kind === 'ok') return { kind: 'placed', orderId: answer.result.orderId, resent: wasResent, tried };
      if (answer.kind === 'rejected' && answer.retCode !== RET_DUPLICATE_LINK_ID)
        return { kind: 'rejected', retCode: answer.retCode, retMsg: answer.retMsg, resent: wasResent, tried };
      if (answer.kind === 'rejected') wasResent = true; // 110072: it exists; never send it again
      tried.push(`create: ${describe(answer)}`);
      deps.onDoubt(wasResent);
    }
    const looked = await lookUp(deps, params.orderLinkId ?? '', tried);
    if (looked.kind === 'found') return { kind: 'found', row: looked.row, resent: wasResent, tried };
    if (deps.timers.isClosed) return { kind: 'unknown', resent: wasResent, tried };
    if (looked.kind === 'elsewhere' || !deps.stillInDoubt()) return { kind: 'settled_elsewhere', tried };
    if (looked.absent < ABSENT_NEEDED || wasResent) return { kind: 'unknown', resent: wasResent, tried };
    wasResent = true;
    deps.onDoubt(true);
    tried.push('create resent once with the same orderLinkId');
    answer = await deps.caller.send('order/create', () => deps.rest.submitOrder(params));
  }
}

type Looked = { kind: 'found'; row: Row } | { kind: 'elsewhere' } | { kind: 'none'; absent: number };

/** Bounded lookups with backoff; each one's result is added to `tried`. */
async function lookUp(deps: SettleDeps, clientId: string, tried: string[]): Promise<Looked> {
  let absent = 0;
  for (let attempt = 1; attempt <= deps.lookupAttempts && !deps.timers.isClosed; attempt++) {
    await deps.timers.sleep(deps.caller.backoffMs(attempt));
    if (!deps.stillInDoubt()) return { kind: 'elsewhere' };
    const found = await lookupOrder(deps.rest, deps.caller, deps.symbol, clientId);
    if (found.kind === 'found') {
      tried.push(`lookup ${attempt}: found (${String(found.row.orderStatus ?? '?')})`);
      return found;
    }
    if (found.kind === 'absent') absent++; // a failed lookup answers nothing; the absences stand
    tried.push(`lookup ${attempt}: ${found.kind === 'absent' ? 'absent from order/realtime and order/history' : `failed (${found.why})`}`);
  }
  return { kind: 'none', absent };
}

function describe(o: Exclude<Outcome<unknown>, { kind: 'ok' }>): string {
  if (o.kind === 'rejected') return `retCode ${o.retCode} ${o.retMsg}`;
  if (o.kind === 'clock') return `retCode 10002 ${o.retMsg}`;
  return `no answer to rely on (${o.why})`;
}
