//! The column run (backtests): the PlayEngine's order rules for the simplest Plays, run inside the
//! core over a stretch of 1m bars, so a year of 1m decisions costs no host call per order. The host
//! evaluates the rules over whole columns first and passes, per 1m bar, the emit bits of the
//! evaluation at its close for each position side and whether it closes an exec bar (layout and
//! rules in `signal_rules`). Per bar this does what the engine does over `SimVenue`: the bar through
//! the exchange, the funding settled at its close, the decision from the bits and the position,
//! market orders for it (a reversal's close, then its entry, sized and protected as the engine's
//! entryOrder does), and one equity row per exec close. The entry is sized from the account now.
//! The engine's own snapshot may be older (it reads the account after events, after commands and
//! at exec closes with a position open), but an action needs a change of emits or of position
//! since the previous evaluation, so it comes at an exec close, at a bar with events, or while
//! flat: there the snapshot is the account now. It applies only where the engine's answer needs
//! nothing else: market entries, no trailing stop, no working order at an evaluation. Anything
//! the engine would record beyond fills, triggers, funding and closed trades (a rejection, a
//! cancel, a liquidation, a skipped entry: a size below the minimums, no stop for risk sizing, the
//! orders-per-minute limit) ends the run with `bail` at that bar; the host then runs the engine.
use crate::error::CoreResult;
use crate::sim::events::{encode, Event, EVENT_STRIDE};
use crate::sim::exchange::{SimExchange, BAR_MS};
use crate::sim::orders::{OrderKind, OrderRequest, Side};
use crate::sim::signal_rules::{
    choose, emits_for, exits, js_max, js_min, round_to_tick, size, Action, AMBIGUOUS_FILLS, BAIL_BAR, COST_LONG, COST_SHORT, FEES, FILLS, FUNDING, FUNDING_INDEX, MAX_PER_MINUTE, OPEN_ENTRY_TS, RECENT, RECENT_CAP, RECENT_COUNT, ROWS, SIG_ANY_EMITS, SIG_EXEC_CLOSE, TAKER_FEE, TRADES,
};
use crate::sim::units::usdt;

const BAR_MS_F: f64 = BAR_MS as f64;

/// 1m bar columns and their signal bits (all of one length), and the funding settlements.
pub struct RunInput<'a> {
    pub ts: &'a [f64],
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub flags: &'a [f64],
    /// Per bar, the stop's and the target's ATR at the evaluation's cursor (NaN where unused).
    pub stop_atr: &'a [f64],
    pub take_atr: &'a [f64],
    pub funding_ts: &'a [f64],
    pub funding_rate: &'a [f64],
}

/// Where the run writes: one equity row per exec close as three columns of the call's bar count
/// (equity, then wallet, then signed position qty), and one `EVENT_STRIDE` record per closed trade.
pub struct RunOutput<'a> {
    pub rows: &'a mut [f64],
    pub trades: &'a mut [f64],
}

/// What the engine's account snapshot holds, as the state vector gives it.
#[derive(Clone, Copy)]
struct Account {
    wallet: f64,
    equity: f64,
    available: f64,
    upnl: f64,
    qty: f64,
}

/// Why the run stopped early: the engine must take over.
struct Bail;

impl SimExchange {
    fn account_now(&self) -> Account {
        let (st, cfg) = (self.state(), self.config());
        Account {
            wallet: usdt(st.ledger.wallet_e8),
            equity: usdt(st.equity(cfg)),
            available: usdt(st.available()),
            upnl: usdt(st.upnl_at_mark(cfg)),
            qty: cfg.instrument.qty(st.pos.abs_size()),
        }
    }

    fn side_now(&self) -> i64 {
        self.state().pos.size_steps.signum()
    }

    /// The position as the equity row holds it: negative when short, 0 (not −0) when flat.
    fn signed_qty(&self) -> f64 {
        let st = self.state();
        let q = self.config().instrument.qty(st.pos.abs_size());
        match st.pos.size_steps.signum() {
            -1 => -q,
            1 => q,
            _ => 0.0,
        }
    }

