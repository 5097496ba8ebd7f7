// Decodes the sim's flat event records (SIM_EVENT_STRIDE f64 each; field 0 kind, 1 time in ms,
// 2 order id) into plain objects. Money is USDT, prices and quantities in instrument units.
import { CoreError } from '../errors';
import {
  SIM_EVENT_STRIDE,
  SIM_FILL_REASONS,
  SIM_REASONS,
  SIM_TRIGGER_SOURCES,
  type SimFillReason,
  type SimReason,
  type SimTriggerSource,
} from './sim-layout';

export type Side = 'buy' | 'sell';

export interface SimFillEvent {
  kind: 'fill';
  tsMs: number;
  orderId: number;
  side: Side;
  qty: number;
  price: number;
  feeUsdt: number;
  isMaker: boolean;
  reason: SimFillReason;
  ambiguous: boolean;
  realisedPnlUsdt: number;
  valueUsdt: number;
  /** Signed position size after the fill (+ long, − short). */
  positionQtyAfter: number;
}

export interface SimOrderEndEvent {
  kind: 'rejected' | 'cancelled';
  tsMs: number;
  orderId: number;
  /** Bybit retCode (0 when Bybit accepts and cancels, e.g. post-only). */
  retCode: number;
  reason: SimReason;
}

export interface SimFundingEvent {
  kind: 'funding';
  tsMs: number;
  rate: number;
  markPrice: number;
  /** + paid by the trader, − received. */
  paidUsdt: number;
  positionQty: number;
  fromMarginUsdt: number;
}

export interface SimLiquidationEvent {
  kind: 'liquidation';
  tsMs: number;
  side: Side;
  qty: number;
  bankruptcyPrice: number;
  markPrice: number;
  marginLostUsdt: number;
  liqPrice: number;
}

export interface SimTriggeredEvent {
  kind: 'triggered';
  tsMs: number;
  orderId: number;
  triggerPrice: number;
  source: SimTriggerSource;
}

export interface SimTradeClosedEvent {
  kind: 'trade_closed';
  exitTsMs: number;
  side: Side;
  /** Largest size held during the trade. */
  qty: number;
  entryTsMs: number;
  entryPrice: number;
  exitPrice: number;
  feesUsdt: number;
  fundingUsdt: number;
  grossPnlUsdt: number;
  netPnlUsdt: number;
  /** Worst / best unrealised PnL at 1m path points while open (USDT, mae <= 0 <= mfe). */
  maeUsdt: number;
  mfeUsdt: number;
  exitReason: SimFillReason;
  ambiguous: boolean;
}

export type SimEvent = SimFillEvent | SimOrderEndEvent | SimFundingEvent | SimLiquidationEvent | SimTriggeredEvent | SimTradeClosedEvent;

const side = (x: number): Side => (x > 0 ? 'buy' : 'sell');
const fillReason = (x: number): SimFillReason => SIM_FILL_REASONS[x - 1] ?? 'exit';

function decodeOne(r: Float64Array, o: number): SimEvent {
  // Every field read is inside the record (the view holds whole records): no bounds fallback,
  // no closure per event.
  switch (r[o]!) {
    case 1:
      return {
        kind: 'fill',
        tsMs: r[o + 1]!,
        orderId: r[o + 2]!,
        side: side(r[o + 3]!),
        qty: r[o + 4]!,
        price: r[o + 5]!,
        feeUsdt: r[o + 6]!,
        isMaker: r[o + 7]! === 1,
        reason: fillReason(r[o + 8]!),
        ambiguous: r[o + 9]! === 1,
        realisedPnlUsdt: r[o + 10]!,
        valueUsdt: r[o + 11]!,
        positionQtyAfter: r[o + 12]!,
      };
    case 2:
    case 6:
      return {
        kind: r[o]! === 2 ? 'rejected' : 'cancelled',
        tsMs: r[o + 1]!,
        orderId: r[o + 2]!,
        retCode: r[o + 3]!,
        reason: SIM_REASONS[r[o + 4]! - 1] ?? 'ORDER_NOT_FOUND',
      };
    case 3:
      return {
        kind: 'funding',
        tsMs: r[o + 1]!,
        rate: r[o + 3]!,
        markPrice: r[o + 4]!,
        paidUsdt: r[o + 5]!,
        positionQty: r[o + 6]!,
        fromMarginUsdt: r[o + 7]!,
      };
    case 4:
      return {
        kind: 'liquidation',
        tsMs: r[o + 1]!,
        side: side(r[o + 3]!),
        qty: r[o + 4]!,
        bankruptcyPrice: r[o + 5]!,
        markPrice: r[o + 6]!,
        marginLostUsdt: r[o + 7]!,
        liqPrice: r[o + 8]!,
      };
    case 5:
      return {
        kind: 'triggered',
        tsMs: r[o + 1]!,
        orderId: r[o + 2]!,
        triggerPrice: r[o + 3]!,
        source: SIM_TRIGGER_SOURCES[r[o + 4]! - 1] ?? 'stop',
      };
    case 7:
      return {
        kind: 'trade_closed',
        exitTsMs: r[o + 1]!,
        side: side(r[o + 3]!),
        qty: r[o + 4]!,
        entryTsMs: r[o + 5]!,
        entryPrice: r[o + 6]!,
        exitPrice: r[o + 7]!,
        feesUsdt: r[o + 8]!,
        fundingUsdt: r[o + 9]!,
        grossPnlUsdt: r[o + 10]!,
        netPnlUsdt: r[o + 11]!,
        maeUsdt: r[o + 12]!,
        mfeUsdt: r[o + 13]!,
        exitReason: fillReason(r[o + 14]!),
        ambiguous: r[o + 15]! === 1,
      };
    default:
      throw new CoreError('CORE', `sim event record ${o / SIM_EVENT_STRIDE}: unknown kind ${r[o]!} (expected 1..7)`);
  }
}

/** Decodes every record of `records` (length a multiple of SIM_EVENT_STRIDE). */
export function decodeSimEvents(records: Float64Array): SimEvent[] {
  const out: SimEvent[] = [];
  for (let o = 0; o < records.length; o += SIM_EVENT_STRIDE) out.push(decodeOne(records, o));
  return out;
}
