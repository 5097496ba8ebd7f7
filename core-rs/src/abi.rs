//! The C ABI over linear memory: every `extern "C"` export and every `unsafe` of the crate.
//! Objects live in slabs and are addressed by u32 handles (0 = none); calls return a status code
//! (0 = ok, else an `ErrorCode`) and the message is read back through `last_error_*`.
//! Buffers are allocated by the host with `core_alloc` (8-byte aligned) and freed with `core_free`.
//! wasm32 is single-threaded, so the global state below is never accessed concurrently.
use crate::bar::{Bar, Source};
use crate::error::{CoreError, ErrorCode, ERROR_CODES};
use crate::indicators::{registry, Columns, Indicator};
use crate::json::{push_num, push_str};
use crate::sim::{self, OrderRequest, SimExchange, TpSlRequest, EVENT_STRIDE, STATE_LEN};
use crate::structures::registry as structure_registry;
use std::alloc::{alloc, dealloc, Layout};

mod resample;
mod signal_run;

struct Slab<T> {
    items: Vec<Option<T>>,
    free: Vec<u32>,
}

impl<T> Slab<T> {
    const fn new() -> Slab<T> {
        Slab { items: Vec::new(), free: Vec::new() }
    }

    fn insert(&mut self, v: T) -> u32 {
        if let Some(h) = self.free.pop() {
            self.items[(h - 1) as usize] = Some(v);
            return h;
        }
        self.items.push(Some(v));
        self.items.len() as u32
    }

    fn get(&mut self, h: u32) -> Option<&mut T> {
        if h == 0 {
            return None;
        }
        self.items.get_mut((h - 1) as usize).and_then(|x| x.as_mut())
    }

    fn remove(&mut self, h: u32) -> bool {
        match self.get(h) {
            Some(_) => {
                self.items[(h - 1) as usize] = None;
                self.free.push(h);
                true
            }
            None => false,
        }
    }
}

struct State {
    indicators: Slab<Box<dyn Indicator>>,
    error_code: u32,
    error_msg: String,
    scratch: String,
}

static mut STATE: State = State { indicators: Slab::new(), error_code: 0, error_msg: String::new(), scratch: String::new() };

fn state() -> &'static mut State {
    // SAFETY: wasm32-unknown-unknown is single-threaded and no export re-enters another, so there
    // is never more than one live reference to STATE at a time.
    unsafe { &mut *std::ptr::addr_of_mut!(STATE) }
}

fn fail(e: CoreError) -> u32 {
    let s = state();
    s.error_code = e.code as u32;
    s.error_msg = e.message;
    e.code as u32
}

fn fail_code(code: ErrorCode, msg: String) -> u32 {
    fail(CoreError::new(code, msg))
}

fn ok() -> u32 {
    let s = state();
    s.error_code = 0;
    s.error_msg.clear();
    0
}

fn bad_handle(h: u32) -> u32 {
    fail_code(ErrorCode::BadHandle, format!("indicator handle {} is not live", h))
}

/// # Safety: `ptr` must point to `len` readable f64 values (or len = 0).
unsafe fn f64_slice<'a>(ptr: *const f64, len: usize) -> &'a [f64] {
    if len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(ptr, len)
    }
}

#[no_mangle]
pub extern "C" fn core_alloc(bytes: usize) -> *mut u8 {
    let layout = match Layout::from_size_align(bytes.max(8), 8) {
        Ok(l) => l,
        Err(_) => return std::ptr::null_mut(),
    };
    // SAFETY: the layout has a non-zero size; the host frees with the same size via core_free.
    unsafe { alloc(layout) }
}

#[no_mangle]
pub extern "C" fn core_free(ptr: *mut u8, bytes: usize) {
    if ptr.is_null() {
        return;
    }
    if let Ok(layout) = Layout::from_size_align(bytes.max(8), 8) {
        // SAFETY: ptr came from core_alloc with this same size and alignment.
        unsafe { dealloc(ptr, layout) }
    }
}

