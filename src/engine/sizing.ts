// Position sizing and instrument rounding. Quantities are rounded DOWN to the qty step (never
// risk more than asked); a size below the minimum qty or notional yields 0 (no order) with a reason.

export type SizingPlan =
  | { kind: 'risk_pct'; pct: number }
  | { kind: 'notional'; usdt: number }
  | { kind: 'equity_pct'; pct: number }
  | { kind: 'fixed_qty'; qty: number };

export interface LotRules {
  qtyStep: number;
  minQty: number;
  minNotionalUsdt: number;
  tickSize: number;
}

export interface SizeRequest {
  plan: SizingPlan;
  equityUsdt: number;
  entryPrice: number;
  /** Price distance to the stop; required by risk_pct. */
  stopDistance: number | undefined;
  leverage: number;
  maxNotionalUsdt: number | undefined;
  availableUsdt: number;
  rules: LotRules;
}

export interface SizeResult {
  qty: number;
  /** Why the size is 0, when it is. */
  reason?: string;
}

/** Rounds down to a multiple of `step`, robust to binary fractions (0.1 + 0.2 style error). */
export function floorToStep(x: number, step: number): number {
  const n = Math.floor(x / step + 1e-9);
  return Number((n * step).toFixed(decimals(step)));
}

export function roundToTick(price: number, tick: number): number {
  return Number((Math.round(price / tick) * tick).toFixed(decimals(tick)));
}

function decimals(step: number): number {
  const s = step.toString();
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function sizePosition(r: SizeRequest): SizeResult {
  let qty: number;
  switch (r.plan.kind) {
    case 'fixed_qty':
      qty = r.plan.qty;
      break;
    case 'notional':
      qty = r.plan.usdt / r.entryPrice;
      break;
    case 'equity_pct':
      qty = (((r.equityUsdt * r.plan.pct) / 100) * r.leverage) / r.entryPrice;
      break;
    case 'risk_pct': {
      if (r.stopDistance === undefined || !(r.stopDistance > 0)) return { qty: 0, reason: 'risk_pct sizing needs a stop distance > 0' };
      qty = (r.equityUsdt * r.plan.pct) / 100 / r.stopDistance;
      break;
    }
  }
  if (r.maxNotionalUsdt !== undefined) qty = Math.min(qty, r.maxNotionalUsdt / r.entryPrice);
  // Margin cap: the position's initial margin (notional / leverage) must fit the available balance.
  qty = Math.min(qty, (r.availableUsdt * r.leverage) / r.entryPrice);
  qty = floorToStep(Math.max(qty, 0), r.rules.qtyStep);
  if (qty < r.rules.minQty) return { qty: 0, reason: `size ${qty} below min qty ${r.rules.minQty}` };
  if (qty * r.entryPrice < r.rules.minNotionalUsdt)
    return { qty: 0, reason: `notional ${qty * r.entryPrice} below min ${r.rules.minNotionalUsdt} USDT` };
  return { qty };
}