    /// Folds the last call's events into the run: fees, fills, funding, closed trades; triggers
    /// pass. Anything else is a bail.
    fn take_events(&self, run: &mut [f64], out: &mut RunOutput, scratch: &mut Vec<f64>) -> Result<(), Bail> {
        for e in self.events() {
            match e {
                Event::Fill(f) => {
                    run[FEES] += usdt(f.fee_e8);
                    run[FILLS] += 1.0;
                    if f.ambiguous {
                        run[AMBIGUOUS_FILLS] += 1.0;
                    }
                }
                Event::Funding { paid_e8, .. } => run[FUNDING] += usdt(*paid_e8),
                Event::Triggered { .. } => {}
                Event::TradeClosed(_) => {
                    let k = run[TRADES] as usize;
                    if (k + 1) * EVENT_STRIDE > out.trades.len() {
                        return Err(Bail);
                    }
                    scratch.clear();
                    encode(std::slice::from_ref(e), &self.config().instrument, scratch);
                    out.trades[k * EVENT_STRIDE..(k + 1) * EVENT_STRIDE].copy_from_slice(scratch);
                    run[TRADES] += 1.0;
                }
                _ => return Err(Bail),
            }
        }
        Ok(())
    }

    fn push_row(&self, run: &mut [f64], out: &mut RunOutput, equity: f64, wallet: f64, qty: f64) {
        let (k, n) = (run[ROWS] as usize, out.rows.len() / 3);
        out.rows[k] = equity;
        out.rows[n + k] = wallet;
        out.rows[2 * n + k] = qty;
        run[ROWS] += 1.0;
    }

    /// Orders sent within the last 60 s of market time, both ends included (the engine's count).
    fn orders_in_last_minute(run: &mut [f64], now_ms: f64) -> usize {
        let from = now_ms - 60_000.0;
        let n = run[RECENT_COUNT] as usize;
        let keep = (0..n).find(|&k| run[RECENT + k] >= from).unwrap_or(n);
        for k in keep..n {
            run[RECENT + k - keep] = run[RECENT + k];
        }
        run[RECENT_COUNT] = (n - keep) as f64;
        n - keep
    }

    fn send(&mut self, run: &mut [f64], out: &mut RunOutput, scratch: &mut Vec<f64>, req: &OrderRequest, now_ms: f64) -> Result<(), Bail> {
        let n = run[RECENT_COUNT] as usize;
        if n == RECENT_CAP {
            return Err(Bail);
        }
        run[RECENT + n] = now_ms;
        run[RECENT_COUNT] = (n + 1) as f64;
        self.submit(req);
        self.take_events(run, out, scratch)
    }

    fn market(side: Side, qty: f64, reduce_only: bool) -> OrderRequest {
        let mut q = OrderRequest::new(OrderKind::Market, side, qty, 0.0);
        q.reduce_only = reduce_only;
        q
    }

    /// The engine's `open` and entryOrder: the orders-per-minute limit, the exits at the last
    /// price, the size from the account `a` (after a reversal's close: its wallet, the close's fee
    /// paid, and only the part beyond the old position needing free margin), the protection on the
    /// tick grid. Where the engine would skip the entry: a bail.
    #[allow(clippy::too_many_arguments)]
    fn open(&mut self, run: &mut [f64], out: &mut RunOutput, scratch: &mut Vec<f64>, long: bool, a: Account, after_close: bool, price: f64, now_ms: f64, atr: (f64, f64)) -> Result<(), Bail> {
        if Self::orders_in_last_minute(run, now_ms) as f64 >= run[MAX_PER_MINUTE] {
            return Err(Bail);
        }
        let (stop, take) = exits(run, long, price, atr.0, atr.1);
        let stop_distance = stop.map(|s| (price - s).abs());
        let cost = if long { run[COST_LONG] } else { run[COST_SHORT] };
        let close_fee = if after_close { a.qty * price * run[TAKER_FEE] } else { 0.0 };
        let equity = if after_close { a.wallet + a.upnl - close_fee } else { a.equity };
        let mut available = if after_close { equity } else { a.available };
        if after_close {
            available = js_min(available, (a.qty * price + js_max(0.0, a.available) / cost) * cost);
        }
        let qty = size(run, equity, price, stop_distance, available, cost).ok_or(Bail)?;
        let mut req = Self::market(if long { Side::Buy } else { Side::Sell }, qty, false);
        if let Some(s) = stop {
            req.stop_loss = round_to_tick(s, run).ok_or(Bail)?;
        }
        if let Some(t) = take {
            req.take_profit = round_to_tick(t, run).ok_or(Bail)?;
        }
        self.send(run, out, scratch, &req, now_ms)
    }

    /// The engine's reduce-only market close of the whole position.
    fn close_all(&mut self, run: &mut [f64], out: &mut RunOutput, scratch: &mut Vec<f64>, a: Account, side: i64, now_ms: f64) -> Result<(), Bail> {
        let req = Self::market(if side > 0 { Side::Sell } else { Side::Buy }, a.qty, true);
        self.send(run, out, scratch, &req, now_ms)
    }

