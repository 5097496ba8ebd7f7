// What an order tool reports once Bybit has been asked (issue 20, LIVE.md §6): exactly what is
// known, never a guess. A create is `placed` (its orderId; also when only a lookup by orderLinkId
// found it), `rejected` (Bybit's retCode and message) or `in_doubt` (no answer, and the lookups did
// not settle it; every step tried is listed and nothing more is sent). A cancel is `cancelled`, an
// amend `amended` (answered, or confirmed by a lookup). Rejected is VENUE_REJECTED and in doubt is
// VENUE_IN_DOUBT, each with `details.status`, so `trade tool` exits non-zero and MCP sets isError.
import type { Lookup, Settlement, WriteOutcome } from '../../bybit';
import { VenueError } from '../../errors';

export interface SentOrder {
  tool: string;
  symbol: string;
  clientId: string;
}

type Row = Record<string, unknown>;

/** Order statuses after which nothing more happens to an order (Bybit V5 orderStatus). */
const ENDED = new Set(['Filled', 'Cancelled', 'PartiallyFilledCanceled', 'Rejected', 'Deactivated']);
const CANCELLED = new Set(['Cancelled', 'PartiallyFilledCanceled', 'Deactivated']);

function rejected(what: string, details: Record<string, unknown>): VenueError {
  return new VenueError('VENUE_REJECTED', what, { status: 'rejected', ...details });
}

function inDoubt(what: string, details: Record<string, unknown>): VenueError {
  return new VenueError('VENUE_IN_DOUBT', what, { status: 'in_doubt', ...details });
}

const last = (tried: readonly string[]) => tried[tried.length - 1] ?? 'nothing answered';

/** A create's settlement as the tool's result fields, or the VenueError that says what is known. */
export function placedOrThrow(s: Settlement, o: SentOrder): { status: 'placed'; orderId: string; orderStatus?: string; tried: string[] } {
  const at = `${o.tool} ${o.symbol} ${o.clientId}`;
  switch (s.kind) {
    case 'placed':
      return { status: 'placed', orderId: s.orderId, tried: s.tried };
    case 'found': {
      const orderStatus = String(s.row.orderStatus ?? '');
      if (orderStatus === 'Rejected') {
        const reason = String(s.row.rejectReason ?? '');
        throw rejected(`${at}: the create had no answer; the lookup finds it Rejected (${reason})`, {
          clientId: o.clientId,
          orderStatus,
          rejectReason: reason,
          tried: s.tried,
        });
      }
      return { status: 'placed', orderId: String(s.row.orderId ?? ''), orderStatus, tried: s.tried };
    }
    case 'rejected':
      throw rejected(`${at}: rejected by Bybit: retCode ${s.retCode} ${s.retMsg}`, {
        clientId: o.clientId,
        retCode: s.retCode,
        retMsg: s.retMsg,
        tried: s.tried,
      });
    case 'unknown':
    case 'settled_elsewhere': {
      const resent = s.kind === 'unknown' && s.resent;
      throw inDoubt(
        `${at}: in doubt: no answer to rely on and the lookups by orderLinkId did not settle it (${last(s.tried)}); ${resent ? 'it was resent once, never again' : 'nothing was resent'}: look it up (account.open_orders) before sending it again`,
        { clientId: o.clientId, resent, tried: s.tried },
      );
    }
  }
}

/** The order a lookup found, in the few fields a tool reports. */
function rowFacts(row: Row): Record<string, unknown> {
  const keys = ['orderId', 'orderLinkId', 'orderStatus', 'price', 'qty', 'triggerPrice', 'takeProfit', 'stopLoss', 'cumExecQty'];
  return Object.fromEntries(keys.filter((k) => row[k] !== undefined).map((k) => [k, row[k]]));
}

/** What a lookup after an unanswered cancel or amend tells, or the error saying it could not tell. */
function lookedUp(at: string, why: string, lookup: Lookup, ref: Record<string, unknown>): Row {
  if (lookup.kind === 'failed')
    throw inDoubt(`${at}: in doubt: no answer to rely on (${why}) and the lookup failed (${lookup.why}); nothing was resent`, {
      ...ref,
      why,
      lookup: `failed (${lookup.why})`,
    });
  if (lookup.kind === 'absent')
    throw rejected(`${at}: no answer (${why}), and no such order in order/realtime or order/history`, { ...ref, why, lookup: 'absent' });
  return lookup.row;
}

export function cancelledOrThrow(out: WriteOutcome<{ orderId: string; orderLinkId: string }>, at: string, ref: Record<string, unknown>) {
  if (out.kind === 'ok') return { status: 'cancelled' as const, result: out.result };
  if (out.kind === 'rejected')
    throw rejected(`${at}: rejected by Bybit: retCode ${out.retCode} ${out.retMsg}`, { ...ref, retCode: out.retCode, retMsg: out.retMsg });
  const row = lookedUp(at, out.why, out.lookup, ref);
  const orderStatus = String(row.orderStatus ?? '');
  const order = rowFacts(row);
  if (CANCELLED.has(orderStatus)) return { status: 'cancelled' as const, confirmedBy: 'lookup', order };
  if (ENDED.has(orderStatus))
    throw rejected(`${at}: no answer (${out.why}); the lookup finds the order ${orderStatus}: nothing to cancel`, { ...ref, order });
  throw inDoubt(`${at}: in doubt: no answer (${out.why}) and the lookup finds the order still ${orderStatus}; nothing was resent`, {
    ...ref,
    order,
  });
}

/** `wanted`: the amended fields as sent (strings on the grid); a lookup confirms the amend when the order shows all of them. */
export function amendedOrThrow(
  out: WriteOutcome<{ orderId: string; orderLinkId: string }>,
  at: string,
  ref: Record<string, unknown>,
  wanted: Record<string, string>,
) {
  if (out.kind === 'ok') return { status: 'amended' as const, result: out.result };
  if (out.kind === 'rejected')
    throw rejected(`${at}: rejected by Bybit: retCode ${out.retCode} ${out.retMsg}`, { ...ref, retCode: out.retCode, retMsg: out.retMsg });
  const row = lookedUp(at, out.why, out.lookup, ref);
  const order = rowFacts(row);
  const differ = Object.entries(wanted).filter(([k, v]) => Number(row[k]) !== Number(v));
  if (differ.length === 0) return { status: 'amended' as const, confirmedBy: 'lookup', order };
  throw inDoubt(
    `${at}: in doubt: no answer (${out.why}) and the lookup shows ${differ.map(([k]) => `${k} ${String(row[k])}`).join(', ')} (not yet amended?); nothing was resent`,
    { ...ref, order },
  );
}
