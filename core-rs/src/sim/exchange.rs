//! `SimExchange`: one simulated Bybit USDT-perp symbol (one-way, isolated). Every host call clears
//! the previous call's events, acts, re-derives the fast-path bounds and encodes its events.
//! `on_bar_1m` takes a no-event fast path when nothing can trigger inside the bar; otherwise it
//! walks the bar both ways (O→H→L→C and O→L→H→C) on separate state copies and keeps one by the
//! intrabar mode. When the two outcomes differ the bar is ambiguous: fills of the kept path that
//! the other path did not make are flagged, and |equity difference at the close| is accumulated.
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::sim::config::{IntrabarMode, SimConfig};
use crate::sim::events::{encode, Event};
use crate::sim::fills::Ctx;
use crate::sim::funding;
use crate::sim::ledger::{Ledger, Position};
use crate::sim::orders::OrderRequest;
use crate::sim::path::{finish_quiet, run_bar, run_open, BarTicks};
use crate::sim::state::SimState;
use crate::sim::submit::{self, TpSlRequest};
use crate::sim::triggers::FastBounds;
use crate::sim::units::{decimal_e8, rate_e10};

pub const BAR_MS: i64 = 60_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AmbiguityStats {
    pub bars: u64,
    pub fills: u64,
    /// Σ |equity(high first) − equity(low first)| at the close of ambiguous bars.
    pub pnl_e8: i64,
}

pub struct SimExchange {
    cfg: SimConfig,
    st: SimState,
    events: Vec<Event>,
    alt_st: SimState,
    alt_events: Vec<Event>,
    encoded: Vec<f64>,
    fast: FastBounds,
    /// The last position's margin figures for `write_state` (they change only with the position).
    pub(crate) margin_memo: std::cell::Cell<MarginMemo>,
    pub stats: AmbiguityStats,
    pub bars: u64,
    /// Test-only switch that sends every bar down the slow path (fast-path equivalence test).
    #[cfg(test)]
    force_slow: bool,
}

/// Liquidation price, maintenance margin and bankruptcy price of a position (entry value, margin
/// held, size, side): several i128 divisions, so `write_state` keeps the last ones.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct MarginMemo {
    pub key: (i64, i64, i64, bool),
    pub liq: f64,
    pub mm_e8: i64,
    pub bankrupt: f64,
}

fn invalid(msg: String) -> CoreError {
    CoreError::new(ErrorCode::SimInvalidState, msg)
}

impl SimExchange {
    pub fn new(cfg: SimConfig) -> SimExchange {
        let st = SimState::new(cfg.start_e8);
        let fast = FastBounds::of(&cfg, &st);
        SimExchange {
            alt_st: st.clone(),
            st,
            cfg,
            events: Vec::new(),
            alt_events: Vec::new(),
            encoded: Vec::new(),
            margin_memo: std::cell::Cell::default(),
            fast,
            stats: AmbiguityStats::default(),
            bars: 0,
            #[cfg(test)]
            force_slow: false,
        }
    }

    pub fn from_values(values: &[f64]) -> CoreResult<SimExchange> {
        Ok(SimExchange::new(SimConfig::from_values(values)?))
    }

    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    pub fn state(&self) -> &SimState {
        &self.st
    }

    pub fn position(&self) -> Position {
        self.st.pos
    }

    pub fn ledger(&self) -> Ledger {
        self.st.ledger
    }

    /// Events of the last call.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Events of the last call as `EVENT_STRIDE` f64 records.
    pub fn encoded_events(&self) -> &[f64] {
        &self.encoded
    }