    #[allow(clippy::too_many_arguments)]
    fn act(&mut self, run: &mut [f64], out: &mut RunOutput, scratch: &mut Vec<f64>, action: Action, price: f64, now_ms: f64, atr: (f64, f64)) -> Result<(), Bail> {
        let side = self.side_now();
        let a = self.account_now();
        match action {
            Action::None => Ok(()),
            Action::EnterLong | Action::EnterShort => {
                let long = action == Action::EnterLong;
                let want = if long { 1 } else { -1 };
                if side == want {
                    return Ok(());
                }
                if side != 0 {
                    self.close_all(run, out, scratch, a, side, now_ms)?;
                    return self.open(run, out, scratch, long, a, true, price, now_ms, atr);
                }
                self.open(run, out, scratch, long, a, false, price, now_ms, atr)
            }
            Action::ExitLong | Action::ExitShort => {
                let leaves = if action == Action::ExitLong { 1 } else { -1 };
                if side == leaves {
                    self.close_all(run, out, scratch, a, side, now_ms)?;
                }
                Ok(())
            }
        }
    }

    /// Settles every funding time up to the bar's close (the one at it on the position held then).
    fn settle_funding(&mut self, run: &mut [f64], out: &mut RunOutput, scratch: &mut Vec<f64>, input: &RunInput, close_ms: f64, close: f64) -> CoreResult<Result<(), Bail>> {
        let mut k = run[FUNDING_INDEX] as usize;
        while k < input.funding_ts.len() && input.funding_ts[k] <= close_ms {
            if input.funding_ts[k] == close_ms {
                self.apply_funding(close_ms as i64, input.funding_rate[k], close)?;
                if let Err(b) = self.take_events(run, out, scratch) {
                    run[FUNDING_INDEX] = (k + 1) as f64;
                    return Ok(Err(b));
                }
            }
            k += 1;
        }
        run[FUNDING_INDEX] = k as f64;
        Ok(Ok(()))
    }

