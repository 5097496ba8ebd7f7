// Position sizing and instrument rounding. Quantities are rounded DOWN to the qty step (never
// risk more than asked); the order's cost (initial margin plus the fees to open and to close at
// the bankruptcy price, as Bybit charges it) must fit the available balance; a size below the
// minimum qty or notional yields 0 (no order) with a reason code and a detail.

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
  /** Order cost per USDT of notional (see entryCostRate); 1/leverage when omitted. */
  costRate?: number;
  rules: LotRules;
}

export interface SizeResult {
  qty: number;
  /** Why the size is 0, when it is: a stable code (no_stop_distance, insufficient_margin, below_min_qty, below_min_notional). */
  reason?: string;
  detail?: string;
}

/**
 * Bybit's order cost per USDT of notional for an opening order: initial margin (1/leverage), the
 * taker fee to open, and the taker fee to close at the bankruptcy price (notional × (1 ∓ 1/lev)).
 */
export function entryCostRate(side: 'long' | 'short', leverage: number, takerFeeRate: number): number {
  const fee = Math.max(0, takerFeeRate);
  return 1 / leverage + fee + fee * (side === 'long' ? 1 - 1 / leverage : 1 + 1 / leverage);
}

/** Rounds down to a multiple of `step`, robust to binary fractions (0.1 + 0.2 style error). */
export function floorToStep(x: number, step: number): number {
  return onGrid(Math.floor(x / step + 1e-9), step);
}

export function roundToTick(price: number, tick: number): number {
  return onGrid(Math.round(price / tick), tick);
}

/** A step as an integer over a power of ten (0.005 = 5 / 1000), when it is exactly that double. */
export interface StepFraction {
  num: number;
  pow: number;
  decimals: number;
}

const fractions = new Map<number, StepFraction | null>();

export function fractionOf(step: number): StepFraction | null {
  let f = fractions.get(step);
  if (f === undefined) {
    const d = decimals(step);
    const pow = 10 ** d;
    const num = Math.round(step * pow);
    f = d <= 15 && num / pow === step ? { num, pow, decimals: d } : null;
    fractions.set(step, f);
  }
  return f;
}

/**
 * The double nearest to n steps written in decimal, as `Number((n * step).toFixed(decimals))`
 * gives it: for a step num/10^d, that decimal is (n·num)/10^d, and one IEEE division of those two
 * exact integers rounds it to the same nearest double, without formatting a string. Products past
 * 1e15 (where n * step could be off by half a unit) keep the string form.
 */
function onGrid(n: number, step: number): number {
  const f = fractionOf(step);
  const units = f === null ? Number.NaN : n * f.num;
  // + 0: -0 becomes 0, as the string form gives it.
  if (f !== null && Math.abs(units) < 1e15) return units / f.pow + 0;
  return Number((n * step).toFixed(decimals(step)));
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
      if (r.stopDistance === undefined || !(r.stopDistance > 0))
        return { qty: 0, reason: 'no_stop_distance', detail: 'risk_pct sizing needs a stop distance > 0' };
      qty = (r.equityUsdt * r.plan.pct) / 100 / r.stopDistance;
      break;
    }
  }
  if (r.maxNotionalUsdt !== undefined) qty = Math.min(qty, r.maxNotionalUsdt / r.entryPrice);
  // Margin cap: the order's cost must fit the available balance.
  const costRate = r.costRate ?? 1 / r.leverage;
  const wanted = qty;
  const affordable = Math.max(0, r.availableUsdt) / (r.entryPrice * costRate);
  const capped = affordable < qty;
  qty = floorToStep(Math.max(Math.min(qty, affordable), 0), r.rules.qtyStep);
  if (qty < r.rules.minQty) {
    if (capped)
      return {
        qty: 0,
        reason: 'insufficient_margin',
        detail: `available ${r.availableUsdt.toFixed(2)} USDT buys ${qty} (wanted ${wanted}), below min qty ${r.rules.minQty}`,
      };
    return { qty: 0, reason: 'below_min_qty', detail: `size ${qty} below min qty ${r.rules.minQty}` };
  }
  if (qty * r.entryPrice < r.rules.minNotionalUsdt)
    return { qty: 0, reason: 'below_min_notional', detail: `notional ${qty * r.entryPrice} below min ${r.rules.minNotionalUsdt} USDT` };
  return { qty };
}
