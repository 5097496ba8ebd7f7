//! `zones`: demand and supply zones born from impulsive moves away from confirmed pivots.
//! Definition (all known at the confirming bar t = p + right, nothing later is used):
//! - demand: a pivot low at bar p (see `pivot.rs`) is the base candle. Zone = [low[p],
//!   max(open[p], close[p])] (wick to body top). It is created at t when the impulse
//!   `max(high[p+1..=t]) - zone top` is > 0, >= impulse_atr * ATR[p] and >= impulse_pct% of the
//!   zone top. ATR is Wilder's (RMA of true range, TR[0] = high - low, seeded with the SMA of the
//!   first atr_length TRs, TradingView `ta.atr`). A threshold of 0 disables that test.
//! - supply: the mirror image at a pivot high: zone = [min(open[p], close[p]), high[p]], impulse
//!   `zone bottom - min(low[p+1..=t])`.
//! - touches: bars after creation whose range [low, high] overlaps the zone while the previous
//!   bar's range did not (a re-entry); the creation bar seeds "previous".
//! - broken: a demand zone breaks on the first close below its bottom, a supply zone on a close
//!   above its top; the zone is then dropped. `*_broken` = 1 on a bar where at least one zone of
//!   that kind broke, else 0. Zones are tested for breaks/touches before this bar's new zones are
//!   added. Overlapping zones are kept separately; at most max_zones per kind are active (the
//!   oldest is dropped to make room).
//! - outputs describe the NEAREST active zone of each kind: smallest distance from the close to
//!   the zone (0 inside it), ties to the most recent. NaN when none is active.
//!
//! `update` is O(max_zones) and allocation-free (zone arrays are sized in `new`).
use crate::bar::{Bar, Source};
use crate::error::CoreResult;
use crate::indicators::ema::ExponentialMovingAverage;
use crate::indicators::ring::RingBuffer;
use crate::indicators::spec::{check_params, float_param, int_param, IndicatorSpec, Inputs, ParamSpec};
use crate::indicators::Indicator;
use crate::structures::deque::{Extreme, MonotonicDeque};
use crate::structures::pivot::{PivotDetector, PivotEvents};
use crate::structures::{fill_nan, LEFT_PARAM, RIGHT_PARAM};

pub const PARAMS: &[ParamSpec] = &[
    LEFT_PARAM,
    RIGHT_PARAM,
    float_param("impulse_atr", 0.0, 100.0, 1.0, "minimum move away from the zone within `right` bars, in ATRs (0 = off)"),
    int_param("atr_length", 1.0, 1000.0, 14.0, "ATR period (Wilder)"),
    float_param("impulse_pct", 0.0, 100.0, 0.0, "minimum move away from the zone, in % of the zone edge (0 = off)"),
    int_param("max_zones", 1.0, 100.0, 10.0, "active zones kept per kind; the oldest is dropped when full"),
];

pub const OUTPUTS: &[&str] = &[
    "demand_top",
    "demand_bottom",
    "supply_top",
    "supply_bottom",
    "demand_touches",
    "supply_touches",
    "demand_broken",
    "supply_broken",
];

pub const WARMUP: &str = "max(left, atr_length - 1) + right (left + right when impulse_atr = 0); zone outputs NaN while none is active";

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "zones",
    title: "Supply and Demand Zones",
    family: "structure",
    params: PARAMS,
    outputs: OUTPUTS,
    inputs: Inputs::Fixed(&["open", "high", "low", "close"]),
    convention: "original",
    warmup: WARMUP,
    make: |p, _s: Source| Ok(Box::new(Zones::new("zones", p)?)),
};

#[derive(Clone, Copy, Debug, PartialEq)]
struct Zone {
    top: f64,
    bottom: f64,
    touches: f64,
    inside_prev: bool,
}

impl Zone {
    #[inline(always)]
    fn overlaps(&self, bar: &Bar) -> bool {
        bar.low <= self.top && bar.high >= self.bottom
    }

    #[inline(always)]
    fn distance(&self, price: f64) -> f64 {
        (self.bottom - price).max(price - self.top).max(0.0)
    }
}

/// The active zones of one kind, oldest first, in storage allocated once.
#[derive(Clone, Debug)]
struct ZoneSet {
    demand: bool,
    zones: Vec<Zone>,
    max: usize,
}

impl ZoneSet {
    fn new(demand: bool, max: usize) -> ZoneSet {
        ZoneSet { demand, zones: Vec::with_capacity(max), max }
    }

    fn add(&mut self, z: Zone) {
        if self.zones.len() == self.max {
            self.zones.remove(0);
        }
        self.zones.push(z);
    }