#[no_mangle]
pub extern "C" fn last_error_code() -> u32 {
    state().error_code
}

#[no_mangle]
pub extern "C" fn last_error_ptr() -> *const u8 {
    state().error_msg.as_ptr()
}

#[no_mangle]
pub extern "C" fn last_error_len() -> usize {
    state().error_msg.len()
}

/// Fills the scratch string with a JSON export; the host reads it with `scratch_ptr/len`.
fn set_scratch(s: String) -> usize {
    let st = state();
    st.scratch = s;
    st.scratch.len()
}

#[no_mangle]
pub extern "C" fn scratch_ptr() -> *const u8 {
    state().scratch.as_ptr()
}

#[no_mangle]
pub extern "C" fn registry_json() -> usize {
    set_scratch(registry::to_json())
}

#[no_mangle]
pub extern "C" fn error_codes_json() -> usize {
    let mut o = String::from("[");
    for (i, (code, name, doc)) in ERROR_CODES.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"code\":");
        push_num(&mut o, *code as f64);
        o.push_str(",\"name\":");
        push_str(&mut o, name);
        o.push_str(",\"doc\":");
        push_str(&mut o, doc);
        o.push('}');
    }
    o.push(']');
    set_scratch(o)
}

/// Creates an indicator. `source` < 0 selects the registry default. Returns a handle, 0 on error.
#[no_mangle]
pub extern "C" fn ind_create(name_ptr: *const u8, name_len: usize, params_ptr: *const f64, n_params: usize, source: i32) -> u32 {
    // SAFETY: the host passes a buffer it allocated with name_len bytes and n_params f64s.
    let (name_bytes, params) = unsafe { (std::slice::from_raw_parts(name_ptr, name_len), f64_slice(params_ptr, n_params)) };
    let name = match std::str::from_utf8(name_bytes) {
        Ok(n) => n,
        Err(_) => {
            fail_code(ErrorCode::BadUtf8, "indicator name is not UTF-8".to_string());
            return 0;
        }
    };
    let src = if source < 0 {
        None
    } else {
        match Source::from_u32(source as u32) {
            Some(s) => Some(s),
            None => {
                fail_code(ErrorCode::BadSource, format!("source code {} is not in 0..7", source));
                return 0;
            }
        }
    };
    match registry::create(name, params, src) {
        Ok(ind) => {
            ok();
            state().indicators.insert(ind)
        }
        Err(e) => {
            fail(e);
            0
        }
    }
}

#[no_mangle]
pub extern "C" fn ind_free(h: u32) -> u32 {
    if state().indicators.remove(h) {
        ok()
    } else {
        bad_handle(h)
    }
}

#[no_mangle]
pub extern "C" fn ind_reset(h: u32) -> u32 {
    match state().indicators.get(h) {
        Some(ind) => {
            ind.reset();
            ok()
        }
        None => bad_handle(h),
    }
}

/// First valid bar index, or u32::MAX for a bad handle.
#[no_mangle]
pub extern "C" fn ind_warmup(h: u32) -> u32 {
    match state().indicators.get(h) {
        Some(ind) => ind.warmup() as u32,
        None => {
            bad_handle(h);
            u32::MAX
        }
    }
}

#[no_mangle]
pub extern "C" fn ind_n_outputs(h: u32) -> u32 {
    match state().indicators.get(h) {
        Some(ind) => ind.n_outputs() as u32,
        None => {
            bad_handle(h);
            0
        }
    }
}

/// The input columns `ind_batch` reads (bits: 1 ts, 2 open, 4 high, 8 low, 16 close, 32 volume);
/// the others may point at any column of the same length. 0 for a bad handle.
#[no_mangle]
pub extern "C" fn ind_batch_columns(h: u32) -> u32 {
    match state().indicators.get(h) {
        Some(ind) => ind.batch_columns(),
        None => {
            bad_handle(h);
            0
        }
    }
}

