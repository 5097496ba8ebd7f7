// The strategy side of the PlayEngine unit tests: a flat 1m exec series (every bar an exec bar,
// price 100), a Strategy that emits `script[i]` at the close of bar i, and the engine config those
// tests share (notional 1000 USDT, 1x, no fees), with what a test changes given as `over`.
import type { Action, EngineConfig, ExitPlan, Strategy, TfSeries } from '../../../src/engine';

export function flatSeries(t0Ms: number, n: number): TfSeries {
  const ts = Float64Array.from({ length: n }, (_, i) => t0Ms + i * 60_000);
  const px = new Float64Array(n).fill(100);
  return { name: 'exec', tfMs: 60_000, tsOpenMs: ts, open: px, high: px, low: px, close: px, volume: px, length: n, cursor: -1 };
}

/** Emits `script[i]` at the close of bar i. */
export class Scripted implements Strategy {
  readonly readsMinuteState = false;
  constructor(
    private readonly s: TfSeries,
    private readonly script: Record<number, Action>,
  ) {}
  decide(): Action {
    return this.script[this.s.cursor] ?? 'none';
  }
  exits(): ExitPlan {
    return {};
  }
}

export const scriptedConfig = (runId: string, over: Partial<EngineConfig> = {}): EngineConfig => ({
  runId,
  evaluateEvery: 'exec_close',
  sizing: { kind: 'notional', usdt: 1000 },
  leverage: 1,
  maxNotionalUsdt: undefined,
  rules: { qtyStep: 0.001, minQty: 0.001, minNotionalUsdt: 5, tickSize: 0.1 },
  limitOffsetPct: 1,
  timeInForce: 'GTC',
  entryExpireBars: undefined,
  takerFeeRate: 0,
  maxOrdersPerMinute: 20,
  ...over,
});
