//! The column run (backtests): the PlayEngine's order rules for the simplest Plays, run inside the
//! core over a stretch of 1m bars, so a year of 1m decisions costs no host call per order. The host
//! evaluates the rules over whole columns first and passes, per 1m bar, the emit bits of the
//! evaluation at its close for each position side (flat, long, short: rules may read the side;
//! `SIG_*`; 0 where nothing is evaluated) and whether it closes an exec bar. Per bar this does what the engine does over `SimVenue`: the bar through the exchange, the
//! funding settled at its close, the decision from the bits and the position (`choose`, as
//! PlayStrategy maps them), market orders for it (a reversal's close, then its entry, sized and
//! protected as the engine's entryOrder does: fixed, notional, equity or risk sizing, the margin
//! and notional caps, a stop and a target by percent, distance, ATR or R multiple, on the qty and
//! tick grids), and one equity row per exec close. The entry is sized from the account now. The
//! engine's own snapshot may be older (it reads the account after events, after commands and at
//! exec closes with a position open), but an action needs a change of emits or of position since
//! the previous evaluation, so it comes at an exec close, at a bar with events, or while flat:
//! there the snapshot is the account now. It applies only where the engine's answer
//! needs nothing else: market entries, no trailing stop, no working order at an evaluation.
//! Anything the engine would record beyond fills, triggers, funding and closed trades (a
//! rejection, a cancel, a liquidation, a skipped entry: a size below the minimums, no stop for risk
//! sizing, the orders-per-minute limit) ends the run with `bail` at that bar; the host then runs
//! the engine instead.
use crate::error::CoreResult;
use crate::sim::events::{encode, Event, EVENT_STRIDE};
use crate::sim::exchange::{SimExchange, BAR_MS};
use crate::sim::orders::{OrderKind, OrderRequest, Side};
use crate::sim::units::usdt;

/// Per-bar signal bits: the Play's emits (EMIT_BIT order) when flat, then (shifted by
/// `SIG_SIDE_SHIFT`) when long, then when short; then the bar's role.
pub const SIG_ENTER_LONG: u32 = 1;
pub const SIG_ENTER_SHORT: u32 = 2;
pub const SIG_EXIT_LONG: u32 = 4;
pub const SIG_EXIT_SHORT: u32 = 8;
pub const SIG_EXIT: u32 = 16;
pub const SIG_REVERSE: u32 = 32;
pub const SIG_EMITS: u32 = 63;
pub const SIG_SIDE_SHIFT: u32 = 6;
/// Any side's emits.
pub const SIG_ANY_EMITS: u32 = (1 << (3 * SIG_SIDE_SHIFT)) - 1;
/// The bar closes an exec bar: one equity row after it.
pub const SIG_EXEC_CLOSE: u32 = 1 << (3 * SIG_SIDE_SHIFT);

/// The emits of a bar's flags for a position side (+1, 0, −1).
fn emits_for(flags: u32, side: i64) -> u32 {
    let k = match side {
        0 => 0,
        1 => 1,
        _ => 2,
    };
    (flags >> (k * SIG_SIDE_SHIFT)) & SIG_EMITS
}

