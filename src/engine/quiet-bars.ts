// Booking bars the venue has run in one batch and no evaluation acted on (backtests): the cursors
// move to each timeframe close, bars in trade count exec closes, and each exec close gets its
// equity row, as the engine's bar-by-bar path would book them. `equity[k - from]` is the account's
// equity after bar k; wallet and signed position are those before the batch (no event moved them).

import { nextCloseMs } from './ahead-scan';
import type { EvalState } from './engine-types';
import type { EquityLog } from './equity-log';
import type { Bars1m } from './ports';
import { advanceCursor, minuteExec, type TfSeries } from './series';

export interface QuietBooking {
  /** The last bar closed an exec bar. */
  execClosed: boolean;
  /** Some exec close after the first exec bar was passed (an evaluation that gave 'none'). */
  evaluated: boolean;
}

export function bookQuietBars(
  series: readonly TfSeries[],
  state: EvalState,
  log: EquityLog,
  bars: Bars1m,
  from: number,
  to: number,
  equity: Float64Array,
  walletUsdt: number,
  qty: number,
): QuietBooking {
  const exec = series[0]!;
  const ts = bars.tsMs;
  if (minuteExec(series, bars, from)) {
    // The exec timeframe is the 1m window itself: bar k closes exec bar k (the loop's bookings, in bulk).
    exec.cursor = to - 1;
    if (state.side !== 0) state.barsInTrade += to - from;
    log.pushRows(ts, from, to, equity, walletUsdt, qty);
    return { execClosed: true, evaluated: true };
  }
  let execClosed = false;
  let evaluated = false;
  for (let k = from; k < to; k++) {
    // Straight to the next bar that closes a bar of some timeframe.
    const nextMs = nextCloseMs(series);
    while (k < to && ts[k]! + 60_000 < nextMs) k++;
    if (k === to) return { execClosed: false, evaluated };
    const closeMs = ts[k]! + 60_000;
    for (let t = 0; t < series.length; t++) {
      const moved = advanceCursor(series[t]!, closeMs);
      if (t === 0) execClosed = moved;
    }
    if (!execClosed) continue;
    if (state.side !== 0) state.barsInTrade++;
    if (exec.cursor >= 0) evaluated = true;
    log.push(exec.tsOpenMs[exec.cursor]!, equity[k - from]!, walletUsdt, qty);
  }
  return { execClosed, evaluated };
}
