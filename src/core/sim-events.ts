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
  const f = (i: number) => r[o + i] ?? Number.NaN;
  switch (f(0)) {
    case 1:
      return {
        kind: 'fill',
        tsMs: f(1),
        orderId: f(2),
        side: side(f(3)),
        qty: f(4),
        price: f(5),
        feeUsdt: f(6),
        isMaker: f(7) === 1,
        reason: fillReason(f(8)),
        ambiguous: f(9) === 1,
        realisedPnlUsdt: f(10),
        valueUsdt: f(11),
        positionQtyAfter: f(12),
      };
    case 2:
    case 6:
      return {
        kind: f(0) === 2 ? 'rejected' : 'cancelled',
        tsMs: f(1),
        orderId: f(2),
        retCode: f(3),
        reason: SIM_REASONS[f(4) - 1] ?? 'ORDER_NOT_FOUND',
      };
    case 3:
      return { kind: 'funding', tsMs: f(1), rate: f(3), markPrice: f(4), paidUsdt: f(5), positionQty: f(6), fromMarginUsdt: f(7) };
    case 4:
      return {
        kind: 'liquidation',
        tsMs: f(1),
        side: side(f(3)),
        qty: f(4),
        bankruptcyPrice: f(5),
        markPrice: f(6),
        marginLostUsdt: f(7),
        liqPrice: f(8),
      };
    case 5:
      return { kind: 'triggered', tsMs: f(1), orderId: f(2), triggerPrice: f(3), source: SIM_TRIGGER_SOURCES[f(4) - 1] ?? 'stop' };
    case 7:
      return {
        kind: 'trade_closed',
        exitTsMs: f(1),
        side: side(f(3)),
        qty: f(4),
        entryTsMs: f(5),
        entryPrice: f(6),
        exitPrice: f(7),
        feesUsdt: f(8),
        fundingUsdt: f(9),
        grossPnlUsdt: f(10),
        netPnlUsdt: f(11),
        maeUsdt: f(12),
        mfeUsdt: f(13),
        exitReason: fillReason(f(14)),
        ambiguous: f(15) === 1,
      };
    default:
      throw new CoreError('CORE', `sim event record ${o / SIM_EVENT_STRIDE}: unknown kind ${f(0)} (expected 1..7)`);
  }
}

/** Decodes every record of `records` (length a multiple of SIM_EVENT_STRIDE). */
export function decodeSimEvents(records: Float64Array): SimEvent[] {
  const out: SimEvent[] = [];
  for (let o = 0; o < records.length; o += SIM_EVENT_STRIDE) out.push(decodeOne(records, o));
  return out;
}