/// The run record the host owns (f64 each): the order rules' inputs, then what the run keeps
/// between calls and reports.
pub const RUN_FIELDS: &[&str] = &[
    "sizingKind",
    "sizingValue",
    "qtyStep",
    "qtyStepNum",
    "qtyStepPow",
    "tickSize",
    "tickNum",
    "tickPow",
    "minQty",
    "minNotionalUsdt",
    "maxNotionalUsdt",
    "leverage",
    "costRateLong",
    "costRateShort",
    "takerFeeRate",
    "maxOrdersPerMinute",
    "stopKind",
    "stopValue",
    "stopMult",
    "takeKind",
    "takeValue",
    "takeMult",
    "feesUsdt",
    "fundingUsdt",
    "fills",
    "ambiguousFills",
    "fundingIndex",
    "rows",
    "trades",
    "bailBar",
    "openEntryTsMs",
    "recentCount",
    "recent0",
    "recent1",
    "recent2",
    "recent3",
    "recent4",
    "recent5",
    "recent6",
    "recent7",
];
pub const RUN_LEN: usize = 40;
/// Sizing plans (`sizingKind`), as the engine's SizingPlan.
pub const SIZE_FIXED_QTY: f64 = 0.0;
pub const SIZE_NOTIONAL: f64 = 1.0;
pub const SIZE_EQUITY_PCT: f64 = 2.0;
pub const SIZE_RISK_PCT: f64 = 3.0;
/// Stop and target distances (`stopKind`, `takeKind`): none, percent of the price, USDT, the
/// section's ATR column times its multiple, R multiple of the stop (target only).
pub const DIST_NONE: f64 = 0.0;
pub const DIST_PCT: f64 = 1.0;
pub const DIST_USDT: f64 = 2.0;
pub const DIST_ATR: f64 = 3.0;
pub const DIST_RR: f64 = 4.0;
const SIZING_KIND: usize = 0;
const SIZING_VALUE: usize = 1;
const QTY_STEP: usize = 2;
const QTY_STEP_NUM: usize = 3;
const QTY_STEP_POW: usize = 4;
const TICK: usize = 5;
const TICK_NUM: usize = 6;
const TICK_POW: usize = 7;
const MIN_QTY: usize = 8;
const MIN_NOTIONAL: usize = 9;
const MAX_NOTIONAL: usize = 10;
const LEVERAGE: usize = 11;
const COST_LONG: usize = 12;
const COST_SHORT: usize = 13;
const TAKER_FEE: usize = 14;
const MAX_PER_MINUTE: usize = 15;
const STOP_KIND: usize = 16;
const STOP_VALUE: usize = 17;
const STOP_MULT: usize = 18;
const TAKE_KIND: usize = 19;
const TAKE_VALUE: usize = 20;
const TAKE_MULT: usize = 21;
const FEES: usize = 22;
const FUNDING: usize = 23;
const FILLS: usize = 24;
const AMBIGUOUS_FILLS: usize = 25;
const FUNDING_INDEX: usize = 26;
const ROWS: usize = 27;
const TRADES: usize = 28;
const BAIL_BAR: usize = 29;
const OPEN_ENTRY_TS: usize = 30;
const RECENT_COUNT: usize = 31;
const RECENT: usize = 32;
const RECENT_CAP: usize = 8;
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    None,
    EnterLong,
    EnterShort,
    ExitLong,
    ExitShort,
}