/// One closed bar; writes n_outputs f64 to `out_ptr`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn ind_update(h: u32, ts_ms: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, out_ptr: *mut f64) -> u32 {
    let ind = match state().indicators.get(h) {
        Some(i) => i,
        None => return bad_handle(h),
    };
    let k = ind.n_outputs();
    // SAFETY: the host allocated n_outputs f64 at out_ptr.
    let out = unsafe { std::slice::from_raw_parts_mut(out_ptr, k) };
    ind.update(&Bar { ts_ms, open, high, low, close, volume }, out);
    0
}

/// Runs `n` bars from six input columns; writes n_outputs columns of n f64 each (column-major).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn ind_batch(
    h: u32,
    n: usize,
    ts_ptr: *const f64,
    open_ptr: *const f64,
    high_ptr: *const f64,
    low_ptr: *const f64,
    close_ptr: *const f64,
    volume_ptr: *const f64,
    out_ptr: *mut f64,
) -> u32 {
    let ind = match state().indicators.get(h) {
        Some(i) => i,
        None => return bad_handle(h),
    };
    let k = ind.n_outputs();
    // SAFETY: the host passes six columns of n f64 and an output buffer of n * n_outputs f64.
    let (cols, out) = unsafe {
        (
            Columns {
                ts_ms: f64_slice(ts_ptr, n),
                open: f64_slice(open_ptr, n),
                high: f64_slice(high_ptr, n),
                low: f64_slice(low_ptr, n),
                close: f64_slice(close_ptr, n),
                volume: f64_slice(volume_ptr, n),
            },
            std::slice::from_raw_parts_mut(out_ptr, n * k),
        )
    };
    ind.batch(&cols, out);
    0
}

// Structures: market-structure detectors implement `Indicator`, so a detector created here lives in
// the same slab and is driven by the same ind_update / ind_batch / ind_reset / ind_warmup /
// ind_n_outputs / ind_free calls. Only creation and the registry export differ.

#[no_mangle]
pub extern "C" fn structure_registry_json() -> usize {
    set_scratch(structure_registry::to_json())
}

/// Creates a structure detector by name (structure registry). Returns a handle usable with every
/// `ind_*` call, 0 on error (UNKNOWN_STRUCTURE, PARAM_COUNT, INVALID_PARAM, BAD_UTF8).
#[no_mangle]
pub extern "C" fn struct_create(name_ptr: *const u8, name_len: usize, params_ptr: *const f64, n_params: usize) -> u32 {
    // SAFETY: the host passes a buffer it allocated with name_len bytes and n_params f64s.
    let (name_bytes, params) = unsafe { (std::slice::from_raw_parts(name_ptr, name_len), f64_slice(params_ptr, n_params)) };
    let name = match std::str::from_utf8(name_bytes) {
        Ok(n) => n,
        Err(_) => {
            fail_code(ErrorCode::BadUtf8, "structure name is not UTF-8".to_string());
            return 0;
        }
    };
    match structure_registry::create(name, params) {
        Ok(detector) => {
            ok();
            state().indicators.insert(detector)
        }
        Err(e) => {
            fail(e);
            0
        }
    }
}

/// Simulated exchange exports (`sim_*`): one `SimExchange` per handle in its own slab. Mutating
/// calls leave their events in the sim, encoded as `EVENT_STRIDE` f64 records that the host views
/// through `sim_events_ptr/len`, valid until the next call on that sim. Hot calls (`sim_on_bar_1m`,
/// `sim_on_bars_1m`) return a count, or u32::MAX on error with the message in `last_error_*`.
static mut SIMS: Slab<SimExchange> = Slab::new();

fn sims() -> &'static mut Slab<SimExchange> {
    // SAFETY: single-threaded wasm, no re-entrancy (see `state`); only sim_* exports touch SIMS.
    unsafe { &mut *std::ptr::addr_of_mut!(SIMS) }
}