    /// Counts re-entries, drops broken zones; true when at least one broke on this bar.
    fn step(&mut self, bar: &Bar) -> bool {
        let mut broken = false;
        let mut keep = 0;
        for i in 0..self.zones.len() {
            let mut z = self.zones[i];
            let breaks = if self.demand { bar.close < z.bottom } else { bar.close > z.top };
            if breaks {
                broken = true;
                continue;
            }
            let inside = z.overlaps(bar);
            if inside && !z.inside_prev {
                z.touches += 1.0;
            }
            z.inside_prev = inside;
            self.zones[keep] = z;
            keep += 1;
        }
        self.zones.truncate(keep);
        broken
    }

    fn nearest(&self, price: f64) -> Option<&Zone> {
        let mut best: Option<&Zone> = None;
        for z in &self.zones {
            if best.map_or(true, |b| z.distance(price) <= b.distance(price)) {
                best = Some(z);
            }
        }
        best
    }
}

#[derive(Clone, Debug)]
pub struct Zones {
    right: usize,
    impulse_atr: f64,
    impulse_pct: f64,
    warmup: usize,
    pivots: PivotDetector,
    atr: ExponentialMovingAverage,
    prev_close: f64,
    /// open, close and ATR of the last right + 1 bars: get(right) is the pivot bar.
    opens: RingBuffer,
    closes: RingBuffer,
    atrs: RingBuffer,
    /// Highest high / lowest low of the last `right` bars (the bars after the pivot).
    after_high: MonotonicDeque,
    after_low: MonotonicDeque,
    demand: ZoneSet,
    supply: ZoneSet,
}

impl Zones {
    /// `name` is the registry name used in error messages ("zones" or "derived_zones").
    pub fn new(name: &str, params: &[f64]) -> CoreResult<Zones> {
        check_params(name, PARAMS, params)?;
        let (left, right) = (params[0] as usize, params[1] as usize);
        let impulse_atr = params[2];
        let atr_length = params[3] as usize;
        let max_zones = params[5] as usize;
        let warmup = if impulse_atr > 0.0 { left.max(atr_length - 1) + right } else { left + right };
        Ok(Zones {
            right,
            impulse_atr,
            impulse_pct: params[4],
            warmup,
            pivots: PivotDetector::new(left, right),
            atr: ExponentialMovingAverage::with_alpha(atr_length, 1.0 / atr_length as f64, Source::Close),
            prev_close: f64::NAN,
            opens: RingBuffer::new(right + 1),
            closes: RingBuffer::new(right + 1),
            atrs: RingBuffer::new(right + 1),
            after_high: MonotonicDeque::new(Extreme::Max, right),
            after_low: MonotonicDeque::new(Extreme::Min, right),
            demand: ZoneSet::new(true, max_zones),
            supply: ZoneSet::new(false, max_zones),
        })
    }

    /// True when a move of `size` away from a zone edge at `edge`, from a base bar whose ATR was
    /// `atr`, is an impulse.
    #[inline(always)]
    fn is_impulse(&self, size: f64, edge: f64, atr: f64) -> bool {
        let atr_ok = self.impulse_atr == 0.0 || size >= self.impulse_atr * atr;
        let pct_ok = self.impulse_pct == 0.0 || size >= self.impulse_pct / 100.0 * edge.abs();
        size > 0.0 && atr_ok && pct_ok
    }
    /// Feeds the bar to ATR, the base-bar rings, the after-pivot extremes and the pivot detector.
    #[inline(always)]
    fn track(&mut self, bar: &Bar) -> PivotEvents {
        let tr = if self.prev_close.is_nan() {
            bar.high - bar.low
        } else {
            (bar.high - bar.low).max((bar.high - self.prev_close).abs()).max((bar.low - self.prev_close).abs())
        };
        self.prev_close = bar.close;
        self.atrs.push(self.atr.next(tr));
        self.opens.push(bar.open);
        self.closes.push(bar.close);
        let ev = self.pivots.update(bar.high, bar.low);
        let t = self.pivots.bar_index();
        let first = (t + 1).saturating_sub(self.right);
        self.after_high.expire(first);
        self.after_low.expire(first);
        self.after_high.push(t, bar.high);
        self.after_low.push(t, bar.low);
        ev
    }

