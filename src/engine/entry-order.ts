// The entry order for a new position: exits from the Play (stop, target, trailing) at the last
// price, the size from the sizing plan on the equity and available balance (after a reversal's
// close: the wallet after that close, its taker fee paid), limit price and protection on the tick
// grid. A size of zero is a skip with its reason, and takes no order id.
import type { EngineConfig, Strategy } from './engine-types';
import type { AccountSnapshot, OrderRequest } from './ports';
import { entryCostRate, roundToTick, sizePosition } from './sizing';

export function entryOrder(
  cfg: EngineConfig,
  strategy: Pick<Strategy, 'exits'>,
  side: 'long' | 'short',
  account: AccountSnapshot,
  afterClose: boolean,
  price: number,
  nextId: () => string,
): { order: OrderRequest } | { skip: string; detail: string } {
  const exits = strategy.exits(side, price);
  const stopDistance = exits.stopLoss === undefined ? undefined : Math.abs(price - exits.stopLoss);
  // After a close in the same step, the wallet after that close (its taker fee paid) funds the
  // new position; otherwise what the venue says is available.
  const p = account.position;
  const closeFeeUsdt = afterClose ? p.qty * price * cfg.takerFeeRate : 0;
  const equity = afterClose ? account.walletUsdt + p.unrealizedPnlUsdt - closeFeeUsdt : account.equityUsdt;
  const costRate = entryCostRate(side, cfg.leverage, cfg.takerFeeRate);
  let available = afterClose ? equity : account.availableUsdt;
  // Both orders of a reversal go out at once, and a venue checks the new one's cost while the old
  // position is still open: only the part beyond its size needs free margin now. The entry is
  // capped there, so it is never rejected for margin the close has not released yet.
  if (afterClose) available = Math.min(available, (p.qty * price + Math.max(0, account.availableUsdt) / costRate) * costRate);
  const size = sizePosition({
    plan: cfg.sizing,
    equityUsdt: equity,
    entryPrice: price,
    stopDistance,
    leverage: cfg.leverage,
    maxNotionalUsdt: cfg.maxNotionalUsdt,
    availableUsdt: available,
    costRate,
    rules: cfg.rules,
  });
  if (size.qty <= 0) return { skip: size.reason ?? 'size_zero', detail: size.detail ?? '' };
  const tick = cfg.rules.tickSize;
  const offset = cfg.limitOffsetPct;
  const order: OrderRequest = {
    clientId: nextId(),
    side: side === 'long' ? 'buy' : 'sell',
    type: offset === undefined ? 'market' : 'limit',
    qty: size.qty,
    reduceOnly: false,
    timeInForce: offset === undefined ? 'IOC' : cfg.timeInForce,
  };
  if (offset !== undefined) order.price = roundToTick(price * (1 + ((side === 'long' ? -1 : 1) * offset) / 100), tick);
  if (exits.stopLoss !== undefined) order.stopLoss = roundToTick(exits.stopLoss, tick);
  if (exits.takeProfit !== undefined) order.takeProfit = roundToTick(exits.takeProfit, tick);
  if (exits.trailingDistance !== undefined) order.trailingDistance = Math.max(tick, roundToTick(exits.trailingDistance, tick));
  return { order };
}