    fn ctx(&mut self, ts_ms: i64) -> Ctx<'_> {
        Ctx { cfg: &self.cfg, st: &mut self.st, out: &mut self.events, ts_ms }
    }

    fn begin(&mut self) {
        self.events.clear();
        self.encoded.clear();
    }

    fn finish(&mut self) -> usize {
        self.fast = FastBounds::of(&self.cfg, &self.st);
        if !self.events.is_empty() {
            encode(&self.events, &self.cfg.instrument, &mut self.encoded);
        }
        self.events.len()
    }

    /// Books an order (or records its rejection) for the next bar; returns its id (never 0).
    pub fn submit(&mut self, req: &OrderRequest) -> u32 {
        self.begin();
        let id = self.st.next_id;
        self.st.next_id += 1;
        let now = self.st.now_ms;
        submit::submit(&mut self.ctx(now), req, id);
        self.finish();
        id
    }

    pub fn cancel(&mut self, id: u32) -> usize {
        self.begin();
        let now = self.st.now_ms;
        submit::cancel(&mut self.ctx(now), id);
        self.finish()
    }

    pub fn set_tpsl(&mut self, req: &TpSlRequest) -> usize {
        self.begin();
        let now = self.st.now_ms;
        submit::set_tpsl(&mut self.ctx(now), req);
        self.finish()
    }

    /// Settles funding; `rate` is a fraction (0.0001 = 0.01%), `mark` the mark price.
    pub fn apply_funding(&mut self, ts_ms: i64, rate: f64, mark: f64) -> CoreResult<usize> {
        self.begin();
        let rate_e10 = rate_e10(rate).ok_or_else(|| invalid(format!("sim funding ts={}: rate {} is not a fraction in [-1, 1]", ts_ms, rate)))?;
        let mark_e8 = decimal_e8(mark).filter(|m| *m > 0).ok_or_else(|| invalid(format!("sim funding ts={}: mark price {} is not > 0", ts_ms, mark)))?;
        self.st.now_ms = ts_ms;
        funding::apply_funding(&mut self.ctx(ts_ms), rate, rate_e10, mark_e8);
        self.st.check_invariants()?;
        Ok(self.finish())
    }

    /// Sets the mark price (for uPnL and equity) and liquidates if it crossed the liquidation price.
    pub fn set_mark(&mut self, ts_ms: i64, mark: f64) -> CoreResult<usize> {
        self.begin();
        let mark_e8 = decimal_e8(mark).filter(|m| *m > 0).ok_or_else(|| invalid(format!("sim mark ts={}: mark price {} is not > 0", ts_ms, mark)))?;
        funding::check_mark(&mut self.ctx(ts_ms), mark_e8);
        self.st.check_invariants()?;
        Ok(self.finish())
    }

    /// One closed 1m bar (open time `ts_ms`); returns how many events it produced.
    pub fn on_bar_1m(&mut self, ts_ms: i64, open: f64, high: f64, low: f64, close: f64) -> CoreResult<usize> {
        self.begin();
        if !(low > 0.0 && low <= open && low <= close && high >= open && high >= close && high.is_finite()) {
            return Err(invalid(format!("sim bar ts={}: o/h/l/c = {}/{}/{}/{}: expected 0 < low <= open, close <= high", ts_ms, open, high, low, close)));
        }
        if let Some(prev) = self.st.last_bar_ts {
            if ts_ms <= prev {
                return Err(invalid(format!("sim bar ts={}: not after the previous bar ts={} (bars must be in order)", ts_ms, prev)));
            }
        }
        let ins = &self.cfg.instrument;
        let bar = BarTicks { ts_ms, open: ins.nearest_ticks(open), high: ins.nearest_ticks(high), low: ins.nearest_ticks(low), close: ins.nearest_ticks(close) };
        self.bars += 1;
        self.st.last_bar_ts = Some(ts_ms);
        self.st.now_ms = ts_ms + BAR_MS;
        if self.fast_allowed() && self.try_fast(&bar) {
            #[cfg(any(test, debug_assertions))]
            self.st.check_invariants()?;
            return Ok(0);
        }
        self.slow_bar(&bar)?;
        self.st.check_invariants()?;
        Ok(self.finish())
    }

    /// Bars in order, as `on_bar_1m` on each, stopping after the first bar with events; returns the
    /// bars consumed. With `eq`, the equity in USDT after each consumed bar is written to it.
    /// Stretches that are provably quiet (nothing pending, no active trailing stop, every high
    /// below the nearest rising trigger and every low above the nearest falling one, with a margin
    /// of 1e-6 tick against rounding) are run without the per-bar conversion to ticks: the
    /// excursion is observed once at the stretch's extreme prices (the same min and max, as uPnL is
    /// monotonic in the price) and the state is left exactly as the bar-by-bar path leaves it.
    pub fn on_bars(&mut self, ts: &[f64], o: &[f64], h: &[f64], l: &[f64], c: &[f64], mut eq: Option<&mut [f64]>) -> CoreResult<usize> {
        let n = ts.len();
        self.begin();
        let mut i = 0;
        while i < n {
            i += self.run_quiet(i, ts, o, h, l, c, eq.as_deref_mut());
            if i >= n {
                break;
            }
            let events = self.on_bar_1m(ts[i] as i64, o[i], h[i], l[i], c[i])?;
            if let Some(out) = eq.as_deref_mut() {
                out[i] = self.equity_usdt();
            }
            i += 1;
            if events > 0 {
                return Ok(i);
            }
        }
        Ok(n)
    }

    /// The quiet bars from `from` (see `on_bars`); returns how many it ran (0: bar `from` must
    /// take the full path).
    #[allow(clippy::too_many_arguments)]
    fn run_quiet(&mut self, from: usize, ts: &[f64], o: &[f64], h: &[f64], l: &[f64], c: &[f64], mut eq: Option<&mut [f64]>) -> usize {
        let trailing = self.st.protection.trailing.map_or(false, |t| t.active);
        if !self.fast_allowed() || self.fast.pending || trailing {
            return 0;
        }
        let ins = &self.cfg.instrument;
        let tick = ins.tick_size;
        // nearest_ticks(x) < rise_min  <=  x < (rise_min - 0.5 - 1e-6) * tick, and likewise below.
        let hi_lim = if self.fast.rise_min == i64::MAX { f64::INFINITY } else { (self.fast.rise_min as f64 - 0.5 - 1e-6) * tick };
        let lo_lim = if self.fast.fall_max == i64::MIN { f64::NEG_INFINITY } else { (self.fast.fall_max as f64 + 0.5 + 1e-6) * tick };
        let mut prev = self.st.last_bar_ts;
        let (mut max_h, mut min_l) = (f64::NEG_INFINITY, f64::INFINITY);
        let size = self.st.pos.abs_size();
        let mut k = from;
        while k < ts.len() {
            let (open, high, low, close) = (o[k], h[k], l[k], c[k]);
            let t = ts[k] as i64;
            let valid = low > 0.0 && low <= open && low <= close && high >= open && high >= close && high.is_finite();
            if !valid || prev.map_or(false, |p| t <= p) || !(high < hi_lim) || !(low > lo_lim) {
                break;
            }
            prev = Some(t);
            if high > max_h {
                max_h = high;
            }
            if low < min_l {
                min_l = low;
            }
            if let Some(out) = eq.as_deref_mut() {
                let close_ticks = ins.nearest_ticks(close);
                out[k] = crate::sim::units::usdt(self.st.ledger.wallet_e8 + self.st.pos.upnl(ins.value_e8(size, close_ticks)));
            }
            k += 1;
        }
        let ran = k - from;
        if ran == 0 {
            return 0;
        }
        let st = &mut self.st;
        if !st.pos.is_flat() {
            st.trade.observe(st.pos.upnl(ins.value_e8(size, ins.nearest_ticks(max_h))));
            st.trade.observe(st.pos.upnl(ins.value_e8(size, ins.nearest_ticks(min_l))));
        }
        let last = from + ran - 1;
        let close_ticks = ins.nearest_ticks(c[last]);
        st.last_bar_ts = prev;
        st.now_ms = ts[last] as i64 + BAR_MS;
        st.last_price = Some(close_ticks);
        st.mark_e8 = close_ticks * ins.tick_e8;
        self.bars += ran as u64;
        ran
    }

    #[cfg(not(test))]
    #[inline(always)]
    fn fast_allowed(&self) -> bool {
        true
    }

    #[cfg(test)]
    fn fast_allowed(&self) -> bool {
        !self.force_slow
    }

    /// The no-event path: nothing can trigger between the bar's low and high.
    #[inline]
    fn try_fast(&mut self, b: &BarTicks) -> bool {
        let f = &self.fast;
        if f.pending || b.high >= f.rise_min || b.low <= f.fall_max {
            return false;
        }
        let st = &mut self.st;
        if !st.pos.is_flat() {
            let long = st.pos.is_long();
            if let Some(t) = st.protection.trailing.as_mut() {
                if t.active {
                    let reached = if long { b.low <= t.extreme_ticks.max(b.high) - t.distance_ticks } else { b.high >= t.extreme_ticks.min(b.low) + t.distance_ticks };
                    if reached {
                        return false;
                    }
                    t.observe(long, if long { b.high } else { b.low });
                }
            }
            let ins = &self.cfg.instrument;
            let size = st.pos.abs_size();
            let (at_high, at_low) = (st.pos.upnl(ins.value_e8(size, b.high)), st.pos.upnl(ins.value_e8(size, b.low)));
            st.trade.observe(at_high);
            st.trade.observe(at_low);
        }
        st.last_price = Some(b.close);
        st.mark_e8 = b.close * self.cfg.instrument.tick_e8;
        true
    }

    /// Equity in USDT at the mark (the state record's equityUsdt). After a bar the mark is usually
    /// its close, in ticks already: valued with one i64 product instead of an i64 division.
    #[inline]
    pub fn equity_usdt(&self) -> f64 {
        let st = &self.st;
        let ins = &self.cfg.instrument;
        let e8 = match st.last_price {
            Some(t) if t * ins.tick_e8 == st.mark_e8 => st.ledger.wallet_e8 + st.pos.upnl(ins.value_e8(st.pos.abs_size(), t)),
            _ => st.equity(&self.cfg),
        };
        crate::sim::units::usdt(e8)
    }

    fn equity_at(&self, st: &SimState, close_ticks: i64) -> i64 {
        st.ledger.wallet_e8 + st.pos.upnl(self.cfg.instrument.value_e8(st.pos.abs_size(), close_ticks))
    }

    /// One walk instead of two when the walks cannot differ: after the open (its triggers and the
    /// takers filled there, the same on both walks) nothing can trigger between the bar's low and
    /// high and no trailing stop is active. Otherwise the state before the bar is put back.
    fn try_single_walk(&mut self, bar: &BarTicks) -> CoreResult<bool> {
        self.alt_st.clone_from(&self.st);
        run_open(&mut Ctx { cfg: &self.cfg, st: &mut self.st, out: &mut self.events, ts_ms: bar.ts_ms }, bar)?;
        let f = FastBounds::of(&self.cfg, &self.st);
        let trailing = self.st.protection.trailing.map_or(false, |t| t.active);
        if !f.pending && !trailing && bar.high < f.rise_min && bar.low > f.fall_max {
            finish_quiet(&mut Ctx { cfg: &self.cfg, st: &mut self.st, out: &mut self.events, ts_ms: bar.ts_ms }, bar);
            return Ok(true);
        }
        std::mem::swap(&mut self.st, &mut self.alt_st);
        self.events.clear();
        Ok(false)
    }

    fn slow_bar(&mut self, bar: &BarTicks) -> CoreResult<()> {
        if self.fast_allowed() && self.try_single_walk(bar)? {
            return Ok(());
        }
        self.alt_st.clone_from(&self.st);
        self.alt_events.clear();
        run_bar(&mut Ctx { cfg: &self.cfg, st: &mut self.alt_st, out: &mut self.alt_events, ts_ms: bar.ts_ms }, bar, true)?;
        run_bar(&mut Ctx { cfg: &self.cfg, st: &mut self.st, out: &mut self.events, ts_ms: bar.ts_ms }, bar, false)?;
        let (eq_high, eq_low) = (self.equity_at(&self.alt_st, bar.close), self.equity_at(&self.st, bar.close));
        let high_first_default = bar.high - bar.open <= bar.open - bar.low;
        let keep_high_first = match self.cfg.mode {
            IntrabarMode::Path => high_first_default,
            IntrabarMode::Pessimistic if eq_high != eq_low => eq_high < eq_low,
            IntrabarMode::Optimistic if eq_high != eq_low => eq_high > eq_low,
            _ => high_first_default,
        };
        let differ = self.alt_st.ledger != self.st.ledger || self.alt_st.pos != self.st.pos || self.alt_st.orders.len() != self.st.orders.len();
        if keep_high_first {
            std::mem::swap(&mut self.st, &mut self.alt_st);
            std::mem::swap(&mut self.events, &mut self.alt_events);
        }
        if differ {
            self.flag_ambiguous((eq_high - eq_low).abs());
        }
        Ok(())
    }

    /// Marks the kept path's fills that the other path did not make, and its closed trades.
    fn flag_ambiguous(&mut self, pnl_diff_e8: i64) {
        self.stats.bars += 1;
        self.stats.pnl_e8 += pnl_diff_e8;
        for e in self.events.iter_mut() {
            match e {
                Event::Fill(f) if !self.alt_events.contains(&Event::Fill(*f)) => {
                    f.ambiguous = true;
                    self.stats.fills += 1;
                }
                Event::TradeClosed(t) => t.ambiguous = true,
                _ => {}
            }
        }
        if self.st.trade.open {
            self.st.trade.record.ambiguous = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::tests::btc_values;
    use crate::sim::orders::{OrderKind, Side};

    /// Deterministic pseudo-random numbers (64-bit LCG, top bits).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: u64) -> i64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n) as i64
        }
    }

    fn random_order(r: &mut Lcg, last: f64) -> OrderRequest {
        let side = if r.next(2) == 0 { Side::Buy } else { Side::Sell };
        let s = side.sign() as f64;
        let off = (r.next(40) + 1) as f64;
        let kind = [OrderKind::Market, OrderKind::Limit, OrderKind::StopMarket, OrderKind::StopLimit][r.next(4) as usize];
        let mut q = OrderRequest::new(kind, side, (r.next(5) + 1) as f64 * 0.001, last - s * off);
        if kind.is_conditional() {
            q.trigger_price = last + s * off;
            q.price = q.trigger_price + s * (r.next(20) as f64 - 10.0);
        }
        match r.next(4) {
            0 => {
                q.take_profit = last + s * 60.0;
                q.stop_loss = last - s * 60.0;
            }
            1 => q.trailing_distance = (r.next(30) + 5) as f64,
            2 => q.reduce_only = true,
            _ => {}
        }
        q
    }

    /// Random orders, funding and trending bars in batches of random length: `on_bars` (quiet
    /// stretches without the per-bar tick conversion) must consume the same bars, leave exactly the
    /// state, events and per-bar equity that `on_bar_1m` bar by bar leaves, and report bad bars the same.
    #[test]
    fn on_bars_matches_bar_by_bar() {
        let (mut batches, mut quiet_runs) = (0, 0);
        for seed in 1..6u64 {
            let values = btc_values([50.0, 100.0][seed as usize % 2], 50.0, 1.0, (seed % 3) as f64);
            let (mut batch, mut single) = (SimExchange::from_values(&values).unwrap(), SimExchange::from_values(&values).unwrap());
            let mut r = Lcg(seed);
            let mut p = 60000.0f64;
            let (mut ts, mut o, mut h, mut l, mut c) = (vec![], vec![], vec![], vec![], vec![]);
            for i in 0..6000i64 {
                let op = p + (r.next(7) - 3) as f64 * 0.1;
                let drift = if (i / 300) % 2 == 0 { 8 } else { -8 };
                let cl = op + (r.next(61) - 30 + drift) as f64;
                ts.push((i * 60_000) as f64);
                o.push(op);
                h.push(op.max(cl) + r.next(30) as f64 * 0.1);
                l.push(op.min(cl) - r.next(30) as f64 * 0.1);
                c.push(cl);
                p = (cl * 10.0).round() / 10.0;
            }
            let mut i = 0usize;
            while i < ts.len() {
                if r.next(8) == 0 {
                    let q = random_order(&mut r, c[i.max(1) - 1]);
                    assert_eq!(batch.submit(&q), single.submit(&q));
                }
                if r.next(40) == 0 {
                    let rate = (r.next(21) - 10) as f64 * 0.0001;
                    let t = i as i64 * 60_000;
                    assert_eq!(batch.apply_funding(t, rate, c[i.max(1) - 1]).unwrap(), single.apply_funding(t, rate, c[i.max(1) - 1]).unwrap());
                }
                let n = ((r.next(200) + 1) as usize).min(ts.len() - i);
                let mut eq = vec![f64::NAN; n];
                let before = batch.bars;
                let got = batch.on_bars(&ts[i..i + n], &o[i..i + n], &h[i..i + n], &l[i..i + n], &c[i..i + n], Some(&mut eq)).unwrap();
                let mut want = n;
                for k in 0..n {
                    let e = single.on_bar_1m(ts[i + k] as i64, o[i + k], h[i + k], l[i + k], c[i + k]).unwrap();
                    assert_eq!(eq[k], single.equity_usdt(), "seed {} bar {}", seed, i + k);
                    if e > 0 {
                        want = k + 1;
                        break;
                    }
                }
                assert_eq!(got, want, "seed {} from bar {}", seed, i);
                assert_eq!(batch.events(), single.events(), "seed {} from bar {}", seed, i);
                assert_eq!(batch.encoded_events(), single.encoded_events(), "seed {} from bar {}", seed, i);
                assert_eq!(batch.st, single.st, "seed {} from bar {}", seed, i);
                assert_eq!(batch.bars - before, got as u64);
                quiet_runs += (got > 1) as usize;
                batches += 1;
                i += got;
            }
            // A bad bar inside a quiet stretch is the same error as bar by bar.
            let t = ts.len() as f64 * 60_000.0;
            let bad = batch.on_bars(&[t, t + 60_000.0], &[p, p], &[p + 1.0, p - 5.0], &[p - 1.0, p - 1.0], &[p, p], None);
            let one = single.on_bar_1m(t as i64, p, p + 1.0, p - 1.0, p).and_then(|_| single.on_bar_1m(t as i64 + 60_000, p, p - 5.0, p - 1.0, p));
            assert_eq!(bad.unwrap_err().message, one.unwrap_err().message);
        }
        assert!(batches > 300 && quiet_runs > 200, "{} batches, {} with quiet runs", batches, quiet_runs);
    }

    /// Random orders (every kind, with TP/SL, trailing, reduce-only), funding and trending bars:
    /// the fast path must leave exactly the state and events the full two-path walk leaves.
    #[test]
    fn fast_path_matches_the_full_walk() {
        // every kind of outcome must actually occur across the seeds: fills, liquidations, closed trades
        let (mut totals, mut ambiguous) = ([0; 5], 0);
        for seed in 1..6u64 {
            let values = btc_values([50.0, 100.0][seed as usize % 2], 50.0, 1.0, (seed % 3) as f64);
            let (mut fast, mut slow) = (SimExchange::from_values(&values).unwrap(), SimExchange::from_values(&values).unwrap());
            slow.force_slow = true;
            let mut r = Lcg(seed);
            let mut p = 60000.0f64;
            let mut quiet = 0;
            let mut counts = [0; 5];
            for i in 0..3000i64 {
                if r.next(20) == 0 {
                    let q = random_order(&mut r, p);
                    assert_eq!(fast.submit(&q), slow.submit(&q));
                    assert_eq!(fast.events(), slow.events());
                }
                if r.next(200) == 0 {
                    let rate = (r.next(21) - 10) as f64 * 0.0001;
                    assert_eq!(fast.apply_funding(i * 60_000, rate, p).unwrap(), slow.apply_funding(i * 60_000, rate, p).unwrap());
                }
                let o = p + (r.next(7) - 3) as f64 * 0.1;
                let drift = if (i / 300) % 2 == 0 { 8 } else { -8 };
                let c = o + (r.next(61) - 30 + drift) as f64;
                let (h, l) = (o.max(c) + r.next(30) as f64 * 0.1, o.min(c) - r.next(30) as f64 * 0.1);
                let n = fast.on_bar_1m(i * 60_000, o, h, l, c).unwrap();
                assert_eq!(n, slow.on_bar_1m(i * 60_000, o, h, l, c).unwrap(), "seed {} bar {}", seed, i);
                assert_eq!(fast.events(), slow.events(), "seed {} bar {}", seed, i);
                assert_eq!(fast.st, slow.st, "seed {} bar {}", seed, i);
                // The per-bar equity the batch writes is the state's equity at the mark.
                assert_eq!(fast.equity_usdt(), crate::sim::units::usdt(fast.st.equity(&fast.cfg)), "seed {} bar {}", seed, i);
                quiet += (n == 0) as usize;
                for e in fast.events() {
                    let k = match e { Event::Fill(_) => 0, Event::Liquidation { .. } => 1, Event::Rejected { .. } => 2, Event::TradeClosed(_) => 3, _ => 4 };
                    counts[k] += 1;
                }
                p = (c * 10.0).round() / 10.0;
            }
            assert_eq!(fast.stats, slow.stats);
            for k in 0..5 {
                totals[k] += counts[k];
            }
            ambiguous += fast.stats.bars;
            assert!(quiet > 1000 && quiet < 3000, "seed {}: {} quiet bars", seed, quiet);
        }
        assert!(totals[0] > 500 && totals[1] > 0 && totals[3] > 100 && ambiguous > 50, "{:?} ambiguous {}", totals, ambiguous);
    }
}