    /// Creates the zones whose base pivot is confirmed at this bar, if the move away is an impulse.
    #[inline(always)]
    fn add_zones(&mut self, ev: &PivotEvents, bar: &Bar) {
        let (base_open, base_close, base_atr) = (self.opens.get(self.right), self.closes.get(self.right), self.atrs.get(self.right));
        if let Some(p) = ev.low {
            let top = base_open.max(base_close);
            let size = self.after_high.front().map_or(f64::NAN, |f| f.1) - top;
            if self.is_impulse(size, top, base_atr) {
                let z = Zone { top, bottom: p.price, touches: 0.0, inside_prev: false };
                self.demand.add(Zone { inside_prev: z.overlaps(bar), ..z });
            }
        }
        if let Some(p) = ev.high {
            let bottom = base_open.min(base_close);
            let size = bottom - self.after_low.front().map_or(f64::NAN, |f| f.1);
            if self.is_impulse(size, bottom, base_atr) {
                let z = Zone { top: p.price, bottom, touches: 0.0, inside_prev: false };
                self.supply.add(Zone { inside_prev: z.overlaps(bar), ..z });
            }
        }
    }
}

impl Indicator for Zones {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let ev = self.track(bar);
        if self.pivots.bar_index() < self.warmup {
            fill_nan(out);
            return;
        }
        let demand_broken = self.demand.step(bar);
        let supply_broken = self.supply.step(bar);
        self.add_zones(&ev, bar);
        let (dt, db, dn) = self.demand.nearest(bar.close).map_or((f64::NAN, f64::NAN, f64::NAN), |z| (z.top, z.bottom, z.touches));
        let (st, sb, sn) = self.supply.nearest(bar.close).map_or((f64::NAN, f64::NAN, f64::NAN), |z| (z.top, z.bottom, z.touches));
        out[0] = dt;
        out[1] = db;
        out[2] = st;
        out[3] = sb;
        out[4] = dn;
        out[5] = sn;
        out[6] = if demand_broken { 1.0 } else { 0.0 };
        out[7] = if supply_broken { 1.0 } else { 0.0 };
    }

    fn reset(&mut self) {
        self.pivots.reset();
        self.atr.clear();
        self.prev_close = f64::NAN;
        self.opens.clear();
        self.closes.clear();
        self.atrs.clear();
        self.after_high.clear();
        self.after_low.clear();
        self.demand.zones.clear();
        self.supply.zones.clear();
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn n_outputs(&self) -> usize {
        8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::{assert_batch_equals_incremental, walk};
    use crate::structures::testutil::{assert_no_look_ahead, run, same};

    fn ohlc(rows: &[(f64, f64, f64, f64)]) -> Vec<Bar> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| Bar { ts_ms: i as f64, open: r.0, high: r.1, low: r.2, close: r.3, volume: 1.0 })
            .collect()
    }

    /// left 1, right 2, impulse_atr 0 (off), impulse_pct 1 %, max_zones 2.
    /// - pivot low at bar 1 (97 < 99; <= 97.5, 102) confirmed at bar 3: demand [97, max(100, 98) = 100];
    ///   impulse = max(high 2..=3) 104 - 100 = 4 >= 1 % of 100.
    /// - touches: bar 5 re-enters (low 99.5 <= 100), bar 6 stays inside (no new touch), bar 7 leaves,
    ///   bar 8 re-enters -> 2. Bar 9 closes 96.5 < 97: broken, dropped.
    /// - pivot high at bar 4 (105 > 104; >= 102, 101) confirmed at bar 6: supply [min(103.5, 101.5), 105]
    ///   = [101.5, 105]; impulse = 101.5 - min(low 5..=6) 99 = 2.5. Bar 7 enters it: 1 touch.
    /// - pivot high at bar 7 (103 > 101; >= 102.6, 99) confirmed at bar 9: supply [99.5, 103].
    ///   At bar 9 (close 96.5) it is nearer (3) than [101.5, 105] (5).
    /// - bar 10 closes 104 > 103: the newer supply zone breaks; the older one (close inside it, distance 0)
    ///   is re-entered after bar 9 left it: touches 2.
    #[test]
    fn hand_built_demand_and_supply() {
        let bars = ohlc(&[
            (100.0, 101.0, 99.0, 100.0),
            (100.0, 100.5, 97.0, 98.0),
            (98.0, 103.0, 97.5, 102.5),
            (102.5, 104.0, 102.0, 103.5),
            (103.5, 105.0, 101.0, 101.5),
            (101.5, 102.0, 99.5, 100.5),
            (100.5, 101.0, 99.0, 99.5),
            (99.5, 103.0, 100.5, 102.5),
            (102.5, 102.6, 98.0, 98.5),
            (98.5, 99.0, 96.0, 96.5),
            (96.5, 104.5, 96.4, 104.0),
        ]);
        let mut z = Zones::new("zones", &[1.0, 2.0, 0.0, 14.0, 1.0, 2.0]).unwrap();
        assert_eq!(z.warmup(), 3);
        let rows = run(&mut z, &bars);
        let nan = f64::NAN;
        #[rustfmt::skip]
        let expect: [[f64; 8]; 11] = [
            [nan; 8],
            [nan; 8],
            [nan; 8],
            [100.0, 97.0, nan, nan, 0.0, nan, 0.0, 0.0],
            [100.0, 97.0, nan, nan, 0.0, nan, 0.0, 0.0],
            [100.0, 97.0, nan, nan, 1.0, nan, 0.0, 0.0],
            [100.0, 97.0, 105.0, 101.5, 1.0, 0.0, 0.0, 0.0],
            [100.0, 97.0, 105.0, 101.5, 1.0, 1.0, 0.0, 0.0],
            [100.0, 97.0, 105.0, 101.5, 2.0, 1.0, 0.0, 0.0],
            [nan, nan, 103.0, 99.5, nan, 0.0, 1.0, 0.0],
            [nan, nan, 105.0, 101.5, nan, 2.0, 0.0, 1.0],
        ];
        for (i, row) in rows.iter().enumerate() {
            for j in 0..8 {
                assert!(same(row[j], expect[i][j]), "bar {} {}: got {} expected {}", i, OUTPUTS[j], row[j], expect[i][j]);
            }
        }
    }

    /// ATR gate: the same demand base with impulse_atr 1 and atr_length 1 (ATR = true range):
    /// ATR at bar 1 = max(100.5 - 97, |100.5 - 100|, |97 - 100|) = 3.5 <= impulse 4 -> created;
    /// with impulse_atr 1.2 (4.2 > 4) it is not.
    #[test]
    fn atr_threshold_gates_creation() {
        let bars = ohlc(&[
            (100.0, 101.0, 99.0, 100.0),
            (100.0, 100.5, 97.0, 98.0),
            (98.0, 103.0, 97.5, 102.5),
            (102.5, 104.0, 102.0, 103.5),
        ]);
        let mut z = Zones::new("zones", &[1.0, 2.0, 1.0, 1.0, 0.0, 10.0]).unwrap();
        assert_eq!(run(&mut z, &bars)[3][0], 100.0);
        let mut z = Zones::new("zones", &[1.0, 2.0, 1.2, 1.0, 0.0, 10.0]).unwrap();
        assert!(run(&mut z, &bars)[3][0].is_nan());
    }

    #[test]
    fn rejects_bad_params() {
        let e = Zones::new("derived_zones", &[5.0, 5.0, -1.0, 14.0, 0.0, 10.0]).unwrap_err();
        assert_eq!(e.message, "derived_zones.impulse_atr must be a number in [0, 100] (got -1)");
        let e = Zones::new("zones", &[5.0, 5.0, 1.0, 14.0, 0.0, 0.0]).unwrap_err();
        assert_eq!(e.message, "zones.max_zones must be an integer in [1, 100] (got 0)");
    }

    #[test]
    fn active_zones_are_consistent_on_walk() {
        let bars = walk(5000, 17);
        let mut z = Zones::new("zones", &[5.0, 3.0, 0.5, 14.0, 0.0, 5.0]).unwrap();
        let rows = run(&mut z, &bars);
        let (mut demand_seen, mut supply_seen, mut breaks) = (0, 0, 0.0);
        for (i, r) in rows.iter().enumerate().skip(z.warmup()) {
            if !r[0].is_nan() {
                demand_seen += 1;
                assert!(r[1] <= r[0] && bars[i].close >= r[1] && r[4] >= 0.0, "bar {}", i);
            }
            if !r[2].is_nan() {
                supply_seen += 1;
                assert!(r[3] <= r[2] && bars[i].close <= r[2] && r[5] >= 0.0, "bar {}", i);
            }
            breaks += r[6] + r[7];
        }
        assert!(demand_seen > 1000 && supply_seen > 1000 && breaks > 20.0, "{} {} {}", demand_seen, supply_seen, breaks);
    }

    #[test]
    fn batch_incremental_reset_and_no_look_ahead() {
        let bars = walk(3000, 41);
        let p = [4.0, 3.0, 0.5, 10.0, 0.1, 4.0];
        let mut z = Zones::new("zones", &p).unwrap();
        assert_batch_equals_incremental(&mut z, &bars);
        assert_no_look_ahead(&|| Box::new(Zones::new("zones", &p).unwrap()), &walk(10_000, 5), 20, 5);
    }
}
