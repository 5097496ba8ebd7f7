//! 1m candles folded into a higher timeframe on epoch buckets, exactly as the host's reference
//! (`src/data/resample.ts`) does it, in the same f64 operations and order: bucket start
//! `floor((t - anchor) / tf) * tf + anchor`, open of the bucket's first minute, high/low extremes,
//! close of its last minute, volume and turnover summed in time order from 0, and the minutes
//! counted. Every row must be on the minute and after the previous one. A bucket ending after
//! `close_of_last` (the close of the last minute of the whole input) is still open: not emitted.
//! The host feeds the input in chunks that start on bucket boundaries; `prev_ts` carries the
//! order check over chunk edges.

use crate::indicators::Columns;

/// One chunk of 1m columns (equal lengths): the core's OHLCV columns plus turnover.
pub struct Minutes<'a> {
    pub bars: Columns<'a>,
    pub turnover: &'a [f64],
}

/// Output columns from row `at` on (each at least `at` + the buckets this chunk emits long).
pub struct Buckets<'a> {
    pub ts: &'a mut [f64],
    pub open: &'a mut [f64],
    pub high: &'a mut [f64],
    pub low: &'a mut [f64],
    pub close: &'a mut [f64],
    pub volume: &'a mut [f64],
    pub turnover: &'a mut [f64],
    pub minutes: &'a mut [f64],
}

pub const MINUTE_MS: f64 = 60_000.0;

/// The bucket grid and the end of the whole input.
#[derive(Clone, Copy)]
pub struct Grid {
    pub tf_ms: f64,
    pub anchor_ms: f64,
    pub close_of_last: f64,
}

/// Why a chunk was refused.
#[derive(Debug, PartialEq)]
pub enum ChunkError {
    /// The first row (index within the chunk) off the minute or not after the previous one.
    BadRow(usize),
    /// More buckets than the output columns hold.
    Full,
}

/// Folds one chunk; returns the number of buckets written from row `at` of the outputs.
pub fn resample_chunk(
    m: &Minutes,
    g: Grid,
    prev_ts: f64,
    out: &mut Buckets,
    at: usize,
) -> Result<usize, ChunkError> {
    let n = m.bars.ts_ms.len();
    let mut k = at;
    let mut i = 0;
    let mut prev = prev_ts;
    while i < n {
        let b = ((m.bars.ts_ms[i] - g.anchor_ms) / g.tf_ms).floor() * g.tf_ms + g.anchor_ms;
        let end = b + g.tf_ms;
        let o = m.bars.open[i];
        let mut h = m.bars.high[i];
        let mut l = m.bars.low[i];
        let mut c = m.bars.close[i];
        let mut v = 0.0;
        let mut tv = 0.0;
        let mut count = 0.0;
        while i < n {
            let t = m.bars.ts_ms[i];
            if t >= end {
                break;
            }
            // As the reference: `t <= prev || floor(t / MINUTE) * MINUTE !== t` (NaN fails the second).
            #[allow(clippy::float_cmp)]
            let off_minute = (t / MINUTE_MS).floor() * MINUTE_MS != t;
            if t <= prev || off_minute {
                return Err(ChunkError::BadRow(i));
            }
            prev = t;
            let hi = m.bars.high[i];
            let lo = m.bars.low[i];
            if hi > h {
                h = hi;
            }
            if lo < l {
                l = lo;
            }
            c = m.bars.close[i];
            v += m.bars.volume[i];
            tv += m.turnover[i];
            count += 1.0;
            i += 1;
        }
        if end > g.close_of_last {
            break;
        }
        if k >= out.ts.len() || k >= out.minutes.len() {
            return Err(ChunkError::Full);
        }
        out.ts[k] = b;
        out.open[k] = o;
        out.high[k] = h;
        out.low[k] = l;
        out.close[k] = c;
        out.volume[k] = v;
        out.turnover[k] = tv;
        out.minutes[k] = count;
        k += 1;
    }
    Ok(k - at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ts: &[f64], tf_min: f64) -> Result<Vec<[f64; 8]>, ChunkError> {
        let n = ts.len();
        let px: Vec<f64> = (0..n).map(|i| 100.0 + i as f64).collect();
        let m = Minutes { bars: Columns { ts_ms: ts, open: &px, high: &px, low: &px, close: &px, volume: &px }, turnover: &px };
        let (mut t, mut o, mut h, mut l) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        let (mut c, mut v, mut tv, mut mi) =
            (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        let mut out = Buckets {
            ts: &mut t,
            open: &mut o,
            high: &mut h,
            low: &mut l,
            close: &mut c,
            volume: &mut v,
            turnover: &mut tv,
            minutes: &mut mi,
        };
        let g = Grid {
            tf_ms: tf_min * MINUTE_MS,
            anchor_ms: 0.0,
            close_of_last: ts[n - 1] + MINUTE_MS,
        };
        let k = resample_chunk(&m, g, f64::NEG_INFINITY, &mut out, 0)?;
        Ok((0..k)
            .map(|j| {
                [
                    out.ts[j],
                    out.open[j],
                    out.high[j],
                    out.low[j],
                    out.close[j],
                    out.volume[j],
                    out.turnover[j],
                    out.minutes[j],
                ]
            })
            .collect())
    }

    #[test]
    fn folds_buckets_and_drops_the_open_one() {
        // 5m buckets: minutes 0..4 (full), 5, 7 (gap: 2 minutes), 10 (still open: not emitted).
        let ts: Vec<f64> = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0]
            .iter()
            .map(|m| m * MINUTE_MS)
            .collect();
        let rows = run(&ts, 5.0).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            [0.0, 100.0, 104.0, 100.0, 104.0, 510.0, 510.0, 5.0]
        );
        assert_eq!(
            rows[1],
            [
                5.0 * MINUTE_MS,
                105.0,
                106.0,
                105.0,
                106.0,
                211.0,
                211.0,
                2.0
            ]
        );
    }

    #[test]
    fn refuses_rows_off_the_minute_or_out_of_order() {
        assert_eq!(
            run(&[0.0, 60_000.0, 60_000.0], 5.0),
            Err(ChunkError::BadRow(2))
        );
        assert_eq!(run(&[0.0, 90_000.0], 5.0), Err(ChunkError::BadRow(1)));
        assert_eq!(run(&[0.0, f64::NAN], 5.0), Err(ChunkError::BadRow(1)));
    }
}
