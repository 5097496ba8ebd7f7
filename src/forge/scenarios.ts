// The price shapes of synthetic markets: one function per scenario, each giving the 1m close path
// (before ticks) from a seeded Prng. Every path is "range" (a mean-reverting wobble around the
// start price) before the scenario's event bar and the scenario's own shape from it on, so a
// Play's warm-up always sees a quiet market and `event_bar` means the same thing everywhere.
// Pure arithmetic (no Math.random, no transcendental functions): same inputs, same numbers.
import type { Prng } from './prng';

export const SCENARIOS = [
  'trend_up',
  'trend_down',
  'range',
  'breakout',
  'crash',
  'v_recovery',
  'gap',
  'flat',
  'random_walk',
  'funding_spike',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Shape parameters; percentages are per cent (1 = 1 %), per 1m bar where it says so. */
export interface ShapeParams {
  bars: number;
  /** 1m bar index where the scenario's shape starts. */
  eventAt: number;
  startPrice: number;
  /** Standard deviation of the 1m return noise, % per bar. */
  volPct: number;
  /** Drift of trend_up / trend_down / random_walk, % per bar (trend_down uses its negative). */
  driftPct: number;
  /** crash: the fall from the event level (30); v_recovery: the dip before the recovery (20). */
  dropPct: number;
  /** breakout: the jump over the first 5 bars of the event, %. */
  jumpPct: number;
}

/** Bars the crash (and the v_recovery dip) takes, and the v_recovery climb back. */
export const CRASH_BARS = 60;
export const RECOVERY_BARS = 240;
const JUMP_BARS = 5;
/** Pull of the range wobble back to its level, per bar. */
const RANGE_PULL = 0.02;

/** Scenarios whose shape runs from the first bar (their event only marks a place: the gap's start). */
const WALK_ALL_THE_WAY: ReadonlySet<ScenarioName> = new Set(['gap', 'random_walk']);

type Step = (i: number, price: number, ctx: StepContext) => number;

interface StepContext {
  rng: Prng;
  p: ShapeParams;
  /** The price at the event bar's open (set when the shape starts). */
  eventLevel: number;
}

const noise = (c: StepContext, price: number, scale = 1) => price * (c.p.volPct / 100) * scale * c.rng.normal();
const wobble = (price: number, level: number, c: StepContext, scale = 1) => price + RANGE_PULL * (level - price) + noise(c, price, scale);

const STEPS: Record<ScenarioName, Step> = {
  trend_up: (_i, price, c) => price * (1 + c.p.driftPct / 100) + noise(c, price),
  trend_down: (_i, price, c) => price * (1 - c.p.driftPct / 100) + noise(c, price),
  range: (_i, price, c) => wobble(price, c.p.startPrice, c),
  breakout: (i, price, c) => {
    const k = i - c.p.eventAt;
    if (k < JUMP_BARS) return price * (1 + c.p.jumpPct / 100 / JUMP_BARS) + noise(c, price, 0.5);
    return price * (1 + c.p.driftPct / 200) + noise(c, price);
  },
  crash: (i, price, c) => {
    const k = i - c.p.eventAt;
    const bottom = c.eventLevel * (1 - c.p.dropPct / 100);
    if (k < CRASH_BARS) return c.eventLevel + ((bottom - c.eventLevel) * (k + 1)) / CRASH_BARS + noise(c, price, 0.3);
    return wobble(price, bottom, c);
  },
  v_recovery: (i, price, c) => {
    const k = i - c.p.eventAt;
    const bottom = c.eventLevel * (1 - c.p.dropPct / 100);
    if (k < CRASH_BARS) return c.eventLevel + ((bottom - c.eventLevel) * (k + 1)) / CRASH_BARS + noise(c, price, 0.3);
    const up = k - CRASH_BARS;
    if (up < RECOVERY_BARS) return bottom + ((c.eventLevel - bottom) * (up + 1)) / RECOVERY_BARS + noise(c, price, 0.3);
    return wobble(price, c.eventLevel, c);
  },
  gap: (_i, price, c) => price + noise(c, price),
  flat: (_i, _price, c) => c.p.startPrice,
  random_walk: (_i, price, c) => price * (1 + c.p.driftPct / 100) + noise(c, price),
  funding_spike: (_i, price, c) => wobble(price, c.p.startPrice, c),
};

/** The close of every 1m bar (untick'd; the market rounds them to ticks). */
export function closePath(name: ScenarioName, p: ShapeParams, rng: Prng): Float64Array {
  const closes = new Float64Array(p.bars);
  const ctx: StepContext = { rng, p, eventLevel: p.startPrice };
  let price = p.startPrice;
  for (let i = 0; i < p.bars; i++) {
    if (i === p.eventAt) ctx.eventLevel = price;
    if (name === 'flat') price = p.startPrice;
    else if (i < p.eventAt && !WALK_ALL_THE_WAY.has(name)) price = wobble(price, p.startPrice, ctx);
    else price = STEPS[name](i, price, ctx);
    // A path never reaches zero: a floor of 1 % of the start price keeps every price positive.
    if (price < p.startPrice / 100) price = p.startPrice / 100;
    closes[i] = price;
  }
  return closes;
}
