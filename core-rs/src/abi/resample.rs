//! The resampling export: one chunk of 1m columns (starting on a bucket boundary) folded into
//! buckets by `crate::resample`. A child of `abi`, which keeps every `unsafe` of the crate.
use super::{f64_slice, fail_code, ok};
use crate::error::ErrorCode;
use crate::indicators::Columns;
use crate::resample::{resample_chunk, Buckets, ChunkError, Grid, Minutes};

/// `ins`: 7 column addresses (ts, open, high, low, close, volume, turnover) of `n` f64 each.
/// `outs`: 8 column addresses (ts, open, high, low, close, volume, turnover, minutes) of `cap`
/// f64 each; buckets are written from row `at`. `grid`: [tf_ms, anchor_ms, close_of_last, prev_ts].
/// Returns the number of buckets written, or u32::MAX (BAD_ROW: a row off the minute or out of
/// order; BAD_LENGTH: more buckets than the `cap` rows hold).
#[no_mangle]
pub extern "C" fn resample_1m(n: usize, ins: *const u32, outs: *const u32, cap: usize, at: usize, grid: *const f64) -> u32 {
    // SAFETY: the host passes 7 and 8 addresses and 4 grid values; each input column holds n f64
    // and each output column cap f64, all in linear memory it allocated.
    let (i, o, g) = unsafe { (std::slice::from_raw_parts(ins, 7), std::slice::from_raw_parts(outs, 8), f64_slice(grid, 4)) };
    // SAFETY: as above, for each address.
    let col = |p: u32| unsafe { f64_slice(p as *const f64, n) };
    let out = |p: u32| unsafe { std::slice::from_raw_parts_mut(p as *mut f64, cap) };
    let m = Minutes {
        bars: Columns { ts_ms: col(i[0]), open: col(i[1]), high: col(i[2]), low: col(i[3]), close: col(i[4]), volume: col(i[5]) },
        turnover: col(i[6]),
    };
    let mut b = Buckets {
        ts: out(o[0]),
        open: out(o[1]),
        high: out(o[2]),
        low: out(o[3]),
        close: out(o[4]),
        volume: out(o[5]),
        turnover: out(o[6]),
        minutes: out(o[7]),
    };
    let grid = Grid { tf_ms: g[0], anchor_ms: g[1], close_of_last: g[2] };
    let (code, msg) = match resample_chunk(&m, grid, g[3], &mut b, at) {
        Ok(k) => {
            ok();
            return k as u32;
        }
        Err(ChunkError::BadRow(r)) => (ErrorCode::BadRow, format!("resample_1m: chunk row {} is off the minute or not after the previous row", r)),
        Err(ChunkError::Full) => (ErrorCode::BadLength, format!("resample_1m: more buckets than the output capacity {}", cap)),
    };
    fail_code(code, msg);
    u32::MAX
}