fn bad_sim(h: u32) -> u32 {
    fail_code(ErrorCode::BadHandle, format!("sim handle {} is not live", h))
}

fn sim_ts(ts_ms: f64, what: &str) -> Result<i64, u32> {
    if ts_ms.is_finite() && ts_ms.fract() == 0.0 && ts_ms.abs() < 9.0e15 {
        Ok(ts_ms as i64)
    } else {
        Err(fail_code(ErrorCode::SimInvalidState, format!("{}: timestamp {} is not an integer ms", what, ts_ms)))
    }
}

/// Creates a sim from `n` config f64 (layout in `sim::config`). Returns a handle, 0 on error.
#[no_mangle]
pub extern "C" fn sim_create(cfg_ptr: *const f64, n: usize) -> u32 {
    // SAFETY: the host passes a buffer of n f64.
    let values = unsafe { f64_slice(cfg_ptr, n) };
    match SimExchange::from_values(values) {
        Ok(sim) => {
            ok();
            sims().insert(sim)
        }
        Err(e) => {
            fail(e);
            0
        }
    }
}

#[no_mangle]
pub extern "C" fn sim_free(h: u32) -> u32 {
    if sims().remove(h) {
        ok()
    } else {
        bad_sim(h)
    }
}

/// Submits an order of `ORDER_FIELDS` f64; returns its id (a rejection is an event, still with
/// that id), or 0 on a bad handle or a bad encoding.
#[no_mangle]
pub extern "C" fn sim_submit(h: u32, fields_ptr: *const f64, n: usize) -> u32 {
    // SAFETY: the host passes a buffer of n f64.
    let fields = unsafe { f64_slice(fields_ptr, n) };
    let req = match OrderRequest::from_fields(fields) {
        Ok(r) => r,
        Err(e) => {
            fail(e);
            return 0;
        }
    };
    match sims().get(h) {
        Some(sim) => sim.submit(&req),
        None => {
            bad_sim(h);
            0
        }
    }
}

#[no_mangle]
pub extern "C" fn sim_cancel(h: u32, order_id: u32) -> u32 {
    match sims().get(h) {
        Some(sim) => {
            sim.cancel(order_id);
            0
        }
        None => bad_sim(h),
    }
}

/// Sets the position's TP/SL/trailing stop (prices; NaN = unchanged, 0 = remove).
#[no_mangle]
pub extern "C" fn sim_set_tpsl(h: u32, take_profit: f64, stop_loss: f64, trailing_distance: f64, trailing_activation: f64) -> u32 {
    match sims().get(h) {
        Some(sim) => {
            sim.set_tpsl(&TpSlRequest { take_profit, stop_loss, trailing_distance, trailing_activation });
            0
        }
        None => bad_sim(h),
    }
}

/// One closed 1m bar; returns the number of events, or u32::MAX on error.
#[no_mangle]
pub extern "C" fn sim_on_bar_1m(h: u32, ts_ms: f64, open: f64, high: f64, low: f64, close: f64) -> u32 {
    let sim = match sims().get(h) {
        Some(s) => s,
        None => {
            bad_sim(h);
            return u32::MAX;
        }
    };
    match sim.on_bar_1m(ts_ms as i64, open, high, low, close) {
        Ok(n) => n as u32,
        Err(e) => {
            fail(e);
            u32::MAX
        }
    }
}

/// Runs up to `n` bars from five columns and stops after the first bar that produced events
/// (whose events are then readable). Returns the number of bars consumed, or u32::MAX on error.
/// When `eq_ptr` is not null (n f64), the equity in USDT after each consumed bar is written there
/// (the state's equityUsdt at that bar's close): the host's equity curve over quiet minutes
/// without reading the state per bar.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn sim_on_bars_1m(
    h: u32,
    n: usize,
    ts_ptr: *const f64,
    open_ptr: *const f64,
    high_ptr: *const f64,
    low_ptr: *const f64,
    close_ptr: *const f64,
    eq_ptr: *mut f64,
) -> u32 {
    // SAFETY: a non-null eq_ptr points at n f64 the host allocated.
    let eq = if eq_ptr.is_null() { None } else { Some(unsafe { std::slice::from_raw_parts_mut(eq_ptr, n) }) };
    on_bars(h, n, [ts_ptr, open_ptr, high_ptr, low_ptr, close_ptr], eq)
}

