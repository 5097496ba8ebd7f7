// Loads core.wasm exactly once (synchronously, from the file embedded by `bun build --compile`
// or from core-rs/ in a checkout) and exposes its raw exports plus the SHA-256 of its bytes.
// This module and its siblings in src/core are the only TypeScript that touch the WASM.
import { readFileSync } from 'node:fs';
import wasmPath from '../../core-rs/core.wasm' with { type: 'file' };
import { CoreError } from '../errors';

export interface CoreExports {
  memory: WebAssembly.Memory;
  core_alloc(bytes: number): number;
  core_free(ptr: number, bytes: number): void;
  last_error_code(): number;
  last_error_ptr(): number;
  last_error_len(): number;
  scratch_ptr(): number;
  registry_json(): number;
  error_codes_json(): number;
  ind_create(namePtr: number, nameLen: number, paramsPtr: number, nParams: number, source: number): number;
  ind_free(h: number): number;
  ind_reset(h: number): number;
  ind_warmup(h: number): number;
  ind_n_outputs(h: number): number;
  ind_batch_columns(h: number): number;
  ind_update(h: number, tsMs: number, o: number, hi: number, lo: number, c: number, v: number, outPtr: number): number;
  ind_batch(h: number, n: number, ts: number, o: number, hi: number, lo: number, c: number, v: number, out: number): number;
  /** Structure registry JSON into the scratch string; returns its length. */
  structure_registry_json(): number;
  /** Creates a structure detector; the handle is driven by the ind_* calls. 0 on error. */
  struct_create(namePtr: number, nameLen: number, paramsPtr: number, nParams: number): number;
  // Simulated exchange (src/core/sim.ts). u32 results arrive as i32: u32::MAX reads as -1.
  sim_create(cfgPtr: number, n: number): number;
  sim_free(h: number): number;
  sim_submit(h: number, fieldsPtr: number, n: number): number;
  sim_cancel(h: number, orderId: number): number;
  sim_set_tpsl(h: number, takeProfit: number, stopLoss: number, trailingDistance: number, trailingActivation: number): number;
  sim_on_bar_1m(h: number, tsMs: number, o: number, hi: number, lo: number, c: number): number;
  /** `eq` 0: no equity written. */
  sim_on_bars_1m(h: number, n: number, ts: number, o: number, hi: number, lo: number, c: number, eq: number): number;
  sim_apply_funding(h: number, tsMs: number, rate: number, markPrice: number): number;
  sim_set_mark(h: number, tsMs: number, markPrice: number): number;
  sim_events_len(h: number): number;
  sim_ambiguous_bars(h: number): number;
  sim_events_ptr(h: number): number;
  sim_state(h: number, outPtr: number): number;
  sim_run_signals(
    h: number,
    n: number,
    cols: number,
    run: number,
    fundingTs: number,
    fundingRate: number,
    nFunding: number,
    rows: number,
    trades: number,
    tradesCap: number,
  ): number;
  sim_layout_json(): number;
  resample_1m(n: number, ins: number, outs: number, cap: number, at: number, grid: number): number;
}

export interface LoadedCore {
  exports: CoreExports;
  sha256: string;
}

let loaded: LoadedCore | undefined;
let image: { bytes: Buffer; sha256: string } | undefined;

/** core.wasm's bytes and their SHA-256, read once; nothing is compiled (`--version` needs only the hash). */
export function coreImage(): { bytes: Buffer; sha256: string } {
  if (image) return image;
  let bytes: Buffer;
  try {
    bytes = readFileSync(wasmPath);
  } catch (cause) {
    throw new CoreError('CORE_LOAD', `cannot read core.wasm at ${wasmPath}: run scripts/build-core`, undefined, { cause });
  }
  image = { bytes, sha256: new Bun.CryptoHasher('sha256').update(bytes).digest('hex') };
  return image;
}

let compiling: Promise<void> | undefined;
let compiled: WebAssembly.Module | undefined;

/**
 * Starts compiling core.wasm off the main thread (about 7 ms), so a command that needs the core
 * later finds it compiled: `await coreCompiled()` before the first use, then loadCore() only
 * instantiates. Without it, loadCore() compiles on the spot. A failure here is left to loadCore.
 */
export function precompileCore(): void {
  if (loaded !== undefined || compiling !== undefined) return;
  let bytes: Buffer;
  try {
    bytes = coreImage().bytes;
  } catch {
    return;
  }
  compiling = WebAssembly.compile(bytes).then(
    (m) => {
      compiled = m;
    },
    () => undefined,
  );
}

/** Resolves once a compile started by precompileCore() has ended (at once when none was started). */
export function coreCompiled(): Promise<void> {
  return compiling ?? Promise.resolve();
}

export function loadCore(): LoadedCore {
  if (loaded) return loaded;
  const { bytes, sha256 } = coreImage();
  const module = compiled ?? new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, {});
  loaded = { exports: instance.exports as unknown as CoreExports, sha256 };
  return loaded;
}
