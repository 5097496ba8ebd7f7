// Evaluating ahead of the venue (backtests): while no order works and the position cannot change
// but through a venue event, the state the rules read at each coming bar close is known from the
// bars alone (side and entry stay, bars_in_trade counts exec closes, last price and unrealised PnL
// come from the close). For a strategy that keeps nothing between decisions (no holds_for, no
// crosses over higher timeframes: `stateless`), the engine can therefore find the first coming bar
// whose evaluation would act, run the venue over the quiet bars before it in one batch, and only
// then handle that bar as usual, evaluating it again with the same result. The scan leaves every
// cursor and the engine's own state as it found them.
import type { Action } from './decision';
import { type EvalState, initialEvalState, type Strategy, unrealizedPct } from './engine-types';
import type { Bars1m } from './ports';
import { advanceCursor, minuteExec, type TfSeries } from './series';

export class AheadScan {
  private readonly saved: Int32Array;
  private readonly st: EvalState = initialEvalState();

  constructor(
    private readonly series: readonly TfSeries[],
    private readonly strategy: Strategy,
    private readonly everyMinute: boolean,
  ) {
    this.saved = new Int32Array(series.length);
  }

  /**
   * The first index in [from, limit) whose evaluation, from `state` (the engine's after bar
   * from - 1), gives an action other than 'none'; `limit` when none does.
   */
  firstAction(bars: Bars1m, from: number, limit: number, state: Readonly<EvalState>): number {
    const series = this.series;
    const n = series.length;
    const exec = series[0]!;
    for (let t = 0; t < n; t++) this.saved[t] = series[t]!.cursor;
    const st = this.st;
    const side = state.side;
    const entry = state.entryPrice;
    st.side = side;
    st.entryPrice = entry;
    st.barsInTrade = state.barsInTrade;
    let stop = limit;
    const ts = bars.tsMs;
    // Evaluating every minute, rules that read no per-minute state (last price, unrealised PnL,
    // the hour) give the previous answer until a cursor moves: only the first bar and the bars that
    // close a bar of some timeframe are evaluated. At exec closes only: just those.
    const everyBar = this.everyMinute && this.strategy.readsMinuteState;
    // The 1m window as the only timeframe: bar k closes exec bar k (no search, no cursor walk).
    const minute = minuteExec(series, bars, from);
    // Straight to the first bar some case may match: the decisions before it are 'none'.
    const jump = minute ? this.strategy.firstCandidate : undefined;
    for (let k = from; k < limit; k++) {
      if (jump !== undefined) {
        const next = jump(k, limit);
        if (side !== 0) st.barsInTrade += next - k;
        k = next;
        if (k === limit) break;
      }
      // Bars that close no bar of any timeframe change nothing else the rules read.
      if (!minute && !everyBar && !(this.everyMinute && k === from)) {
        const nextMs = nextCloseMs(series);
        while (k < limit && ts[k]! + 60_000 < nextMs) k++;
        if (k === limit) break;
      }
      const closeMs = ts[k]! + 60_000;
      let execClosed = minute;
      let anyClosed = minute;
      if (minute) exec.cursor = k;
      else
        for (let t = 0; t < n; t++) {
          const moved = advanceCursor(series[t]!, closeMs);
          if (t === 0) execClosed = moved;
          if (moved) anyClosed = true;
        }
      if (execClosed && side !== 0) st.barsInTrade++;
      const evaluate = execClosed || everyBar || (this.everyMinute && (anyClosed || k === from));
      if (!evaluate || exec.cursor < 0) continue;
      const close = bars.close[k]!;
      st.nowMs = closeMs;
      st.lastPrice = close;
      st.isExecClose = execClosed;
      st.unrealizedPnlPct = unrealizedPct(side, entry, close);
      const action: Action = this.strategy.decide(st);
      if (action !== 'none') {
        stop = k;
        break;
      }
    }
    for (let t = 0; t < n; t++) series[t]!.cursor = this.saved[t]!;
    return stop;
  }
}

/** The earliest close time (open + tf) of the next bar of any series; +Infinity when none is left. */
export function nextCloseMs(series: readonly TfSeries[]): number {
  let next = Number.POSITIVE_INFINITY;
  for (let t = 0; t < series.length; t++) {
    const s = series[t]!;
    const c = s.cursor + 1;
    if (c < s.length) {
      const ms = s.tsOpenMs[c]! + s.tfMs;
      if (ms < next) next = ms;
    }
  }
  return next;
}
