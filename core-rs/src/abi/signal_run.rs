//! The column run's export (`crate::sim::signal_run`): a stretch of bars run with the engine's
//! order rules inside a sim. A child of `abi`, which keeps every `unsafe` of the crate.
use super::{bad_sim, f64_slice, fail, sims};
use crate::sim::signal_rules::RUN_LEN;
use crate::sim::signal_run::{RunInput, RunOutput};
use crate::sim::EVENT_STRIDE;

/// `n` bars of sim `h`: `cols` holds 8 column addresses of `n` f64 each (ts, open, high, low,
/// close, the signal flags, the stop's ATR, the target's ATR); `run` the run record (`RUN_LEN`
/// f64, read and written); the funding settlements (`n_funding` times and rates); `rows` 3 × `n`
/// f64 for the equity rows; `trades` room for `trades_cap` trade records. Returns the bars
/// consumed, or u32::MAX on error.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sim_run_signals(
    h: u32,
    n: usize,
    cols: *const u32,
    run_ptr: *mut f64,
    funding_ts_ptr: *const f64,
    funding_rate_ptr: *const f64,
    n_funding: usize,
    rows_ptr: *mut f64,
    trades_ptr: *mut f64,
    trades_cap: usize,
) -> u32 {
    let sim = match sims().get(h) {
        Some(s) => s,
        None => {
            bad_sim(h);
            return u32::MAX;
        }
    };
    // SAFETY: the host passes 8 addresses, each of a column of n f64, and allocated every other
    // buffer with the length named beside it, all in linear memory.
    let c = unsafe { std::slice::from_raw_parts(cols, 8) };
    // SAFETY: as above, for each column address.
    let col = |k: usize| unsafe { f64_slice(c[k] as *const f64, n) };
    let input = RunInput {
        ts: col(0),
        open: col(1),
        high: col(2),
        low: col(3),
        close: col(4),
        flags: col(5),
        stop_atr: col(6),
        take_atr: col(7),
        // SAFETY: as above.
        funding_ts: unsafe { f64_slice(funding_ts_ptr, n_funding) },
        // SAFETY: as above.
        funding_rate: unsafe { f64_slice(funding_rate_ptr, n_funding) },
    };
    // SAFETY: as above; the run record, the rows and the trades do not overlap the inputs.
    let (run, mut out) = unsafe {
        (
            std::slice::from_raw_parts_mut(run_ptr, RUN_LEN),
            RunOutput { rows: std::slice::from_raw_parts_mut(rows_ptr, 3 * n), trades: std::slice::from_raw_parts_mut(trades_ptr, trades_cap * EVENT_STRIDE) },
        )
    };
    match sim.run_signals(run, &input, &mut out) {
        Ok(consumed) => consumed as u32,
        Err(e) => {
            fail(e);
            u32::MAX
        }
    }
}