fn on_bars(h: u32, n: usize, cols: [*const f64; 5], eq: Option<&mut [f64]>) -> u32 {
    let sim = match sims().get(h) {
        Some(s) => s,
        None => {
            bad_sim(h);
            return u32::MAX;
        }
    };
    // SAFETY: the host passes five columns of n f64.
    let (ts, o, hi, lo, c) = unsafe { (f64_slice(cols[0], n), f64_slice(cols[1], n), f64_slice(cols[2], n), f64_slice(cols[3], n), f64_slice(cols[4], n)) };
    match sim.on_bars(ts, o, hi, lo, c, eq) {
        Ok(consumed) => consumed as u32,
        Err(e) => {
            fail(e);
            u32::MAX
        }
    }
}

#[no_mangle]
pub extern "C" fn sim_apply_funding(h: u32, ts_ms: f64, rate: f64, mark_price: f64) -> u32 {
    let ts = match sim_ts(ts_ms, "sim_apply_funding") {
        Ok(t) => t,
        Err(code) => return code,
    };
    match sims().get(h) {
        Some(sim) => match sim.apply_funding(ts, rate, mark_price) {
            Ok(_) => ok(),
            Err(e) => fail(e),
        },
        None => bad_sim(h),
    }
}

#[no_mangle]
pub extern "C" fn sim_set_mark(h: u32, ts_ms: f64, mark_price: f64) -> u32 {
    let ts = match sim_ts(ts_ms, "sim_set_mark") {
        Ok(t) => t,
        Err(code) => return code,
    };
    match sims().get(h) {
        Some(sim) => match sim.set_mark(ts, mark_price) {
            Ok(_) => ok(),
            Err(e) => fail(e),
        },
        None => bad_sim(h),
    }
}

/// Minutes so far whose outcome depended on the intrabar tie-break (the host polls this after each
/// batch of bars; cheaper than `sim_state`, which converts every field). u32::MAX for a bad handle.
#[no_mangle]
pub extern "C" fn sim_ambiguous_bars(h: u32) -> u32 {
    match sims().get(h) {
        Some(sim) => sim.stats.bars as u32,
        None => {
            bad_sim(h);
            u32::MAX
        }
    }
}

/// Number of event records left by the last call (0 for a bad handle).
#[no_mangle]
pub extern "C" fn sim_events_len(h: u32) -> u32 {
    match sims().get(h) {
        Some(sim) => (sim.encoded_events().len() / EVENT_STRIDE) as u32,
        None => {
            bad_sim(h);
            0
        }
    }
}

#[no_mangle]
pub extern "C" fn sim_events_ptr(h: u32) -> *const f64 {
    match sims().get(h) {
        Some(sim) => sim.encoded_events().as_ptr(),
        None => {
            bad_sim(h);
            std::ptr::null()
        }
    }
}

/// Writes `STATE_LEN` f64 (fields in `sim_layout_json().stateFields`) to `out_ptr`.
#[no_mangle]
pub extern "C" fn sim_state(h: u32, out_ptr: *mut f64) -> u32 {
    match sims().get(h) {
        Some(sim) => {
            // SAFETY: the host allocated STATE_LEN f64 at out_ptr.
            let out = unsafe { std::slice::from_raw_parts_mut(out_ptr, STATE_LEN) };
            sim.write_state(out);
            0
        }
        None => bad_sim(h),
    }
}

#[no_mangle]
pub extern "C" fn sim_layout_json() -> usize {
    set_scratch(sim::layout::to_json())
}
