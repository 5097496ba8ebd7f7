// Bybit's retMsg for each rejection the core reports (bybit-v5.md §2.10; observed texts where known),
// with the values involved so a test or a user sees what was refused.
import type { SimReason, SimState } from '../../core';

interface Priced {
  qty: number;
  price: number;
  triggerPrice: number;
}

export function rejectMessage(reason: SimReason, o: Priced | undefined, s: SimState): string {
  const last = s.lastPrice;
  switch (reason) {
    case 'QTY_INVALID':
      return `params error: qty ${o?.qty} is not a positive multiple of the qty step`;
    case 'QTY_BELOW_MIN':
      return 'The number of contracts exceeds minimum limit allowed';
    case 'PRICE_INVALID':
      return `Order price is out of permissible range (price ${o?.price}, triggerPrice ${o?.triggerPrice}: off the tick grid or <= 0)`;
    case 'NOTIONAL_BELOW_MIN':
      return 'The order value is below the minimum order value (minNotionalValue)';
    case 'REDUCE_ONLY_NO_POSITION':
      return 'current position is zero, cannot fix reduce-only order qty';
    case 'INSUFFICIENT_AVAILABLE_BALANCE':
      return `ab not enough for new order (available ${s.availableUsdt} USDT)`;
    case 'TRIGGER_EXPECT_RISING':
      return `expect Rising, but trigger_price[${o?.triggerPrice}] <= current[${last}]`;
    case 'TRIGGER_EXPECT_FALLING':
      return `expect Falling, but trigger_price[${o?.triggerPrice}] >= current[${last}]`;
    case 'ORDER_NOT_FOUND':
      return 'order not exists or too late to cancel';
    case 'RISK_LIMIT_EXCEEDED':
      return 'The position may exceed the max. limit. Please adjust your leverage to avoid liquidation';
    case 'TPSL_INVALID':
      return `params error: take profit / stop loss / trailing stop is off the tick grid or on the wrong side of the price (last ${last})`;
    case 'TPSL_NO_POSITION':
      return 'can not set tp/sl/ts for zero position';
    case 'TOO_MANY_CONDITIONAL':
      return 'The number of stop orders exceeds maximum limit allowed';
    case 'NO_REFERENCE_PRICE':
      return 'params error: no last price yet (the replay has not started)';
    default:
      return `order rejected: ${reason}`;
  }
}