    /// Runs the bars of `input` (see the module doc). Returns the bars consumed: all of them, or
    /// fewer when the trade output is nearly full (call again with the rest) or on a bail (then
    /// `run.bailBar` holds the bar's index; otherwise it is −1).
    pub fn run_signals(&mut self, run: &mut [f64], input: &RunInput, out: &mut RunOutput) -> CoreResult<usize> {
        let n = input.ts.len();
        run[ROWS] = 0.0;
        run[TRADES] = 0.0;
        run[BAIL_BAR] = -1.0;
        let mut scratch = Vec::with_capacity(EVENT_STRIDE);
        let mut equity = vec![0.0f64; n];
        let mut i = 0;
        while i < n {
            // Room for this bar's closed trades (a flip closes one; a bail takes none).
            if (run[TRADES] as usize + 2) * EVENT_STRIDE > out.trades.len() {
                break;
            }
            let funding_ms = input.funding_ts.get(run[FUNDING_INDEX] as usize).copied().unwrap_or(f64::INFINITY);
            // The quiet stretch: no emits, closing before the next funding time.
            let mut j = i;
            while j < n && (input.flags[j] as u32) & SIG_ANY_EMITS == 0 && input.ts[j] + BAR_MS_F < funding_ms {
                j += 1;
            }
            if j > i {
                let (wallet0, qty0) = (usdt(self.state().ledger.wallet_e8), self.signed_qty());
                let consumed = self.on_bars(&input.ts[i..j], &input.open[i..j], &input.high[i..j], &input.low[i..j], &input.close[i..j], Some(&mut equity[i..j]))?;
                let last = i + consumed - 1;
                let taken = self.take_events(run, out, &mut scratch);
                for k in i..=last {
                    if (input.flags[k] as u32) & SIG_EXEC_CLOSE != 0 {
                        if k == last {
                            let (w, q) = (usdt(self.state().ledger.wallet_e8), self.signed_qty());
                            self.push_row(run, out, equity[k], w, q);
                        } else {
                            self.push_row(run, out, equity[k], wallet0, qty0);
                        }
                    }
                }
                if taken.is_err() {
                    run[BAIL_BAR] = last as f64;
                    return Ok(last);
                }
                i = last + 1;
                continue;
            }
            // A bar with emits, or one closing at a funding time: the engine's full step.
            let close_ms = input.ts[i] + BAR_MS_F;
            let close = input.close[i];
            let flags = input.flags[i] as u32;
            self.on_bar_1m(input.ts[i] as i64, input.open[i], input.high[i], input.low[i], close)?;
            let mut step = self.take_events(run, out, &mut scratch);
            if step.is_ok() {
                step = self.settle_funding(run, out, &mut scratch, input, close_ms, close)?;
            }
            if step.is_ok() && flags & SIG_ANY_EMITS != 0 && !self.state().orders.is_empty() {
                step = Err(Bail); // a working order at an evaluation: the engine's tracker decides
            }
            let side = self.side_now();
            let emits = emits_for(flags, side);
            if step.is_ok() && emits != 0 {
                let action = choose(emits, side);
                if action != Action::None {
                    step = self.act(run, out, &mut scratch, action, close, close_ms, (input.stop_atr[i], input.take_atr[i]));
                }
            }
            if step.is_err() {
                run[BAIL_BAR] = i as f64;
                return Ok(i);
            }
            if flags & SIG_EXEC_CLOSE != 0 {
                let (e, w, q) = (usdt(self.state().equity(self.config())), usdt(self.state().ledger.wallet_e8), self.signed_qty());
                self.push_row(run, out, e, w, q);
            }
            i += 1;
        }
        let st = self.state();
        run[OPEN_ENTRY_TS] = if st.trade.open { st.trade.record.entry_ts_ms as f64 } else { f64::NAN };
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::signal_rules::*;

    /// Timing aid, not a check (`cargo test --release bench_reversals -- --ignored --nocapture`):
    /// a year of 1m bars of a random walk with a reversal about every 27 bars, as the 1m reference.
    #[test]
    #[ignore]
    fn bench_reversals() {
        use crate::sim::config::tests::btc_values;
        let n = 525_600usize;
        let (mut ts, mut o, mut h, mut l, mut c, mut flags) = (vec![], vec![], vec![], vec![], vec![], vec![]);
        let mut seed = 7u64;
        let mut p = 60_000.0f64;
        for i in 0..n {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let r = ((seed >> 33) % 201) as f64 - 100.0;
            let op = p;
            let cl = ((op + r) * 10.0).round() / 10.0;
            ts.push((i as i64 * 60_000) as f64);
            o.push(op);
            h.push(op.max(cl) + 5.0);
            l.push(op.min(cl) - 5.0);
            c.push(cl);
            p = cl;
            let emit = if i % 27 == 0 { if (i / 27) % 2 == 0 { SIG_ENTER_LONG } else { SIG_ENTER_SHORT } } else { 0 };
            flags.push((emit * 0b1_000001_000001 | SIG_EXEC_CLOSE) as f64);
        }
        let mut ex = SimExchange::from_values(&btc_values(10.0, 1_000_000.0, 0.0, 2.0)).unwrap();
        let mut run = vec![0.0; RUN_LEN];
        run[SIZING_VALUE] = 0.01;
        run[QTY_STEP] = 0.001;
        run[QTY_STEP_NUM] = 1.0;
        run[QTY_STEP_POW] = 1000.0;
        run[TICK] = 0.1;
        run[TICK_NUM] = 1.0;
        run[TICK_POW] = 10.0;
        run[MIN_QTY] = 0.001;
        run[MIN_NOTIONAL] = 5.0;
        run[MAX_NOTIONAL] = f64::INFINITY;
        run[LEVERAGE] = 10.0;
        run[COST_LONG] = 0.1011;
        run[COST_SHORT] = 0.1012;
        run[TAKER_FEE] = 0.00055;
        run[MAX_PER_MINUTE] = 20.0;
        let nan = vec![f64::NAN; 16_384];
        let (mut rows, mut trades) = (vec![0.0; 3 * 16_384], vec![0.0; EVENT_STRIDE * 16_384]);
        let t0 = std::time::Instant::now();
        let (mut i, mut closed) = (0, 0);
        while i < n {
            let m = (n - i).min(16_384);
            let input = RunInput { ts: &ts[i..i + m], open: &o[i..i + m], high: &h[i..i + m], low: &l[i..i + m], close: &c[i..i + m], flags: &flags[i..i + m], stop_atr: &nan[..m], take_atr: &nan[..m], funding_ts: &[], funding_rate: &[] };
            let got = ex.run_signals(&mut run, &input, &mut RunOutput { rows: &mut rows[..3 * m], trades: &mut trades }).unwrap();
            assert_eq!(run[BAIL_BAR], -1.0);
            closed += run[TRADES] as usize;
            i += got;
        }
        println!("{} bars, {} trades in {:?}", n, closed, t0.elapsed());
    }
}