/// PlayStrategy.choose for rules that read no state, with no working entry.
fn choose(bits: u32, side: i64) -> Action {
    if side > 0 {
        if bits & (SIG_ENTER_SHORT | SIG_REVERSE) != 0 {
            return Action::EnterShort;
        }
    } else if side < 0 {
        if bits & (SIG_ENTER_LONG | SIG_REVERSE) != 0 {
            return Action::EnterLong;
        }
    } else {
        let (long, short) = (bits & SIG_ENTER_LONG != 0, bits & SIG_ENTER_SHORT != 0);
        if long && !short {
            return Action::EnterLong;
        }
        if short && !long {
            return Action::EnterShort;
        }
    }
    if side > 0 && bits & (SIG_EXIT_LONG | SIG_EXIT) != 0 {
        return Action::ExitLong;
    }
    if side < 0 && bits & (SIG_EXIT_SHORT | SIG_EXIT) != 0 {
        return Action::ExitShort;
    }
    Action::None
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

/// The engine's `onGrid`: n steps of `num / pow` as the nearest double to the decimal, by one
/// division of two exact integers; None where the engine formats a string instead (the host then
/// runs the engine).
fn on_grid(n: f64, num: f64, pow: f64) -> Option<f64> {
    let units = n * num;
    if num > 0.0 && units.abs() < 1e15 {
        Some(units / pow + 0.0)
    } else {
        None
    }
}

/// The engine's floorToStep (qty) and roundToTick (prices, never negative here).
fn floor_to_step(x: f64, run: &[f64]) -> Option<f64> {
    on_grid((x / run[QTY_STEP] + 1e-9).floor(), run[QTY_STEP_NUM], run[QTY_STEP_POW])
}

fn round_to_tick(price: f64, run: &[f64]) -> Option<f64> {
    if !(price >= 0.0) {
        return None;
    }
    on_grid((price / run[TICK]).round(), run[TICK_NUM], run[TICK_POW])
}

/// A distance of the stop or the target section (PlayStrategy.distance): None when it has none
/// (or its ATR is not there yet).
fn distance(kind: f64, value: f64, mult: f64, atr: f64, entry_price: f64) -> Option<f64> {
    if kind == DIST_PCT {
        Some((entry_price * value) / 100.0)
    } else if kind == DIST_USDT {
        Some(value)
    } else if kind == DIST_ATR && atr.is_finite() {
        Some(atr * mult)
    } else {
        None
    }
}

/// PlayStrategy.exits without levels or trailing: the stop and target prices (unrounded).
fn exits(run: &[f64], long: bool, entry_price: f64, stop_atr: f64, take_atr: f64) -> (Option<f64>, Option<f64>) {
    let dir = if long { 1.0 } else { -1.0 };
    let mut stop = None;
    if run[STOP_KIND] != DIST_NONE {
        if let Some(d) = distance(run[STOP_KIND], run[STOP_VALUE], run[STOP_MULT], stop_atr, entry_price) {
            let price = entry_price - dir * d;
            // A stop on the wrong side of the entry would fire at once: dropped, as the engine does.
            if dir * (entry_price - price) > 0.0 {
                stop = Some(price);
            }
        }
    }
    let mut take = None;
    if run[TAKE_KIND] != DIST_NONE {
        let d = if run[TAKE_KIND] == DIST_RR {
            stop.map(|s: f64| run[TAKE_VALUE] * (entry_price - s).abs())
        } else {
            distance(run[TAKE_KIND], run[TAKE_VALUE], run[TAKE_MULT], take_atr, entry_price)
        };
        if let Some(d) = d {
            let price = entry_price + dir * d;
            if dir * (price - entry_price) > 0.0 {
                take = Some(price);
            }
        }
    }
    (stop, take)
}

/// JavaScript's Math.min / Math.max (NaN wins), so the caps compare as the engine's do.
fn js_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

fn js_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// The engine's sizePosition: the size, or None where it would skip the entry (a bail).
fn size(run: &[f64], equity: f64, price: f64, stop_distance: Option<f64>, available: f64, cost: f64) -> Option<f64> {
    let kind = run[SIZING_KIND];
    let value = run[SIZING_VALUE];
    let mut qty = if kind == SIZE_FIXED_QTY {
        value
    } else if kind == SIZE_NOTIONAL {
        value / price
    } else if kind == SIZE_EQUITY_PCT {
        (((equity * value) / 100.0) * run[LEVERAGE]) / price
    } else {
        let d = stop_distance?;
        if !(d > 0.0) {
            return None;
        }
        (equity * value) / 100.0 / d
    };
    if run[MAX_NOTIONAL].is_finite() {
        qty = js_min(qty, run[MAX_NOTIONAL] / price);
    }
    let affordable = js_max(0.0, available) / (price * cost);
    let qty = floor_to_step(js_max(js_min(qty, affordable), 0.0), run)?;
    if !(qty >= run[MIN_QTY]) || !(qty * price >= run[MIN_NOTIONAL]) {
        return None;
    }
    Some(qty)
}

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

    #[test]
    fn fields_match_their_indices() {
        assert_eq!(RUN_FIELDS.len(), RUN_LEN);
        assert_eq!(RUN_FIELDS[RECENT], "recent0");
        assert_eq!(RUN_FIELDS[RECENT + RECENT_CAP - 1], "recent7");
        assert_eq!(RUN_FIELDS[OPEN_ENTRY_TS], "openEntryTsMs");
        assert_eq!(RUN_FIELDS[TAKE_MULT], "takeMult");
    }

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

    #[test]
    fn emits_by_side() {
        let f = SIG_ENTER_LONG | (SIG_EXIT_LONG << SIG_SIDE_SHIFT) | (SIG_REVERSE << (2 * SIG_SIDE_SHIFT)) | SIG_EXEC_CLOSE;
        assert_eq!((emits_for(f, 0), emits_for(f, 1), emits_for(f, -1)), (SIG_ENTER_LONG, SIG_EXIT_LONG, SIG_REVERSE));
        assert_eq!(SIG_EXEC_CLOSE, 262_144);
    }

    #[test]
    fn choose_follows_the_engine() {
        assert!(choose(SIG_ENTER_LONG | SIG_ENTER_SHORT, 0) == Action::None);
        assert!(choose(SIG_REVERSE, 0) == Action::None);
        assert!(choose(SIG_REVERSE, 1) == Action::EnterShort);
        assert!(choose(SIG_ENTER_LONG, 1) == Action::None);
        assert!(choose(SIG_ENTER_LONG | SIG_EXIT, 1) == Action::ExitLong);
        assert!(choose(SIG_EXIT_LONG, -1) == Action::None);
        assert!(choose(SIG_EXIT, -1) == Action::ExitShort);
    }
}
